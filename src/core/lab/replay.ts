// A finished lab run replayed step by step (issue 14), like the preview's teaching mode: every plugin call in
// the order it really ran (each container's ADD, then CHECK, DEL; rollback and teardown DELs as such), each
// with where it stands in its operation's walk, and the traffic the checks sent, where it was sent.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { escapeSegment } from '../model/pointer';
import { explainStep } from '../runtime/explain';
import { injectedKeys, type InjectedKey } from '../runtime/injected';
import type { Injection } from '../runtime/plan';
import type { Operation } from '../runtime/plan';
import { checkTitle, verdictOf, type CheckResult, type CheckFamily } from './checks';
import type { LabRunState, LabStep } from './run-state';

export type LabPhase = LabStep['start']['phase'];

/** One plugin call of the run. */
export interface ReplayCall {
  kind: 'call';
  call: LabStep;
  phase: LabPhase;
  command: Operation;
  /** The plugin's position in the list that ran (0-based). */
  index: number;
  pluginType: string;
  /** 0-based; absent in a run of one container. */
  container?: number;
  /** Where the call stands in its walk (this operation, container and phase): 1-based, of `of`. */
  step: number;
  of: number;
  /** The walk's plugin positions in the order they ran (the canvas marks the ones before as done). */
  order: number[];
}

/** The reachability checks, made once every container had its ADD. */
export interface ReplayTraffic {
  kind: 'traffic';
  checks: NonNullable<LabRunState['checks']>;
}

export type ReplayStep = ReplayCall | ReplayTraffic;

/** Calls of one walk share phase, command and container, and no plugin runs twice in a walk. */
function sameWalk(a: LabStep['start'], b: LabStep['start']): boolean {
  return a.phase === b.phase && a.command === b.command && a.container === b.container;
}

/** Every step of the run, in the order it happened. */
export function replaySteps(state: LabRunState): ReplayStep[] {
  // Group the calls into walks: a new walk starts with another operation, container or phase, or a plugin seen again.
  const walks: LabStep[][] = [];
  for (const call of state.steps) {
    const walk = walks.at(-1);
    if (walk && sameWalk(walk[0]!.start, call.start) && !walk.some((c) => c.start.index === call.start.index)) walk.push(call);
    else walks.push([call]);
  }
  const calls: ReplayCall[] = walks.flatMap((walk) => {
    const order = walk.map((c) => c.start.index);
    return walk.map((call, i) => ({
      kind: 'call' as const,
      call,
      phase: call.start.phase,
      command: call.start.command,
      index: call.start.index,
      pluginType: call.start.pluginType,
      ...(call.start.container !== undefined ? { container: call.start.container } : {}),
      step: i + 1,
      of: walk.length,
      order,
    }));
  });
  if (!state.checks) return calls;
  const at = Math.min(state.checksAt ?? calls.length, calls.length);
  return [...calls.slice(0, at), { kind: 'traffic', checks: state.checks }, ...calls.slice(at)];
}

/** A container's name as the checks use it: "c1", "c2"… */
export const containerName = (container: number | undefined) => `c${(container ?? 0) + 1}`;

/** The step in a few words: "c2 · ADD 1. bridge", "teardown · DEL 2. portmap", "the traffic". */
export function replayTitle(step: ReplayStep, containers: number): string {
  if (step.kind === 'traffic') return 'The traffic: reachability checks';
  const who = containers > 1 ? `${containerName(step.container)} · ` : '';
  const phase = step.phase === 'run' ? '' : `${step.phase} · `;
  return `${who}${phase}${step.command} ${step.index + 1}. ${step.pluginType}`;
}

/** The canvas's label for the plugin being replayed, like the preview's: "now running: step 2 of 2 · ADD". */
export function replayBadge(step: ReplayCall, containers: number): string {
  const who = containers > 1 ? `${containerName(step.container)} · ` : '';
  const phase = step.phase === 'run' ? '' : ` (${step.phase})`;
  return `now running: ${who}step ${step.step} of ${step.of} · ${step.command}${phase}`;
}

const PHASE_WORDS: Record<Exclude<LabPhase, 'run'>, string> = {
  rollback: 'Rollback: ADD failed, so the runtime DELs the chain, last plugin first, without a cached result.',
  teardown: "Teardown: the run did not DEL this container itself (it stopped, or DEL was not asked for), so the helper DELs it before removing the namespace.",
};

/** What the call did, in the preview's teaching words (each plugin's module's), after what its phase means. */
export function replayWords(step: ReplayCall, conflist: JsonObject): string {
  const own = pluginList(conflist)[step.index];
  const plugin = isJsonObject(own) ? own : { type: step.pluginType };
  const ifname = step.call.start.env.CNI_IFNAME || 'eth0';
  const does = explainStep(plugin, step.command, ifname);
  return step.phase === 'run' ? does : `${PHASE_WORDS[step.phase]} ${does}`;
}

/** What the runtime put into the call's stdin, against the plugin's own object in the list that ran, with where each came from. */
export function replayInjected(step: ReplayCall, conflist: JsonObject): InjectedKey[] {
  const stdin = step.call.start.stdin;
  const sources: Injection[] = [
    { pointer: '/name', source: 'list name' },
    { pointer: '/cniVersion', source: 'list version' },
    { pointer: '/prevResult', source: step.command === 'ADD' ? 'previous plugin' : 'cached ADD result' },
    ...(isJsonObject(stdin.runtimeConfig) ? Object.keys(stdin.runtimeConfig).map((name) => ({ pointer: `/runtimeConfig/${escapeSegment(name)}`, source: `capability ${name}` })) : []),
  ];
  return injectedKeys(pluginList(conflist)[step.index], stdin, sources);
}

/** A check as one line: "ping c1 → c2 (IPv4): passed — 3 of 3 replies". */
export function checkLine(check: CheckResult & { family?: CheckFamily }): string {
  return `${checkTitle(check)}: ${verdictOf(check)} — ${check.detail}`;
}
