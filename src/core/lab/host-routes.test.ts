import { describe, expect, it } from 'vitest';
import { hostRouteRefusals } from './host-routes';
import { DEFAULT_INPUTS } from '../runtime/inputs';
import type { JsonObject } from '../model/types';

// A lab VM as it is: eth0 on 192.0.2.0/24 with its gateway at .1, IPv6 too, loopback and link-local.
const VM = {
  addresses: [
    { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }, { family: 'inet6', local: '::1', prefixlen: 128 }] },
    { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }, { family: 'inet6', local: 'fd00::2', prefixlen: 64 }, { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' }] },
    { ifname: 'lab0', addr_info: [{ family: 'inet', local: '10.77.0.1', prefixlen: 24 }] },
  ],
  routes: [
    { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
    { dst: '192.0.2.0/24', dev: 'eth0', scope: 'link' },
    { dst: '198.51.100.7', gateway: '192.0.2.1', dev: 'eth0' },
    { dst: 'fd00::/64', dev: 'eth0' },
    { dst: 'fe80::/64', dev: 'eth0' },
    { dst: '10.77.0.0/24', dev: 'lab0' },
  ],
};
const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins });
const hostLocal = (...subnets: string[]) => ({ type: 'host-local', ranges: subnets.map((subnet) => [{ subnet }]) });
const refusals = (conflist: JsonObject, testLinks: string[] = []) => hostRouteRefusals(conflist, [DEFAULT_INPUTS], VM, testLinks);

describe("a run's networks and the machine's own traffic", () => {
  it('leaves networks the machine does not use alone, loopback and link-local routes aside', () => {
    expect(refusals(list({ type: 'bridge', bridge: 'cni0', isGateway: true, ipam: hostLocal('10.244.1.0/24', 'fd00:244:1::/64') }))).toEqual([]);
  });
  it("refuses one holding the machine's gateway (a ptp host route to it took the machine's traffic)", () => {
    const ptp = list({ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '192.0.2.0/30', rangeStart: '192.0.2.1', rangeEnd: '192.0.2.1' }]] } });
    expect(refusals(ptp)).toEqual([
      "plugin 1 (ptp) puts 192.0.2.0/30 on this machine's side, which holds 192.0.2.1, this machine's gateway (default via eth0): while the run lasts the machine's own traffic there would go into the run's links",
    ]);
  });
  it('refuses one holding an address of the machine, or overlapping a network it routes (IPv6 too)', () => {
    expect(refusals(list({ type: 'bridge', bridge: 'cni0', ipam: hostLocal('192.0.2.128/25') }))[0]).toContain('overlaps its route to 192.0.2.0/24 (eth0)');
    expect(refusals(list({ type: 'bridge', bridge: 'cni0', ipam: hostLocal('192.0.0.0/16') }))[0]).toContain('holds 192.0.2.1, this machine');
    expect(refusals(list({ type: 'bridge', bridge: 'cni0', ipam: hostLocal('198.51.100.0/24') }))[0]).toContain('overlaps its route to 198.51.100.7 (eth0)');
    expect(refusals(list({ type: 'bridge', bridge: 'cni0', ipam: hostLocal('fd00::/48') }))[0]).toContain('holds fd00::2, an address of this machine (eth0)');
    expect(refusals(list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '192.0.2.9/32', gateway: '192.0.2.10' }] } }))[0]).toContain('overlaps its route to 192.0.2.0/24 (eth0)');
  });
  it("shares a link made for tests (lab serve --host-links) and leaves plugins whose networks stay in the container alone", () => {
    expect(refusals(list({ type: 'bridge', bridge: 'lab0', ipam: hostLocal('10.77.0.0/24') }))).toHaveLength(1);
    expect(refusals(list({ type: 'bridge', bridge: 'lab0', ipam: hostLocal('10.77.0.0/24') }), ['lab0'])).toEqual([]);
    expect(refusals(list({ type: 'macvlan', master: 'lab0', ipam: hostLocal('192.0.2.0/24') }))).toEqual([]);
  });
});
