// The lab helper's contract, shared by the helper and the app: what a client may ask for (validated
// strictly: the helper runs as root), and the events a run reports.
import { codePointName, firstControlCharacter } from '../model/invisible';
import type { CheckFamily, CheckResult } from './checks';
import { isJsonObject, type CniError, type JsonObject } from '../model/types';
import type { CniEnv, Operation } from '../runtime/plan';
import type { ObservedAddress, ObservedLink, ObservedNamespace, ObservedRoute } from './observed';
import type { FirewallRule } from './firewall-rules';
import { MAX_NESTING_DEPTH, shortPointer, valueNestingExcess } from '../model/depth';
import { pluginList } from '../model/chain';
import { goEntries, goPluginType } from '../model/go-keys';
import { escapeSegment } from '../model/pointer';
import { labView } from './go-view';
import { libcniLoadList } from '../runtime/libcni-load';
import { DEFAULT_PROFILE, isLibcniRelease, LIBCNI_RELEASES } from '../profiles/profile';

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
  /** The libcni release the helper loads and walks the list as (the run's runtime profile; default the newest). */
  libcni?: string;
  /** How many containers the run attaches to the network (1–8), each its own namespace and container id. */
  containers?: number;
  /** Per container (by position), runtime inputs that replace the shared ones (only the first publishes a port…). */
  containerInputs?: { capabilityArgs?: JsonObject }[];
  /** After ADD, probe reachability with real traffic (core's planChecks). */
  checks?: boolean;
}

/** The response header a helper sends with the app's files when it serves the app itself. */
export const HELPER_HEADER = 'x-cni-studio-helper';

/** The port a lab helper listens on unless told otherwise (`lab serve --port`). */
export const LAB_DEFAULT_PORT = 7478;

export const LAB_LIMITS = { maxContainers: 8, maxPlugins: 32, maxKeepSeconds: 600, minTimeoutMs: 1000, maxTimeoutMs: 60_000, defaultTimeoutMs: 15_000 } as const;

export type LabEvent =
  | {
      type: 'run-start';
      runId: string;
      /** The first container's (every run has one). */
      netns: string;
      containerId: string;
      cniPath: string[];
      /** Every container of the run, the first included, when it has more than one. */
      containers?: { netns: string; containerId: string }[];
      /** Why what its plugins start is held less surely than by a cgroup per call (none could be made here), in words. */
      containment?: string;
    }
  | { type: 'refused'; reason: string }
  | { type: 'operation-start'; operation: Operation; container?: number }
  | { type: 'operation-skipped'; operation: Operation; reason: string; error: boolean; container?: number }
  | { type: 'invocation-start'; phase: 'run' | 'rollback' | 'teardown'; index: number; pluginType: string; command: Operation; env: CniEnv; stdin: JsonObject; stdinText: string; container?: number }
  | {
      type: 'invocation-end';
      phase: 'run' | 'rollback' | 'teardown';
      index: number;
      /** Which container of the run (0 = the first; absent in a run of one). */
      container?: number;
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
      /**
       * The printed result nested deeper than CNI Studio reads (MAX_NESTING_DEPTH; Go reads up to 10000):
       * `result` is then the result as libcni reads it, and `stdout` has it as printed.
       */
      printedTooDeep?: boolean;
      /** The result as libcni reads it and hands it on, when that differs from what the plugin printed. */
      handedOn?: JsonObject;
      /** The plugin's failure, and the same as the runtime reports it (libcni wraps ADD and DEL failures). */
      error?: CniError & { words: string; runtime?: string };
      /** Processes the plugin started that outlived it (killed by the helper), by pid. */
      survivors?: number[];
    }
  | {
      type: 'observed';
      after: Operation;
      container?: number;
      namespace: ObservedNamespace;
      /** Host links that appeared since the run started. */
      hostLinks: ObservedLink[];
      /** The host's addresses and routes on those links (a bridge's gateway address, its subnet's route). */
      hostAddresses?: ObservedAddress[];
      hostRoutes?: ObservedRoute[];
      firewallChains: string[];
      /** The firewall rules the run added (iptables-save lines, CNI's only), and how many more were left out. */
      firewallRules?: FirewallRule[];
      firewallRulesOmitted?: number;
      sysctls: Record<string, string>;
    }
  | { type: 'kept'; until: string }
  /** The run was asked to keep its namespaces, and did not: why (a switch of the machine's it would leave open meanwhile). */
  | { type: 'not-kept'; reason: string }
  /** The reachability checks after ADD, each with its evidence (the commands run and what they printed). */
  | {
      type: 'checks';
      results: (CheckResult & { family?: CheckFamily; target?: string; evidence: { command: string; output: string }[] })[];
      /** The namespaces the checks wired to the host (hostPort's client, the "outside"), removed after them. */
      wired?: WiredNamespace[];
    }
  | {
      type: 'teardown';
      removedNamespace: string;
      /** Every namespace the run removed, when it had more than one container. */
      removedNamespaces?: string[];
      /** Host links the run proved it created (its veth peers, the bridge it made, bandwidth's ifb). */
      removedLinks: string[];
      /** Host links that appeared during the run but are not provably its own: left alone. */
      untouchedLinks: string[];
      /** What the run made and left: chains (`table/CHAIN`) and rules it could not remove ("ipv4 filter: -A …"). */
      leftovers: string[];
      keptByDesign: string[];
      /** The run's rules its DELs left and the helper removed ("ipv4 filter: -A …"): a DEL that failed, firewall's isolation of a bridge the run removed. */
      removedRules?: string[];
      /** The machine's CNI rules there before the run that are gone after it ("ipv4 filter: -A …"): the run's DELs took another container's, or another tool removed them meanwhile. */
      missingRules?: string[];
      /** host-local's folder of the network's leases and its bookkeeping files, when the run made them (none is left). */
      removedFiles?: string[];
      /**
       * The machine's switches the run's plugins turned on, given back: bridge's or ptp's forwarding
       * ("net.ipv4.ip_forward 1 → 0"), portmap's route_localnet on a link of the machine ("net.ipv4.conf.eth0.route_localnet 1 → 0").
       */
      restoredSysctls?: string[];
    }
  | { type: 'run-end'; ok: boolean; message: string };

/** A namespace of the run's own wired to the host by a veth pair, for the checks: what the topology draws. */
export interface WiredNamespace {
  role: 'client' | 'outside';
  netns: string;
  /** The veth pair's host end, and the addresses of both ends (IPv4, then IPv6 when the pair has one). */
  hostLink: string;
  hostAddresses: string[];
  nsAddresses: string[];
}

export type ParsedLabRequest = { ok: true; request: LabRunRequest } | { ok: false; message: string };

const OPS = ['ADD', 'CHECK', 'DEL', 'GC', 'STATUS'];

/** A plugin binary's bare name: the helper runs only files found by this name in its own CNI_PATH. */
const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why a plugin or IPAM `type` cannot name a binary the helper may run, or undefined. */
function pluginNameProblem(type: string): string | undefined {
  if (type === '') return 'it is empty';
  if (type === '.' || type === '..') return `"${type}" is a directory, not a plugin`;
  if (/[/\\]/.test(type)) return `"${type}" is a path; name the binary only, as found in CNI_PATH`;
  if (type.length > 255) return 'it is longer than any file name';
  if (!BARE_NAME.test(type)) return `${JSON.stringify(type)} has characters a plugin name cannot have (letters, digits, ".", "_" and "-" only, starting with a letter or digit)`;
  return undefined;
}

/**
 * What makes a conflist one the helper refuses to run, before anything is created: nesting beyond the
 * limit, plugins that are not objects, and any plugin or IPAM `type` that is not a bare plugin name.
 * `pointer` is where in the conflist (the validator's findings there say more).
 */
export function labConflistProblem(conflist: JsonObject): { pointer: string; message: string } | undefined {
  const deep = valueNestingExcess(conflist);
  if (deep !== undefined) return { pointer: deep, message: `"conflist" nests deeper than ${MAX_NESTING_DEPTH} levels (at ${shortPointer(deep)})` };
  const plugins = pluginList(conflist);
  if (plugins.length === 0) return { pointer: '/plugins', message: '"conflist.plugins" must be a non-empty array' };
  if (plugins.length > LAB_LIMITS.maxPlugins) return { pointer: '/plugins', message: `at most ${LAB_LIMITS.maxPlugins} plugins per run` };
  for (const [i, p] of plugins.entries()) {
    // Go's decoding reads "Type" and "IPAM" as well: every spelling is held to the rules, whichever one wins.
    // A null is skipped (Go leaves the field as it is): it names nothing.
    const type = goPluginType(p);
    if (!isJsonObject(p) || type === '') return { pointer: `/plugins/${i}`, message: `plugin ${i + 1} has no string "type"` };
    for (const [key, value] of goEntries(p, 'type')) {
      if (value === null) continue;
      const typeProblem = typeof value === 'string' ? pluginNameProblem(value) : 'not a string';
      if (typeProblem) return { pointer: `/plugins/${i}/${escapeSegment(key)}`, message: `plugin ${i + 1}: "${key}" must be a bare plugin name: ${typeProblem}` };
    }
    for (const [ipamKey, ipam] of goEntries(p, 'ipam')) {
      for (const [key, value] of goEntries(ipam, 'type')) {
        if (value === null) continue;
        const at = { pointer: `/plugins/${i}/${escapeSegment(ipamKey)}/${escapeSegment(key)}`, name: `${ipamKey}.${key}` };
        if (typeof value !== 'string') return { pointer: at.pointer, message: `plugin ${i + 1} (${type}): "${at.name}" must be a string` };
        const ipamProblem = pluginNameProblem(value);
        if (ipamProblem) return { pointer: at.pointer, message: `plugin ${i + 1} (${type}): "${at.name}" must be a bare plugin name: ${ipamProblem}` };
      }
    }
  }
  // The safety checks read the list as the plugins decode it: one they cannot read so is refused.
  const view = labView(conflist);
  if (!view.ok) return { pointer: view.pointer, message: view.message };
  return undefined;
}

/** How many CNI_ARGS pairs a request may give, and how long a key or value may be. */
const MAX_CNI_ARGS = 32;
const MAX_CNI_ARG_LENGTH = 255;

/**
 * Why a request's `cniArgs` is refused, naming the pair: the pairs are joined into CNI_ARGS as
 * `K1=V1;K2=V2`, so a ";" or "=" in a key or value would make other pairs of it, and a control character
 * (U+0000–U+001F, U+007F) has no place in one: a NUL cuts the environment variable short, a newline or an
 * escape reaches the plugin's logs and the terminal that shows them.
 */
export function cniArgsProblem(cniArgs: unknown): string | undefined {
  if (!Array.isArray(cniArgs) || !cniArgs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))) return '"cniArgs" must be a list of [key, value] string pairs';
  if (cniArgs.length > MAX_CNI_ARGS) return `"cniArgs" has ${cniArgs.length} pairs, at most ${MAX_CNI_ARGS}`;
  for (const [key, value] of cniArgs as [string, string][]) {
    const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
    for (const [what, text] of [[`key ${shown}`, key], [`the value of ${shown}`, value]] as const) {
      if (text.length === 0) return `"cniArgs": ${what} is empty`;
      if (text.length > MAX_CNI_ARG_LENGTH) return `"cniArgs": ${what} is too long (${text.length} characters, at most ${MAX_CNI_ARG_LENGTH})`;
      const control = firstControlCharacter(text);
      if (control) return `"cniArgs": ${what} holds the control character ${codePointName(control)}, which CNI_ARGS may not carry`;
      const separator = /[;=]/.exec(text)?.[0];
      if (separator) return `"cniArgs": ${what} holds "${separator}", which separates CNI_ARGS ${separator === ';' ? 'pairs' : 'keys from values'}`;
    }
  }
  return undefined;
}

/** Strict validation of a client request: every field typed and bounded, nothing else accepted. */
export function parseLabRequest(value: unknown): ParsedLabRequest {
  const fail = (message: string): ParsedLabRequest => ({ ok: false, message });
  if (!isJsonObject(value)) return fail('the request must be a JSON object');
  const allowed = ['conflist', 'operations', 'ifname', 'cniArgs', 'capabilityArgs', 'keepSeconds', 'timeoutMs', 'libcni', 'containers', 'containerInputs', 'checks'];
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length) return fail(`unknown request fields: ${extra.join(', ')}`);
  const { conflist } = value;
  if (!isJsonObject(conflist)) return fail('"conflist" must be a conflist object');
  const libcni = value.libcni ?? DEFAULT_PROFILE.libcni;
  if (!isLibcniRelease(libcni)) return fail(`"libcni" must be a libcni release: ${LIBCNI_RELEASES.join(', ')}`);
  // What libcni refuses to load never reaches a plugin; the client gets libcni's words.
  const deep = valueNestingExcess(conflist);
  const loaded = deep === undefined ? libcniLoadList(conflist, libcni) : undefined;
  if (loaded && !loaded.ok) return fail(`libcni ${libcni} refuses to load this list: ${loaded.error}`);
  const problem = labConflistProblem(conflist);
  if (problem) return fail(problem.message);
  const operations = value.operations ?? ['ADD', 'CHECK', 'DEL'];
  if (!Array.isArray(operations) || operations.length === 0 || operations.length > 6 || !operations.every((o) => typeof o === 'string' && OPS.includes(o))) return fail('"operations" must be a list of ADD, CHECK, DEL, GC and STATUS');
  const ifname = value.ifname ?? 'eth0';
  if (typeof ifname !== 'string' || ifname.length === 0 || ifname.length > 15 || !/^[A-Za-z0-9_.-]+$/.test(ifname) || ifname === '.' || ifname === '..') return fail('"ifname" must be an interface name of 1 to 15 letters, digits, "_", "." or "-"');
  const cniArgs = value.cniArgs ?? [];
  const argsProblem = cniArgsProblem(cniArgs);
  if (argsProblem) return fail(argsProblem);
  const capabilityArgs = value.capabilityArgs ?? {};
  if (!isJsonObject(capabilityArgs)) return fail('"capabilityArgs" must be an object');
  const deepArgs = valueNestingExcess(capabilityArgs);
  if (deepArgs !== undefined) return fail(`"capabilityArgs" nests deeper than ${MAX_NESTING_DEPTH} levels (at ${shortPointer(deepArgs)})`);
  const keepSeconds = value.keepSeconds ?? 0;
  if (typeof keepSeconds !== 'number' || !Number.isInteger(keepSeconds) || keepSeconds < 0 || keepSeconds > LAB_LIMITS.maxKeepSeconds) return fail(`"keepSeconds" must be a whole number from 0 to ${LAB_LIMITS.maxKeepSeconds}`);
  const timeoutMs = value.timeoutMs ?? LAB_LIMITS.defaultTimeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < LAB_LIMITS.minTimeoutMs || timeoutMs > LAB_LIMITS.maxTimeoutMs) return fail(`"timeoutMs" must be from ${LAB_LIMITS.minTimeoutMs} to ${LAB_LIMITS.maxTimeoutMs}`);
  const containers = value.containers ?? 1;
  if (typeof containers !== 'number' || !Number.isInteger(containers) || containers < 1 || containers > LAB_LIMITS.maxContainers) return fail(`"containers" must be a whole number from 1 to ${LAB_LIMITS.maxContainers}`);
  // GC's valid attachments and its stale DELs are walked for one attachment; several containers run ADD, CHECK, DEL and STATUS.
  if (containers > 1 && operations.includes('GC')) return fail('GC runs with one container: ask for "containers": 1, or leave GC out');
  const containerInputs = value.containerInputs ?? [];
  if (!Array.isArray(containerInputs) || containerInputs.length > containers) return fail(`"containerInputs" must be a list of at most ${containers} entries, one per container`);
  for (const [i, c] of containerInputs.entries()) {
    if (!isJsonObject(c) || Object.keys(c).some((k) => k !== 'capabilityArgs')) return fail(`"containerInputs[${i}]" must be an object with only "capabilityArgs"`);
    if (c.capabilityArgs !== undefined && !isJsonObject(c.capabilityArgs)) return fail(`"containerInputs[${i}].capabilityArgs" must be an object`);
    const deepC = c.capabilityArgs !== undefined ? valueNestingExcess(c.capabilityArgs) : undefined;
    if (deepC !== undefined) return fail(`"containerInputs[${i}].capabilityArgs" nests deeper than ${MAX_NESTING_DEPTH} levels (at ${shortPointer(deepC)})`);
  }
  const checks = value.checks ?? false;
  if (typeof checks !== 'boolean') return fail('"checks" must be true or false');
  if (checks && !operations.includes('ADD')) return fail('"checks" probe after ADD: include ADD in "operations"');
  return {
    ok: true,
    request: { conflist, operations: operations as Operation[], ifname, cniArgs: cniArgs as [string, string][], capabilityArgs, keepSeconds, timeoutMs, libcni, ...(containers > 1 ? { containers } : {}), ...(containerInputs.length ? { containerInputs: containerInputs as { capabilityArgs?: JsonObject }[] } : {}), ...(checks ? { checks } : {}) },
  };
}
