// The one runtime loop, libcni's AddNetworkList / CheckNetworkList / DelNetworkList: which plugins run
// for an operation, in which order, with which prevResult, and where the walk stops. It is a generator
// that yields each invocation and takes back what the step made of it, so the same loop is driven
// synchronously by the preview (a step that predicts) and asynchronously by the lab (a step that runs
// the binary) and by the lab benchmark.
import { isJsonObject, type JsonObject } from '../model/types';
import { parseVersion, versionAtLeast } from '../model/versions';
import { buildInvocation, listVersionOf, operationGate, type Invocation, type Operation } from './plan';
import type { RuntimeInputs } from './inputs';
import { pluginList } from '../model/chain';

/** What a step made of one invocation: whether it succeeded, and the result an ADD printed. */
export interface StepAnswer {
  ok: boolean;
  result?: JsonObject;
}

export interface WalkEnd {
  ok: boolean;
  /** The runtime refused (error) or skipped the operation before running any plugin. */
  skipped?: { reason: string; error: boolean };
  /** Chain index of the plugin that failed. */
  failedAt?: number;
  /** ADD: the final result, which the runtime caches for CHECK and DEL. */
  result?: JsonObject;
}

export interface WalkOptions {
  /** CHECK and DEL: the cached final ADD result (absent when there is none, as after a failed ADD). */
  cached?: JsonObject;
  /** The previous results are the planner's predictions (marked so in each invocation). */
  predicted?: boolean;
  /** Check libcni's gates first (version, disableCheck, ids and names); on by default. */
  gate?: boolean;
  /**
   * Go on past a failing plugin. libcni stops at the first error of every operation; the lab's own
   * cleanup (rollback and teardown DEL) goes on, so the rest of the chain still removes what it made.
   */
  keepGoing?: boolean;
}

/** DEL receives the cached result only from spec 0.4.0 on; CHECK always (it needs 0.4.0 anyway). */
export function handsCachedResult(conflist: JsonObject, operation: Operation): boolean {
  if (operation === 'ADD') return false;
  const version = listVersionOf(conflist);
  return operation === 'CHECK' || (parseVersion(version) !== undefined && versionAtLeast(version, '0.4.0'));
}

/** Chain indexes in the order the operation runs them: ADD and CHECK forward, DEL in reverse. */
export function chainOrder(count: number, operation: Operation): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return operation === 'DEL' ? order.reverse() : order;
}

export function* walkChain(conflist: JsonObject, operation: Operation, inputs: RuntimeInputs, options: WalkOptions = {}): Generator<Invocation, WalkEnd, StepAnswer> {
  if (options.gate !== false) {
    const gate = operationGate(conflist, operation, inputs);
    if (gate) return { ok: !gate.error, skipped: gate };
  }
  const count = pluginList(conflist).length;
  const predicted = options.predicted === true;
  let ok = true;
  let failedAt: number | undefined;
  if (operation === 'ADD') {
    // Each plugin gets the previous plugin's result; the last one is what the runtime caches.
    let previous: JsonObject | undefined;
    for (const index of chainOrder(count, 'ADD')) {
      const answer = yield buildInvocation(conflist, index, 'ADD', inputs, previous, predicted);
      if (!answer.ok) return { ok: false, failedAt: index };
      previous = isJsonObject(answer.result) ? answer.result : undefined;
    }
    return { ok: true, ...(previous ? { result: previous } : {}) };
  }
  const prevResult = handsCachedResult(conflist, operation) ? options.cached : undefined;
  for (const index of chainOrder(count, operation)) {
    const answer = yield buildInvocation(conflist, index, operation, inputs, prevResult, predicted, 'cached ADD result');
    if (answer.ok) continue;
    if (failedAt === undefined) failedAt = index;
    ok = false;
    if (!options.keepGoing) break;
  }
  return { ok, ...(failedAt !== undefined ? { failedAt } : {}) };
}

/** Drives a walk with a synchronous step (the preview's predictions). */
export function walkSync(walk: Generator<Invocation, WalkEnd, StepAnswer>, step: (invocation: Invocation) => StepAnswer): { invocations: Invocation[]; end: WalkEnd } {
  const invocations: Invocation[] = [];
  let next = walk.next();
  while (!next.done) {
    invocations.push(next.value);
    next = walk.next(step(next.value));
  }
  return { invocations, end: next.value };
}

/** Drives a walk with an asynchronous step (the lab's real plugins). */
export async function walkAsync(walk: Generator<Invocation, WalkEnd, StepAnswer>, step: (invocation: Invocation) => Promise<StepAnswer>): Promise<WalkEnd> {
  let next = walk.next();
  while (!next.done) next = walk.next(await step(next.value));
  return next.value;
}
