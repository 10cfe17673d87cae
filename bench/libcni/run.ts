// bench/libcni: the product's claims against a real runtime. The fidelity cases (published configs, the
// defects users hit, CHECK breakers, capability and CNI_ARGS inputs) run through real libcni — cnitool
// built from a libcni tag (`CNITOOL`, with `LIBCNI` its version) — on real plugins (`CNI_BIN`, `PLUGINS`
// their release), each in a namespace this script creates and always deletes. For each case it compares
// what real libcni did with three claims made for that profile: the validator's verdict (an error exactly
// when ADD fails), the preview's final result (what the runtime returns and caches: addresses, routes, DNS,
// version), the lab's own libcni walk (its ADD failing exactly when real libcni's does), and the preview's
// stdin: every plugin is reached through a recording shim, and what real libcni sent it for ADD, CHECK and
// DEL (bytes and CNI_* variables) is compared with the planner's invocation; only prevResult's values are
// the real ones there (MACs and veth names are the kernel's; the results are compared above).
// Needs root. Build a cnitool with `go build -o <path> ./cnitool` in a checkout of containernetworking/cni
// at the tag; the plugins with `./build_linux.sh` in containernetworking/plugins.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addFailure, isJsonObject, parseLabRequest, plan, versionAtLeast, DEFAULT_INPUTS, type JsonObject, type LabEvent, type Operation, type Plan, type RuntimeInputs } from '../../src/core';
import { createValidator } from '../../src/core/validate/create';
import { loadSchemas } from '../../src/node/schemas';
import { runLab } from '../../src/helper/engine';
import { spawnExecutor } from '../../src/helper/executor';
import { childEnv } from '../../src/helper/system-path';
import { CHECK_BREAKERS, fidelityCases, FIDELITY_IPAM, FIDELITY_MASTER, publishedCases } from '../../src/helper/fidelity-cases';
import { freshStateDir } from '../../src/node/state-dir';

const CNITOOL = process.env.CNITOOL;
const PROFILE = { libcni: process.env.LIBCNI ?? '', plugins: process.env.PLUGINS ?? '1.1.1' };
const BIN = process.env.CNI_BIN ?? '/usr/lib/cni';
if (!CNITOOL || !PROFILE.libcni) {
  console.error('bench/libcni: set CNITOOL=<cnitool built from a libcni tag> and LIBCNI=<that version> (CNI_BIN, PLUGINS for other plugins than Debian\'s 1.1.1).');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  console.error('bench/libcni needs root (it creates namespaces and runs the plugins).');
  process.exit(2);
}

// PUBLISHED=1: more published configs, which name real nodes' bridges and subnets: only in a network
// namespace of this bench's own (`unshare --net`: no link but lo when it starts), never on the host's.
const PUBLISHED = process.env.PUBLISHED === '1';
const links = () => (JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[]).map((l) => l.ifname);
if (PUBLISHED && links().some((name) => name !== 'lo')) {
  console.error('bench/libcni: PUBLISHED=1 runs configs that name real bridges and subnets; run it in a network namespace of its own (sudo unshare --net npm run bench:libcni).');
  process.exit(2);
}

const validator = createValidator(loadSchemas());
const cases = fidelityCases(PROFILE);
if (PUBLISHED) cases.add.push(...publishedCases(PROFILE));
const NS = `cnistudio-rl${process.pid % 10000}`;
const netdir = mkdtempSync(join(tmpdir(), 'cnistudio-libcni-'));
const quietly = (f: () => unknown) => {
  try {
    f();
  } catch {
    // already gone
  }
};
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

// Recording shims, one per plugin of CNI_BIN: each keeps its stdin and CNI_* variables, then runs the plugin.
const shims = mkdtempSync(join(tmpdir(), 'cnistudio-libcni-shims-'));
const records = join(shims, 'records');
mkdirSync(records);
for (const type of readdirSync(BIN)) {
  if (!/^[\w.-]+$/.test(type)) continue;
  writeFileSync(join(shims, type), `#!/bin/sh\nf=${records}/$(date +%s%N)-$$\n{ env | grep '^CNI_'; echo 'SHIM_TYPE=${type}'; } > "$f.env"\ntee "$f.stdin" | '${join(BIN, type)}'\n`);
  chmodSync(join(shims, type), 0o755);
}
interface Recorded {
  env: Record<string, string>;
  stdinText: string;
}
const takeRecords = (): Recorded[] => {
  const names = readdirSync(records).filter((f) => f.endsWith('.env')).sort();
  const out = names.map((f) => {
    const env = Object.fromEntries(readFileSync(join(records, f), 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { env, stdinText: readFileSync(join(records, f.replace(/\.env$/, '.stdin')), 'utf8') };
  });
  for (const f of readdirSync(records)) rmSync(join(records, f));
  return out;
};
/** cnitool's container ID for a namespace path: "cnitool-" and the first 10 bytes of its SHA-512, in hex. */
const CONTAINER_ID = `cnitool-${createHash('sha512').update(`/run/netns/${NS}`).digest('hex').slice(0, 20)}`;

interface Real {
  ok: boolean;
  /** What real libcni sent each plugin it ran (and the IPAM plugins they ran themselves), in order. */
  records: Recorded[];
  /** The final result cnitool prints (stdout), and everything it said (plugins' stderr logs included). */
  stdout: string;
  out: string;
}
/** One cnitool command on the case's network, in the bench's namespace. */
function cnitool(command: string, name: string, inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = {}): Real {
  const env: Record<string, string> = { NETCONFPATH: netdir, CNI_PATH: shims, CNI_IFNAME: 'eth0' };
  if (inputs.capabilityArgs && Object.keys(inputs.capabilityArgs).length) env.CAP_ARGS = JSON.stringify(inputs.capabilityArgs);
  if (inputs.cniArgs?.length) env.CNI_ARGS = inputs.cniArgs.map(([k, v]) => `${k}=${v}`).join(';');
  const r = spawnSync(CNITOOL!, [command, name, `/run/netns/${NS}`], { env: childEnv(env), encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, records: takeRecords(), stdout: r.stdout, out: `${r.stdout}${r.stderr}`.trim() };
}

/** A case through real libcni: ADD (and CHECK), then DEL whatever happened; the namespace made and deleted. */
function runReal(conflist: JsonObject, commands: string[], inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = {}): Record<string, Real> {
  const name = String(conflist.name);
  writeFileSync(join(netdir, 'case.conflist'), JSON.stringify(conflist));
  freshStateDir(FIDELITY_IPAM);
  // The bridge plugin never deletes its bridge: one the case makes is deleted here (the lab's run of the
  // same case would otherwise find it there and refuse to touch it).
  const bridges = (conflist.plugins as JsonObject[]).filter((p) => p.type === 'bridge' && typeof p.bridge === 'string').map((p) => p.bridge as string);
  const madeHere = bridges.filter((b) => spawnSync('ip', ['link', 'show', 'dev', b]).status !== 0);
  ip('netns', 'add', NS);
  const out: Record<string, Real> = {};
  try {
    for (const c of commands) {
      out[c] = cnitool(c, name, inputs);
      if (!out[c]!.ok) break;
    }
  } finally {
    out.del = cnitool('del', name, inputs);
    quietly(() => ip('netns', 'delete', NS));
    for (const b of madeHere) spawnSync('ip', ['link', 'delete', 'dev', b]);
  }
  return out;
}

// MACs and host veth names are the kernel's choice (the planner's are placeholders): masked on both sides.
const masked = (text: string) => text.replace(/"mac":"[^"]*"/g, '"mac":"<mac>"').replace(/"name":"veth[0-9a-f]{8}"/g, '"name":"<veth>"');
const ENV_KEYS = ['CNI_COMMAND', 'CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_ARGS', 'CNI_PATH'] as const;

/**
 * The planner's invocations for an operation real libcni completed, against what it sent: each planned one
 * is matched with the next record of its plugin and command (IPAM plugins a plugin runs itself come in
 * between); its CNI_* variables and its stdin bytes must be the same. Returns the differences, in words.
 */
function compareStdin(conflist: JsonObject, operation: Operation, inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] }, recorded: Recorded[], extra: Partial<RuntimeInputs> = {}): { planned: Plan; compared: number; same: number; differences: string[] } {
  const runtimeInputs: RuntimeInputs = { ...DEFAULT_INPUTS, containerId: CONTAINER_ID, netns: `/run/netns/${NS}`, ifname: 'eth0', cniPath: [shims], ...inputs, ...extra };
  const planned = plan(conflist, runtimeInputs, operation, { validator, profile: PROFILE });
  const differences: string[] = [];
  let at = 0;
  let compared = 0;
  let same = 0;
  const matched = new Set<number>();
  for (const inv of planned.invocations) {
    const k = recorded.findIndex((r, i) => i >= at && r.env.SHIM_TYPE === inv.type && r.env.CNI_COMMAND === inv.command);
    if (k < 0) {
      differences.push(`${inv.command} ${inv.type}: planned, but real libcni did not run it`);
      continue;
    }
    at = k + 1;
    matched.add(k);
    compared++;
    const real = recorded[k]!;
    const before = differences.length;
    for (const key of ENV_KEYS) if ((real.env[key] ?? '') !== (inv.env[key] ?? '')) differences.push(`${inv.command} ${inv.type}: ${key} ${JSON.stringify(real.env[key] ?? '')}, planned ${JSON.stringify(inv.env[key] ?? '')}`);
    if (masked(real.stdinText) !== masked(inv.stdinText)) differences.push(`${inv.command} ${inv.type}: stdin differs\n        real    ${masked(real.stdinText)}\n        planned ${masked(inv.stdinText)}`);
    if (differences.length === before) same++;
  }
  // A plugin of the list that real libcni ran and the planner did not (the list's own types only: IPAM
  // plugins are run by the plugins that delegate to them).
  const types = new Set((conflist.plugins as JsonObject[]).map((p) => p.type));
  recorded.forEach((r, i) => {
    if (!matched.has(i) && types.has(r.env.SHIM_TYPE) && r.env.CNI_COMMAND === operation) differences.push(`${operation} ${r.env.SHIM_TYPE}: real libcni ran it, not planned${planned.skipped ? ` (planned: ${planned.skipped.reason})` : ''}`);
  });
  return { planned, compared, same, differences };
}

/** The same case through the lab's own libcni walk: whether its ADD failed. */
async function labAddFails(conflist: JsonObject, inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = {}): Promise<boolean> {
  freshStateDir(FIDELITY_IPAM);
  const parsed = parseLabRequest({ conflist, operations: ['ADD', 'DEL'], libcni: PROFILE.libcni, ...inputs });
  // The helper refuses a list its libcni would refuse to load, in libcni's words: its ADD fails there.
  if (!parsed.ok && /refuses to load/.test(parsed.message)) return true;
  if (!parsed.ok) throw new Error(parsed.message);
  const events: LabEvent[] = [];
  await runLab(parsed.request, { cniPath: [BIN], executor: spawnExecutor, profile: PROFILE, hostLinks: [FIDELITY_MASTER], machinePlugins: PROFILE.plugins }, (e) => events.push(e));
  return addFailure(events) !== undefined;
}

const shape = (r: JsonObject | undefined) => ({ ips: r?.ips, ip4: r?.ip4, ip6: r?.ip6, routes: r?.routes, dns: r?.dns, cniVersion: r?.cniVersion });
const parseResult = (text: string): JsonObject | undefined => {
  try {
    const v = JSON.parse(text) as unknown;
    return isJsonObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
};

const rows: string[] = [];
const tally = { verdict: [0, 0], result: [0, 0], lab: [0, 0] };
const stdins = { compared: 0, same: 0 };
/** compareStdin, counted and its differences listed. */
const tallyStdin = (...args: Parameters<typeof compareStdin>): Plan => {
  const d = compareStdin(...args);
  stdins.compared += d.compared;
  stdins.same += d.same;
  for (const x of d.differences) rows.push(`      ${x}`);
  return d.planned;
};
const count = (k: keyof typeof tally, agrees: boolean) => {
  tally[k][1]++;
  if (agrees) tally[k][0]++;
};

spawnSync('ip', ['link', 'delete', FIDELITY_MASTER]);
ip('link', 'add', FIDELITY_MASTER, 'type', 'veth', 'peer', 'name', 'cnistudio-fm1');
ip('link', 'set', FIDELITY_MASTER, 'up');
try {
  const withInputs = [...cases.add.map((c) => ({ ...c, inputs: {} })), ...cases.inputs.map((c) => ({ ...c, inputs: { capabilityArgs: c.capabilityArgs ?? {}, cniArgs: c.cniArgs ?? [] } }))];
  for (const c of withInputs) {
    const inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = c.inputs;
    const reals = runReal(c.conflist, ['add'], inputs);
    const real = reals.add!;
    const runtimeInputs: RuntimeInputs = { ...DEFAULT_INPUTS, netns: `/run/netns/${NS}`, cniPath: [BIN], ...inputs };
    const preview = plan(c.conflist, runtimeInputs, 'ADD', { validator, profile: PROFILE });
    const errors = [...validator.validate(c.conflist, { profile: PROFILE }).filter((f) => f.severity === 'error').map((f) => f.code), ...preview.notes.filter((n) => n.severity === 'error').map(() => 'preview')];
    const verdictAgrees = (errors.length > 0) === !real.ok;
    count('verdict', verdictAgrees);
    let resultAgrees: boolean | undefined;
    if (real.ok && errors.length === 0) {
      resultAgrees = JSON.stringify(shape(preview.cachedResult)) === JSON.stringify(shape(parseResult(real.stdout)));
      count('result', resultAgrees);
    }
    if (real.ok) {
      tallyStdin(c.conflist, 'ADD', inputs, real.records);
      tallyStdin(c.conflist, 'DEL', inputs, reals.del!.records);
    }
    // STATUS and GC (libcni 1.2 and newer), after an ADD of their own: what real libcni runs for them.
    if (real.ok && versionAtLeast(PROFILE.libcni, '1.2.0')) {
      const again = runReal(c.conflist, ['add', 'status', 'gc'], inputs);
      const result = parseResult(again.add!.stdout);
      // cnitool's GC passes no arguments; the cache holds this attachment as its ADD left it.
      const gcInputs: Partial<RuntimeInputs> = { cachedAttachments: [{ containerID: CONTAINER_ID, ifname: 'eth0', netns: `/run/netns/${NS}`, capabilityArgs: inputs.capabilityArgs ?? {}, cniArgs: inputs.cniArgs ?? [], ...(result ? { result } : {}) }] };
      for (const op of ['STATUS', 'GC'] as const) {
        const r = again[op.toLowerCase()];
        if (!r) continue;
        const planned = tallyStdin(c.conflist, op, inputs, r.records, op === 'GC' ? gcInputs : {});
        if ((planned.skipped?.error === true) === r.ok) rows.push(`      ${op}: real libcni ${r.ok ? 'succeeded' : `failed (${r.out.replace(/\s+/g, ' ').slice(0, 100)})`}, planned ${planned.skipped?.error ? `refused: ${planned.skipped.reason}` : 'to run'}`);
      }
    }
    const lab = await labAddFails(c.conflist, inputs);
    count('lab', lab === !real.ok);
    const mark = (b: boolean | undefined) => (b === undefined ? '  ' : b ? 'ok' : 'NO');
    rows.push(`  ${real.ok ? 'ADD runs ' : 'ADD fails'} | verdict ${mark(verdictAgrees)} ${errors.length ? errors.join(',').padEnd(12) : 'no error'.padEnd(12)} | result ${mark(resultAgrees)} | lab ${mark(lab === !real.ok)} | ${c.name}${real.ok ? '' : ` — ${real.out.replace(/\s+/g, ' ').slice(0, 100)}`}`);
    if (resultAgrees === false) rows.push(`      predicted ${JSON.stringify(shape(preview.cachedResult))}\n      real      ${JSON.stringify(shape(parseResult(real.stdout)))}`);
  }
  for (const c of cases.check) {
    const real = runReal(c.conflist, ['add', 'check']);
    const warns = validator.validate(c.conflist, { profile: PROFILE }).some((f) => CHECK_BREAKERS.has(f.code));
    const checkFails = real.add!.ok && !real.check!.ok;
    if (real.add!.ok && real.check!.ok) tallyStdin(c.conflist, 'CHECK', {}, real.check!.records);
    count('verdict', warns === checkFails);
    rows.push(`  ${checkFails ? 'CHECK fails' : 'CHECK runs '} | warning ${warns === checkFails ? 'ok' : 'NO'} | ${c.name}${checkFails ? ` — ${real.check!.out.replace(/\s+/g, ' ').slice(0, 100)}` : ''}`);
  }
} finally {
  spawnSync('ip', ['link', 'delete', FIDELITY_MASTER]);
  rmSync(FIDELITY_IPAM, { recursive: true, force: true });
  rmSync(netdir, { recursive: true, force: true });
  rmSync(shims, { recursive: true, force: true });
}

const ratio = ([a, b]: number[]) => `${a} of ${b}`;
console.log(`bench/libcni: real libcni ${PROFILE.libcni} (${CNITOOL}) with plugins ${PROFILE.plugins} (${BIN})\n${rows.join('\n')}`);
console.log(`verdicts (an error, or a CHECK warning, exactly where real libcni fails): ${ratio(tally.verdict)}; predicted final results equal to real libcni's: ${ratio(tally.result)}; the lab's walk failing exactly where real libcni fails: ${ratio(tally.lab)}; stdin and CNI_* variables as planned: ${stdins.same} of ${stdins.compared} invocations`);
