// One fold of a run's events into what the run looks like now: the canvas lights plugins from it, the
// Lab panel draws its timeline and observations from it, the CLI sums it up. Events arrive in order.
import type { JsonObject } from '../model/types';
import type { LabEvent, WiredNamespace } from './contract';

type Of<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;

export type PluginRunStatus = 'running' | 'ok' | 'failed';

export interface LabStep {
  start: Of<'invocation-start'>;
  /** Absent while the plugin runs. */
  end?: Of<'invocation-end'>;
}

/** An operation of the run (ADD, CHECK, DEL, GC, STATUS) as it began: where its invocations start, or why it ran none. */
export interface LabOperation {
  operation: Of<'operation-start'>['operation'];
  /** How many invocations had started before it: its first step's place in `steps`. */
  at: number;
  container?: number;
  skipped?: { reason: string; error: boolean };
}

export interface LabRunState {
  start?: Of<'run-start'>;
  /** The run phase's operations, in order, each once (a skipped one with its reason). */
  operations: LabOperation[];
  refused?: string;
  /** Every invocation, in the order it ran, with its end once it has one. */
  steps: LabStep[];
  /** Each plugin's latest status in the run phase (rollback and teardown do not relight it), by chain index. */
  status: Map<number, PluginRunStatus>;
  /** In a run of several containers, each container's own status of each plugin: container → chain index → status. */
  statusByContainer?: Map<number, Map<number, PluginRunStatus>>;
  skipped: Of<'operation-skipped'>[];
  /** The latest observation after ADD, and after DEL (of the first container in a run of several). */
  observedAfterAdd?: Of<'observed'>;
  /** In a run of several containers, each one's latest observation after ADD, by container. */
  observedByContainer?: Map<number, Of<'observed'>>;
  observedAfterDel?: Of<'observed'>;
  /** The final ADD result the runtime caches (from the run phase's last ADD, the first container's). */
  finalResult?: JsonObject;
  kept?: string;
  /** Why a keep asked for did not happen. */
  notKept?: string;
  /** The reachability checks after ADD, when the run made them. */
  checks?: Of<'checks'>['results'];
  /** The namespaces the checks wired to the host (client, outside), for the topology: gone after the checks. */
  wired?: WiredNamespace[];
  /** How many invocations had started when the checks were made (where they stand in the run's order). */
  checksAt?: number;
  teardown?: Of<'teardown'>;
  end?: Of<'run-end'>;
}

export const emptyRunState = (): LabRunState => ({ steps: [], status: new Map(), skipped: [], operations: [] });

/** The per-container statuses with one plugin's changed (run phase of a run of several containers only). */
function byContainer(state: LabRunState, phase: string, container: number | undefined, index: number, status: PluginRunStatus): Pick<LabRunState, 'statusByContainer'> {
  if (phase !== 'run' || container === undefined) return {};
  const all = new Map(state.statusByContainer);
  all.set(container, new Map(all.get(container)).set(index, status));
  return { statusByContainer: all };
}

/** One event into the state (a new state; the old one is left as it was). */
export function foldLabEvent(state: LabRunState, e: LabEvent): LabRunState {
  switch (e.type) {
    case 'run-start':
      return { ...state, start: e };
    case 'refused':
      return { ...state, refused: e.reason };
    case 'operation-start':
      return { ...state, operations: [...state.operations, { operation: e.operation, at: state.steps.length, ...(e.container !== undefined ? { container: e.container } : {}) }] };
    case 'operation-skipped': {
      // Said after its start when it began and then stopped; alone when it never began.
      const last = state.operations[state.operations.length - 1];
      const same = last && last.operation === e.operation && last.container === e.container && last.at === state.steps.length && !last.skipped;
      const skipped = { reason: e.reason, error: e.error };
      const operations = same ? [...state.operations.slice(0, -1), { ...last, skipped }] : [...state.operations, { operation: e.operation, at: state.steps.length, ...(e.container !== undefined ? { container: e.container } : {}), skipped }];
      return { ...state, skipped: [...state.skipped, e], operations };
    }
    case 'invocation-start': {
      const status = e.phase === 'run' ? new Map(state.status).set(e.index, 'running') : state.status;
      return { ...state, steps: [...state.steps, { start: e }], status, ...byContainer(state, e.phase, e.container, e.index, 'running') };
    }
    case 'invocation-end': {
      let at = state.steps.length - 1;
      while (at >= 0 && !(!state.steps[at]!.end && state.steps[at]!.start.phase === e.phase && state.steps[at]!.start.index === e.index && state.steps[at]!.start.command === e.command)) at--;
      const steps = at >= 0 ? state.steps.map((s, i) => (i === at ? { ...s, end: e } : s)) : state.steps;
      const status = e.phase === 'run' ? new Map(state.status).set(e.index, e.ok ? 'ok' : 'failed') : state.status;
      const finalResult = e.phase === 'run' && e.command === 'ADD' && e.result && !e.container ? e.result : state.finalResult;
      return { ...state, steps, status, ...(finalResult ? { finalResult } : {}), ...byContainer(state, e.phase, e.container, e.index, e.ok ? 'ok' : 'failed') };
    }
    case 'observed': {
      const byContainer = e.container !== undefined && e.after === 'ADD' ? { observedByContainer: new Map(state.observedByContainer).set(e.container, e) } : {};
      if (e.container) return { ...state, ...byContainer };
      return e.after === 'ADD' ? { ...state, ...byContainer, observedAfterAdd: e } : { ...state, observedAfterDel: e };
    }
    case 'kept':
      return { ...state, kept: e.until };
    case 'not-kept':
      return { ...state, notKept: e.reason };
    case 'checks':
      return { ...state, checks: e.results, checksAt: state.steps.length, ...(e.wired ? { wired: e.wired } : {}) };
    case 'teardown':
      return { ...state, teardown: e };
    case 'run-end':
      return { ...state, end: e };
  }
}

export const foldLabEvents = (events: readonly LabEvent[]): LabRunState => events.reduce(foldLabEvent, emptyRunState());

/** The run in one line of numbers: invocations that ran and failed, by phase. */
export function runSummary(state: LabRunState): { ran: number; failed: number; ok: boolean | undefined } {
  const ended = state.steps.filter((s) => s.end);
  return { ran: ended.length, failed: ended.filter((s) => !s.end!.ok).length, ok: state.end?.ok };
}

/**
 * Why a run's ADD failed, in the runtime's words, or undefined when it ran through: a plugin that failed
 * in the run phase, or the runtime refusing ADD before any plugin ran (libcni's checks of the network
 * name, container ID and interface name).
 */
export function addFailure(events: readonly LabEvent[]): string | undefined {
  for (const e of events) {
    if (e.type === 'invocation-end' && e.phase === 'run' && e.command === 'ADD' && !e.ok) return e.error?.msg ?? '';
    if (e.type === 'operation-skipped' && e.operation === 'ADD' && e.error) return e.reason;
  }
  return undefined;
}

/** The operation an invocation (its place in `steps`) belongs to: the last that began at or before it. */
export function operationOf(state: { readonly operations: readonly LabOperation[] }, at: number, container?: number): LabOperation | undefined {
  return [...state.operations].reverse().find((op) => op.at <= at && op.container === container);
}

/**
 * Words for a DEL the lab's own cleanup (rollback, teardown) ran that failed, when plugins before it in the
 * list are still to be DELed: libcni's DelNetworkList returns at the first failure, the lab goes on.
 */
export function cleanupDelNote(e: Pick<Of<'invocation-end'>, 'phase' | 'command' | 'ok' | 'index'>): string | undefined {
  if (e.phase === 'run' || e.command !== 'DEL' || e.ok || e.index === 0) return undefined;
  return "libcni's DelNetworkList stops at this failure, so a runtime's DEL ends here; the lab goes on to DEL the plugins before it, to remove what the run made.";
}
