// Invocation planning, exactly as libcni builds it (cni-reference §4.1–4.3): for each plugin the
// environment and the stdin of ADD, CHECK, DEL, GC or STATUS. plan() drives the one runtime loop (walk.ts)
// with a step that predicts results, for the preview; the lab helper drives it with a step that runs plugins.
import { cloneJson, isJsonObject, setOwn, type JsonObject, type JsonValue } from '../model/types';
import { effectiveListVersion } from '../model/versions';
import { listHasGcAndStatus, staleAttachments, walkChain, walkSync } from './walk';
import { escapeSegment } from '../model/pointer';
import { goMarshalInOrder, sortKeys } from './go-json';
import { CNI_NAME_RE, containerIdProblem, formatCniArgs, ifnameProblem, type CachedAttachment, type GcAttachment, type RuntimeInputs } from './inputs';
import { predictAdd, printedResult } from './predict';
import type { Validator } from '../validate/validate';
import { pluginList } from '../model/chain';
import { goField, goPluginType } from '../model/go-keys';
import { DEFAULT_PROFILE, pluginRelease, releaseAtLeast, type RuntimeProfile } from '../profiles/profile';
import { libcniNewTypes, libcniReadsResult, pluginsNewTypes } from './go-result';
import { libcniFailure, libcniLoadList } from './libcni-load';
import { checkGate, libcniFlagSet } from './check-gate';
import { inputNotes, versionRefusals } from './input-notes';

export type Operation = 'ADD' | 'CHECK' | 'DEL' | 'GC' | 'STATUS';
export const OPERATIONS: readonly Operation[] = ['ADD', 'CHECK', 'DEL', 'GC', 'STATUS'];

export interface CniEnv {
  CNI_COMMAND: Operation;
  CNI_CONTAINERID: string;
  CNI_NETNS: string;
  CNI_IFNAME: string;
  CNI_ARGS: string;
  CNI_PATH: string;
}

export interface Injection {
  /** Pointer of the injected key in stdin. */
  pointer: string;
  /** Where the value comes from, in words: "list name", "list version", "previous plugin", … */
  source: string;
}

export interface Invocation {
  index: number;
  type: string;
  command: Operation;
  env: CniEnv;
  /** The stdin object, keys sorted as libcni marshals them. */
  stdin: JsonObject;
  /** The exact bytes (Go json.Marshal of a map). */
  stdinText: string;
  injected: Injection[];
  /** True when prevResult is the planner's prediction rather than a real plugin's output. */
  prevResultPredicted: boolean;
  /** GC's first phase: the stale cached attachment this DEL removes. */
  stale?: GcAttachment;
}

export function buildEnv(command: Operation, inputs: RuntimeInputs): CniEnv {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: inputs.containerId,
    CNI_NETNS: inputs.netns,
    CNI_IFNAME: inputs.ifname,
    CNI_ARGS: formatCniArgs(inputs.cniArgs),
    CNI_PATH: inputs.cniPath.join(':'),
  };
}

/**
 * The list version a libcni release runs the plugins with: from 1.2.0 negotiated with `cniVersions`;
 * before, `cniVersion` as written (libcni 1.1 never reads `cniVersions`).
 */
export const listVersionOf = (conflist: JsonObject, libcni: string = DEFAULT_PROFILE.libcni) =>
  releaseAtLeast(libcni, '1.2.0') ? effectiveListVersion(conflist.cniVersion, conflist.cniVersions) : typeof conflist.cniVersion === 'string' ? conflist.cniVersion : '';

/**
 * libcni's buildOneConfig. The spec says a runtime removes `capabilities`; libcni keeps it, and what real
 * plugins receive is what counts here, so it stays (a test pins this).
 */
export function buildStdin(conflist: JsonObject, index: number, inputs: RuntimeInputs, prevResult: JsonObject | undefined, source = 'previous plugin', inject: readonly (readonly [key: string, value: JsonValue, source: string])[] = [], libcni: string = DEFAULT_PROFILE.libcni): Pick<Invocation, 'stdin' | 'stdinText' | 'injected'> {
  const plugin = pluginList(conflist)[index] ?? {};
  const base: Record<string, JsonValue> = isJsonObject(plugin) ? cloneJson(plugin) : {};
  const injected: Injection[] = [];
  base.name = typeof conflist.name === 'string' ? conflist.name : '';
  injected.push({ pointer: '/name', source: 'list name' });
  base.cniVersion = listVersionOf(conflist, libcni);
  injected.push({ pointer: '/cniVersion', source: 'list version' });
  if (prevResult) {
    base.prevResult = prevResult;
    injected.push({ pointer: '/prevResult', source });
  }
  for (const [key, value, from] of inject) {
    setOwn(base, key, value);
    injected.push({ pointer: `/${escapeSegment(key)}`, source: from });
  }
  const runtimeConfig: JsonObject = {};
  // libcni reads "Capabilities" as it reads "capabilities" (Go's decoding ignores case).
  const declaredCapabilities = goField(base, 'capabilities');
  const capabilities = isJsonObject(declaredCapabilities) ? declaredCapabilities : {};
  for (const [name, enabled] of Object.entries(capabilities)) {
    if (enabled === true && Object.hasOwn(inputs.capabilityArgs, name)) {
      setOwn(runtimeConfig, name, inputs.capabilityArgs[name]!);
      injected.push({ pointer: `/runtimeConfig/${escapeSegment(name)}`, source: `capability ${name}` });
    }
  }
  // Only when something is injected does libcni replace a runtimeConfig written in the file.
  if (Object.keys(runtimeConfig).length > 0) base.runtimeConfig = runtimeConfig;
  // libcni marshals the config as a map (keys sorted) with prevResult as its Result type: in that type's
  // struct order (typedResult builds it so; the 1.2+ library's 1.x type is itself sorted). Only when it
  // injects runtimeConfig does it read that back into a map and marshal it again, sorting prevResult too.
  const stdin = sortKeys(base) as JsonObject;
  if (prevResult && Object.keys(runtimeConfig).length === 0) stdin.prevResult = prevResult;
  return { stdin, stdinText: goMarshalInOrder(stdin), injected };
}

/**
 * What GC injects besides name and cniVersion (GCNetworkList): the valid attachments, when the runtime
 * passes GC arguments, as `cni.dev/valid-attachments` and, from libcni 1.2.3 on, also `cni.dev/attachments`
 * (the spec's name). Null when the arguments hold no list.
 */
export function gcInjections(inputs: RuntimeInputs, profile: RuntimeProfile = DEFAULT_PROFILE): [string, JsonValue, string][] {
  if (inputs.validAttachments === undefined) return [];
  const value: JsonValue = inputs.validAttachments === null ? null : inputs.validAttachments.map((a) => ({ containerID: a.containerID, ifname: a.ifname }));
  const keys: [string, JsonValue, string][] = [['cni.dev/valid-attachments', value, 'valid attachments (GC)']];
  if (releaseAtLeast(profile.libcni, '1.2.3')) keys.push(['cni.dev/attachments', value, `valid attachments (GC, libcni ${profile.libcni})`]);
  return keys;
}

export function buildInvocation(conflist: JsonObject, index: number, command: Operation, inputs: RuntimeInputs, prevResult: JsonObject | undefined, predicted: boolean, source?: string, profile: RuntimeProfile = DEFAULT_PROFILE): Invocation {
  const plugin = pluginList(conflist)[index];
  const type = goPluginType(plugin);
  const inject = command === 'GC' ? gcInjections(inputs, profile) : [];
  return { index, type, command, env: buildEnv(command, inputs), ...buildStdin(conflist, index, inputs, prevResult, source, inject, profile.libcni), prevResultPredicted: predicted && prevResult !== undefined };
}


/** Why the runtime refuses or skips an operation before running any plugin, if it does. */
export function operationGate(conflist: JsonObject, operation: Operation, inputs: RuntimeInputs, profile: RuntimeProfile = DEFAULT_PROFILE): { reason: string; error: boolean } | undefined {
  // A list libcni does not load runs nothing, whatever the operation.
  const load = libcniLoadList(conflist, profile.libcni);
  if (!load.ok) return { reason: `libcni ${profile.libcni} refuses to load the list ("${load.error}"), so no plugin runs.`, error: true };
  const version = listVersionOf(conflist, profile.libcni);
  if (operation === 'GC' || operation === 'STATUS') {
    // GCNetworkList and GetStatusNetworkList came with libcni 1.2.0: older runtimes have no such operation.
    if (!releaseAtLeast(profile.libcni, '1.2.0')) return { reason: `libcni ${profile.libcni} has no ${operation} (it came with libcni 1.2.0): a runtime linking it cannot run ${operation} at all.`, error: true };
    if (operation === 'GC' && releaseAtLeast(profile.libcni, '1.2.1') && libcniFlagSet(conflist.disableGC)) return { reason: 'disableGC is set: the runtime runs nothing for GC on this network (no DEL of stale attachments, no GC calls) and reports success.', error: false };
    if (operation === 'STATUS' && !listHasGcAndStatus(conflist, profile.libcni)) return { reason: `configuration version "${version}" is below 1.1.0: the runtime reports the network ready without running any plugin (STATUS needs spec 1.1.0).`, error: false };
    return undefined;
  }
  if (operation === 'CHECK') {
    const gate = checkGate(conflist, version);
    if (gate) return gate;
  }
  if (operation === 'ADD') {
    // libcni validates these at ADD only (after finding the binary).
    const id = containerIdProblem(inputs.containerId);
    if (id) return { reason: id, error: true };
    const name = typeof conflist.name === 'string' ? conflist.name : '';
    if (!CNI_NAME_RE.test(name)) {
      // libcni's words, wrapped as the first plugin's failure (addNetwork checks the name for each plugin).
      const says = libcniFailure(pluginList(conflist)[0] ?? {}, 'ADD', name ? `invalid characters found in network name; ${name}` : 'missing network name:');
      return { reason: `${name ? `The network name "${name}" has characters libcni refuses` : 'The network has no name'}, so ADD fails before any plugin runs: ${says}`, error: true };
    }
    const ifname = ifnameProblem(inputs.ifname);
    if (ifname) return { reason: ifname, error: true };
  }
  return undefined;
}

export interface PlanNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Which input it is about, when it is about one. */
  field?: 'containerId' | 'netns' | 'ifname' | 'cniArgs' | 'cniPath' | 'capabilityArgs' | 'validAttachments' | 'cachedAttachments';
  pluginIndex?: number;
}

export interface Plan {
  operation: Operation;
  /** The profile the plan follows (libcni's gates and how results are printed and read). */
  profile: RuntimeProfile;
  listVersion: string;
  invocations: Invocation[];
  /** Set when the runtime runs nothing: it refuses (error) or skips by configuration. */
  skipped?: { reason: string; error: boolean };
  notes: PlanNote[];
  /** The predicted result each ADD step returns, by plugin index (ADD only). */
  results: (JsonObject | undefined)[];
  /** The final ADD result the runtime caches, which CHECK and DEL receive. */
  cachedResult?: JsonObject;
  /** GC: the cached attachments its first phase DELs (stale: not among the valid ones), in order. */
  stale?: CachedAttachment[];
  /** What the predictions could not know, in words. */
  predictionNotes: string[];
}

export interface PlanOptions {
  validator: Validator;
  /** A real cached result (the lab helper's); without it CHECK and DEL get the predicted ADD result. */
  cachedResult?: JsonObject;
  /** The runtime profile (default: the newest releases). */
  profile?: RuntimeProfile;
}

/** One ADD walked with a step that predicts each result: what each plugin prints, and what libcni hands on. */
function predictChain(conflist: JsonObject, inputs: RuntimeInputs, validator: Validator, profile: RuntimeProfile, predictionNotes: Set<string>) {
  const listVersion = listVersionOf(conflist, profile.libcni);
  // Predicted from each plugin as it decodes its config ("Master" as "master"); stdin is the config as written.
  const plugins = pluginList(validator.decoded(conflist, { profile }));
  const network = typeof conflist.name === 'string' ? conflist.name : '';
  const libcniTypes = libcniNewTypes(profile.libcni);
  // Per plugin, what it prints (its own CNI library's Result types, in the list version).
  const results: (JsonObject | undefined)[] = [];
  const add = walkSync(walkChain(conflist, 'ADD', inputs, { predicted: true, gate: false, profile }), (invocation) => {
    const plugin = plugins[invocation.index];
    const previous = isJsonObject(invocation.stdin.prevResult) ? invocation.stdin.prevResult : undefined;
    // Not a plugin object: nothing to predict; the previous result goes on unchanged.
    if (!isJsonObject(plugin)) return { ok: true, ...(previous ? { result: previous } : {}) };
    const release = pluginRelease(profile, invocation.type);
    // Each plugin reads its config with the list's cniVersion, which libcni gives it.
    const prediction = predictAdd({ ...plugin, cniVersion: listVersion }, previous, inputs, validator.catalog, network, release);
    prediction.notes.forEach((n) => predictionNotes.add(n));
    const printed = printedResult(prediction, listVersion, pluginsNewTypes(release));
    results[invocation.index] = printed;
    // The next plugin gets it (and the cache holds it) as libcni's Result type of its version marshals it.
    return { ok: true, result: libcniReadsResult(printed, listVersion, libcniTypes) };
  });
  return { add, results };
}

export function plan(conflist: JsonObject, inputs: RuntimeInputs, operation: Operation, { validator, cachedResult, profile = DEFAULT_PROFILE }: PlanOptions): Plan {
  const listVersion = listVersionOf(conflist, profile.libcni);
  const notes = [...versionRefusals(conflist, operation, validator, profile), ...inputNotes(validator.decoded(conflist, { profile }), inputs, operation, validator, profile)];
  const predictionNotes = new Set<string>();
  // ADD walked with a step that predicts each result; its final result is what the runtime caches.
  // Predicted even when ADD itself would be refused.
  const { add, results } = predictChain(conflist, inputs, validator, profile, predictionNotes);
  const cached = cachedResult ?? add.end.result;
  const base = { operation, profile, listVersion, notes, results: operation === 'ADD' ? results : [], cachedResult: cached, predictionNotes: [...predictionNotes] };
  if (operation === 'ADD') {
    const gate = operationGate(conflist, 'ADD', inputs, profile);
    return gate ? { ...base, invocations: [], skipped: gate } : { ...base, invocations: add.invocations };
  }
  let walkInputs = inputs;
  if (operation === 'GC' && inputs.cachedAttachments) {
    // Cache entries given without a result: the result their own ADD would have cached, predicted.
    walkInputs = {
      ...inputs,
      cachedAttachments: inputs.cachedAttachments.map((a) => {
        if (a.result) return a;
        const own: RuntimeInputs = { ...inputs, containerId: a.containerID, ifname: a.ifname, netns: a.netns ?? '', cniArgs: a.cniArgs ?? [], capabilityArgs: a.capabilityArgs ?? {} };
        const result = predictChain(conflist, own, validator, profile, predictionNotes).add.end.result;
        return result ? { ...a, result, resultPredicted: true } : a;
      }),
    };
  }
  // The preview assumes every plugin succeeds.
  const walked = walkSync(walkChain(conflist, operation, walkInputs, { cached, predicted: cachedResult === undefined, profile }), () => ({ ok: true }));
  const stale = operation === 'GC' ? { stale: staleAttachments(conflist, walkInputs, cached) } : {};
  // A cache entry given as containerID and ifname alone holds no netns: libcni DELs it with what it holds.
  for (const a of stale.stale ?? []) {
    if (a.netns === undefined && a.capabilityArgs === undefined && a.cniArgs === undefined) notes.push({ severity: 'info', field: 'cachedAttachments', message: `The cached attachment ${a.containerID}/${a.ifname} holds no netns, CNI_ARGS or capability arguments: its DEL gets an empty CNI_NETNS and no runtimeConfig from them, as libcni sends what the cache record holds. Give them in the entry ("netns", "cniArgs", "capabilityArgs") as the runtime cached them.` });
  }
  const done = { ...base, ...stale, predictionNotes: [...predictionNotes] };
  // GC or STATUS the runtime refuses calls nothing: what its inputs would do, and the addresses predicted
  // for ADD, are beside the point there (errors stay: a version the plugins refuse is still to be fixed).
  if (walked.end.skipped && (operation === 'GC' || operation === 'STATUS')) return { ...done, notes: notes.filter((n) => n.severity === 'error'), predictionNotes: [], invocations: [], skipped: walked.end.skipped };
  return walked.end.skipped ? { ...done, invocations: [], skipped: walked.end.skipped } : { ...done, invocations: walked.invocations };
}
