// What the runtime supplies for one attachment, and the checks real components make on it.
import { isJsonObject, type JsonObject } from '../model/types';
import { MAX_NESTING_DEPTH, shortPointer, valueNestingExcess } from '../model/depth';

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
}

export const DEFAULT_INPUTS: RuntimeInputs = {
  containerId: 'cni-studio-example',
  netns: '/run/netns/cni-studio-example',
  ifname: 'eth0',
  cniArgs: [],
  cniPath: ['/opt/cni/bin'],
  capabilityArgs: {},
};

const ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** libcni/skel container id rules. */
export function containerIdProblem(id: string): string | undefined {
  if (id === '') return 'The container id is empty: plugins refuse it ("missing containerID", code 3).';
  if (!ID_RE.test(id)) return `The container id "${id}" has characters plugins refuse ("invalid characters in containerID", code 4): letters, digits, "_", "." and "-" only, starting with a letter or digit.`;
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
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return { ok: false, message: `invalid CNI_ARGS pair "${pair}": write KEY=VALUE pairs separated by ";" (values cannot contain "=")` };
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
  for (const [k, v] of Object.entries(value)) {
    if (k === '') return { ok: false, message: 'CAP_ARGS has an empty capability name (libcni refuses empty keys).' };
    if (v === null) return { ok: false, message: `CAP_ARGS "${k}" is null (libcni refuses: "key '${k}' value must not be nil").` };
  }
  return { ok: true, value };
}
