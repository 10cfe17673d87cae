// What the runtime supplies for one attachment, and the checks real components make on it.
import { isJsonObject, type JsonObject } from '../model/types';
import { MAX_NESTING_DEPTH, shortPointer, valueNestingExcess } from '../model/depth';
import { goField } from '../model/go-keys';

export interface RuntimeInputs {
  containerId: string;
  /** Path of the network namespace (CNI_NETNS). */
  netns: string;
  ifname: string;
  /** CNI_ARGS as pairs, in order. */
  cniArgs: [string, string][];
  /** CNI_PATH directories. */
  cniPath: string[];
  /** Capability arguments (cnitool's CAP_ARGS): injected as runtimeConfig where declared. */
  capabilityArgs: JsonObject;
  /**
   * GC: the attachments still in use, as `cni.dev/valid-attachments`. Absent: the runtime passes no GC
   * arguments (cnitool), so every cached attachment is stale and no key is injected; null: GC arguments
   * without a list (the keys are injected as null, and every cached attachment is stale).
   */
  validAttachments?: GcAttachment[] | null;
  /**
   * GC: this network's attachments in the runtime's result cache. Absent: this attachment (the container
   * id, netns, interface, CNI_ARGS and capability arguments above) with the result its ADD cached.
   */
  cachedAttachments?: CachedAttachment[];
}

/** An attachment as GC names it (libcni's types.GCAttachment). */
export interface GcAttachment {
  containerID: string;
  ifname: string;
}

/** One entry of libcni's result cache (cniCacheV1): what a stale attachment's DEL is run with. */
export interface CachedAttachment extends GcAttachment {
  netns?: string;
  cniArgs?: [string, string][];
  capabilityArgs?: JsonObject;
  /** The final ADD result it cached; absent, the planner predicts it (and says so). */
  result?: JsonObject;
  /** The network the entry belongs to; entries of other networks are not this list's to collect. */
  network?: string;
  /** Set by the planner when `result` is its prediction rather than a real cache's. */
  resultPredicted?: boolean;
}

export const DEFAULT_INPUTS: RuntimeInputs = {
  containerId: 'cni-studio-example',
  netns: '/run/netns/cni-studio-example',
  ifname: 'eth0',
  cniArgs: [],
  cniPath: ['/opt/cni/bin'],
  capabilityArgs: {},
};

/** libcni's valid names (pkg/utils cniValidNameChars): container IDs and network names alike. */
export const CNI_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** libcni/skel container id rules. */
export function containerIdProblem(id: string): string | undefined {
  if (id === '') return 'The container id is empty: plugins refuse it ("missing containerID", code 3).';
  if (!CNI_NAME_RE.test(id)) return `The container id "${id}" has characters plugins refuse ("invalid characters in containerID", code 4): letters, digits, "_", "." and "-" only, starting with a letter or digit.`;
  return undefined;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** skel's interface name rules. */
export function ifnameProblem(name: string): string | undefined {
  if (name === '') return 'The interface name is empty ("interface name is empty", code 4).';
  if (utf8Length(name) > 15) return `"${name}" is longer than 15 bytes ("interface name is too long", code 4).`;
  if (name === '.' || name === '..') return 'The interface name cannot be "." or ".." (code 4).';
  if (/[/:\s]/.test(name)) return `"${name}" contains "/", ":" or white space ("interface name contains / or : or whitespace characters", code 4).`;
  return undefined;
}

export type ParsedCniArgs = { ok: true; pairs: [string, string][] } | { ok: false; message: string };

/** cnitool's CNI_ARGS parsing: "K=V;K=V", each pair exactly one "=" with both sides non-empty. */
export function parseCniArgs(text: string): ParsedCniArgs {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, pairs: [] };
  const pairs: [string, string][] = [];
  for (const pair of trimmed.split(';')) {
    const parts = pair.split('=');
    if (parts.length !== 2) return { ok: false, message: `invalid CNI_ARGS pair "${pair}": write KEY=VALUE pairs separated by ";" (values cannot contain "=")` };
    // The plugins take an empty value (and skip it); cnitool, whose CNI_ARGS this is, refuses it.
    if (parts[0] === '' || parts[1] === '') return { ok: false, message: `invalid CNI_ARGS pair "${pair}": cnitool refuses a pair with an empty ${parts[0] === '' ? 'key' : 'value'}; leave the pair out` };
    pairs.push([parts[0]!, parts[1]!]);
  }
  return { ok: true, pairs };
}

export const formatCniArgs = (pairs: readonly [string, string][]) => pairs.map(([k, v]) => `${k}=${v}`).join(';');

export type ParsedCapabilityArgs = { ok: true; value: JsonObject } | { ok: false; message: string };

/** cnitool's CAP_ARGS: a JSON object. */
export function parseCapabilityArgs(text: string): ParsedCapabilityArgs {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `CAP_ARGS is not valid JSON: ${(e as Error).message}` };
  }
  if (!isJsonObject(value)) return { ok: false, message: 'CAP_ARGS must be a JSON object mapping capability names to values.' };
  const deep = valueNestingExcess(value);
  if (deep !== undefined) return { ok: false, message: `CAP_ARGS nests deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects (at ${shortPointer(deep)}).` };
  // A null or an empty name is handed on as it is: libcni refuses a nil or an empty key only at runtimeConfig's
  // own level (InjectConf), never inside it.
  return { ok: true, value };
}

export type ParsedAttachments<T> = { ok: true; value: T } | { ok: false; message: string };


function parseJsonList(text: string, what: string): ParsedAttachments<unknown[] | null> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${what} is not valid JSON: ${(e as Error).message}` };
  }
  if (value === null) return { ok: true, value: null };
  if (!Array.isArray(value)) return { ok: false, message: `${what} must be a JSON list of {"containerID", "ifname"} objects.` };
  const deep = valueNestingExcess(value);
  if (deep !== undefined) return { ok: false, message: `${what} nests deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects (at ${shortPointer(deep)}).` };
  return { ok: true, value };
}

/**
 * GC's valid attachments: a JSON list of {"containerID", "ifname"}; `null` for GC arguments without a list;
 * empty text for none at all (cnitool).
 */
export function parseValidAttachments(text: string): ParsedAttachments<GcAttachment[] | null | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  const list = parseJsonList(text, 'The valid attachments');
  if (!list.ok || list.value === null) return list as ParsedAttachments<null>;
  const out: GcAttachment[] = [];
  for (const [i, entry] of list.value.entries()) {
    const id = isJsonObject(entry) ? goField(entry, 'containerID') : undefined;
    const ifname = isJsonObject(entry) ? goField(entry, 'ifname') : undefined;
    if (typeof id !== 'string' || typeof ifname !== 'string') return { ok: false, message: `valid attachment ${i + 1} needs "containerID" and "ifname" strings.` };
    out.push({ containerID: id, ifname });
  }
  return { ok: true, value: out };
}

/**
 * The result cache's attachments: a JSON list of entries with "containerID" and "ifname" (or libcni's cache
 * files' "containerId" and "ifName"), and optionally "netns", "cniArgs" ([key, value] pairs),
 * "capabilityArgs", "result" and "networkName". Empty text: this attachment.
 */
export function parseCachedAttachments(text: string): ParsedAttachments<CachedAttachment[] | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  const list = parseJsonList(text, 'The cached attachments');
  if (!list.ok) return list;
  if (list.value === null) return { ok: false, message: 'The cached attachments must be a JSON list (an empty cache is []).' };
  const out: CachedAttachment[] = [];
  for (const [i, entry] of list.value.entries()) {
    const bad = (why: string): ParsedAttachments<never> => ({ ok: false, message: `cached attachment ${i + 1}: ${why}` });
    if (!isJsonObject(entry)) return bad('must be an object');
    const id = goField(entry, 'containerID');
    const ifname = goField(entry, 'ifname');
    if (typeof id !== 'string' || typeof ifname !== 'string') return bad('needs "containerID" and "ifname" strings');
    const att: CachedAttachment = { containerID: id, ifname };
    const netns = goField(entry, 'netns');
    if (netns !== undefined && typeof netns !== 'string') return bad('"netns" must be a string');
    if (typeof netns === 'string') att.netns = netns;
    const args = goField(entry, 'cniArgs');
    if (args !== undefined && args !== null) {
      if (!Array.isArray(args) || !args.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))) return bad('"cniArgs" must be a list of [key, value] string pairs');
      att.cniArgs = args as [string, string][];
    }
    const caps = goField(entry, 'capabilityArgs');
    if (caps !== undefined && caps !== null) {
      if (!isJsonObject(caps)) return bad('"capabilityArgs" must be an object');
      att.capabilityArgs = caps;
    }
    const result = goField(entry, 'result');
    if (result !== undefined && result !== null) {
      if (!isJsonObject(result)) return bad('"result" must be an object');
      att.result = result;
    }
    const network = goField(entry, 'networkName') ?? goField(entry, 'network');
    if (network !== undefined && typeof network !== 'string') return bad('"networkName" must be a string');
    if (typeof network === 'string') att.network = network;
    out.push(att);
  }
  return { ok: true, value: out };
}

/**
 * Runtime inputs read from outside (storage, a share link): each field taken from `value` when it has the
 * right shape, else from `base`; `ignored` names the fields that were there and unusable. The app's
 * preview and lab read these fields as typed, so nothing of another shape may reach them.
 */
export function runtimeInputsFrom(value: unknown, base: RuntimeInputs = DEFAULT_INPUTS): { inputs: RuntimeInputs; ignored: string[] } {
  if (!isJsonObject(value)) return { inputs: base, ignored: value === undefined || value === null ? [] : ['(not an object)'] };
  const ignored: string[] = [];
  const field = <T>(key: keyof RuntimeInputs, ok: (v: unknown) => v is T, fallback: T): T => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (ok(v)) return v;
    ignored.push(key);
    return fallback;
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isPairs = (v: unknown): v is [string, string][] => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every(isString));
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
  const isObject = (v: unknown): v is JsonObject => isJsonObject(v);
  const inputs: RuntimeInputs = {
    containerId: field('containerId', isString, base.containerId),
    netns: field('netns', isString, base.netns),
    ifname: field('ifname', isString, base.ifname),
    cniArgs: field('cniArgs', isPairs, base.cniArgs),
    cniPath: field('cniPath', isStrings, base.cniPath),
    capabilityArgs: field('capabilityArgs', isObject, base.capabilityArgs),
  };
  // GC's lists: absent stays as the base has it; null is a valid "no list" for the valid attachments.
  const valid = value.validAttachments === undefined ? undefined : parseValidAttachments(JSON.stringify(value.validAttachments));
  if (valid && !valid.ok) ignored.push('validAttachments');
  const validAttachments = valid?.ok ? valid.value : base.validAttachments;
  if (validAttachments !== undefined) inputs.validAttachments = validAttachments;
  const cached = value.cachedAttachments === undefined ? undefined : parseCachedAttachments(JSON.stringify(value.cachedAttachments));
  if (cached && !cached.ok) ignored.push('cachedAttachments');
  const cachedAttachments = cached?.ok ? cached.value : base.cachedAttachments;
  if (cachedAttachments !== undefined) inputs.cachedAttachments = cachedAttachments;
  return { inputs, ignored };
}
