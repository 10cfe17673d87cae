import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../node/schemas';
import { createCatalog } from '../catalog/catalog';
import type { JsonObject } from '../model/types';
import { semanticDiff } from '../review/diff';
import { explainConflist } from '../review/explain';
import { riskNotes } from '../review/risk';
import { DEFAULT_INPUTS, type RuntimeInputs } from '../runtime/inputs';
import { explainStep } from '../runtime/explain';
import { plan } from '../runtime/plan';
import { list } from '../testing';
import { createValidator } from '../validate/create';
import { hostLocalRangeSets, ipamBehaviour, observedSysctls, PLUGIN_MODULES, pluginBehaviour, shownSysctls } from './index';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const validator = createValidator(schemas);
const inputs = (extra: Partial<RuntimeInputs> = {}): RuntimeInputs => ({ ...DEFAULT_INPUTS, ...extra });

describe('the plugin modules', () => {
  it('each belongs to a plugin type with a schema, IPAM behaviour only on IPAM types', () => {
    for (const m of PLUGIN_MODULES) {
      const entry = catalog.get(m.type);
      expect(entry, `${m.type} has no schema`).toBeDefined();
      expect(m.ipam !== undefined, `${m.type}: ipam behaviour iff an IPAM plugin`).toBe(entry!.role === 'ipam');
      expect(m.predictAdd === undefined || entry!.role !== 'ipam', `${m.type}: an IPAM plugin is no chain step`).toBe(true);
    }
  });

  it('are found by type in a Map: built-in names and non-strings are unknown', () => {
    expect(pluginBehaviour('bridge')?.type).toBe('bridge');
    expect(ipamBehaviour('host-local')).toBeDefined();
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', '']) {
      expect(pluginBehaviour(name)).toBeUndefined();
      expect(ipamBehaviour(name)).toBeUndefined();
    }
    expect(pluginBehaviour(undefined)).toBeUndefined();
    expect(pluginBehaviour(['bridge'])).toBeUndefined();
    expect(ipamBehaviour('bridge')).toBeUndefined();
  });

  it('predict and explain a bare config of their type without failing', () => {
    for (const m of PLUGIN_MODULES) {
      const plugin: JsonObject = { type: m.type };
      const prev = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', sandbox: '/x' }], ips: [] };
      expect(() => m.predictAdd?.(plugin, { prevResult: prev, inputs: inputs(), ipam: () => ({ ips: [], routes: [], notes: [] }) })).not.toThrow();
      for (const command of ['ADD', 'DEL', 'CHECK'] as const) expect(explainStep(plugin, command)).toMatch(/\S/);
      if (m.ipam) expect(() => [m.ipam!.explain?.add({ type: m.type }), m.ipam!.summary({ type: m.type }), m.ipam!.predict?.({ type: m.type }, { type: 'bridge' }, inputs())]).not.toThrow();
    }
  });

  it('say what DEL undoes, each in its own words', () => {
    const generic = explainStep({ type: 'x-unknown' }, 'DEL');
    expect(generic).toContain('Undoes what ADD did for x-unknown');
    const withExplain = PLUGIN_MODULES.filter((m) => m.explain);
    expect(withExplain.map((m) => m.type).sort()).toEqual(['bandwidth', 'bridge', 'dummy', 'firewall', 'host-device', 'ipvlan', 'loopback', 'macvlan', 'portmap', 'ptp', 'sbr', 'tap', 'tuning', 'vlan', 'vrf']);
    for (const m of withExplain) expect(explainStep({ type: m.type }, 'DEL')).not.toBe(generic.replace('x-unknown', m.type));
    const bridge = { type: 'bridge', bridge: 'br0', ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } };
    expect(explainStep(bridge, 'DEL', 'net1')).toBe(
      'Deletes net1 in the container (the host end of its veth pair goes with it), asks host-local to release the addresses it leased to this container (lease files under /var/lib/cni/networks/<network>/) and removes the masquerade rules for its addresses. DEL succeeds even when this is already gone. The bridge br0 stays on the host for the other containers.',
    );
    // static allocates nothing: its DEL has nothing to release and is not mentioned.
    expect(explainStep({ type: 'macvlan', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24' }] } }, 'DEL')).toBe('Deletes eth0 in the container. DEL succeeds even when this is already gone.');
    expect(explainStep({ type: 'portmap' }, 'DEL')).toContain('without the portMappings capability');
    expect(explainStep({ type: 'macvlan', ipam: { type: 'calico-ipam' } }, 'DEL')).toContain('Asks calico-ipam to release the addresses it handed out and deletes eth0');
  });
});

describe('host-local: the legacy subnet is prepended to ranges (allocator/config.go, LoadIPAMConfig)', () => {
  // Both forms in one config: host-local hands out one address per range set, the legacy range's first.
  const ipam: JsonObject = { type: 'host-local', subnet: '10.1.0.0/24', gateway: '10.1.0.254', ranges: [[{ subnet: '10.2.0.0/24', gateway: '10.2.0.254' }]] };
  const doc = (i: JsonObject = ipam): JsonObject => list([{ type: 'bridge', bridge: 'cni0', isGateway: true, capabilities: { ipRanges: true }, ipam: i }]);

  it('orders the range sets: runtime ipRanges, then the legacy subnet, then ranges', () => {
    expect(hostLocalRangeSets(ipam, [[{ subnet: '192.168.7.0/24' }]]).map((s) => s[0]!.subnet)).toEqual(['192.168.7.0/24', '10.1.0.0/24', '10.2.0.0/24']);
  });

  it('predicts the legacy subnet\'s address first', () => {
    const ips = (extra: Partial<RuntimeInputs> = {}) => (plan(doc(), inputs(extra), 'ADD', { validator }).cachedResult!.ips as JsonObject[]).map((i) => i.address);
    expect(ips()).toEqual(['10.1.0.1/24', '10.2.0.1/24']);
    expect(ips({ capabilityArgs: { ipRanges: [[{ subnet: '192.168.7.0/24' }]] } })).toEqual(['192.168.7.2/24', '10.1.0.1/24', '10.2.0.1/24']);
    const plain = list([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.1.0.0/24', ranges: [[{ subnet: '10.2.0.0/24' }]] } }]);
    expect((plan(plain, inputs(), 'ADD', { validator }).cachedResult!.ips as JsonObject[]).map((i) => [i.address, i.gateway])).toEqual([
      ['10.1.0.2/24', '10.1.0.1'],
      ['10.2.0.2/24', '10.2.0.1'],
    ]);
  });

  it('explains the legacy subnet and its gateway first', () => {
    const [, bridge] = explainConflist(doc(), catalog);
    expect(bridge).toContain('gives it the gateway address 10.1.0.254 and 10.2.0.254');
    expect(bridge).toContain('asks host-local for one address from 10.1.0.0/24 and one from 10.2.0.0/24');
  });

  it('judges the bridge gateway by the legacy subnet, the first IPv4 range', () => {
    const risks = (after: JsonObject) => riskNotes(semanticDiff(doc(), doc(after), catalog), doc(), doc(after), catalog);
    const rangesMoved = risks({ ...ipam, ranges: [[{ subnet: '10.3.0.0/24', gateway: '10.3.0.254' }]] });
    expect(rangesMoved.map((n) => n.rule)).toEqual(['addresses-changed']);
    expect(rangesMoved[0]!.message).toContain('(host-local: 10.1.0.0/24, 10.2.0.0/24 → 10.1.0.0/24, 10.3.0.0/24)');
    // The bridge keeps carrying the legacy range's gateway: no refusal to warn about.
    expect(rangesMoved[0]!.message).not.toContain('forceAddress');
    const legacyMoved = risks({ ...ipam, subnet: '10.4.0.0/24', gateway: '10.4.0.254' });
    expect(legacyMoved[0]!.message).toContain('forceAddress');
  });
});

describe('observation', () => {
  it("reads back tuning's sysctls, with the interface name put in for IFNAME as tuning does", () => {
    const tuning = { type: 'tuning', sysctl: { 'net.core.somaxconn': '512', 'net.ipv4.conf.IFNAME.arp_filter': '1' }, args: { cni: { sysctl: { 'net/ipv6/conf/IFNAME/disable_ipv6': '1' } } } };
    expect(observedSysctls([{ type: 'bridge' }, tuning, tuning, 'x', { type: 'toString', sysctl: { a: '1' } }], 'net1')).toEqual(['net.core.somaxconn', 'net.ipv4.conf.net1.arp_filter', 'net/ipv6/conf/net1/disable_ipv6']);
    // args.cni.sysctl only merges into a config that has sysctls; a dotted interface name is ambiguous in a key.
    expect(observedSysctls([{ type: 'tuning', args: tuning.args }], 'eth0')).toEqual([]);
    // After DEL the container's interface is gone: its keys are left out, not shown as unreadable.
    const read = { 'net.core.somaxconn': '4096', 'net.ipv4.conf.net1.arp_filter': '(unreadable)', 'net/ipv6/conf/net1/disable_ipv6': '(unreadable)' };
    expect(shownSysctls(read, 'net1', [{ ifname: 'lo' }])).toEqual({ 'net.core.somaxconn': '4096' });
    expect(shownSysctls(read, 'net1', [{ ifname: 'lo' }, { ifname: 'net1' }])).toEqual(read);
    expect(observedSysctls([tuning], 'eth0.100')).toEqual(['net.core.somaxconn']);
  });
});
