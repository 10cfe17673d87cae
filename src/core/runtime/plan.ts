// Invocation planning, exactly as libcni builds it (cni-reference §4.1–4.3): for each plugin the
// environment and the stdin of ADD, CHECK or DEL. plan() drives the one runtime loop (walk.ts) with a
// step that predicts results, for the preview; the lab helper drives it with a step that runs plugins.
import { isJsonObject, ownValue, setOwn, type JsonObject, type JsonValue } from '../model/types';
import { effectiveListVersion, parseVersion, versionAtLeast } from '../model/versions';
import { walkChain, walkSync } from './walk';
import { escapeSegment } from '../model/pointer';
import { goMarshal, sortKeys } from './go-json';
import { containerIdProblem, formatCniArgs, ifnameProblem, type RuntimeInputs } from './inputs';
import { convertResult, predictAdd } from './predict';
import type { Validator } from '../validate/validate';
import { pluginList } from '../model/chain';

export type Operation = 'ADD' | 'CHECK' | 'DEL';
export const OPERATIONS: readonly Operation[] = ['ADD', 'CHECK', 'DEL'];

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

/** The list version libcni runs the plugins with. */
export const listVersionOf = (conflist: JsonObject) => effectiveListVersion(conflist.cniVersion, conflist.cniVersions);

/**
 * libcni's buildOneConfig. The spec says a runtime removes `capabilities`; libcni keeps it, and what real
 * plugins receive is what counts here, so it stays (a test pins this).
 */
export function buildStdin(conflist: JsonObject, index: number, inputs: RuntimeInputs, prevResult: JsonObject | undefined, source = 'previous plugin'): Pick<Invocation, 'stdin' | 'stdinText' | 'injected'> {
  const plugin = pluginList(conflist)[index] ?? {};
  const base: Record<string, JsonValue> = isJsonObject(plugin) ? JSON.parse(JSON.stringify(plugin)) : {};
  const injected: Injection[] = [];
  base.name = typeof conflist.name === 'string' ? conflist.name : '';
  injected.push({ pointer: '/name', source: 'list name' });
  base.cniVersion = listVersionOf(conflist);
  injected.push({ pointer: '/cniVersion', source: 'list version' });
  if (prevResult) {
    base.prevResult = prevResult;
    injected.push({ pointer: '/prevResult', source });
  }
  const runtimeConfig: JsonObject = {};
  const capabilities = isJsonObject(base.capabilities) ? base.capabilities : {};
  for (const [name, enabled] of Object.entries(capabilities)) {
    if (enabled === true && Object.hasOwn(inputs.capabilityArgs, name)) {
      setOwn(runtimeConfig, name, inputs.capabilityArgs[name]!);
      injected.push({ pointer: `/runtimeConfig/${escapeSegment(name)}`, source: `capability ${name}` });
    }
  }
  // Only when something is injected does libcni replace a runtimeConfig written in the file.
  if (Object.keys(runtimeConfig).length > 0) base.runtimeConfig = runtimeConfig;
  const stdin = sortKeys(base) as JsonObject;
  return { stdin, stdinText: goMarshal(stdin), injected };
}

export function buildInvocation(conflist: JsonObject, index: number, command: Operation, inputs: RuntimeInputs, prevResult: JsonObject | undefined, predicted: boolean, source?: string): Invocation {
  const plugin = pluginList(conflist)[index];
  const type = isJsonObject(plugin) && typeof plugin.type === 'string' ? plugin.type : '';
  return { index, type, command, env: buildEnv(command, inputs), ...buildStdin(conflist, index, inputs, prevResult, source), prevResultPredicted: predicted && prevResult !== undefined };
}

/** Why the runtime refuses or skips an operation before running any plugin, if it does. */
export function operationGate(conflist: JsonObject, operation: Operation, inputs: RuntimeInputs): { reason: string; error: boolean } | undefined {
  const version = listVersionOf(conflist);
  if (operation === 'CHECK') {
    // libcni checks the version before disableCheck.
    if (!parseVersion(version) || !versionAtLeast(version, '0.4.0')) return { reason: `configuration version "${version}" does not support the CHECK command (CHECK needs spec 0.4.0 or newer).`, error: true };
    const flag = conflist.disableCheck;
    if (flag === true || (typeof flag === 'string' && flag.toLowerCase() === 'true')) return { reason: 'disableCheck is set: the runtime does not run CHECK for this network and reports success.', error: false };
  }
  if (operation === 'ADD') {
    // libcni validates these at ADD only (after finding the binary).
    const id = containerIdProblem(inputs.containerId);
    if (id) return { reason: id, error: true };
    const name = typeof conflist.name === 'string' ? conflist.name : '';
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return { reason: name ? `invalid characters found in network name "${name}".` : 'missing network name.', error: true };
    const ifname = ifnameProblem(inputs.ifname);
    if (ifname) return { reason: ifname, error: true };
  }
  return undefined;
}

export interface PlanNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Which input it is about, when it is about one. */
  field?: 'containerId' | 'netns' | 'ifname' | 'cniArgs' | 'cniPath' | 'capabilityArgs';
  pluginIndex?: number;
}

export interface Plan {
  operation: Operation;
  listVersion: string;
  invocations: Invocation[];
  /** Set when the runtime runs nothing: it refuses (error) or skips by configuration. */
  skipped?: { reason: string; error: boolean };
  notes: PlanNote[];
  /** The predicted result each ADD step returns, by plugin index (ADD only). */
  results: (JsonObject | undefined)[];
  /** The final ADD result the runtime caches, which CHECK and DEL receive. */
  cachedResult?: JsonObject;
  /** What the predictions could not know, in words. */
  predictionNotes: string[];
}

export interface PlanOptions {
  validator: Validator;
  /** A real cached result (the lab helper's); without it CHECK and DEL get the predicted ADD result. */
  cachedResult?: JsonObject;
}

const IGNORE_UNKNOWN = ['1', 'true', 'True'];

/** Notes about the runtime inputs: the checks real components make, and likely mistakes. */
export function inputNotes(conflist: JsonObject, inputs: RuntimeInputs, operation: Operation, validator: Validator): PlanNote[] {
  const notes: PlanNote[] = [];
  const catalog = validator.catalog;
  if (operation !== 'ADD') {
    // libcni does not check these for CHECK/DEL, but every Go plugin's skel does.
    const id = containerIdProblem(inputs.containerId);
    if (id) notes.push({ severity: 'error', field: 'containerId', message: `Every plugin fails: ${id}` });
    const ifname = ifnameProblem(inputs.ifname);
    if (ifname) notes.push({ severity: 'error', field: 'ifname', message: `Every plugin fails: ${ifname}` });
  }
  if (operation !== 'DEL' && inputs.netns === '') notes.push({ severity: 'error', field: 'netns', message: `CNI_NETNS is empty: plugins need it for ${operation} ("required env variables [CNI_NETNS] missing").` });
  if (inputs.cniPath.length === 0) notes.push({ severity: 'error', field: 'cniPath', message: 'CNI_PATH is empty: the runtime cannot find any plugin binary.' });
  const plugins = pluginList(conflist).filter(isJsonObject);
  // Capabilities: what is supplied and who declares it.
  const declared = new Map<string, number[]>();
  plugins.forEach((p, i) => {
    if (isJsonObject(p.capabilities)) for (const [k, v] of Object.entries(p.capabilities)) if (v === true) declared.set(k, [...(declared.get(k) ?? []), i]);
  });
  for (const name of Object.keys(inputs.capabilityArgs)) {
    if (!declared.has(name)) notes.push({ severity: 'warning', field: 'capabilityArgs', message: `"${name}" is supplied but no plugin declares the capability, so no plugin receives it.` });
  }
  for (const [name, indexes] of declared) {
    if (Object.hasOwn(inputs.capabilityArgs, name)) continue;
    const who = indexes.map((i) => `${plugins[i]!.type} (${i + 1})`).join(', ');
    notes.push({ severity: 'info', field: 'capabilityArgs', message: `${who} declare${indexes.length > 1 ? '' : 's'} the "${name}" capability, but the runtime supplies none here.`, pluginIndex: indexes[0] });
  }
  // Capability argument shapes, with the PascalCase keys containerd sends accepted as Go accepts them.
  const defs = catalog.schemas.defs;
  for (const [name, value] of Object.entries(inputs.capabilityArgs)) {
    const ref = `${defs.$id}#/definitions/runtimeConfig/properties/${name}`;
    if (!ownValue(defs.definitions?.runtimeConfig?.properties, name)) continue;
    const checked = validator.checker.check(value, { base: '', schema: defs, permissive: false, owner: name }, { normalizeCase: true, ref });
    for (const f of checked.findings.filter((x) => x.code !== 'CNI204')) notes.push({ severity: 'warning', field: 'capabilityArgs', message: `${name} ${f.message}` });
    if (name === 'bandwidth' && isJsonObject(checked.normalized)) {
      const bw = checked.normalized;
      for (const dir of ['ingress', 'egress']) {
        const rate = Number(bw[`${dir}Rate`] ?? 0);
        const burst = Number(bw[`${dir}Burst`] ?? 0);
        if ((rate > 0) !== (burst > 0)) notes.push({ severity: 'warning', field: 'capabilityArgs', message: `bandwidth: ${dir}${rate > 0 ? 'Rate' : 'Burst'} is set without ${dir}${rate > 0 ? 'Burst' : 'Rate'}; the bandwidth plugin fails ("if ${rate > 0 ? 'rate' : 'burst'} is set, ${rate > 0 ? 'burst' : 'rate'} must also be set").` });
      }
    }
    if (name === 'ipRanges' && Array.isArray(value) && value.some((x) => isJsonObject(x))) {
      notes.push({ severity: 'warning', field: 'capabilityArgs', message: 'ipRanges is a flat list of ranges (as containerd sends it), but host-local expects a list of range sets (a list of lists).' });
    }
  }
  // CNI_ARGS parsed strictly by some plugins (and their IPAM delegates, which see the same variables).
  const ignore = inputs.cniArgs.some(([k, v]) => k === 'IgnoreUnknown' && IGNORE_UNKNOWN.includes(v));
  if (!ignore && inputs.cniArgs.length > 0) {
    plugins.forEach((p, i) => {
      for (const type of [p.type, isJsonObject(p.ipam) ? p.ipam.type : undefined]) {
        const known = typeof type === 'string' ? catalog.get(type)?.cniArgs : undefined;
        if (!known) continue;
        const unknown = inputs.cniArgs.filter(([k]) => !known.includes(k) && k !== 'IgnoreUnknown');
        if (unknown.length) {
          notes.push({ severity: 'warning', field: 'cniArgs', pluginIndex: i, message: `${type} parses CNI_ARGS strictly and fails with "ARGS: unknown args [${unknown.map(([k, v]) => `${k}=${v}`).join(' ')}]"; add IgnoreUnknown=1.` });
        }
      }
    });
  }
  return notes;
}

export function plan(conflist: JsonObject, inputs: RuntimeInputs, operation: Operation, { validator, cachedResult }: PlanOptions): Plan {
  const listVersion = listVersionOf(conflist);
  const plugins = pluginList(conflist);
  const notes = inputNotes(conflist, inputs, operation, validator);
  const predictionNotes = new Set<string>();
  // ADD walked with a step that predicts each result (converted to the list version, as handed on);
  // its final result is what the runtime caches. Predicted even when ADD itself would be refused.
  const results: (JsonObject | undefined)[] = [];
  const add = walkSync(walkChain(conflist, 'ADD', inputs, { predicted: true, gate: false }), (invocation) => {
    const plugin = plugins[invocation.index];
    const previous = isJsonObject(invocation.stdin.prevResult) ? invocation.stdin.prevResult : undefined;
    // Not a plugin object: nothing to predict; the previous result goes on unchanged.
    if (!isJsonObject(plugin)) return { ok: true, ...(previous ? { result: previous } : {}) };
    const prediction = predictAdd(plugin, previous, inputs, validator.catalog);
    prediction.notes.forEach((n) => predictionNotes.add(n));
    const result = convertResult(prediction.result, listVersion);
    results[invocation.index] = result;
    return { ok: true, result };
  });
  const cached = cachedResult ?? add.end.result;
  const base = { operation, listVersion, notes, results: operation === 'ADD' ? results : [], cachedResult: cached, predictionNotes: [...predictionNotes] };
  if (operation === 'ADD') {
    const gate = operationGate(conflist, 'ADD', inputs);
    return gate ? { ...base, invocations: [], skipped: gate } : { ...base, invocations: add.invocations };
  }
  // The preview assumes every plugin succeeds.
  const walked = walkSync(walkChain(conflist, operation, inputs, { cached, predicted: cachedResult === undefined }), () => ({ ok: true }));
  return walked.end.skipped ? { ...base, invocations: [], skipped: walked.end.skipped } : { ...base, invocations: walked.invocations };
}
