// The one runtime loop, libcni's AddNetworkList / CheckNetworkList / DelNetworkList / GCNetworkList /
// GetStatusNetworkList: which plugins run for an operation, in which order, with which prevResult, and where
// the walk stops. It is a generator that yields each invocation and takes back what the step made of it, so
// the same loop is driven synchronously by the preview (a step that predicts) and asynchronously by the lab
// (a step that runs the binary) and by the lab benchmark. What libcni makes of each printed result (the
// typed result it hands on and caches) is the loop's too: go-result.ts.
import { isJsonObject, type JsonObject } from '../model/types';
import { parseVersion, versionAtLeast } from '../model/versions';
import { buildInvocation, listVersionOf, operationGate, type Invocation, type Operation } from './plan';
import type { CachedAttachment, GcAttachment, RuntimeInputs } from './inputs';
import { pluginList } from '../model/chain';
import { DEFAULT_PROFILE, type RuntimeProfile } from '../profiles/profile';
import { cachedResultFor, libcniNewTypes } from './go-result';
import { chainOrder } from './order';

export { chainOrder, stepStates, type StepState } from './order';

/** What a step made of one invocation: whether it succeeded, and the result an ADD printed. */
export interface StepAnswer {
  ok: boolean;
  result?: JsonObject;
  /** The CNI error code of a failure (STATUS answers 50 or 51 when the plugin is not available). */
  code?: number;
}

export interface WalkEnd {
  ok: boolean;
  /** The runtime refused (error) or skipped the operation before running any plugin. */
  skipped?: { reason: string; error: boolean };
  /** Chain index of the plugin that failed. */
  failedAt?: number;
  /** ADD: the final result, which the runtime caches for CHECK and DEL. */
  result?: JsonObject;
  /** The error code of the first failure, when the step gave one (STATUS reports it as the network's status). */
  code?: number;
  /** GC: the stale attachments it DELeted first, and those whose DEL failed. */
  collected?: GcAttachment[];
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
  /** The runtime profile; its libcni release decides GC and STATUS and how results are read (default: the newest). */
  profile?: RuntimeProfile;
}

/** DEL receives the cached result only from spec 0.4.0 on; CHECK always (it needs 0.4.0 anyway); GC and STATUS never. */
export function handsCachedResult(conflist: JsonObject, operation: Operation, libcni?: string): boolean {
  if (operation === 'ADD' || operation === 'GC' || operation === 'STATUS') return false;
  const version = listVersionOf(conflist, libcni);
  return operation === 'CHECK' || (parseVersion(version) !== undefined && versionAtLeast(version, '0.4.0'));
}

/** Whether the list's version has GC and STATUS (libcni runs them only from spec 1.1.0 on). */
export function listHasGcAndStatus(conflist: JsonObject, libcni?: string): boolean {
  const version = listVersionOf(conflist, libcni);
  return parseVersion(version) !== undefined && versionAtLeast(version, '1.1.0');
}

/**
 * Why an operation the runtime went through called no plugin, in words (an operation it skips has its own
 * reason: operationGate). GC with nothing stale below spec 1.1.0 is the one that happens.
 */
export function idleOperationReason(conflist: JsonObject, operation: string, libcni?: string): string {
  if (operation === 'GC') {
    const version = listVersionOf(conflist, libcni);
    return `No attachment was stale (each one GC was given is still in use), so there was nothing to DEL${listHasGcAndStatus(conflist, libcni) ? '' : `; and at configuration version ${version || '(none)'}, below 1.1.0, GC calls no plugin`}. The runtime reports success.`;
  }
  return `${operation} had no plugin to call.`;
}

/** The attachment the inputs describe, as libcni's cache holds it after its ADD. */
export function currentAttachment(inputs: RuntimeInputs, result: JsonObject | undefined): CachedAttachment {
  return { containerID: inputs.containerId, ifname: inputs.ifname, netns: inputs.netns, cniArgs: inputs.cniArgs, capabilityArgs: inputs.capabilityArgs, ...(result ? { result } : {}) };
}

/**
 * GC's first phase: the network's cached attachments that are not valid, in the order libcni lists its cache
 * (file names `<network>-<containerID>-<ifname>`, sorted). Without valid attachments (cnitool) all are stale.
 */
export function staleAttachments(conflist: JsonObject, inputs: RuntimeInputs, cached: JsonObject | undefined): CachedAttachment[] {
  const network = typeof conflist.name === 'string' ? conflist.name : '';
  const entries = inputs.cachedAttachments ?? (cached ? [currentAttachment(inputs, cached)] : []);
  const valid = new Set((inputs.validAttachments ?? []).map((a) => JSON.stringify([a.containerID, a.ifname])));
  const file = (a: CachedAttachment) => `${network}-${a.containerID}-${a.ifname}`;
  return entries
    .filter((a) => (a.network === undefined || a.network === network) && a.containerID !== '' && a.ifname !== '' && !valid.has(JSON.stringify([a.containerID, a.ifname])))
    .sort((a, b) => (file(a) < file(b) ? -1 : file(a) > file(b) ? 1 : 0));
}

/** GC and STATUS run with an empty runtime config: only CNI_COMMAND and CNI_PATH are set. */
export const runtimeWide = (inputs: RuntimeInputs): RuntimeInputs => ({ containerId: '', netns: '', ifname: '', cniArgs: [], cniPath: inputs.cniPath, capabilityArgs: {}, ...(inputs.validAttachments !== undefined ? { validAttachments: inputs.validAttachments } : {}) });

/** What a stale attachment's DEL runs with: its cached container id, netns, interface, CNI_ARGS and capability arguments. */
const attachmentInputs = (a: CachedAttachment, inputs: RuntimeInputs): RuntimeInputs => ({ containerId: a.containerID, netns: a.netns ?? '', ifname: a.ifname, cniArgs: a.cniArgs ?? [], cniPath: inputs.cniPath, capabilityArgs: a.capabilityArgs ?? {} });

export function* walkChain(conflist: JsonObject, operation: Operation, inputs: RuntimeInputs, options: WalkOptions = {}): Generator<Invocation, WalkEnd, StepAnswer> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  if (options.gate !== false) {
    const gate = operationGate(conflist, operation, inputs, profile);
    if (gate) return { ok: !gate.error, skipped: gate };
  }
  const count = pluginList(conflist).length;
  const predicted = options.predicted === true;
  const listVersion = listVersionOf(conflist, profile.libcni);
  let ok = true;
  let failedAt: number | undefined;
  let code: number | undefined;
  const failed = (index: number, answer: StepAnswer) => {
    ok = false;
    if (failedAt === undefined) {
      failedAt = index;
      code = answer.code;
    }
  };
  const end = (extra: Partial<WalkEnd> = {}): WalkEnd => ({ ok, ...(failedAt !== undefined ? { failedAt } : {}), ...(code !== undefined ? { code } : {}), ...extra });
  if (operation === 'ADD') {
    // Each plugin gets the previous plugin's result; the last one is what the runtime caches.
    let previous: JsonObject | undefined;
    for (const index of chainOrder(count, 'ADD')) {
      const answer = yield buildInvocation(conflist, index, 'ADD', inputs, previous, predicted, undefined, profile);
      if (!answer.ok) return { ok: false, failedAt: index, ...(answer.code !== undefined ? { code: answer.code } : {}) };
      previous = isJsonObject(answer.result) ? answer.result : undefined;
    }
    return { ok: true, ...(previous ? { result: previous } : {}) };
  }
  if (operation === 'GC') {
    // Phase 1: every stale cached attachment gets a full DEL (in reverse, with its cached arguments and
    // result); a failing DEL ends that attachment's DEL, and GC goes on with the next.
    const collected: GcAttachment[] = [];
    for (const attachment of staleAttachments(conflist, inputs, options.cached)) {
      const own = attachmentInputs(attachment, inputs);
      // A given cache entry's result is converted to the list's version, as getCachedResult does; this
      // attachment's is `cached`, handed on as DEL hands it on.
      const result = attachment.result && inputs.cachedAttachments ? cachedResultFor(attachment.result, listVersion, libcniNewTypes(profile.libcni)) : attachment.result;
      const cached = handsCachedResult(conflist, 'DEL', profile.libcni) ? result : undefined;
      let deleted = true;
      for (const index of chainOrder(count, 'DEL')) {
        // Given cache entries are real unless the planner filled in their result; the default entry's is `cached`.
        const isPredicted = inputs.cachedAttachments ? attachment.resultPredicted === true : predicted;
        const invocation = buildInvocation(conflist, index, 'DEL', own, cached, isPredicted, `cached ADD result of ${attachment.containerID}/${attachment.ifname}`, profile);
        const answer = yield { ...invocation, stale: { containerID: attachment.containerID, ifname: attachment.ifname } };
        if (answer.ok) continue;
        failed(index, answer);
        deleted = false;
        break;
      }
      if (deleted) collected.push({ containerID: attachment.containerID, ifname: attachment.ifname });
    }
    // Phase 2, lists of spec 1.1.0 and newer: GC to every plugin in order; errors are joined, none stops it.
    if (listHasGcAndStatus(conflist, profile.libcni)) {
      for (const index of chainOrder(count, 'GC')) {
        const answer = yield buildInvocation(conflist, index, 'GC', runtimeWide(inputs), undefined, false, undefined, profile);
        if (!answer.ok) failed(index, answer);
      }
    }
    return end({ collected });
  }
  if (operation === 'STATUS') {
    // The gate let it through: spec 1.1.0 or newer. Each plugin in order; the first error is the answer.
    for (const index of chainOrder(count, 'STATUS')) {
      const answer = yield buildInvocation(conflist, index, 'STATUS', runtimeWide(inputs), undefined, false, undefined, profile);
      if (answer.ok) continue;
      failed(index, answer);
      break;
    }
    return end();
  }
  const prevResult = handsCachedResult(conflist, operation, profile.libcni) ? options.cached : undefined;
  for (const index of chainOrder(count, operation)) {
    const answer = yield buildInvocation(conflist, index, operation, inputs, prevResult, predicted, 'cached ADD result', profile);
    if (answer.ok) continue;
    failed(index, answer);
    if (!options.keepGoing) break;
  }
  return end();
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
