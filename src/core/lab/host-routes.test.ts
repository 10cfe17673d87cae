import { describe, expect, it } from 'vitest';
import { hostRouteRefusals } from './host-routes';
import { labView } from './go-view';
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
/** As the engine judges a list: through the view of it the plugins decode. */
const judged = (conflist: JsonObject, inputs = DEFAULT_INPUTS) => {
  const view = labView(conflist);
  if (!view.ok) throw new Error(view.message);
  return hostRouteRefusals(view.conflist, [inputs], VM);
};

describe("a run's networks and the machine's own traffic", () => {
  it('leaves networks the machine does not use alone, loopback and link-local routes aside', () => {
    expect(refusals(list({ type: 'bridge', bridge: 'cni0', isGateway: true, ipam: hostLocal('10.244.1.0/24', 'fd00:244:1::/64') }))).toEqual([]);
  });
  it("refuses one holding the machine's gateway (a ptp host route to it took the machine's traffic)", () => {
    const ptp = list({ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '192.0.2.0/30', rangeStart: '192.0.2.1', rangeEnd: '192.0.2.1' }]] } });
    expect(refusals(ptp)).toEqual([
      "plugin 1 (ptp) puts 192.0.2.0/30 (from its \"ipam.ranges[0][0].subnet\") on this machine's side, which holds 192.0.2.1, this machine's gateway (default via eth0): while the run lasts the machine's own traffic there would go into the run's links",
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

describe("the addresses bridge and ptp put on the machine's side besides the container's network", () => {
  it("refuses a gateway outside the container's subnet that is the machine's gateway, address or LAN (ptp's veth, bridge's gateway address)", () => {
    const ptp = list({ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.223.0.0/30', gateway: '192.0.2.77' }]] } });
    expect(refusals(ptp)).toEqual([
      `plugin 1 (ptp) puts 192.0.2.77/32 (its gateway 192.0.2.77, from its "ipam.ranges[0][0].gateway", on the host end of its veth) on this machine's side, which overlaps its route to 192.0.2.0/24 (eth0): while the run lasts the machine's own traffic there would go into the run's links`,
    ]);
    const bridge = list({ type: 'bridge', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.222.0.0/24', gateway: '192.0.2.1' }]] } });
    expect(refusals(bridge)).toEqual([expect.stringContaining("puts 192.0.2.1/24 (its gateway 192.0.2.1, from its \"ipam.ranges[0][0].gateway\", on its bridge cni0) on this machine's side, which holds 192.0.2.1, this machine's gateway (default via eth0)")]);
    // isDefaultGateway makes it the gateway too; the legacy top-level range is read as well.
    expect(refusals(list({ type: 'bridge', isDefaultGateway: true, ipam: { type: 'host-local', subnet: '10.222.0.0/24', gateway: '192.0.2.99' } }))[0]).toContain('puts 192.0.2.99/24 (its gateway 192.0.2.99, from its "ipam.gateway", on its bridge cni0) on this machine\'s side, which holds 192.0.2.1');
    const statics = list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.9.0.2/24', gateway: '192.0.2.2' }] } });
    expect(refusals(statics)).toEqual([expect.stringContaining('puts 192.0.2.2/32 (its gateway 192.0.2.2, from its "ipam.addresses[0].gateway", on the host end of its veth) on this machine\'s side, which holds 192.0.2.2, an address of this machine (eth0)')]);
    expect(refusals(list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: 'fd01::2/64', gateway: 'fd00::9' }] } }))[0]).toContain('puts fd00::9/128 (its gateway fd00::9');
  });

  it('leaves gateways that take nothing of the machine alone: inside the subnet, a link-local one of ptp, one bridge does not put on the host', () => {
    expect(refusals(list({ type: 'bridge', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.222.0.0/24', gateway: '10.222.0.254' }]] } }))).toEqual([]);
    expect(refusals(list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.9.0.2/32', gateway: '169.254.1.1' }] } }))).toEqual([]);
    // Without isGateway bridge gives the bridge no address: the gateway is the container's alone.
    expect(refusals(list({ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.222.0.0/24', gateway: '192.0.2.1' }]] } }))).toEqual([]);
  });

  it("refuses a gateway that is the machine's own even where every machine has such addresses (loopback, its link-local ones, a metadata host route)", () => {
    const gateway = (gw: string) => refusals(list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.9.0.2/32', gateway: gw }] } }));
    expect(gateway('127.0.0.1')[0]).toContain("overlaps this machine's loopback (127.0.0.0/8)");
    expect(gateway('fe80::1')[0]).toContain('holds fe80::1, an address of this machine (eth0)');
    const metadata = { ...VM, routes: [...VM.routes, { dst: '169.254.169.254', gateway: '192.0.2.1', dev: 'eth0' }] };
    expect(hostRouteRefusals(list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.9.0.2/32', gateway: '169.254.169.254' }] } }), [DEFAULT_INPUTS], metadata)[0]).toContain('overlaps its route to 169.254.169.254 (eth0)');
  });

  it('names the first address of the network when the gateway is not written, the default', () => {
    const ptp = list({ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.9.0.2/24', gateway: '192.0.2.1' }] } });
    expect(refusals(ptp)).toHaveLength(1);
    // Its network is link-local (every machine has such routes), but bridge puts fe80::1, an address of the machine's eth0, on the bridge.
    const defaulted = list({ type: 'bridge', isGateway: true, ipam: { type: 'static', addresses: [{ address: 'fe80::5/64' }] } });
    expect(refusals(defaulted)).toEqual([
      "plugin 1 (bridge) puts fe80::1/64 (its gateway fe80::1, the first address of fe80::/64, its default, on its bridge cni0) on this machine's side, which holds fe80::1, an address of this machine (eth0): while the run lasts the machine's own traffic there would go into the run's links",
    ]);
  });
});

describe('addresses the lab cannot know before the run (dhcp, a third-party IPAM)', () => {
  it('refuses a plugin that would put one on the machine\'s side (a gateway bridge, ptp), and leaves one that would not', () => {
    expect(refusals(list({ type: 'bridge', bridge: 'cnitest0', isGateway: true, ipam: { type: 'dhcp' } }))).toEqual([
      "plugin 1 (bridge) takes its addresses from dhcp, which the lab cannot know before the run, and puts each gateway on its bridge cnitest0: on this machine's side, where it could take a network the machine routes, its gateway or one of its addresses. In the lab use host-local or static with the addresses your nodes get, or a bridge that is not the gateway",
    ]);
    expect(refusals(list({ type: 'ptp', ipam: { type: 'whereabouts', range: '192.168.2.225/28' } }))[0]).toMatch(/^plugin 1 \(ptp\) takes its addresses from whereabouts, .* puts each gateway on the host end of its veth/);
    // Any spelling Go reads: "IPAM", "Type".
    expect(judged(list({ type: 'ptp', IPAM: { Type: 'dhcp' } }))).toHaveLength(1);
    // A bridge that is not the gateway puts no address on the machine's side; an IPAM with no type fails ADD first.
    expect(refusals(list({ type: 'bridge', bridge: 'cnitest0', ipam: { type: 'dhcp' } }))).toEqual([]);
    expect(refusals(list({ type: 'ptp', ipam: {} }))).toEqual([]);
    expect(refusals(list({ type: 'ptp', ipam: hostLocal('10.244.9.0/24') }))).toEqual([]);
  });
});

describe('the addresses as the plugins read them: any spelling of a key, a runtimeConfig written in the file', () => {
  it('reads IPAM keys in any case Go matches (host-local legacy and ranges, static addresses)', () => {
    expect(judged(list({ type: 'bridge', isGateway: true, ipam: { type: 'host-local', SUBNET: '192.0.2.0/24' } }))[0]).toContain('puts 192.0.2.0/24 (from its "ipam.subnet") on');
    expect(judged(list({ type: 'bridge', isGateway: true, IPAM: { Type: 'host-local', Ranges: [[{ Subnet: '192.0.2.0/24' }]] } }))[0]).toContain('holds 192.0.2.1, this machine');
    expect(judged(list({ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.223.0.0/30', GateWay: '192.0.2.77' }]] } }))[0]).toContain('its gateway 192.0.2.77, from its "ipam.ranges[0][0].gateway"');
    expect(judged(list({ type: 'ptp', ipam: { type: 'static', Addresses: [{ Address: '192.0.2.1/24', gateway: '192.0.2.9' }] } }))[0]).toContain('holds 192.0.2.1, this machine');
    // The long s folds onto "s" for Go: "ſubnet" is host-local's subnet.
    expect(judged(list({ type: 'bridge', ipam: { type: 'host-local', '\u017fubnet': '192.0.2.0/24' } }))).toHaveLength(1);
  });

  it('refuses a key written twice as lists or objects, which Go merges item by item', () => {
    const twice = labView(list({ type: 'bridge', ipam: { type: 'host-local', Ranges: [[{ subnet: '192.0.2.0/24' }]], ranges: [[{ subnet: '10.1.0.0/24' }]] } }));
    expect(twice).toEqual({ ok: false, pointer: '/plugins/0/ipam/Ranges', message: 'plugin 1: it spells "ipam.ranges" 2 ways ("Ranges", "ranges"), each an object or a list; the plugin decodes them all into one, field by field, which the lab does not check: keep one' });
  });

  it("reads a runtimeConfig written in the file, which libcni passes on when it injects no capability's argument", () => {
    const written = list({ type: 'bridge', isGateway: true, runtimeConfig: { ipRanges: [[{ subnet: '192.0.2.0/24' }]] }, ipam: { type: 'host-local' } });
    expect(judged(written)[0]).toContain('puts 192.0.2.0/24 (from its "runtimeConfig.ipRanges[0][0].subnet") on');
    expect(judged(list({ type: 'bridge', RuntimeConfig: { IPRanges: [[{ SUBNET: '192.0.2.0/24' }]] }, ipam: { type: 'host-local' } }))).toHaveLength(1);
    expect(judged(list({ type: 'ptp', runtimeConfig: { ips: ['192.0.2.1/24'] }, ipam: { type: 'static', addresses: [{ address: '10.9.0.2/24', gateway: '10.9.0.1' }] } }))[0]).toContain('holds 192.0.2.1, this machine');
    // A capability argument the runtime passes replaces it (libcni's injectRuntimeConfig), and is read in its place.
    const replaced = { ...written, plugins: [{ ...(written.plugins as JsonObject[])[0]!, capabilities: { ipRanges: true } }] };
    expect(judged(replaced, { ...DEFAULT_INPUTS, capabilityArgs: { ipRanges: [[{ subnet: '10.1.0.0/24' }]] } })).toEqual([]);
    expect(judged(replaced, { ...DEFAULT_INPUTS, capabilityArgs: { ipRanges: [[{ subnet: '192.0.2.0/25' }]] } })[0]).toContain('puts 192.0.2.0/25 (from the runtime\'s capability argument "runtimeConfig.ipRanges[0][0].subnet") on');
  });

  it('refuses a runtimeConfig spelled another way beside declared capabilities: libcni adds its own next to it, and the plugin merges both', () => {
    const beside = labView(list({ type: 'bridge', capabilities: { portMappings: true }, RuntimeConfig: { ipRanges: [[{ subnet: '192.0.2.0/24' }]] }, ipam: { type: 'host-local' } }));
    expect(beside.ok ? '' : beside.message).toBe('plugin 1: it spells "runtimeConfig" as "RuntimeConfig" and declares capabilities; libcni adds its own "runtimeConfig" beside it when it passes their arguments, and the plugin decodes both into one, field by field, which the lab does not check: write "runtimeConfig"');
    expect(labView(list({ type: 'bridge', capabilities: { portMappings: true }, runtimeConfig: {}, ipam: { type: 'host-local' } })).ok).toBe(true);
  });
});
