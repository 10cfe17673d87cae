// The lab helper's contract, shared by the helper and the app: what a client may ask for (validated
// strictly: the helper runs as root), and the events a run reports.
import { isJsonObject, type CniError, type JsonObject } from '../model/types';
import type { CniEnv, Operation } from '../runtime/plan';

export interface LabRunRequest {
  conflist: JsonObject;
  operations: Operation[];
  /** What the client may choose; the container id, netns and CNI_PATH are the helper's own. */
  ifname: string;
  cniArgs: [string, string][];
  capabilityArgs: JsonObject;
  /** Keep the namespace this long after the operations for inspection (bounded), then clean up. */
  keepSeconds: number;
  /** Per-plugin time limit. */
  timeoutMs: number;
}

export const LAB_LIMITS = { maxPlugins: 32, maxKeepSeconds: 600, minTimeoutMs: 1000, maxTimeoutMs: 60_000, defaultTimeoutMs: 15_000 } as const;

export type LabEvent =
  | { type: 'run-start'; runId: string; netns: string; containerId: string; cniPath: string[] }
  | { type: 'refused'; reason: string }
  | { type: 'operation-start'; operation: Operation }
  | { type: 'operation-skipped'; operation: Operation; reason: string; error: boolean }
  | { type: 'invocation-start'; phase: 'run' | 'rollback' | 'teardown'; index: number; pluginType: string; command: Operation; env: CniEnv; stdin: JsonObject; stdinText: string }
  | {
      type: 'invocation-end';
      phase: 'run' | 'rollback' | 'teardown';
      index: number;
      pluginType: string;
      command: Operation;
      ok: boolean;
      exitCode: number | null;
      signal: string | null;
      stdout: string;
      stderr: string;
      durationMs: number;
      timedOut: boolean;
      result?: JsonObject;
      error?: CniError & { words: string };
      /** Processes the plugin started that outlived it (killed by the helper), by pid. */
      survivors?: number[];
    }
  | { type: 'observed'; after: Operation; namespace: { links: unknown[]; addresses: unknown[]; routes: unknown[] }; hostLinks: unknown[]; firewallChains: string[]; sysctls: Record<string, string> }
  | { type: 'kept'; until: string }
  | {
      type: 'teardown';
      removedNamespace: string;
      /** Host links the run proved it created (its veth peers, the bridge it made, bandwidth's ifb). */
      removedLinks: string[];
      /** Host links that appeared during the run but are not provably its own: left alone. */
      untouchedLinks: string[];
      leftovers: string[];
      keptByDesign: string[];
    }
  | { type: 'run-end'; ok: boolean; message: string };

export type ParsedLabRequest = { ok: true; request: LabRunRequest } | { ok: false; message: string };

const OPS = ['ADD', 'CHECK', 'DEL'];

/** Strict validation of a client request: every field typed and bounded, nothing else accepted. */
export function parseLabRequest(value: unknown): ParsedLabRequest {
  const fail = (message: string): ParsedLabRequest => ({ ok: false, message });
  if (!isJsonObject(value)) return fail('the request must be a JSON object');
  const allowed = ['conflist', 'operations', 'ifname', 'cniArgs', 'capabilityArgs', 'keepSeconds', 'timeoutMs'];
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length) return fail(`unknown request fields: ${extra.join(', ')}`);
  const { conflist } = value;
  if (!isJsonObject(conflist)) return fail('"conflist" must be a conflist object');
  if (!Array.isArray(conflist.plugins) || conflist.plugins.length === 0) return fail('"conflist.plugins" must be a non-empty array');
  if (conflist.plugins.length > LAB_LIMITS.maxPlugins) return fail(`at most ${LAB_LIMITS.maxPlugins} plugins per run`);
  for (const [i, p] of conflist.plugins.entries()) {
    if (!isJsonObject(p) || typeof p.type !== 'string') return fail(`plugin ${i + 1} has no string "type"`);
    if (isJsonObject(p.ipam) && p.ipam.type !== undefined && typeof p.ipam.type !== 'string') return fail(`plugin ${i + 1}: "ipam.type" must be a string`);
  }
  const operations = value.operations ?? ['ADD', 'CHECK', 'DEL'];
  if (!Array.isArray(operations) || operations.length === 0 || operations.length > 6 || !operations.every((o) => typeof o === 'string' && OPS.includes(o))) return fail('"operations" must be a list of ADD, CHECK and DEL');
  const ifname = value.ifname ?? 'eth0';
  if (typeof ifname !== 'string' || ifname.length === 0 || ifname.length > 15 || !/^[A-Za-z0-9_.-]+$/.test(ifname) || ifname === '.' || ifname === '..') return fail('"ifname" must be an interface name of 1 to 15 letters, digits, "_", "." or "-"');
  const cniArgs = value.cniArgs ?? [];
  if (!Array.isArray(cniArgs) || cniArgs.length > 32 || !cniArgs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string' && x.length > 0 && x.length < 256 && !/[;=\0]/.test(x)))) return fail('"cniArgs" must be a list of [key, value] string pairs without ";" or "="');
  const capabilityArgs = value.capabilityArgs ?? {};
  if (!isJsonObject(capabilityArgs)) return fail('"capabilityArgs" must be an object');
  const keepSeconds = value.keepSeconds ?? 0;
  if (typeof keepSeconds !== 'number' || !Number.isInteger(keepSeconds) || keepSeconds < 0 || keepSeconds > LAB_LIMITS.maxKeepSeconds) return fail(`"keepSeconds" must be a whole number from 0 to ${LAB_LIMITS.maxKeepSeconds}`);
  const timeoutMs = value.timeoutMs ?? LAB_LIMITS.defaultTimeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < LAB_LIMITS.minTimeoutMs || timeoutMs > LAB_LIMITS.maxTimeoutMs) return fail(`"timeoutMs" must be from ${LAB_LIMITS.minTimeoutMs} to ${LAB_LIMITS.maxTimeoutMs}`);
  return { ok: true, request: { conflist, operations: operations as Operation[], ifname, cniArgs: cniArgs as [string, string][], capabilityArgs, keepSeconds, timeoutMs } };
}
