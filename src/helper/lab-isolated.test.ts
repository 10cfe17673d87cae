// The reachability checks of issue 14, end to end through `cni-studio lab run --checks --format json`, each
// run inside a network namespace this file creates to stand in for the host (stand-in-testing.ts): the
// machine's own network is never a party. Real plugins, root: CI must run it. The lab's refusals and
// teardown in the same stand-in are lab-isolated-safety.test.ts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonObject, LabEvent } from '../core';
import { staleNetns } from './netns';
import { CI, ip, ready, root, useStandInHost, type Report } from './stand-in-testing';

describe('lab checks in a namespace standing in for the host', () => {
  it(`has root, the plugins and ping${CI ? ' (required in CI)' : ''}`, () => {
    if (!CI && !ready) return; // without root, plugins or ping the runs below are skipped off CI
    expect({ root, ready }).toEqual({ root: true, ready: true });
  });
});

describe.runIf(ready)('lab run --checks inside a stand-in host namespace', () => {
  const { host, router, rootLinksBefore, wiredLinks, run, find, ipam, dualStack, teardownOf, hostLinksSeen, ipamDir: IPAM_DIR, expectMachineUntouched } = useStandInHost('isolated');

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

  it('the machine itself was never touched: none of the runs’ links appeared outside the stand-in', () => {
    expect(wiredLinks.length).toBeGreaterThan(0);
    // The macvlan scenario's master stays in the stand-in until the stand-in goes.
    expectMachineUntouched(['cnistudio-tim0']);
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
