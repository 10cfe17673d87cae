// bench/predict: the preview's predicted ADD results against the real plugins (Debian's 1.1.1 in
// /usr/lib/cni). Each chain runs for real in a namespace this script creates and always deletes: every
// plugin gets the stdin the planner builds, with the previous result as libcni (the profile's release)
// hands it on; then DEL with the cached result. For every plugin it compares what the planner says the
// plugin prints with what it printed, what the next plugin gets, and the cached final result; MACs the
// kernel picks and host veth names are the only values left out. Prints the chains compared and matched.
// `CORE=<dir>` measures another tree's planner (its src/core), e.g. a worktree of an older commit.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import * as current from '../../src/core';
import { createValidator } from '../../src/core/validate/create';
import { loadSchemas } from '../../src/node/schemas';
import { childEnv } from '../../src/helper/system-path';
import type { JsonObject, JsonValue, RuntimeInputs } from '../../src/core';

type Core = typeof current;
const core: Core = process.env.CORE ? ((await import(pathToFileURL(resolve(process.env.CORE, 'src/core/index.ts')).href)) as Core) : current;
// The validator only reads the configs; CORE swaps the planner under test.
const validator = createValidator(loadSchemas());
// Another plugins release (built from its tag): CNI_BIN=<dir> PLUGINS=<version>.
const PROFILE = { libcni: process.env.LIBCNI ?? '1.1.2', plugins: process.env.PLUGINS ?? '1.1.1' };
const BIN = process.env.CNI_BIN ?? '/usr/lib/cni';
const IPAM_DIR = '/tmp/cnistudio-predict-ipam';
const PREFIX = `cnistudio-p${process.pid % 10000}`;
/** Host links this script makes or names (15 bytes at most). */
const LINK = `csp${process.pid % 10000}`;

if (process.getuid?.() !== 0) {
  console.error('bench/predict needs root (it creates namespaces and runs the plugins).');
  process.exit(2);
}

const hostLocal = (subnet: string, extra: JsonObject = {}): JsonObject => ({ type: 'host-local', ranges: [[{ subnet }]], dataDir: IPAM_DIR, ...extra });
const MASTER = `${LINK}m0`;
const DEVICE = `${LINK}d0`;
const PORTS = { portMappings: [{ hostPort: 18123, containerPort: 80, protocol: 'tcp' }] };

interface Case {
  name: string;
  plugins: JsonObject[];
  versions: string[];
  caps?: JsonObject;
}
// Spec 1.1.0 too where the plugins take it (1.6.0 on).
const ALL = ['0.3.1', '0.4.0', '1.0.0', ...(current.versionAtLeast(PROFILE.plugins, '1.6.0') ? ['1.1.0'] : [])];
const CASES: Case[] = [
  { name: 'loopback', plugins: [{ type: 'loopback' }], versions: ['0.2.0', ...ALL] },
  { name: 'bridge+host-local', plugins: [{ type: 'bridge', bridge: `${LINK}b1`, ipam: hostLocal('10.244.201.0/24') }], versions: ['0.2.0', ...ALL] },
  { name: 'bridge L2 only', plugins: [{ type: 'bridge', bridge: `${LINK}b2` }], versions: ALL },
  { name: 'bridge gateway+portmap', plugins: [{ type: 'bridge', bridge: `${LINK}b3`, isGateway: true, isDefaultGateway: true, ipam: hostLocal('10.244.203.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }], versions: ALL, caps: PORTS },
  { name: 'bridge+portmap+tuning mac', plugins: [{ type: 'bridge', bridge: `${LINK}b4`, ipam: hostLocal('10.244.204.0/24', { routes: [{ dst: '0.0.0.0/0' }] }) }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning', mac: 'c2:00:00:00:00:09' }], versions: ALL, caps: PORTS },
  { name: 'ptp+bandwidth in+out', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.205.0/24') }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000, egressRate: 1000000, egressBurst: 100000 }], versions: ALL },
  { name: 'ptp+bandwidth ingress', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.206.0/24') }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }], versions: ALL },
  { name: 'ptp+bandwidth none', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.207.0/24') }, { type: 'bandwidth' }], versions: ALL },
  { name: 'ptp+firewall', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.208.0/24') }, { type: 'firewall' }], versions: ['0.4.0', '1.0.0'] },
  { name: 'ptp+tuning sysctl+sbr', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.209.0/24') }, { type: 'tuning', sysctl: { 'net.core.somaxconn': '512' } }, { type: 'sbr' }], versions: ALL },
  { name: 'ptp+vrf', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.210.0/24') }, { type: 'vrf', vrfname: 'blue' }], versions: ALL },
  { name: 'macvlan+static', plugins: [{ type: 'macvlan', master: MASTER, ipam: { type: 'static', addresses: [{ address: '192.168.211.5/24', gateway: '192.168.211.1' }], routes: [{ dst: '192.168.0.0/16' }] } }], versions: ['0.2.0', ...ALL] },
  { name: 'ipvlan+static', plugins: [{ type: 'ipvlan', master: MASTER, ipam: { type: 'static', addresses: [{ address: '192.168.212.5/24' }] } }], versions: ALL },
  { name: 'bridge dual stack', plugins: [{ type: 'bridge', bridge: `${LINK}b5`, ipam: { type: 'static', addresses: [{ address: '10.244.213.5/24', gateway: '10.244.213.1' }, { address: 'fd00:213::5/64' }], dns: { nameservers: ['10.244.213.1'] } } }], versions: ALL },
  { name: 'bridge+loopback chained', plugins: [{ type: 'bridge', bridge: `${LINK}b6`, ipam: hostLocal('10.244.214.0/24') }, { type: 'loopback' }], versions: ALL },
  { name: 'loopback+portmap', plugins: [{ type: 'loopback' }, { type: 'portmap', capabilities: { portMappings: true } }], versions: ALL, caps: PORTS },
  { name: 'vlan+static', plugins: [{ type: 'vlan', master: MASTER, vlanId: 215, ipam: { type: 'static', addresses: [{ address: '192.168.215.5/24' }] } }], versions: ALL },
  { name: 'bridge dual-stack host-local, default gateway', plugins: [{ type: 'bridge', bridge: `${LINK}b7`, isGateway: true, isDefaultGateway: true, ipam: hostLocal('10.244.217.0/24', { ranges: [[{ subnet: '10.244.217.0/24' }], [{ subnet: 'fd00:217::/64' }]] }) }], versions: ['0.2.0', ...ALL] },
  { name: 'ptp with dns + portmap', plugins: [{ type: 'ptp', dns: { nameservers: ['10.244.218.1'], search: ['svc.local'] }, ipam: hostLocal('10.244.218.0/24', { routes: [{ dst: '0.0.0.0/0', gw: '10.244.218.1' }] }) }, { type: 'portmap', capabilities: { portMappings: true }, snat: false }], versions: ALL, caps: PORTS },
  { name: 'macvlan with dns, static dns dropped', plugins: [{ type: 'macvlan', master: MASTER, mode: 'bridge', dns: { nameservers: ['192.168.219.1'] }, ipam: { type: 'static', addresses: [{ address: '192.168.219.5/24' }], dns: { nameservers: ['9.9.9.9'] } } }, { type: 'tuning', mac: 'c2:00:00:00:00:09' }], versions: ALL },
  { name: 'bridge+firewall+bandwidth+tuning', plugins: [{ type: 'bridge', bridge: `${LINK}b8`, ipam: hostLocal('10.244.220.0/24') }, { type: 'firewall' }, { type: 'bandwidth', egressRate: 1000000, egressBurst: 100000 }, { type: 'tuning', sysctl: { 'net.core.somaxconn': '256' } }], versions: ['0.4.0', '1.0.0'] },
  { name: 'loopback+bandwidth egress after ptp', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.221.0/24') }, { type: 'loopback' }, { type: 'bandwidth', egressRate: 1000000, egressBurst: 100000 }], versions: ALL },
  { name: 'host-device+static', plugins: [{ type: 'host-device', device: DEVICE, ipam: { type: 'static', addresses: [{ address: '192.168.216.5/24' }] } }], versions: ALL },
];

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const quietly = (f: () => unknown) => {
  try {
    f();
  } catch {
    // already gone
  }
};

/** MACs the kernel picks and host veth names (the kernel's too) are the only values not compared. */
function normalize(value: JsonValue | undefined, fixedMacs: Set<string>): JsonValue | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => normalize(v, fixedMacs) as JsonValue);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'mac' && typeof v === 'string' && !fixedMacs.has(v)) out[k] = 'MAC';
    else if (k === 'name' && typeof v === 'string' && /^veth[0-9a-f]{8}$/.test(v)) out[k] = 'VETH';
    else out[k] = normalize(v, fixedMacs) as JsonValue;
  }
  return out;
}

interface Outcome {
  chain: string;
  ran: boolean;
  matched: boolean;
  diffs: string[];
}

function run(c: Case, version: string, n: number): Outcome {
  const chain = `${c.name} @${version}`;
  const ns = `${PREFIX}-${n}`;
  const conflist: JsonObject = { cniVersion: version, name: `${PREFIX}-net${n}`, plugins: c.plugins };
  const inputs: RuntimeInputs = { ...core.DEFAULT_INPUTS, containerId: ns, netns: `/run/netns/${ns}`, ifname: 'eth0', cniPath: [BIN], capabilityArgs: c.caps ?? {} };
  const fixedMacs = new Set(['00:00:00:00:00:00', 'c2:00:00:00:00:09']);
  const newTypes = current.libcniNewTypes(PROFILE.libcni);
  ip('netns', 'add', ns);
  const exec = (inv: current.Invocation) => spawnSync(`${BIN}/${inv.type}`, [], { input: inv.stdinText, env: childEnv({ ...inv.env }), encoding: 'utf8' });
  const printed: JsonObject[] = [];
  let cached: JsonObject | undefined;
  let error: string | undefined;
  try {
    // The real chain, walked by the current loop; each result handed on as libcni reads it.
    const add = current.walkSync(current.walkChain(conflist, 'ADD', inputs, { gate: false }), (inv) => {
      const r = exec(inv);
      if (r.status !== 0) {
        error = `${inv.type}: ${r.stdout.trim() || r.stderr.trim()}`;
        return { ok: false };
      }
      const out = JSON.parse(r.stdout) as JsonObject;
      printed.push(out);
      return { ok: true, result: current.libcniReadsResult(out, version, newTypes) };
    });
    cached = add.end.result;
    const handedOn = add.invocations.slice(1).map((i) => i.stdin.prevResult as JsonObject);
    if (error) return { chain, ran: false, matched: false, diffs: [error] };
    const p = core.plan(conflist, inputs, 'ADD', { validator, profile: PROFILE } as Parameters<Core['plan']>[3]);
    const diffs: string[] = [];
    const same = (what: string, predicted: JsonValue | undefined, real: JsonValue | undefined) => {
      const a = normalize(predicted, fixedMacs);
      const b = normalize(real, fixedMacs);
      if (!isDeepStrictEqual(a, b)) diffs.push(`${what}\n    predicted ${JSON.stringify(a)}\n    real      ${JSON.stringify(b)}`);
    };
    printed.forEach((real, i) => same(`${c.plugins[i]!.type} prints`, p.results[i], real));
    handedOn.forEach((real, i) => same(`${c.plugins[i + 1]!.type} gets prevResult`, p.invocations[i + 1]?.stdin.prevResult, real));
    same('cached result', p.cachedResult, cached);
    return { chain, ran: true, matched: diffs.length === 0, diffs };
  } finally {
    quietly(() => current.walkSync(current.walkChain(conflist, 'DEL', inputs, { cached, keepGoing: true }), (inv) => ({ ok: exec(inv).status === 0 })));
    quietly(() => ip('netns', 'delete', ns));
  }
}

const outcomes: Outcome[] = [];
ip('link', 'add', MASTER, 'type', 'veth', 'peer', 'name', `${LINK}m1`);
let n = 0;
try {
  for (const c of CASES) {
    for (const version of c.versions) {
      if (c.name.startsWith('host-device')) quietly(() => ip('link', 'add', DEVICE, 'type', 'veth', 'peer', 'name', `${LINK}d1`));
      outcomes.push(run(c, version, n++));
      quietly(() => ip('link', 'delete', `${LINK}d1`));
    }
  }
} finally {
  quietly(() => ip('link', 'delete', MASTER));
  for (const b of ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8']) quietly(() => ip('link', 'delete', `${LINK}${b}`));
  rmSync(IPAM_DIR, { recursive: true, force: true });
}

for (const o of outcomes) {
  console.log(`${o.ran ? (o.matched ? 'match   ' : 'MISMATCH') : 'not run '} ${o.chain}`);
  for (const d of o.diffs) console.log(`  ${d}`);
}
const ran = outcomes.filter((o) => o.ran);
console.log(`\nprofile libcni ${PROFILE.libcni} + plugins ${PROFILE.plugins}${process.env.CORE ? ` (planner from ${process.env.CORE})` : ''}: ${ran.filter((o) => o.matched).length} of ${ran.length} chains predicted exactly (${outcomes.length - ran.length} not run: the real ADD failed)`);
