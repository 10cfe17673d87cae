// `cni-studio lab run`: a live run of a conflist with the real plugins in a throwaway namespace, for
// scripts and CI review before rollout. `cni-studio lab serve`: the same engine over HTTP for the app.
import { allResultMismatches, checkTitle, DEFAULT_INPUTS, operationGate, runResultMismatches, verdictOf, DEFAULT_PROFILE, describeProfile, cleanupDelNote, pluginFailureNote, emptyRunState, foldLabEvent, operationOf, isLibcniRelease, LIBCNI_RELEASES, LAB_DEFAULT_PORT, LAB_LIMITS, labConflistProblem, machineLimit, parseLabRequest, runSummary, topologyOf, isJsonObject, type JsonObject, type Finding, type LabEvent, type LabRunState, type ObservedRoute, ruleText, type Operation, type ProbeAnswer, type Validator } from '../core';
import { capArgsFlag, cniArgsFlag, hostLinksFlag, parseArgs, UsageError } from './args';
import { InputError, readConfigFile } from './config-file';
import { libcniLoadPath } from './libcni-file';
import { runLab } from '../helper/engine';
import { spawnExecutor } from '../helper/executor';
import { cniPathFrom, probe } from '../helper/probe';
import { acquireLock } from '../helper/lock';
import { closeInheritedFds } from '../helper/inherited-fds';
import { ownCodeRefusal, ownCodeUnsafe } from '../helper/own-code';
import { createLabServer, ServeRefused } from '../helper/server';
import { isOrigin } from '../helper/access';
import { fileJournal, recoverDeadRuns, recoveredWords } from '../helper/run-journal';
import { applyNft, firewallRules, nftRuleset, restoreRules } from '../helper/firewall';
import { deleteHostLink, deleteNetns, hostLinks as hostLinks_, staleNetns } from '../helper/netns';
import { LAB_USAGE } from './lab-usage';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { replaceable } from '../helper/system-path';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');
/** The package's folder, and whether this runs its TypeScript (no current build) rather than build/cli/. */
const OWN = { root: resolve(dirname(fileURLToPath(import.meta.url)), '../..'), fromSources: fileURLToPath(import.meta.url).endsWith('.ts') };

/** As root, a refusal to start when another user could change the code root would run (own-code.ts). */
function refuseForeignCode(what: string): void {
  const why = ownCodeUnsafe(OWN.root, OWN.fromSources);
  if (why) throw new InputError(ownCodeRefusal(what, OWN.root, why));
}

/**
 * Root writes to /var/log, or to /var/lib where someone else may change /var/log (Ubuntu's is its syslog
 * group's to write: the log is never written where another user could redirect it); anyone else to their
 * own state directory, never into the working tree.
 */
function defaultAuditLog(): string {
  if (process.getuid?.() === 0) return replaceable('/var/log') ? '/var/lib/cni-studio/lab-audit.log' : '/var/log/cni-studio/lab-audit.log';
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'cni-studio', 'lab-audit.log');
}

/**
 * Why the token file could be read or changed by someone other than the helper's user, if it could: another
 * owner, a mode that lets its group or others read or write it, or (as root) a folder on its way another
 * user could swap it in.
 */
export function tokenFileExposed(file: string): string | undefined {
  const s = statSync(file);
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) return `it belongs to uid ${s.uid}, not the helper's ${uid}`;
  if ((s.mode & 0o077) !== 0) return `its mode ${(s.mode & 0o777).toString(8).padStart(4, '0')} lets ${(s.mode & 0o007) !== 0 ? 'every user' : 'its group'} ${(s.mode & 0o022) !== 0 ? 'write' : 'read'} it`;
  const folder = replaceable(file);
  return folder ? `${folder}, so another user could put a token of theirs there` : undefined;
}

export async function labServe(rest: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { flags, positional } = parseArgs(rest, { values: ['host', 'host-name', 'port', 'token-file', 'allow-origin', 'cni-path', 'host-links', 'audit-log', 'app-dir', 'app-url'], booleans: ['help', 'no-app'] });
  if (flags.has('help')) {
    out(LAB_USAGE);
    return 0;
  }
  if (positional.length) throw new UsageError(`lab serve takes no file: ${positional.join(' ')}`);
  refuseForeignCode('lab serve');
  closeInheritedFds(); // nothing this process was handed reaches the plugins it runs
  const port = Number(flags.get('port') ?? LAB_DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const host = String(flags.get('host') ?? '127.0.0.1');
  const tokenFile = flags.get('token-file');
  let token = randomBytes(24).toString('base64url');
  if (typeof tokenFile === 'string') {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch (e) {
      throw new InputError(`--token-file ${tokenFile}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (token.length < 16) throw new InputError(`--token-file ${tokenFile}: the token must be at least 16 characters`);
    const exposed = tokenFileExposed(tokenFile);
    if (exposed) throw new InputError(`--token-file ${tokenFile}: ${exposed}, and whoever reads or writes the token controls this helper (which runs plugins as ${process.getuid?.() === 0 ? 'root' : 'you'}): chmod 600 it, owned by the helper's user`);
  }
  const allowOrigins = String(flags.get('allow-origin') ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of allowOrigins) if (!isOrigin(o)) throw new UsageError(`--allow-origin ${o}: write an origin such as http://127.0.0.1:5173`);
  const hostNames = String(flags.get('host-name') ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  for (const n of hostNames) if (!/^[\w.:-]+$/.test(n)) throw new UsageError(`--host-name ${n}: write a name or address clients reach the helper by, such as lab-vm.example`);
  const appUrl = flags.get('app-url');
  const noApp = flags.has('no-app');
  if (noApp && (flags.has('app-dir') || appUrl !== undefined)) throw new UsageError('--no-app serves no app: give it without --app-dir and --app-url');
  const appDir = noApp ? undefined : String(flags.get('app-dir') ?? APP_DIR);
  const auditLog = String(flags.get('audit-log') ?? defaultAuditLog());
  if (appUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(String(appUrl))) throw new UsageError(`--app-url ${String(appUrl)}: write the app's address, such as http://127.0.0.1:5173/`);
  const cniPath = cniPathFrom(flags.has('cni-path') ? String(flags.get('cni-path')) : process.env.CNI_PATH);
  const hostLinks = hostLinksFlag(flags);
  // Probed before listening, so every line it prints comes out together (npm start prints its own last).
  const probed = await probe(cniPath);
  const machine = machineLine(probed);
  let server: Awaited<ReturnType<typeof createLabServer>>;
  try {
    server = await createLabServer({
      host,
      port,
      token,
      allowOrigins,
      hostNames,
      cniPath,
      hostLinks,
      ...(probed.profile ? { machinePlugins: probed.profile.plugins } : {}),
      auditLog,
      ...(appDir !== undefined ? { appDir } : {}),
      ...(appUrl !== undefined ? { appUrl: String(appUrl) } : {}),
      // What a killed run left, removed at start and before each run: said where the helper's output goes.
      onRecovered: (line) => err(line),
    });
  } catch (e) {
    if (e instanceof ServeRefused) throw new InputError(`lab serve did not start: ${e.message}`);
    throw e;
  }
  out(`CNI Studio lab helper listening on ${server.url}`);
  out(`token: ${token}`);
  out(machine);
  out(`audit log: ${auditLog}`);
  if (hostLinks.length) out(`links of this machine runs may use: ${hostLinks.join(', ')}`);
  if (server.servesApp) out(`open the app with the token: ${server.url}/#lab=${encodeURIComponent(token)}`);
  else if (appUrl !== undefined) out(`the app is served at ${String(appUrl)} (this helper redirects / there)`);
  else if (noApp) err('note: serving no app (--no-app): / explains how to get one; the API works without it.');
  else err(`note: no built app in ${appDir} (run npm run build): / explains how to get one; the API works without it.`);
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    err(`warning: listening on ${host}, not loopback: only the token and the origin list protect a root process; prefer an SSH tunnel (ssh -L ${port}:127.0.0.1:${port} lab-vm).`);
    err(`note: requests are answered only when their Host is ${['0.0.0.0', '::'].includes(host) ? "one of this machine's addresses" : host}${hostNames.length ? ` or ${hostNames.join(', ')}` : ''}, with the port${hostNames.length ? '' : ': reached by a name, start the helper with --host-name NAME'}.`);
  }
  if (process.getuid?.() !== 0) err('warning: not running as root: the app will show what is missing, and live runs will fail.');
  // As root, what the probe found missing (an open CNI_PATH directory, a plugin others may replace) is said here too, not only in the app.
  else for (const line of probed.missing) err(`warning: ${line}`);
  // Every signal after the first is ignored while closing: a Ctrl-C in npm start reaches this process
  // from the terminal and again from start.mjs, and a second default SIGTERM would kill it before close
  // removes what it made (the namespace made ahead for the next run, the firewall reads' gates).
  await new Promise<void>((done) => {
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      void server.close().then(done);
    };
    onStopSignals(stop);
  });
  return 0;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `stop` on Ctrl-C, a kill, or the terminal hanging up (an ssh session dropped: by default that
 * signal ended the process mid-call, leaving the plugin running and the namespace made). After a hang-up
 * the terminal is gone, so what is still printed is dropped rather than failing the cleanup. Returns how
 * to stop listening.
 */
function onStopSignals(stop: () => void): () => void {
  const hungUp = () => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
    stop();
  };
  const handlers = STOP_SIGNALS.map((signal) => [signal, signal === 'SIGHUP' ? hungUp : stop] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/** `--container-cap-args '[{…}, {…}]'`: each container's capability arguments by position (replacing --cap-args for it). */
function containerCapArgsFlag(flags: Map<string, string | true>): { capabilityArgs: JsonObject }[] | undefined {
  const text = flags.get('container-cap-args');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(String(text));
  } catch (e) {
    throw new UsageError(`--container-cap-args must be a JSON list of objects, one per container: ${(e as Error).message}`);
  }
  if (!Array.isArray(value) || !value.every(isJsonObject)) throw new UsageError('--container-cap-args must be a JSON list of objects, one per container (e.g. [{"portMappings":[…]}, {}])');
  return value.map((capabilityArgs) => ({ capabilityArgs }));
}

/**
 * What --format json prints: whether the run succeeded, every event in order (the evidence of each check
 * included), and when checks were made, one line per check to gate a rollout on (`ok` null = not applicable).
 */
function jsonReport(ok: boolean, events: readonly LabEvent[], state: LabRunState) {
  const checks = state.checks?.map((c) => ({ kind: c.kind, from: c.from, to: c.to, ...(c.family ? { family: c.family } : {}), ok: c.ok, ...(c.byDesign ? { byDesign: true } : {}), detail: c.detail, ms: c.ms }));
  const several = (state.start?.containers?.length ?? 1) > 1;
  const resultMismatches = allResultMismatches(state).flatMap(({ container, mismatches }) => mismatches.map((m) => (several ? { container: `c${container + 1}`, ...m } : m)));
  return { ok, ...(checks ? { checks } : {}), resultMismatches, events };
}



// A Map: --op is user text, and "constructor" must not find Object.prototype's member.
/** The probed profile in one line, as lab serve and lab run report it. */
function machineLine(p: ProbeAnswer): string {
  return p.profile ? `lab machine: ${describeProfile(p.profile)} (plugins ${p.profileFrom})` : `lab machine: no reference plugins found in ${p.cniPath.join(':')}`;
}

const OPS: ReadonlyMap<string, Operation[]> = new Map([
  ['add', ['ADD']],
  ['check', ['CHECK']],
  ['del', ['DEL']],
  ['cycle', ['ADD', 'CHECK', 'DEL']],
  // STATUS after ADD, then DEL.
  ['status', ['ADD', 'STATUS', 'DEL']],
  // GC with this attachment valid, then GC with it stale: the second GC DELs it first, as libcni does.
  ['gc', ['ADD', 'GC', 'GC']],
]);

/** One event in words; `state` is the run so far, this event included (core's fold). */
/** A failed plugin's stderr as the text output shows it: its last 3 lines, at most 400 characters (--format json has it whole). */
export function stderrTail(stderr: string): string {
  const text = stderr.trim().split('\n').slice(-3).join(' | ');
  return text.length > 400 ? `…${text.slice(-400)} (${stderr.length} characters in all; --format json has them)` : text;
}

function describeEvent(e: LabEvent, state: LabRunState): string | undefined {
  switch (e.type) {
    case 'run-start':
      return `${e.containers
        ? `run ${e.runId}: ${e.containers.length} containers: ${e.containers.map((c, i) => `c${i + 1} ${c.containerId} in ${c.netns}`).join('; ')}; CNI_PATH ${e.cniPath.join(':')}`
        : `run ${e.runId}: namespace ${e.netns}, container id ${e.containerId}, CNI_PATH ${e.cniPath.join(':')}`}${e.containment ? `\n  warning: ${e.containment}` : ''}`;
    case 'refused':
      return e.reason;
    case 'operation-skipped':
      return `${e.operation}${e.container !== undefined ? ` c${e.container + 1}` : ''}: ${e.error ? 'refused' : 'skipped'}: ${e.reason}`;
    case 'invocation-end': {
      const at = state.steps.findIndex((s) => s.end === e);
      const gcDel = e.phase === 'run' && e.command === 'DEL' && operationOf(state, at, e.container)?.operation === 'GC';
      const head = `  ${e.container !== undefined ? `c${e.container + 1} ` : ''}${e.phase === 'run' ? '' : `[${e.phase}] `}${gcDel ? 'GC: DEL of a stale attachment, ' : ''}${e.command} ${e.pluginType}: ${e.ok ? 'ok' : 'FAILED'} in ${e.durationMs} ms`;
      const cleanup = cleanupDelNote(e);
      const why = e.error ? `\n    ${e.error.code ? `code ${e.error.code} (${e.error.words}): ` : ''}${e.error.msg}${e.error.details ? `; ${e.error.details}` : ''}${e.error.runtime ? `\n    the runtime reports: ${e.error.runtime}` : ''}` : '';
      const stderr = !e.ok && e.stderr.trim() ? `\n    stderr: ${stderrTail(e.stderr)}` : '';
      const survivors = e.survivors?.length ? `\n    left processes running (killed): pid ${e.survivors.join(', ')}` : '';
      const stdin = state.steps.find((s) => s.end === e)?.start.stdin;
      const limit = e.error ? machineLimit(e.pluginType, e.error.msg, stdin) : undefined;
      const known = e.error ? pluginFailureNote(e.pluginType, e.command, e.error.msg) : undefined;
      return head + why + stderr + survivors + (limit ? `\n    lab machine: ${limit}` : '') + (known ? `\n    why: ${known}` : '') + (cleanup ? `\n    ${cleanup}` : '');
    }
    case 'observed': {
      const addrs = e.namespace.addresses.map((a) => `${a.ifname} ${(a.addr_info ?? []).map((x) => `${x.local}/${x.prefixlen}`).join(' ') || '(no address)'}`);
      const route = (r: ObservedRoute) => `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;
      const routes = e.namespace.routes.map(route);
      const { policy } = e.namespace;
      const policyText = policy ? `\n  policy routing: ${[...policy.rules.map(ruleText), ...policy.routes.map((r) => `table ${r.table}: ${route(r)}`)].join('; ')}` : '';
      const host = e.hostLinks.map((l) => l.ifname);
      const wires = topologyOf(e.namespace, e.hostLinks).wires.map((w) => `${w.host} ↔ ${w.container}`);
      const sysctls = Object.entries(e.sysctls).map(([k, v]) => `${k}=${v}`);
      const mismatches = e.after === 'ADD' ? runResultMismatches(state, e.container ?? 0) : [];
      const claims = mismatches.length ? `\n  THE RESULT DOES NOT MATCH THE NAMESPACE (${mismatches.length}):${mismatches.map((m) => `\n    ${m.pointer}: ${m.message}${m.pluginIndex !== undefined ? ` (first claimed by plugin ${m.pluginIndex + 1}, ${m.pluginType})` : ''}`).join('')}` : '';
      return `  ${e.container !== undefined ? `c${e.container + 1} ` : ''}namespace after ${e.after}: ${addrs.join('; ')}\n  routes: ${routes.join('; ') || '(none)'}${policyText}\n  host links that appeared: ${host.join(', ') || '(none)'}${wires.length ? `\n  veth pairs: ${wires.join(', ')}` : ''}${e.firewallChains.length ? `\n  firewall chains added: ${e.firewallChains.join(', ')}` : ''}${sysctls.length ? `\n  sysctls in the namespace: ${sysctls.join(', ')}` : ''}${claims}`;
    }
    case 'kept':
      return `  namespace kept for inspection until ${e.until}`;
    case 'not-kept':
      return `  NOT KEPT: ${e.reason}`;
    case 'checks':
      return ['checks (real traffic between the namespaces of this run):', ...e.results.map((c) => `  ${verdictOf(c).toUpperCase().padEnd(17)} ${checkTitle(c)}: ${c.detail}${c.ms ? ` [${c.ms} ms]` : ''}`)].join('\n');
    case 'teardown':
      return `teardown: removed ${e.removedNamespaces ? `namespaces ${e.removedNamespaces.join(', ')}` : `namespace ${e.removedNamespace}`}${e.removedLinks.length ? ` and host links ${e.removedLinks.join(', ')}` : ''}${e.removedFiles?.length ? `; the IPAM's lease folder files it made: ${e.removedFiles.join(', ')}` : ''}${e.untouchedLinks.length ? `; appeared during the run, not touched: ${e.untouchedLinks.join(', ')}` : ''}${e.keptByDesign.length ? `; shared chains kept by design: ${e.keptByDesign.join(', ')}` : ''}${e.leftovers.length ? `; LEFT BEHIND: ${e.leftovers.join(', ')}` : ''}${e.removedRules?.length ? `\n  removed the run's firewall rules its DELs left (${e.removedRules.length}):${e.removedRules.map((r) => `\n    ${r}`).join('')}` : ''}${e.missingRules?.length ? `\n  MACHINE'S RULES GONE: CNI rules this machine had before the run are gone (the run's DELs, or another tool meanwhile) (${e.missingRules.length}):${e.missingRules.map((r) => `\n    ${r}`).join('')}` : ''}${e.restoredSysctls?.length ? `\n  gave back the machine's switches the run turned on: ${e.restoredSysctls.join(', ')}` : ''}`;
    case 'run-end': {
      const { ran, failed } = runSummary(state);
      const checks = state.checks ? `; ${state.checks.filter((c) => c.ok === false && !c.byDesign).length} of ${state.checks.length} checks failed` : '';
      const mismatches = allResultMismatches(state).reduce((n, c) => n + c.mismatches.length, 0);
      const several = (state.start?.containers?.length ?? 1) > 1;
      const claims = mismatches ? `; the ADD result${several ? 's claim' : ' claims'} ${mismatches} thing${mismatches === 1 ? '' : 's'} the namespace${several ? 's do' : ' does'} not hold` : '';
      return `${e.ok && !mismatches ? 'result: success' : 'result: FAILED'} (${ran} plugin call${ran === 1 ? '' : 's'}, ${failed} failed${checks}${claims})`;
    }
    default:
      return undefined;
  }
}

export async function labRun(argv: readonly string[], validator: Validator, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { flags, positional } = parseArgs(argv, { values: ['op', 'cap-args', 'cni-args', 'ifname', 'cni-path', 'host-links', 'keep', 'timeout', 'format', 'libcni', 'containers', 'container-cap-args'], booleans: ['help', 'checks'] });
  if (flags.has('help')) {
    out(LAB_USAGE);
    return 0;
  }
  if (positional.length !== 1) throw new UsageError('name exactly one configuration file');
  refuseForeignCode('lab run');
  closeInheritedFds(); // nothing this process was handed reaches the plugins it runs
  const op = String(flags.get('op') ?? 'cycle').toLowerCase();
  const operations = OPS.get(op);
  if (!operations) throw new UsageError(`--op must be ${[...OPS.keys()].join(', ')}, not "${op}"`);
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const capabilityArgs = capArgsFlag(flags) ?? {};
  const cniArgs = cniArgsFlag(flags) ?? [];
  const cniPath = cniPathFrom(flags.has('cni-path') ? String(flags.get('cni-path')) : process.env.CNI_PATH);
  const hostLinks = hostLinksFlag(flags);
  const file = positional[0]!;
  const libcni = String(flags.get('libcni') ?? DEFAULT_PROFILE.libcni);
  if (!isLibcniRelease(libcni)) throw new UsageError(`--libcni must be a libcni release: ${LIBCNI_RELEASES.join(', ')}`);
  // The findings follow the machine the run is on: its plugins' release (probed) and the chosen libcni.
  const machine = await probe(cniPath, spawnExecutor, libcni);
  const profile = machine.profile ?? { ...DEFAULT_PROFILE, libcni };
  const config = readConfigFile(file, validator.withProfile(profile), err, 'lab run takes one configuration file', 'running');
  const findings = config.findings();
  // What runs is what libcni loads from the file's bytes (the validator reads tolerantly, libcni does not).
  const loaded = libcniLoadPath(file, libcni);
  if (!loaded.ok) {
    for (const f of findings.filter((x) => x.severity === 'error')) err(`${file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.code} ${f.message}`);
    err(`cni-studio: refused, nothing was run: libcni ${libcni} refuses to load ${file}: ${loaded.error}`);
    return 1;
  }
  if (loaded.appended?.length) err(`info: libcni ${libcni} appends ${loaded.appended.length} plugin(s) from the network's folder next to the file: ${loaded.appended.join(', ')}`);
  const conflist = loaded.conflist;
  const line = (f: Finding) => `${file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.code} ${f.message}`;
  for (const f of findings.filter((x) => x.severity === 'error')) err(line(f));
  // A chain the helper would refuse (a type that is not a bare plugin name, nesting beyond the limit) is
  // refused here, before anything on the machine is touched: what the validator says about it, then why.
  const refusal = labConflistProblem(conflist);
  if (refusal) {
    for (const f of findings.filter((x) => x.severity !== 'error' && x.pointer === refusal.pointer)) err(line(f));
    err(`cni-studio: refused, nothing was run: ${refusal.message}`);
    return 1;
  }
  const containerInputs = containerCapArgsFlag(flags);
  // The default cycle of a list whose version has no CHECK (below spec 0.4.0) leaves CHECK out, saying why:
  // every such run would fail on libcni's refusal. --op check still asks for it.
  const checkRefused = op === 'cycle' ? operationGate(conflist, 'CHECK', DEFAULT_INPUTS, profile) : undefined;
  if (checkRefused?.error) err(`info: the cycle runs ADD and DEL only: ${checkRefused.reason}`);
  const parsed = parseLabRequest({ conflist, operations: checkRefused?.error ? operations.filter((o) => o !== 'CHECK') : operations, ifname: flags.get('ifname') ?? 'eth0', cniArgs, capabilityArgs, keepSeconds: Number(flags.get('keep') ?? 0), timeoutMs: Number(flags.get('timeout') ?? LAB_LIMITS.defaultTimeoutMs), libcni, containers: Number(flags.get('containers') ?? 1), checks: flags.has('checks'), ...(containerInputs ? { containerInputs } : {}) });
  if (!parsed.ok) throw new UsageError(parsed.message);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new InputError('lab run needs root: it creates a network namespace and runs the plugins (try sudo, on a lab machine)');
  const lock = acquireLock();
  if (!lock.ok) {
    err(`cni-studio: another lab run (pid ${lock.holder}) is using this machine; try again when it has finished`);
    return 1;
  }
  const events: LabEvent[] = [];
  const controller = new AbortController();
  const stopListening = onStopSignals(() => controller.abort());
  try {
    if (format === 'text') out(machineLine(machine));
    // What a killed helper or lab run left on the host (its notes' links and leases) goes first.
    const recovered = await recoverDeadRuns(hostLinks_, deleteHostLink, { rules: firewallRules, restore: restoreRules, nftRuleset, applyNft }).catch(() => ({ links: [], leases: [], files: [], rules: [], left: [], switches: [] }));
    for (const name of await staleNetns().catch(() => [])) await deleteNetns(name).catch(() => {});
    const removed = recoveredWords(recovered);
    if (format === 'text' && removed) out(removed);
    let state = emptyRunState();
    const ok = await runLab(parsed.request, { cniPath, executor: spawnExecutor, signal: controller.signal, profile, hostLinks, journal: fileJournal(), ...(machine.profile ? { machinePlugins: machine.profile.plugins } : {}) }, (e) => {
      events.push(e);
      state = foldLabEvent(state, e);
      if (format === 'text') {
        const line = describeEvent(e, state);
        if (line) out(line);
      }
    });
    // A result the namespace contradicts fails the run as a failed check does: libcni took it, the pod would not work as told.
    const trusted = ok && allResultMismatches(state).length === 0;
    if (format === 'json') out(JSON.stringify(jsonReport(trusted, events, state), null, 2));
    return trusted ? 0 : 1;
  } finally {
    stopListening();
    lock.release();
  }
}
