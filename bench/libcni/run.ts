// bench/libcni: the product's claims against a real runtime. The fidelity cases (published configs, the
// defects users hit, CHECK breakers, capability and CNI_ARGS inputs) run through real libcni — cnitool
// built from a libcni tag (`CNITOOL`, with `LIBCNI` its version) — on real plugins (`CNI_BIN`, `PLUGINS`
// their release), each in a namespace this script creates and always deletes. For each case it compares
// what real libcni did with three claims made for that profile: the validator's verdict (an error exactly
// when ADD fails), the preview's final result (what the runtime returns and caches: addresses, routes, DNS,
// version), and the lab's own libcni walk (its ADD failing exactly when real libcni's does).
// Needs root. Build a cnitool with `go build -o <path> ./cnitool` in a checkout of containernetworking/cni
// at the tag; the plugins with `./build_linux.sh` in containernetworking/plugins.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJsonObject, parseLabRequest, plan, DEFAULT_INPUTS, type JsonObject, type LabEvent, type RuntimeInputs } from '../../src/core';
import { createValidator } from '../../src/core/validate/create';
import { loadSchemas } from '../../src/node/schemas';
import { runLab } from '../../src/helper/engine';
import { spawnExecutor } from '../../src/helper/executor';
import { childEnv } from '../../src/helper/system-path';
import { CHECK_BREAKERS, fidelityCases, FIDELITY_IPAM, FIDELITY_MASTER } from '../../src/helper/fidelity-cases';

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

const validator = createValidator(loadSchemas());
const cases = fidelityCases(PROFILE);
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

interface Real {
  ok: boolean;
  /** The final result cnitool prints (stdout), and everything it said (plugins' stderr logs included). */
  stdout: string;
  out: string;
}
/** One cnitool command on the case's network, in the bench's namespace. */
function cnitool(command: string, name: string, inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = {}): Real {
  const env: Record<string, string> = { NETCONFPATH: netdir, CNI_PATH: BIN, CNI_IFNAME: 'eth0' };
  if (inputs.capabilityArgs && Object.keys(inputs.capabilityArgs).length) env.CAP_ARGS = JSON.stringify(inputs.capabilityArgs);
  if (inputs.cniArgs?.length) env.CNI_ARGS = inputs.cniArgs.map(([k, v]) => `${k}=${v}`).join(';');
  const r = spawnSync(CNITOOL!, [command, name, `/run/netns/${NS}`], { env: childEnv(env), encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, stdout: r.stdout, out: `${r.stdout}${r.stderr}`.trim() };
}

/** A case through real libcni: ADD (and CHECK), then DEL whatever happened; the namespace made and deleted. */
function runReal(conflist: JsonObject, commands: string[], inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = {}): Record<string, Real> {
  const name = String(conflist.name);
  writeFileSync(join(netdir, 'case.conflist'), JSON.stringify(conflist));
  rmSync(FIDELITY_IPAM, { recursive: true, force: true });
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

/** The same case through the lab's own libcni walk: whether its ADD failed. */
async function labAddFails(conflist: JsonObject, inputs: { capabilityArgs?: JsonObject; cniArgs?: [string, string][] } = {}): Promise<boolean> {
  rmSync(FIDELITY_IPAM, { recursive: true, force: true });
  const parsed = parseLabRequest({ conflist, operations: ['ADD', 'DEL'], libcni: PROFILE.libcni, ...inputs });
  if (!parsed.ok) throw new Error(parsed.message);
  const events: LabEvent[] = [];
  await runLab(parsed.request, { cniPath: [BIN], executor: spawnExecutor, profile: PROFILE, hostLinks: [FIDELITY_MASTER], machinePlugins: PROFILE.plugins }, (e) => events.push(e));
  return events.some((e) => e.type === 'invocation-end' && e.phase === 'run' && e.command === 'ADD' && !e.ok);
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
const count = (k: keyof typeof tally, agrees: boolean) => {
  tally[k][1]++;
  if (agrees) tally[k][0]++;
};

spawnSync('ip', ['link', 'delete', FIDELITY_MASTER]);
ip('link', 'add', FIDELITY_MASTER, 'type', 'veth', 'peer', 'name', 'cnistudio-fm1');
ip('link', 'set', FIDELITY_MASTER, 'up');
try {
  for (const c of [...cases.add, ...cases.inputs.map((i) => ({ ...i, input: true }))]) {
    const inputs = 'input' in c ? { capabilityArgs: (c as { capabilityArgs?: JsonObject }).capabilityArgs ?? {}, cniArgs: (c as { cniArgs?: [string, string][] }).cniArgs ?? [] } : {};
    const real = runReal(c.conflist, ['add'], inputs).add!;
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
    count('verdict', warns === checkFails);
    rows.push(`  ${checkFails ? 'CHECK fails' : 'CHECK runs '} | warning ${warns === checkFails ? 'ok' : 'NO'} | ${c.name}${checkFails ? ` — ${real.check!.out.replace(/\s+/g, ' ').slice(0, 100)}` : ''}`);
  }
} finally {
  spawnSync('ip', ['link', 'delete', FIDELITY_MASTER]);
  rmSync(FIDELITY_IPAM, { recursive: true, force: true });
  rmSync(netdir, { recursive: true, force: true });
}

const ratio = ([a, b]: number[]) => `${a} of ${b}`;
console.log(`bench/libcni: real libcni ${PROFILE.libcni} (${CNITOOL}) with plugins ${PROFILE.plugins} (${BIN})\n${rows.join('\n')}`);
console.log(`verdicts (an error, or a CHECK warning, exactly where real libcni fails): ${ratio(tally.verdict)}; predicted final results equal to real libcni's: ${ratio(tally.result)}; the lab's walk failing exactly where real libcni fails: ${ratio(tally.lab)}`);
