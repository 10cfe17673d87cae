import { describe, expect, it } from 'vitest';
import { bandwidthOf, checkContainerOf, checksFailed, MAX_HOST_PORT_PROBES, notApplicableResult, planChecks, reachabilityMatrices, TCP_PORT, verdictOf, type CheckContainer, type CheckResult } from './checks';

const bridged = (name: string, n: number, extra: Partial<CheckContainer> = {}): CheckContainer => ({
  name,
  ifname: 'eth0',
  linkKind: 'veth',
  addresses: [
    { family: 'ipv4', address: `10.88.0.${n}`, prefixlen: 24 },
    { family: 'ipv6', address: `fd00::${n}`, prefixlen: 64 },
  ],
  gateways: [
    { family: 'ipv4', address: '10.88.0.1' },
    { family: 'ipv6', address: 'fd00::1' },
  ],
  mtu: 1500,
  portMappings: [],
  ...extra,
});
const short = (c: { kind: string; from: string; to: string; family?: string; notApplicable?: string }) => `${c.kind} ${c.from}→${c.to}${c.family ? ` ${c.family}` : ''}${c.notApplicable ? ' (n/a)' : ''}`;

describe('the checks a run with several containers makes', () => {
  it('pings the gateway, each peer both ways and from the host, per family; tcp likewise; each tcp port mapping from the client', () => {
    const plan = planChecks({ containers: [bridged('c1', 2, { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostPort: 5353, containerPort: 53, protocol: 'udp' }] }), bridged('c2', 3)], ping: true });
    const names = plan.map(short);
    for (const want of ['ping c1→gateway ipv4', 'ping c2→gateway ipv6', 'ping c1→c2 ipv4', 'ping c2→c1 ipv4', 'ping c1→c2 ipv6', 'tcp c2→c1 ipv6', 'ping host→c1 ipv4', 'tcp host→c2 ipv4', 'hostPort client→c1:80', 'masquerade c1→outside ipv4', 'mtu c2→gateway ipv4']) expect(names).toContain(want);
    expect(names).toContain('hostPort client→c1:53 (n/a)');
    expect(plan.find((c) => c.kind === 'hostPort' && c.to === 'c1:80')?.target).toBe('host:8080');
    expect(plan.find((c) => c.kind === 'tcp' && c.from === 'c1' && c.to === 'c2' && c.family === 'ipv4')?.target).toBe(`10.88.0.3:${TCP_PORT}`);
    // No bandwidth plugin: said, not skipped.
    expect(plan.find((c) => c.kind === 'bandwidth')?.notApplicable).toBe('no bandwidth plugin in the chain');
  });

  it('says why each check it cannot make is not applicable, and never passes it', () => {
    const v4only = bridged('c1', 2, { addresses: [{ family: 'ipv4', address: '10.88.0.2', prefixlen: 24 }], gateways: [], mtu: undefined });
    const plan = planChecks({ containers: [v4only], ping: false });
    expect(plan.find((c) => c.kind === 'ping' && c.to === 'gateway')?.notApplicable).toBe('the IPv4 result of c1 names no gateway');
    expect(plan.find((c) => c.kind === 'ping' && c.from === 'host')?.notApplicable).toMatch(/ping is not installed/);
    expect(plan.find((c) => c.kind === 'masquerade')?.notApplicable).toBe('c1 has no IPv4 gateway to leave through');
    // No IPv6 and no port mappings: each said once, never passed.
    expect(plan.filter((c) => c.family === 'ipv6').map((c) => [short(c), c.notApplicable])).toEqual([['ping c1→gateway ipv6 (n/a)', 'c1 has no IPv6 address (the result names none on eth0)']]);
    expect(plan.filter((c) => c.kind === 'hostPort').map((c) => c.notApplicable)).toEqual(['no port mappings: the runtime passed none (portMappings, for the portmap plugin)']);
    const result = notApplicableResult(plan.find((c) => c.kind === 'mtu')!);
    expect(result).toMatchObject({ ok: null, detail: expect.stringMatching(/ping is not installed/) });
    expect(verdictOf(result)).toBe('not applicable');
  });

  it('never probes a gateway off the container\'s own subnet (a packet for it would be routed, possibly off the lab machine)', () => {
    const odd = bridged('c1', 2, { gateways: [{ family: 'ipv4', address: '192.0.2.1' }, { family: 'ipv6', address: 'fd00::1' }] });
    const plan = planChecks({ containers: [odd], ping: true });
    const gw4 = plan.find((c) => c.kind === 'ping' && c.to === 'gateway' && c.family === 'ipv4')!;
    expect(gw4.notApplicable).toBe("the gateway 192.0.2.1 is not on c1's own subnet: not probed, as a packet for it could be routed off the lab machine");
    expect(plan.find((c) => c.kind === 'mtu')!.notApplicable).toBe(gw4.notApplicable);
    expect(plan.find((c) => c.kind === 'ping' && c.to === 'gateway' && c.family === 'ipv6')!.notApplicable).toBeUndefined();
    // A peer whose result claims an address outside the network is not probed either.
    const far = planChecks({ containers: [bridged('c1', 2), bridged('c2', 3, { addresses: [{ family: 'ipv4', address: '203.0.113.9', prefixlen: 24 }] })], ping: true });
    expect(far.find((c) => c.kind === 'tcp' && c.from === 'c1' && c.to === 'c2')!.notApplicable).toBe("c2's address 203.0.113.9 is not on c1's own subnet: not probed, as a packet for it could be routed off the lab machine");
  });

  it('probes at most MAX_HOST_PORT_PROBES tcp port mappings a run (each starts a listener), and says so of the rest', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ hostPort: 20_000 + i, containerPort: 1000 + i, protocol: 'tcp' }));
    const plan = planChecks({ containers: [bridged('c1', 2, { portMappings: many }), bridged('c2', 3, { portMappings: many })], ping: true });
    const hostPorts = plan.filter((c) => c.kind === 'hostPort');
    expect(hostPorts).toHaveLength(80);
    expect(hostPorts.filter((c) => !c.notApplicable)).toHaveLength(MAX_HOST_PORT_PROBES);
    expect(hostPorts.at(-1)!.notApplicable).toBe(`not probed: a run probes at most ${MAX_HOST_PORT_PROBES} tcp port mappings`);
  });

  it('expects host → container to fail on macvlan, and says why', () => {
    const plan = planChecks({ containers: [bridged('c1', 2, { linkKind: 'macvlan' }), bridged('c2', 3, { linkKind: 'macvlan' })], ping: true });
    expect(plan.find((c) => c.kind === 'ping' && c.from === 'host')?.expectation).toMatch(/macvlan: the host cannot reach/);
    expect(plan.find((c) => c.kind === 'ping' && c.from === 'c1' && c.to === 'c2')?.expectation).toBeUndefined();
    // Leaving the node goes through the master's network, which an outside namespace on the host cannot stand in for.
    expect(plan.find((c) => c.kind === 'masquerade')?.notApplicable).toMatch(/^macvlan: traffic leaves through the master's network to its router, not through this host/);
    // Its gateway is a router on the master's network: never probed (a correct macvlan config can pass --checks).
    for (const kind of ['ping', 'mtu']) expect(plan.find((c) => c.kind === kind && c.to === 'gateway')?.notApplicable, kind).toMatch(/^macvlan: the gateway is on the master's network, off this machine: not probed/);
  });

  it("expects container → container to fail in macvlan's private and vepa modes (an outside tester saw every run fail on it)", () => {
    const peers = (mode: string) => planChecks({ containers: [bridged('c1', 2, { linkKind: 'macvlan', linkMode: mode }), bridged('c2', 3, { linkKind: 'macvlan', linkMode: mode })], ping: true }).filter((c) => c.from === 'c1' && c.to === 'c2' && c.family === 'ipv4');
    expect(peers('private').map((c) => [c.kind, c.expectation])).toEqual([
      ['ping', expect.stringMatching(/^macvlan private mode: the kernel passes no traffic between macvlan links of one master/)],
      ['tcp', expect.stringMatching(/^macvlan private mode/)],
    ]);
    expect(peers('vepa')[0]!.expectation).toMatch(/^macvlan vepa mode: .*\(hairpin\)/);
    expect(peers('bridge').map((c) => c.expectation)).toEqual([undefined, undefined]);
  });

  it('measures each shaped direction of the bandwidth plugin', () => {
    const plan = planChecks({ containers: [bridged('c1', 2)], ping: true, bandwidth: { ingressRate: 1_000_000, egressRate: 2_000_000 } });
    expect(plan.filter((c) => c.kind === 'bandwidth').map(short)).toEqual(['bandwidth host→c1', 'bandwidth c1→host']);
    expect(planChecks({ containers: [bridged('c1', 2)], ping: true, bandwidth: {} }).find((c) => c.kind === 'bandwidth')?.notApplicable).toBe('the bandwidth plugin has no rate configured');
  });
});

describe('results', () => {
  const r = (kind: CheckResult['kind'], from: string, to: string, ok: boolean | null): CheckResult => ({ kind, from, to, ok, detail: '', ms: 1 });

  it('gate a rollout only on a failed check', () => {
    expect(checksFailed([r('ping', 'c1', 'c2', true), r('mtu', 'c1', 'gateway', null)])).toBe(false);
    expect(checksFailed([r('ping', 'c1', 'c2', true), r('ping', 'c1', 'gateway', false)])).toBe(true);
    // macvlan's host isolation: failed, by design, gating nothing.
    const isolated = { ...r('ping', 'host', 'c1', false), byDesign: true };
    expect(checksFailed([isolated])).toBe(false);
    expect(verdictOf(isolated)).toBe('failed by design');
  });

  it('read as one matrix per probe kind, rows from and columns to', () => {
    const [ping, tcp] = reachabilityMatrices([r('ping', 'c1', 'c2', true), r('ping', 'c2', 'c1', false), r('ping', 'host', 'c1', true), r('tcp', 'c1', 'c2', true)]);
    // Columns that are rows too follow the rows' order, so a container's own cell is on the diagonal.
    expect(ping).toMatchObject({ kind: 'ping', rows: ['c1', 'c2', 'host'], columns: ['c1', 'c2'] });
    const three = reachabilityMatrices([r('ping', 'c1', 'gateway', true), r('ping', 'c1', 'c2', true), r('ping', 'c1', 'c3', true), r('ping', 'c2', 'c1', true), r('ping', 'c3', 'c1', true), r('ping', 'c1', 'outside', true)]);
    expect(three[0]!.columns).toEqual(['gateway', 'c1', 'c2', 'c3', 'outside']);
    expect(ping!.cell('c2', 'c1').map(verdictOf)).toEqual(['failed']);
    expect(ping!.cell('c1', 'c1')).toEqual([]);
    expect(tcp).toMatchObject({ kind: 'tcp', rows: ['c1'], columns: ['c2'] });
  });
});

describe('what a container got, for the checks', () => {
  it("takes the addresses on its own interface from the cached result, its link's kind and MTU, and its port mappings", () => {
    const result = {
      interfaces: [{ name: 'cni0' }, { name: 'veth1' }, { name: 'eth0', sandbox: '/run/netns/x' }],
      ips: [
        { address: '10.88.0.5/24', gateway: '10.88.0.1', interface: 2 },
        { address: 'fd00::5/64', gateway: 'fd00::1', interface: 2 },
        { address: '10.99.0.1/24', interface: 0 },
      ],
    };
    const c = checkContainerOf('c1', 'eth0', result, [{ ifname: 'eth0', mtu: 1450, linkinfo: { info_kind: 'veth' } }], { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { HostPort: 53, ContainerPort: 53, Protocol: 'udp' }] });
    expect(c).toEqual({
      name: 'c1',
      ifname: 'eth0',
      linkKind: 'veth',
      mtu: 1450,
      addresses: [{ family: 'ipv4', address: '10.88.0.5', prefixlen: 24 }, { family: 'ipv6', address: 'fd00::5', prefixlen: 64 }],
      gateways: [{ family: 'ipv4', address: '10.88.0.1' }, { family: 'ipv6', address: 'fd00::1' }],
      portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostPort: 53, containerPort: 53, protocol: 'udp' }],
    });
    expect(checkContainerOf('c2', 'eth0', undefined, [], {})).toEqual({ name: 'c2', ifname: 'eth0', addresses: [], gateways: [], portMappings: [] });
    // A spec 0.2.0 result: ip4 and ip6 are the container interface's (its checks had all been "no address").
    expect(checkContainerOf('c3', 'eth0', { cniVersion: '0.2.0', ip4: { ip: '10.88.0.6/24', gateway: '10.88.0.1' } }, [], {})).toMatchObject({ addresses: [{ family: 'ipv4', address: '10.88.0.6', prefixlen: 24 }], gateways: [{ family: 'ipv4', address: '10.88.0.1' }] });
  });

  it("reads the bandwidth plugin's rates from the conflist, or from the runtime when it declares the capability", () => {
    expect(bandwidthOf([{ type: 'ptp' }], {})).toBeUndefined();
    expect(bandwidthOf([{ type: 'bandwidth', ingressRate: 1000000, ingressBurst: 10000 }], {})).toEqual({ ingressRate: 1000000, ingressBurst: 10000 });
    expect(bandwidthOf([{ type: 'bandwidth', capabilities: { bandwidth: true } }], { bandwidth: { egressRate: 2000000 } })).toEqual({ egressRate: 2000000 });
  });
});
