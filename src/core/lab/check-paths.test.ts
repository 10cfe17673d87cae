// Checks whose packets have nowhere to go, decided from real observations (testdata/README.md): cni.dev's
// ptp example, whose container has no route beyond its subnet, and podman's "internal" bridge, whose
// default route leads to a gateway nothing holds. Both are not applicable, with why, and gate nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContainerOf, checksFailed, notApplicableResult, planChecks, type CheckContainer } from './checks';
import { gatewayNote, observedPaths, routeOut, unaddressedHost, unheldGateway } from './check-paths';
import type { ObservedAddress, ObservedLink, ObservedNamespace } from './observed';

interface Recorded {
  result: Record<string, unknown>;
  observed: { namespace: ObservedNamespace; hostLinks: ObservedLink[]; hostAddresses: ObservedAddress[] };
}
const recorded = (name: string) => JSON.parse(readFileSync(resolve(__dirname, `testdata/${name}.observed.json`), 'utf8')) as Recorded;

/** c1 as the engine gives it to the checks: its result and link, and what was observed of its paths. */
function container(r: Recorded): CheckContainer {
  const { namespace, hostLinks, hostAddresses } = r.observed;
  return { ...checkContainerOf('c1', 'eth0', r.result, namespace.links, {}), ...observedPaths(namespace, hostLinks, hostAddresses, 'eth0') };
}
const ptp = container(recorded('ptp-no-routes'));
const internal = container(recorded('bridge-internal'));
const INTERNAL_NOTE = gatewayNote([{ type: 'bridge', bridge: 'cni-podman1', isGateway: false, ipMasq: false }]);

describe('what was observed of where a container can send', () => {
  it("reads its routes and the addresses on its host side: ptp's veth holds the gateway, podman's internal bridge none", () => {
    expect(ptp.routes!.map((r) => r.dst)).toEqual(['10.1.1.0/24', '10.1.1.1', 'fe80::/64']);
    expect(ptp.hostSide).toContain('10.1.1.1');
    expect(internal.routes![0]).toEqual({ dst: 'default', gateway: '10.89.7.1' });
    // The bridge and the veth were made by the run; only their IPv6 link-local addresses are there.
    expect(internal.hostSide!.every((a) => a.startsWith('fe80:'))).toBe(true);
  });

  it('leaves the host side unknown when the bridge was not made by the run (one the lab was allowed to use)', () => {
    const { namespace, hostLinks, hostAddresses } = recorded('bridge-internal').observed;
    expect(observedPaths(namespace, hostLinks.filter((l) => l.ifname !== 'cni-podman1'), hostAddresses, 'eth0').hostSide).toBeUndefined();
    expect(observedPaths(namespace, [], hostAddresses, 'eth0')).toEqual({ routes: internal.routes });
    // No address seen on the interface: the observation says nothing of where its traffic goes.
    expect(observedPaths({ ...namespace, addresses: namespace.addresses.filter((a) => a.ifname !== 'eth0') }, hostLinks, hostAddresses, 'eth0')).toEqual({});
  });
});

describe('checks with nowhere to go', () => {
  it('ptp without routes: masquerade is not applicable, as c1 has no route beyond its subnet; its gateway is probed', () => {
    expect(routeOut(ptp, 'ipv4')).toEqual({ none: 'c1 has no IPv4 route beyond 10.1.1.0/24: nothing in the chain gave it a default route, so the outside is unreachable by design' });
    const plan = planChecks({ containers: [ptp], ping: true });
    expect(plan.find((c) => c.kind === 'masquerade' && c.family === 'ipv4')!.notApplicable).toBe('c1 has no IPv4 route beyond 10.1.1.0/24: nothing in the chain gave it a default route, so the outside is unreachable by design');
    expect(plan.find((c) => c.kind === 'ping' && c.to === 'gateway' && c.family === 'ipv4')).toMatchObject({ target: '10.1.1.1' });
    expect(plan.find((c) => c.kind === 'ping' && c.to === 'gateway' && c.family === 'ipv4')!.notApplicable).toBeUndefined();
    expect(plan.find((c) => c.kind === 'mtu')!.notApplicable).toBeUndefined();
    expect(checksFailed(plan.filter((c) => c.notApplicable).map(notApplicableResult))).toBe(false);
  });

  it("podman's internal network: the gateway, its MTU and the way out are not applicable, as nothing holds 10.89.7.1", () => {
    const why = "nothing on c1's network holds the gateway 10.89.7.1 (no address of the links this run made or of its containers is it; the bridge was told not to be the gateway: isGateway is false)";
    expect(unheldGateway(internal, '10.89.7.1', [internal], INTERNAL_NOTE)).toBe(why);
    const plan = planChecks({ containers: [internal], ping: true, gatewayNote: INTERNAL_NOTE });
    expect(plan.find((c) => c.kind === 'ping' && c.to === 'gateway' && c.family === 'ipv4')!.notApplicable).toBe(`${why}: not probed, as no one can answer by design`);
    expect(plan.find((c) => c.kind === 'mtu')!.notApplicable).toBe(`${why}: not probed, as no one can answer by design`);
    expect(plan.find((c) => c.kind === 'masquerade' && c.family === 'ipv4')!.notApplicable).toBe(`${why}, and c1's route out leads there: the outside is unreachable by design`);
    // Between containers the bridge still carries traffic: those are probed.
    const two = planChecks({ containers: [internal, { ...internal, name: 'c2', addresses: [{ family: 'ipv4', address: '10.89.7.3', prefixlen: 24 }] }], ping: true });
    expect(two.find((c) => c.kind === 'ping' && c.from === 'c1' && c.to === 'c2')!.notApplicable).toBeUndefined();
  });

  it("podman's internal network: the host has no address on it, so host → container is not applicable (the lab's run had failed on it)", () => {
    const why =
      "the host holds no IPv4 address on c1's network (none on the links this run made; the bridge was told not to be the gateway: isGateway is false), so it has no route to c1: not probed, as c1 is unreachable from the host by design";
    expect(unaddressedHost(internal, 'ipv4', INTERNAL_NOTE)).toBe(why);
    const plan = planChecks({ containers: [internal], ping: true, gatewayNote: INTERNAL_NOTE, bandwidth: { ingressRate: 8e6, ingressBurst: 8e6 } });
    const fromHost = plan.filter((c) => c.from === 'host');
    expect(fromHost.map((c) => `${c.kind} ${c.family ?? ''}`)).toEqual(['ping ipv4', 'tcp ipv4', 'bandwidth ']);
    for (const c of fromHost) expect(c.notApplicable).toBe(why);
    expect(checksFailed(plan.filter((c) => c.notApplicable).map(notApplicableResult))).toBe(false);
    // Only link-local IPv6 on the bridge: no way in for a container's IPv6 either.
    expect(unaddressedHost(internal, 'ipv6')).toMatch(/^the host holds no IPv6 address on c1's network \(none on the links this run made\)/);
  });

  it('probes as before where the gateway is held, a container holds it, or nothing was observed', () => {
    // The same network with the bridge holding the gateway (isGateway: true).
    const held = { ...internal, hostSide: [...internal.hostSide!, '10.89.7.1'] };
    expect(planChecks({ containers: [held], ping: true }).filter((c) => c.notApplicable && c.family === 'ipv4')).toEqual([]);
    expect(unaddressedHost(held, 'ipv4')).toBeUndefined();
    // An IPv6 address there opens no way in for IPv4, and the other way round.
    expect(unaddressedHost({ ...internal, hostSide: ['fd00::1'] }, 'ipv4')).toBeDefined();
    expect(unaddressedHost({ ...internal, hostSide: ['fd00::1'] }, 'ipv6')).toBeUndefined();
    expect(unheldGateway(internal, '10.89.7.1', [internal, { ...internal, name: 'c2', addresses: [{ family: 'ipv4', address: '10.89.7.1', prefixlen: 24 }] }])).toBeUndefined();
    const { routes: _routes, hostSide: _side, ...unobserved } = internal;
    expect(routeOut(unobserved, 'ipv4')).toBeUndefined();
    expect(planChecks({ containers: [unobserved], ping: true }).filter((c) => c.notApplicable && c.family === 'ipv4')).toEqual([]);
    expect(unaddressedHost(unobserved, 'ipv4')).toBeUndefined();
    // A default route through a device alone may be either family's: it counts as a way out.
    expect(routeOut({ ...ptp, routes: [...ptp.routes!, { dst: 'default' }] }, 'ipv4')).toEqual({ route: { dst: 'default' } });
  });

  it('names what in the config leaves the gateway to no one', () => {
    expect(gatewayNote([{ type: 'bridge' }])).toBe('the bridge was told not to be the gateway: isGateway is not set (false)');
    expect(gatewayNote([{ type: 'bridge', isGateway: true }])).toBeUndefined();
    expect(gatewayNote([{ type: 'bridge', isDefaultGateway: true }])).toBeUndefined();
    expect(gatewayNote([{ type: 'ptp' }])).toBeUndefined();
  });
});
