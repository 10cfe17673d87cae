// The reachability checks of issue 14, end to end through `cni-studio lab run --checks --format json`, each
// run inside a network namespace this file creates to stand in for the host (`ip netns exec`, which also
// gives it its own /sys, as `unshare --net` would with a fresh mount). So even the "host" side of every
// check (the bridge, the veth host ends, the NAT rules, the client and outside namespaces' links) is a
// namespace the test made: the machine's own network is never a party. Real plugins, root: CI must run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, LabEvent } from '../core';
import { findPlugin } from './probe';
import { findTool } from './probes';
import { staleNetns } from './netns';
import { freshStateDir } from '../node/state-dir';
import { gone } from './process-testing';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && ['bridge', 'ptp', 'macvlan', 'portmap', 'bandwidth'].every((p) => findPlugin(p, SYSTEM) !== undefined) && findTool('ping') !== undefined;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const IPAM_DIR = '/tmp/cnistudio-isolated-ipam';

interface Check {
  kind: string;
  from: string;
  to: string;
  family?: string;
  ok: boolean | null;
  byDesign?: boolean;
  detail: string;
  ms: number;
}
interface Report {
  ok: boolean;
  checks: Check[];
  events: LabEvent[];
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });

describe('lab checks in a namespace standing in for the host', () => {
  it(`has root, the plugins and ping${CI ? ' (required in CI)' : ''}`, () => {
    if (!CI && !ready) return; // without root, plugins or ping the runs below are skipped off CI
    expect({ root, ready }).toEqual({ root: true, ready: true });
  });
});

describe.runIf(ready)('lab run --checks inside a stand-in host namespace', () => {
  // The stand-in "host": loopback up and nothing else, like a fresh `unshare --net`.
  const host = `cnistudio-host${randomBytes(2).toString('hex')}`;
  // The macvlan scenario's router, on the far side of its master link.
  const router = `cnistudio-rtr${randomBytes(2).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'cnistudio-isolated-'));
  const rootLinksBefore = new Set<string>();
  beforeAll(() => {
    // Reservations an interrupted run left would shift this run's addresses (host-local hands out the next).
    freshStateDir(IPAM_DIR);
    for (const l of JSON.parse(ip('-j', 'link', 'show')) as { ifname: string }[]) rootLinksBefore.add(l.ifname);
    ip('netns', 'add', host);
    ip('-n', host, 'link', 'set', 'lo', 'up');
    ip('netns', 'add', router);
  });
  afterAll(() => {
    // The stand-in goes, and with it every link and rule a run could have left in it.
    spawnSync('ip', ['netns', 'delete', host]);
    spawnSync('ip', ['netns', 'delete', router]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(IPAM_DIR, { recursive: true, force: true });
  });

  /** The host ends of the client and outside namespaces the runs wired (in the stand-in, never the machine). */
  const wiredLinks: string[] = [];

  /** One `lab run` in the stand-in host; a run of another test file holding the machine's lab lock is waited for. */
  async function run(conflist: JsonObject, ...args: string[]): Promise<{ status: number | null; report: Report; stderr: string }> {
    const file = join(dir, `${String(conflist.name)}.conflist`);
    writeFileSync(file, JSON.stringify(conflist));
    for (let attempt = 0; ; attempt++) {
      const r = spawnSync('ip', ['netns', 'exec', host, process.execPath, resolve('bin/cni-studio.cjs'), 'lab', 'run', file, '--format', 'json', '--cni-path', SYSTEM.join(':'), ...args], { encoding: 'utf8', timeout: 120_000 });
      if (/another lab run .* is using this machine/.test(r.stderr) && attempt < 60) {
        await new Promise((done) => setTimeout(done, 1000));
        continue;
      }
      if (!r.stdout.trim().startsWith('{')) throw new Error(`lab run printed no report (exit ${r.status}): ${r.stderr}`);
      const report = JSON.parse(r.stdout) as Report;
      for (const e of report.events) if (e.type === 'checks') wiredLinks.push(...(e.wired ?? []).map((w) => w.hostLink));
      return { status: r.status, report, stderr: r.stderr };
    }
  }
  const find = (r: Report, kind: string, from: string, to: string, family = 'ipv4') => r.checks.find((c) => c.kind === kind && c.from === from && c.to === to && (c.family === undefined || c.family === family));
  const ipam = (subnet: string) => ({ type: 'host-local', ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: IPAM_DIR });
  const dualStack = (n: number) => ({ type: 'host-local', ranges: [[{ subnet: `10.244.${n}.0/24` }], [{ subnet: `fd00:c5:${n}::/64` }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }], dataDir: IPAM_DIR });
  const teardownOf = (r: Report) => r.events.find((e): e is Extract<LabEvent, { type: 'teardown' }> => e.type === 'teardown');
  const hostLinksSeen = (r: Report) => r.events.flatMap((e) => (e.type === 'observed' ? e.hostLinks.map((l) => l.ifname) : []));

  it('bridge + host-local + portmap, 2 containers: ping and tcp both ways, host port 8080 → 80 reaches c1, masquerade seen from the outside', async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso1', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti1', isGateway: true, ipMasq: true, ipam: dualStack(191) }, { type: 'portmap', capabilities: { portMappings: true } }] };
    const { status, report } = await run(conflist, '--op', 'add', '--containers', '2', '--checks', '--container-cap-args', JSON.stringify([{ portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }, {}]));
    for (const [kind, from, to] of [['ping', 'c1', 'gateway'], ['ping', 'c1', 'c2'], ['ping', 'c2', 'c1'], ['tcp', 'c1', 'c2'], ['tcp', 'c2', 'c1'], ['ping', 'host', 'c1'], ['tcp', 'host', 'c2'], ['hostPort', 'client', 'c1:80'], ['masquerade', 'c1', 'outside'], ['masquerade', 'c2', 'outside'], ['mtu', 'c1', 'gateway']] as const) {
      expect({ kind, from, to, ok: find(report, kind, from, to)?.ok }).toEqual({ kind, from, to, ok: true });
    }
    // Port 8080 on the stand-in host's address (the client's side of its link) forwards to c1 only.
    expect(find(report, 'hostPort', 'client', 'c1:80')!.detail).toMatch(/^the host port forwards to c1:80: connected and exchanged data/);
    expect(report.checks.some((c) => c.kind === 'hostPort' && c.to.startsWith('c2'))).toBe(false);
    expect(find(report, 'masquerade', 'c1', 'outside')!.detail).toMatch(/^the outside saw 198\.18\.\d+\.5: masqueraded to the host address; ipMasq is on$/);
    // The same in IPv6 (after DAD), masquerade included: the outside saw the stand-in's end of its link.
    for (const [kind, from, to] of [['ping', 'c1', 'gateway'], ['ping', 'c1', 'c2'], ['ping', 'host', 'c2'], ['tcp', 'c2', 'c1'], ['masquerade', 'c1', 'outside']] as const) {
      expect({ kind, from, to, ok: find(report, kind, from, to, 'ipv6')?.ok }).toEqual({ kind, from, to, ok: true });
    }
    expect(find(report, 'masquerade', 'c2', 'outside', 'ipv6')!.detail).toMatch(/^the outside saw 2001:2:0:[0-9a-f]+::5: masqueraded to the host address; ipMasq is on$/);
    expect(find(report, 'tcp', 'c1', 'c2')!.detail).toBe('connected and exchanged data; the listener saw 10.244.191.2');
    expect(find(report, 'mtu', 'c1', 'gateway')!.detail).toBe("1500-byte packets pass with don't-fragment set, 1501-byte ones do not");
    const checksEvent = report.events.find((e): e is Extract<LabEvent, { type: 'checks' }> => e.type === 'checks')!;
    expect(checksEvent.results.find((c) => c.kind === 'tcp')!.evidence[0]!.command).toMatch(/^ip netns exec cnistudio-\S+ /);
    // The client and outside namespaces are described for the topology (both families for the outside).
    expect(checksEvent.wired!.map((w) => [w.role, w.hostAddresses.length])).toEqual([['client', 1], ['outside', 2]]);
    expect(report.ok).toBe(true);
    expect(status).toBe(0);
    // The "host" the plugins saw is the stand-in: the bridge was there, and the machine never had it.
    expect(hostLinksSeen(report)).toContain('cnistudio-ti1');
    expect(rootLinksBefore.has('cnistudio-ti1')).toBe(false);
    expect(teardownOf(report)).toMatchObject({ removedLinks: ['cnistudio-ti1'], leftovers: [] });
    expect(teardownOf(report)!.removedNamespaces).toHaveLength(2);
  }, 150_000);

  it('"isGateway": false with a default route via the absent gateway: the gateway, its MTU, the way out and the host\'s probes are not applicable, as nothing holds the gateway and the host has no address there; the run passes and tears down', async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso2', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti2', isGateway: false, ipam: ipam('10.244.192.0/24') }] };
    const { status, report } = await run(conflist, '--op', 'add', '--containers', '2', '--checks');
    // Nothing on the bridge holds 10.244.192.1 (podman's "internal" networks are made so): said, not failed.
    const unheld = "nothing on c1's network holds the gateway 10.244.192.1 (no address of the links this run made or of its containers is it; the bridge was told not to be the gateway: isGateway is false)";
    expect(find(report, 'ping', 'c1', 'gateway')).toMatchObject({ ok: null, detail: `${unheld}: not probed, as no one can answer by design` });
    expect(find(report, 'mtu', 'c1', 'gateway')).toMatchObject({ ok: null, detail: `${unheld}: not probed, as no one can answer by design` });
    expect(find(report, 'masquerade', 'c1', 'outside')).toMatchObject({ ok: null, detail: `${unheld}, and c1's route out leads there: the outside is unreachable by design` });
    // The host has no address on the bridge, so no route into the network (podman's internal networks are
    // meant so): its probes are not applicable, and not sent (they would follow the host's default route off the machine).
    expect(find(report, 'ping', 'host', 'c1')).toMatchObject({ ok: null, detail: "the host holds no IPv4 address on c1's network (none on the links this run made; the bridge was told not to be the gateway: isGateway is false), so it has no route to c1: not probed, as c1 is unreachable from the host by design" });
    // Between the containers the bridge still carries traffic: only the gateway is missing.
    expect(find(report, 'ping', 'c1', 'c2')!.ok).toBe(true);
    expect(report.checks.filter((c) => c.ok === null && c.from === 'host').map((c) => `${c.kind} ${c.from}→${c.to}`)).toEqual(['ping host→c1', 'tcp host→c1', 'ping host→c2', 'tcp host→c2', 'bandwidth host→c1']);
    expect(report.checks.filter((c) => c.ok === false)).toEqual([]);
    expect(status).toBe(0);
    expect(report.events.filter((e) => e.type === 'invocation-end' && e.command === 'DEL').every((e) => e.type === 'invocation-end' && e.ok)).toBe(true);
    expect(teardownOf(report)).toMatchObject({ removedLinks: ['cnistudio-ti2'], leftovers: [] });
  }, 150_000);

  it("cni.dev's ptp example (no routes): the outside is not applicable, as c1 has no route beyond its subnet, and the run passes", async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso11', plugins: [{ type: 'ptp', ipMasq: true, ipam: { type: 'host-local', subnet: '10.244.200.0/24', dataDir: IPAM_DIR } }] };
    const { status, report } = await run(conflist, '--op', 'add', '--checks');
    expect(find(report, 'masquerade', 'c1', 'outside')).toMatchObject({ ok: null, detail: 'c1 has no IPv4 route beyond 10.244.200.0/24: nothing in the chain gave it a default route, so the outside is unreachable by design' });
    // ptp's host end holds the gateway: it is pinged, and answers.
    expect([find(report, 'ping', 'c1', 'gateway')!.ok, find(report, 'mtu', 'c1', 'gateway')!.ok, find(report, 'ping', 'host', 'c1')!.ok]).toEqual([true, true, true]);
    expect(report.checks.filter((c) => c.ok === false)).toEqual([]);
    expect(status).toBe(0);
    expect(teardownOf(report)!.leftovers).toEqual([]);
  }, 150_000);

  it('ptp + bandwidth: the measured rate is near the configured one in both directions (both reported); no port mappings and no IPv6 are said not to apply', async () => {
    const rate = 2_000_000;
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso3', plugins: [{ type: 'ptp', ipMasq: true, ipam: ipam('10.244.193.0/24') }, { type: 'bandwidth', ingressRate: rate, ingressBurst: 20_000, egressRate: rate, egressBurst: 20_000 }] };
    const { status, report } = await run(conflist, '--op', 'add', '--checks');
    const shaped = report.checks.filter((c) => c.kind === 'bandwidth');
    expect(shaped.map((c) => `${c.from}→${c.to}`)).toEqual(['host→c1', 'c1→host']);
    for (const c of shaped) {
      expect(c.detail).toContain('configured 2.00 Mbit/s');
      const measured = Number(/measured ([\d.]+) Mbit\/s/.exec(c.detail)?.[1]);
      // Clearly shaped: under twice the configured rate (no timed assertion beyond that).
      expect(measured).toBeGreaterThan(0);
      expect(measured).toBeLessThan(4);
      expect(c.ok).toBe(true);
    }
    expect(report.checks.filter((c) => c.kind === 'hostPort')).toEqual([{ kind: 'hostPort', from: 'client', to: 'c1', ok: null, detail: 'no port mappings: the runtime passed none (portMappings, for the portmap plugin)', ms: 0 }]);
    expect(find(report, 'ping', 'c1', 'gateway', 'ipv6')!.ok).toBeNull();
    expect(find(report, 'masquerade', 'c1', 'outside')!.ok).toBe(true);
    expect(status).toBe(0);
    expect(teardownOf(report)!.leftovers).toEqual([]);
  }, 150_000);

  it("cni.dev's bandwidth example (bursts of 456 bits): every probe fails, each saying that bandwidth's tbf drops its packets", async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso12', plugins: [{ type: 'ptp', ipMasq: true, ipam: ipam('10.244.201.0/24') }, { type: 'bandwidth', ingressRate: 123, ingressBurst: 456, egressRate: 123, egressBurst: 456 }] };
    const { status, report } = await run(conflist, '--op', 'add', '--checks');
    const limit = (dir: 'ingress' | 'egress') => `bandwidth's ${dir}Burst of 456 bits at 123 bits/s passes packets of at most 57 bytes ${dir === 'ingress' ? 'into' : 'out of'} c1`;
    // The host's own qdisc refuses the echo requests: ping sends none (it said "ping sent no echo request").
    expect(find(report, 'ping', 'host', 'c1')).toMatchObject({ ok: false, detail: `no echo request left the host: ${limit('ingress')}, and its echo requests are 98 bytes with Ethernet's header: tbf drops them (see CNI658)` });
    expect(find(report, 'ping', 'c1', 'gateway')).toMatchObject({ ok: false, detail: expect.stringMatching(new RegExp(`^no reply to \\d+ echo requests: ${limit('egress')}, and its echo requests are 98 bytes`)) });
    expect(find(report, 'tcp', 'host', 'c1')!.detail).toContain(`: ${limit('ingress')}, and the connection's SYN is 74 bytes with Ethernet's header: tbf drops it (see CNI658)`);
    expect(find(report, 'masquerade', 'c1', 'outside')!.detail).toContain(`: ${limit('egress')}, and the connection's SYN is 74 bytes`);
    expect(report.checks.filter((c) => c.ok === false).every((c) => c.detail.includes('(see CNI658)'))).toBe(true);
    expect(status).toBe(1);
    expect(teardownOf(report)!.leftovers).toEqual([]);
  }, 150_000);

  it("the client and outside namespaces take a range the stand-in does not route (a proxy's fake-ip route to 198.18.0.0/15), and are not made when every range is routed", async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso6', plugins: [{ type: 'ptp', ipMasq: true, ipam: ipam('10.244.196.0/24') }] };
    // Half of each range routed elsewhere: only 198.18.128.0/17 (and 2001:2:0:80::/57 on) is left.
    ip('-n', host, 'route', 'add', 'blackhole', '198.18.0.0/17');
    ip('-n', host, '-6', 'route', 'add', 'blackhole', '2001:2::/57');
    try {
      const { report } = await run(conflist, '--op', 'add', '--checks');
      expect(find(report, 'masquerade', 'c1', 'outside')).toMatchObject({ ok: true, detail: expect.stringMatching(/^the outside saw 198\.18\.(\d+)\.5: masqueraded/) });
      const seen = Number(/198\.18\.(\d+)\.5/.exec(find(report, 'masquerade', 'c1', 'outside')!.detail)![1]);
      expect(seen).toBeGreaterThanOrEqual(128);
      // All of it routed: the checks that need the outside namespace are not run, and say why.
      ip('-n', host, 'route', 'add', 'blackhole', '198.18.0.0/15');
      const { status, report: refused } = await run({ ...conflist, name: 'cnistudio-iso6b' }, '--op', 'add', '--checks');
      expect(find(refused, 'masquerade', 'c1', 'outside')).toMatchObject({ ok: null, detail: expect.stringContaining("not run: every range of 198.18.0.0/16 and 2001:2::/48 the checks' outside namespace could take is one this machine routes or has an address in") });
      const checksEvent = refused.events.find((e): e is Extract<LabEvent, { type: 'checks' }> => e.type === 'checks')!;
      expect(checksEvent.wired ?? []).toEqual([]);
      expect(find(refused, 'ping', 'c1', 'gateway')!.ok).toBe(true);
      expect(status).toBe(0);
    } finally {
      spawnSync('ip', ['-n', host, 'route', 'del', 'blackhole', '198.18.0.0/15']);
      ip('-n', host, 'route', 'del', 'blackhole', '198.18.0.0/17');
      ip('-n', host, '-6', 'route', 'del', 'blackhole', '2001:2::/57');
    }
  }, 150_000);

  it('macvlan on a master link made in the stand-in: container ↔ container passes, host → container fails by design (and says why), which gates nothing; its gateway is not probed', async () => {
    // The master is one end of a veth pair; the other end is the subnet's router (.1, the gateway host-local
    // names), in a namespace of its own. The master has an address too, so the host has a route: only
    // macvlan's isolation keeps the host from its containers.
    ip('-n', host, 'link', 'add', 'cnistudio-tim0', 'type', 'veth', 'peer', 'name', 'cnistudio-tim1', 'netns', router);
    ip('-n', host, 'addr', 'add', '192.168.194.254/24', 'dev', 'cnistudio-tim0');
    ip('-n', host, 'link', 'set', 'cnistudio-tim0', 'up');
    ip('-n', router, 'addr', 'add', '192.168.194.1/24', 'dev', 'cnistudio-tim1');
    ip('-n', router, 'link', 'set', 'cnistudio-tim1', 'up');
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso4', plugins: [{ type: 'macvlan', master: 'cnistudio-tim0', mode: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '192.168.194.0/24' }]], dataDir: IPAM_DIR } }] };
    // The master is a link of the (stand-in) machine: refused until the lab is told runs may use it. So is
    // a macvlan without a master once the machine has a default route: it would take that route's link.
    const refusal = (report: Report) => (report.events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason;
    const named = await run(conflist, '--op', 'add');
    expect([named.status, refusal(named.report)]).toEqual([1, expect.stringContaining('its "master" names cnistudio-tim0, a link of this machine the run did not make')]);
    ip('-n', host, 'route', 'add', 'default', 'via', '192.168.194.1');
    try {
      const { master: _, ...noMaster } = (conflist.plugins as JsonObject[])[0]!;
      const unnamed = await run({ ...conflist, name: 'cnistudio-iso4b', plugins: [noMaster] }, '--op', 'add');
      expect(refusal(unnamed.report)).toContain(`has no "master", so it takes the link of this machine's default route, cnistudio-tim0, and adds a macvlan link on it`);
    } finally {
      ip('-n', host, 'route', 'del', 'default');
    }
    const { status, report } = await run(conflist, '--op', 'add', '--containers', '2', '--checks', '--host-links', 'cnistudio-tim0');
    // The gateway is a router on the master's network: never probed, though here a namespace stands in for it
    // (on a lab machine the master may be a real NIC, and the probe would leave the machine).
    expect([find(report, 'ping', 'c1', 'gateway'), find(report, 'mtu', 'c1', 'gateway')].map((c) => [c!.ok, c!.detail])).toEqual([
      [null, expect.stringContaining("macvlan: the gateway is on the master's network, off this machine: not probed")],
      [null, expect.stringContaining("macvlan: the gateway is on the master's network, off this machine: not probed")],
    ]);
    expect(find(report, 'masquerade', 'c1', 'outside')!.ok).toBeNull();
    expect([find(report, 'ping', 'c1', 'c2')!.ok, find(report, 'ping', 'c2', 'c1')!.ok, find(report, 'tcp', 'c1', 'c2')!.ok]).toEqual([true, true, true]);
    const isolated = find(report, 'ping', 'host', 'c1')!;
    expect(isolated).toMatchObject({ ok: false, byDesign: true });
    expect(isolated.detail).toContain('macvlan: the host cannot reach its own macvlan interfaces through their master');
    expect(report.checks.filter((c) => c.ok === false && !c.byDesign)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(status).toBe(0);
    // The master existed before the run: untouched, still in the stand-in.
    expect(teardownOf(report)!.removedLinks).toEqual([]);
    expect((JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname)).toContain('cnistudio-tim0');
  }, 150_000);

  it('without ipMasq the outside sees each container\'s own address, in both families, as the config says', async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso5', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti5', isGateway: true, ipMasq: false, ipam: dualStack(195) }] };
    const { status, report } = await run(conflist, '--op', 'add', '--checks');
    expect(find(report, 'masquerade', 'c1', 'outside')).toMatchObject({ ok: true, detail: "the outside saw 10.244.195.2: the container's own address (not masqueraded); ipMasq is off" });
    expect(find(report, 'masquerade', 'c1', 'outside', 'ipv6')!.detail).toMatch(/^the outside saw fd00:c5:195::[0-9a-f]+: the container's own address \(not masqueraded\); ipMasq is off$/);
    expect(status).toBe(0);
  }, 150_000);

  it('two containers asking for the same host port: one gets it, the other\'s check says where it went, and the run fails', async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso6', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti6', isGateway: true, ipMasq: true, ipam: ipam('10.244.196.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }] };
    const { status, report } = await run(conflist, '--op', 'add', '--containers', '2', '--checks', '--cap-args', JSON.stringify({ portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }));
    const clashing = report.checks.filter((c) => c.kind === 'hostPort');
    expect(clashing.map((c) => c.ok).sort()).toEqual([false, true]);
    expect(clashing.find((c) => !c.ok)!.detail).toMatch(/^the host port forwards to 10\.244\.196\.\d+:80, not to c\d:80 \(another mapping of the same host port takes it\)$/);
    expect(status).toBe(1);
    expect(teardownOf(report)).toMatchObject({ removedLinks: ['cnistudio-ti6'], leftovers: [] });
  }, 150_000);

  it('one host port mapped to two ports of one container: the first takes it, and the second\'s check names the port it reached', async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso-ports', plugins: [{ type: 'bridge', bridge: 'cnistudio-tip2', isGateway: true, ipMasq: true, ipam: ipam('10.244.252.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }] };
    const { status, report } = await run(conflist, '--op', 'add', '--checks', '--cap-args', JSON.stringify({ portMappings: [{ hostPort: 8081, containerPort: 80, protocol: 'tcp' }, { hostPort: 8081, containerPort: 81, protocol: 'tcp' }] }));
    const checks = report.checks.filter((c) => c.kind === 'hostPort');
    expect(checks.map((c) => [c.to, c.ok])).toEqual([['c1:80', true], ['c1:81', false]]);
    expect(checks[1]!.detail).toMatch(/^the host port forwards to 10\.244\.252\.\d+:80, not to c1:81 \(another mapping of the same host port takes it\)$/);
    expect(status).toBe(1);
    expect(teardownOf(report)).toMatchObject({ removedLinks: ['cnistudio-tip2'], leftovers: [] });
  }, 150_000);

  it("firewall's admin chain: one the stand-in keeps for something else is refused before anything runs; a new one is made, jumped to, and removed with its jump at teardown", async () => {
    const iptables = (...args: string[]) => execFileSync('ip', ['netns', 'exec', host, 'iptables', ...args], { encoding: 'utf8' });
    iptables('-N', 'f2b-sshd');
    iptables('-A', 'f2b-sshd', '-s', '192.0.2.9', '-j', 'DROP');
    const conflist = (admin: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-iso7', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti7', ipam: ipam('10.244.197.0/24') }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: admin }] });
    const refused = await run(conflist('f2b-sshd'), '--op', 'add');
    expect(refused.report.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('plugin 2 (firewall): its "iptablesAdminChainName" names f2b-sshd, a chain of this machine\'s filter table that is not only CNI firewall\'s admin chain (it holds 1 rule of its own (ipv4))') });
    expect(refused.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
    const jump = '-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j LAB-ADMIN';
    // ADD alone (teardown DELs) and the whole cycle alike: the real plugin made the chain and sent CNI-FORWARD's
    // traffic through it; the run removes both, says so, and runs again (nomad's NOMAD-ADMIN was left, and refused).
    for (const op of ['add', 'cycle', 'add']) {
      const { status, report } = await run(conflist('LAB-ADMIN'), '--op', op);
      expect(status).toBe(0);
      const added = report.events.find((e) => e.type === 'observed' && e.after === 'ADD');
      expect(added?.type === 'observed' && added.firewallRules?.map((r) => r.rule)).toContain(jump);
      expect(teardownOf(report)).toMatchObject({ leftovers: [], removedRules: expect.arrayContaining([`ipv4 filter: ${jump}`, 'ipv4 filter: :LAB-ADMIN']) });
      const rules = iptables('-S');
      expect(rules).not.toContain('LAB-ADMIN');
      expect(rules).not.toMatch(/-j f2b-sshd/);
    }
    // One that is only what the plugin makes of it (a runtime's): run, and left as it was.
    iptables('-N', 'LAB-ADMIN');
    iptables('-I', 'CNI-FORWARD', '1', '-m', 'comment', '--comment', 'CNI firewall plugin admin overrides', '-j', 'LAB-ADMIN');
    const kept = await run(conflist('LAB-ADMIN'), '--op', 'add');
    expect(kept.status).toBe(0);
    expect(teardownOf(kept.report)).toMatchObject({ leftovers: [] });
    expect(teardownOf(kept.report)?.removedRules ?? []).toEqual([]);
    expect(iptables('-S')).toContain(jump);
    expect(iptables('-S')).toContain('-N LAB-ADMIN');
  }, 300_000);

  it("another container's firewall rules: a run that may get its address is refused before anything runs (its DEL removed them: a security tester's run), and they stay", async () => {
    const iptables = (...args: string[]) => execFileSync('ip', ['netns', 'exec', host, 'iptables', ...args], { encoding: 'utf8' });
    // An earlier run in the stand-in may have made the chain already.
    spawnSync('ip', ['netns', 'exec', host, 'iptables', '-N', 'CNI-FORWARD'], { stdio: 'ignore' });
    // As firewall 1.1.1 makes them for a container at 10.213.77.5.
    iptables('-A', 'CNI-FORWARD', '-d', '10.213.77.5/32', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
    iptables('-A', 'CNI-FORWARD', '-s', '10.213.77.5/32', '-j', 'ACCEPT');
    const theirs = () => iptables('-S', 'CNI-FORWARD').split('\n').filter((l) => l.includes('10.213.77.5'));
    expect(theirs()).toHaveLength(2);
    const conflist = (address: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-iso8', plugins: [{ type: 'static', ipam: { type: 'static', addresses: [{ address }] } }, { type: 'firewall' }] });
    const refused = await run(conflist('10.213.77.5/24'));
    expect(refused.report.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining("plugin 1 (static): its IPAM (static) may give the container 10.213.77.5, an address this machine's CNI rules name (ipv4 filter: -A CNI-FORWARD -d 10.213.77.5/32") });
    expect(refused.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
    // Another address: the whole cycle runs, and the machine's rules for 10.213.77.5 are there after it.
    const ran = await run(conflist('10.213.77.6/24'));
    expect(ran.status).toBe(0);
    expect(teardownOf(ran.report)?.missingRules).toBeUndefined();
    expect(theirs()).toHaveLength(2);
  }, 150_000);

  it("host-device by a kernel path: the links of the folder the plugin reads must all be allowed, and one out of /sys is refused; allowed, the real plugin moves the first", async () => {
    // The plugin checks only that the path begins with /sys/devices/, then joins it with "net": ".." leaves /sys.
    mkdirSync(join(dir, 'fake-device', 'net', 'cnistudio-tih0'), { recursive: true });
    ip('-n', host, 'link', 'add', 'cnistudio-tih0', 'type', 'veth', 'peer', 'name', 'cnistudio-tih1');
    try {
      const list = (kernelpath: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-iso8', plugins: [{ type: 'host-device', kernelpath }] });
      const refusal = async (kernelpath: string, ...args: string[]) => {
        const { report } = await run(list(kernelpath), '--op', 'add', ...args);
        expect(report.events.some((e) => e.type === 'invocation-start')).toBe(false);
        return (report.events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason;
      };
      expect(await refusal(`/sys/devices/../..${dir}/fake-device`, '--host-links', 'cnistudio-tih0')).toContain(`in ${dir}/fake-device/net, outside the kernel's device folders (/sys/devices/, /sys/bus/), where another user could change what it finds`);
      // Every virtual link of the stand-in is in /sys/devices/virtual/net: one not allowed, and the run is refused.
      const virtual = execFileSync('ip', ['netns', 'exec', host, 'ls', '/sys/devices/virtual/net'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
      expect(virtual).toContain('cnistudio-tih0');
      const allowed = virtual.filter((n) => n !== 'cnistudio-tih1');
      expect(await refusal('/sys/devices/virtual', '--host-links', allowed.join(','))).toContain('its "kernelpath" finds cnistudio-tih1, a link of this machine the run did not make');
      // All allowed: the real plugin moves the folder's first link (in name order, as Go reads folders) and DEL gives it back.
      const first = virtual[0]!;
      const mac = (JSON.parse(ip('-n', host, '-j', 'link', 'show', first)) as { address: string }[])[0]!.address;
      const { status, report } = await run(list('/sys/devices/virtual'), '--op', 'add', '--host-links', virtual.join(','));
      expect(status).toBe(0);
      const inside = report.events.find((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed')!;
      expect(inside.namespace.links.find((l) => l.ifname === 'eth0')?.address).toBe(mac);
      expect((JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname)).toContain(first);
    } finally {
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tih0']);
    }
  }, 150_000);

  it('a key in another case is read as the real plugins read it: host-device\'s "Device" and host-local\'s "DataDir" are refused like "device" and "dataDir"', async () => {
    ip('-n', host, 'link', 'add', 'cnistudio-tid0', 'type', 'veth', 'peer', 'name', 'cnistudio-tid1');
    // Not under /var/lib/cni, /run or /tmp (the test's own folder is under /tmp, where plugins may write).
    const outside = `/var/cnistudio-not-a-state-root-${randomBytes(3).toString('hex')}`;
    try {
      // Before, this ran: the real plugin decoded "Device" as its device and moved the stand-in's link.
      const moved = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso9', plugins: [{ type: 'host-device', Device: 'cnistudio-tid0' }] }, '--op', 'add');
      expect(moved.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
      expect((moved.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain('plugin 1 (host-device): its "device" names cnistudio-tid0, a link of this machine the run did not make');
      expect((JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname)).toContain('cnistudio-tid0');
      // Go folds the long s onto "s": macvlan reads "maſter" as its master (before, it ran on the stand-in's link).
      const longS = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso9', plugins: [{ type: 'macvlan', 'ma\u017fter': 'cnistudio-tid0', ipam: { type: 'static', addresses: [{ address: '10.244.198.2/24' }] } }] }, '--op', 'add');
      expect(longS.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
      expect((longS.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain('plugin 1 (macvlan): its "master" names cnistudio-tid0');
      // Allowed, the same spelling runs and the real plugin does move it: the spelling is what it reads.
      const allowed = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso9', plugins: [{ type: 'host-device', Device: 'cnistudio-tid0' }] }, '--op', 'add', '--host-links', 'cnistudio-tid0');
      expect(allowed.status).toBe(0);
      const inside = allowed.report.events.find((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed')!;
      expect(inside.namespace.links.map((l) => l.ifname)).toContain('eth0');
      // host-local's leases, as root, in a folder the lab does not let plugins write in.
      const leases = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso10', plugins: [{ type: 'bridge', bridge: 'cnistudio-tib9', IPAM: { type: 'host-local', ranges: [[{ subnet: '10.244.199.0/24' }]], DataDir: outside } }] }, '--op', 'add');
      expect((leases.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain(`its "ipam.dataDir" "${outside}"`);
      expect(existsSync(outside)).toBe(false);
    } finally {
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tid0']);
      rmSync(outside, { recursive: true, force: true });
    }
  }, 150_000);

  it("portmap's route_localnet on the stand-in's uplink is given back at teardown, and said; the attacker's static + portmap is refused (security)", async () => {
    // An uplink with the stand-in's default route, and a test link with no address for macvlan (a veth to the
    // router's namespace): portmap's snat turns route_localnet on on the link that routes the container's
    // address, which only the default route reaches (getRoutableHostIF).
    ip('-n', host, 'link', 'add', 'cnistudio-tiu0', 'type', 'veth', 'peer', 'name', 'cnistudio-tiu1', 'netns', router);
    ip('-n', host, 'addr', 'add', '192.168.197.254/24', 'dev', 'cnistudio-tiu0');
    ip('-n', host, 'link', 'set', 'cnistudio-tiu0', 'up');
    ip('-n', host, 'route', 'add', 'default', 'via', '192.168.197.1');
    ip('-n', host, 'link', 'add', 'cnistudio-tit0', 'type', 'veth', 'peer', 'name', 'cnistudio-tit1', 'netns', router);
    ip('-n', host, 'link', 'set', 'cnistudio-tit0', 'up');
    const localnet = () => ip('netns', 'exec', host, 'cat', '/proc/sys/net/ipv4/conf/cnistudio-tiu0/route_localnet').trim();
    const portmap = { type: 'portmap', capabilities: { portMappings: true } };
    const ports = ['--cap-args', JSON.stringify({ portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }] })];
    try {
      expect(localnet()).toBe('0');
      const macvlan: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso11', plugins: [{ type: 'macvlan', master: 'cnistudio-tit0', ipam: { type: 'static', addresses: [{ address: '198.51.100.7/24' }] } }, portmap] };
      const { report } = await run(macvlan, '--op', 'add', '--host-links', 'cnistudio-tit0', ...ports);
      expect(report.events.filter((e) => e.type === 'invocation-end').map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD macvlan true', 'ADD portmap true', 'DEL portmap true', 'DEL macvlan true']);
      expect(teardownOf(report)!.restoredSysctls).toEqual(['net.ipv4.conf.cnistudio-tiu0.route_localnet 1 → 0']);
      expect(localnet()).toBe('0');
      // static as the chain's first step hands portmap an address no interface of the run holds: refused.
      const attack: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso11b', plugins: [{ type: 'static', ipam: { type: 'static', addresses: [{ address: '198.51.100.7/24' }] } }, portmap] };
      const refused = await run(attack, '--op', 'add', ...ports);
      expect((refused.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain('plugin 1 (static) is an IPAM plugin as a chain step');
      expect(localnet()).toBe('0');
    } finally {
      spawnSync('ip', ['-n', host, 'route', 'del', 'default']);
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tiu0']);
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tit0']);
    }
  }, 60_000);

  it("bridge's macspoofchk: the nftables table its DEL keeps is a leftover of the teardown (security: it was left unreported)", async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso13', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti13', macspoofchk: true, ipam: ipam('10.244.213.0/24') }] };
    try {
      const { report } = await run(conflist, '--op', 'add');
      expect(report.events.filter((e) => e.type === 'invocation-end').map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD bridge true', 'DEL bridge true']);
      expect(teardownOf(report)!.leftovers).toEqual(['nftables table bridge nat (chains PREROUTING)']);
    } finally {
      spawnSync('ip', ['netns', 'exec', host, 'nft', 'delete', 'table', 'bridge', 'nat']);
    }
  }, 60_000);

  it('without a cgroup (ip netns exec mounts a /sys of its own) a run says its containment is weaker, and still kills and reports a setsid + env -i child (security)', async () => {
    const bin = resolve(__dirname, 'testdata/cni-bin');
    const { report } = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso14', plugins: [{ type: 'scrubbed-child' }] }, '--op', 'add', '--cni-path', [bin, ...SYSTEM].join(':'));
    const start = report.events.find((e): e is Extract<LabEvent, { type: 'run-start' }> => e.type === 'run-start')!;
    expect(start.containment).toMatch(/^No cgroup hierarchy is mounted where the helper can write .*process group, session, environment marker, the helper's pipes and its parent chain/);
    const add = report.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.command === 'ADD')!;
    expect(add.survivors).toHaveLength(1);
    expect(await gone(add.survivors!)).toBe(true);
  }, 60_000);

  it('the machine itself was never touched: none of the runs’ links appeared outside the stand-in', () => {
    const now = (JSON.parse(ip('-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname);
    expect(wiredLinks.length).toBeGreaterThan(0);
    expect(now.filter((n) => /^cnistudio-ti/.test(n) || wiredLinks.includes(n))).toEqual([]);
    // Nor in the stand-in: each run removed its client and outside namespaces' links and its bridge.
    const left = (JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname);
    expect(left.filter((n) => n !== 'lo' && n !== 'cnistudio-tim0')).toEqual([]);
  });
});

describe.runIf(ready)('the helper only removes namespaces it created', () => {
  it('a crash\'s leftovers (our name, a dead creator) are stale; a namespace that merely shares the prefix is not', async () => {
    const foreign = `cnistudio-host${randomBytes(2).toString('hex')}`;
    // pid 4194304 is above any pid_max Linux allows, so this creator is certainly gone.
    const crashed = `cnistudio-4194304-${randomBytes(4).toString('hex')}`;
    ip('netns', 'add', foreign);
    ip('netns', 'add', crashed);
    try {
      const stale = await staleNetns();
      expect(stale).toContain(crashed);
      expect(stale).not.toContain(foreign);
    } finally {
      spawnSync('ip', ['netns', 'delete', foreign]);
      spawnSync('ip', ['netns', 'delete', crashed]);
    }
  });
});
