import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../node/schemas';
import { realFixture } from '../../node/fixtures';
import { createCatalog } from '../catalog/catalog';
import type { JsonObject } from '../model/types';
import { bridge, hostLocal, list, portmap } from '../testing';
import { semanticDiff } from './diff';
import { riskNotes, type RiskNote, type RiskRule } from './risk';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const fixture = realFixture;
const plugin = (doc: JsonObject, i: number) => (doc.plugins as JsonObject[])[i]!;

function risks(before: JsonObject, after: JsonObject): RiskNote[] {
  return riskNotes(semanticDiff(before, after, catalog), before, after, catalog);
}
const rules = (notes: RiskNote[]) => notes.map((n) => n.rule);
const only = (notes: RiskNote[], rule: RiskRule) => notes.filter((n) => n.rule === rule);

describe('riskNotes', () => {
  const base = () => list([bridge({ isGateway: true, ipMasq: true, hairpinMode: true, mtu: 1500 }), portmap()], { cniVersion: '1.0.0', name: 'net' });

  it('says nothing when nothing that matters changes', () => {
    const after = base();
    plugin(after, 0).isDefaultGateway = false;
    expect(risks(base(), after)).toEqual([]);
  });

  it('orders the notes high, medium, low', () => {
    const after = base();
    after.name = 'net2';
    plugin(after, 0).mtu = 1400;
    after.plugins = [...(after.plugins as JsonObject[]), { type: 'tuning' }];
    const notes = risks(base(), after);
    expect(notes.map((n) => n.severity)).toEqual(['high', 'medium', 'low']);
    expect(rules(notes)).toEqual(['network-renamed', 'mtu-changed', 'plugin-added']);
  });

  describe('network-renamed', () => {
    it('hits when the name changes, naming the cache and the host-local leases', () => {
      const after = base();
      after.name = 'net2';
      const [note] = only(risks(base(), after), 'network-renamed');
      expect(note).toMatchObject({ severity: 'high', pointer: '/name' });
      expect(note!.message).toContain('renamed from net to net2');
      expect(note!.message).toContain('/var/lib/cni/results/');
      expect(note!.message).toContain('/var/lib/cni/networks/net2/');
    });
    it('misses when the name stays', () => {
      const after = base();
      after.disableCheck = true;
      expect(only(risks(base(), after), 'network-renamed')).toEqual([]);
    });
  });

  describe('cniVersion', () => {
    const firewallList = (v: string) => list([bridge(), { type: 'firewall' }], { cniVersion: v });
    it('lowered: a medium note naming what stops working', () => {
      const notes = risks(list([bridge()], { cniVersion: '1.0.0' }), list([bridge()], { cniVersion: '0.3.1' }));
      expect(rules(notes)).toEqual(['cni-version-lowered']);
      expect(notes[0]).toMatchObject({ severity: 'medium', pointer: '/cniVersion' });
      expect(notes[0]!.message).toContain('from 1.0.0 to 0.3.1');
      expect(notes[0]!.message).toContain('CHECK is refused');
    });
    it('lowered below 1.1.0: GC and STATUS stop', () => {
      const notes = risks(list([bridge()], { cniVersion: '1.1.0' }), list([bridge()], { cniVersion: '1.0.0' }));
      expect(only(notes, 'cni-version-lowered')[0]!.message).toContain('GC and STATUS');
    });
    it('uses the version a runtime picks from cniVersions', () => {
      const before = list([bridge()], { cniVersion: '0.4.0', cniVersions: ['0.4.0', '1.0.0'] });
      expect(rules(risks(before, list([bridge()], { cniVersion: '1.0.0' })))).toEqual([]);
    });
    it('raised within what every plugin accepts: no note', () => {
      expect(risks(fixture('10-containerd-net.conflist'), { ...fixture('10-containerd-net.conflist'), cniVersion: '1.0.0' })).toEqual([]);
    });
    it('lowered below what a plugin accepts: high', () => {
      const notes = risks(firewallList('0.4.0'), firewallList('0.3.1'));
      const [note] = only(notes, 'cni-version-unsupported');
      expect(note).toMatchObject({ severity: 'high', pointer: '/cniVersion' });
      expect(note!.message).toContain('firewall (2) accepts 0.4.0, 1.0.0, 1.1.0');
    });
    it('raised beyond what a plugin accepts: high', () => {
      const calico = (v: string) => list([{ type: 'calico', ipam: { type: 'calico-ipam' } }, portmap()], { cniVersion: v });
      const notes = risks(calico('1.0.0'), calico('1.1.0'));
      expect(only(notes, 'cni-version-unsupported')[0]!.message).toContain('calico (1)');
      expect(only(notes, 'cni-version-unsupported')[0]!.message).not.toContain('portmap');
    });
    it('a plugin added to a list whose version it refuses: high', () => {
      expect(rules(risks(list([bridge()], { cniVersion: '0.3.1' }), firewallList('0.3.1')))).toContain('cni-version-unsupported');
    });
    it('unchanged version and no new plugin: no version note even if a plugin refuses it', () => {
      const before = firewallList('0.3.1');
      const after = firewallList('0.3.1');
      plugin(after, 0).mtu = 1500;
      expect(rules(risks(before, after)).filter((r) => r.startsWith('cni-version'))).toEqual([]);
    });
    it('raised to 1.1.0: Debian 1.1.1 plugins refuse it (medium)', () => {
      const notes = risks(list([bridge(), portmap()], { cniVersion: '1.0.0' }), list([bridge(), portmap()], { cniVersion: '1.1.0' }));
      expect(rules(notes)).toEqual(['cni-version-debian']);
      expect(notes[0]!.severity).toBe('medium');
      expect(notes[0]!.message).toContain('bridge (1), portmap (2) refuse spec 1.1.0');
    });
    it('no Debian note when Debian already refused the old version', () => {
      const notes = risks(list([bridge()], { cniVersion: '1.1.0' }), list([bridge()], { cniVersion: '1.1.0', disableCheck: true }));
      expect(rules(notes)).toEqual([]);
    });
  });

  describe('addresses-changed', () => {
    it('hits on a host-local subnet change, saying old pods keep their addresses', () => {
      const after = base();
      plugin(after, 0).ipam = hostLocal('10.23.0.0/16');
      const [note] = only(risks(base(), after), 'addresses-changed');
      expect(note).toMatchObject({ severity: 'high', pointer: '/plugins/0/ipam' });
      expect(note!.message).toContain('10.22.0.0/16 → 10.23.0.0/16');
      expect(note!.message).toContain('keep their old addresses');
      expect(note!.message).toContain('/var/lib/cni/networks/net/');
      // A gateway bridge that already exists keeps the old address: the bridge plugin refuses the new one.
      expect(note!.message).toContain('forceAddress');
    });
    it('no bridge-address warning with forceAddress, or when the IPv4 range is unchanged', () => {
      const after = base();
      Object.assign(plugin(after, 0), { forceAddress: true, ipam: hostLocal('10.23.0.0/16') });
      expect(only(risks(base(), after), 'addresses-changed')[0]!.message).not.toContain('already has an IP address');
      const v6 = base();
      plugin(v6, 0).ipam = { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }], [{ subnet: 'fd00::/64' }]] };
      expect(only(risks(base(), v6), 'addresses-changed')[0]!.message).not.toContain('already has an IP address');
    });
    it('hits on the legacy subnet, a range start, static addresses and a whereabouts range', () => {
      const legacy = (extra: JsonObject) => list([bridge({ ipam: { type: 'host-local', subnet: '10.1.0.0/24', ...extra } })]);
      expect(rules(risks(legacy({}), legacy({ rangeStart: '10.1.0.100' })))).toEqual(['addresses-changed']);
      const stat = (a: string) => list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: a }] } }]);
      expect(only(risks(stat('192.168.1.10/24'), stat('192.168.1.11/24')), 'addresses-changed')[0]!.message).toContain('fixed address');
      const wa = (r: string) => list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'whereabouts', range: r } }]);
      expect(only(risks(wa('192.168.2.0/24'), wa('192.168.3.0/24')), 'addresses-changed')[0]!.message).toContain('IPPool');
    });
    it('misses when the legacy top-level subnet becomes the same range in "ranges" (host-local reads them alike)', () => {
      const legacy = list([bridge({ ipam: { type: 'host-local', subnet: '10.88.0.0/16', routes: [{ dst: '0.0.0.0/0' }] } })]);
      const ranges = list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } })]);
      expect(risks(legacy, ranges)).toEqual([]);
      expect(risks(ranges, legacy)).toEqual([]);
      // The legacy range comes first: beside other sets it changes the order addresses are handed out in.
      const both = list([bridge({ ipam: { type: 'host-local', subnet: '10.88.0.0/16', ranges: [[{ subnet: 'fd00::/64' }]] } })]);
      const swapped = list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: 'fd00::/64' }], [{ subnet: '10.88.0.0/16' }]] } })]);
      expect(rules(risks(both, swapped))).toEqual(['addresses-changed']);
    });
    it('misses when only routes change, or the default gateway is written out', () => {
      const after = base();
      plugin(after, 0).ipam = { ...hostLocal(), routes: [{ dst: '0.0.0.0/0' }] };
      expect(risks(base(), after)).toEqual([]);
      const gw = base();
      plugin(gw, 0).ipam = { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16', gateway: '10.22.0.1' }]] };
      expect(risks(base(), gw)).toEqual([]);
    });
  });

  describe('list-refused', () => {
    it('hits when the profile\'s libcni loads the old list and refuses the new one', () => {
      const flag = (disableCheck: boolean | string) => ({ ...list([bridge()]), disableCheck });
      const on = (libcni: string) => (a: JsonObject, b: JsonObject) => riskNotes(semanticDiff(a, b, catalog), a, b, catalog, { libcni, plugins: '1.1.1' });
      const [note] = only(on('1.1.2')(flag(true), flag('true')), 'list-refused');
      expect(note).toMatchObject({ severity: 'high', pointer: '' });
      expect(note!.message).toContain('invalid disableCheck type string');
      // libcni 1.2 reads the string; and a list that never loaded is not made worse.
      expect(only(on('1.2.0')(flag(true), flag('true')), 'list-refused')).toEqual([]);
      expect(only(on('1.1.2')(flag('x'), flag('true')), 'list-refused')).toEqual([]);
    });
    it('hits when a number in the new list is beyond a float64, and shows it as written', () => {
      const after = base();
      plugin(after, 0).mtu = JSON.parse('1e400') as number;
      const notes = risks(base(), after);
      expect(only(notes, 'list-refused')[0]!.message).toContain('cannot unmarshal number 1e400 into Go value of type float64');
      expect(notes.find((n) => n.rule === 'mtu-changed')?.message).toContain('to 1e400');
    });
  });

  describe('ipam-changed', () => {
    it('hits when the IPAM type changes or IPAM goes away', () => {
      const after = base();
      plugin(after, 0).ipam = { type: 'whereabouts', range: '10.22.0.0/16' };
      const [note] = only(risks(base(), after), 'ipam-changed');
      expect(note).toMatchObject({ severity: 'high', pointer: '/plugins/0/ipam/type' });
      expect(note!.message).toContain('from host-local to whereabouts');
      const l2 = base();
      delete plugin(l2, 0).ipam;
      expect(only(risks(base(), l2), 'ipam-changed')[0]!.message).toContain('without any address');
      expect(only(risks(l2, base()), 'ipam-changed')[0]!.severity).toBe('medium');
    });
    it('misses when the IPAM type stays', () => {
      const after = base();
      plugin(after, 0).ipam = { ...hostLocal(), dataDir: '/run/cni/ipam' };
      expect(only(risks(base(), after), 'ipam-changed')).toEqual([]);
    });
  });

  describe('ip-masq', () => {
    it('hits when bridge or ptp masquerading is switched', () => {
      const off = base();
      plugin(off, 0).ipMasq = false;
      expect(only(risks(base(), off), 'ip-masq')[0]).toMatchObject({ severity: 'high', pointer: '/plugins/0/ipMasq' });
      expect(only(risks(off, base()), 'ip-masq')[0]!.severity).toBe('medium');
      const ptp = (masq: boolean) => list([{ type: 'ptp', ipMasq: masq, ipam: hostLocal() }]);
      expect(rules(risks(ptp(true), ptp(false)))).toEqual(['ip-masq']);
    });
    it('misses when it stays, or on plugins without that meaning', () => {
      const after = base();
      plugin(after, 0).ipMasq = true;
      expect(risks(base(), after)).toEqual([]);
      const mv = (masq: boolean) => list([{ type: 'macvlan', master: 'eth0', ipMasq: masq, ipam: hostLocal() }]);
      expect(only(risks(mv(true), mv(false)), 'ip-masq')).toEqual([]);
    });
  });

  describe('portmap-snat', () => {
    it('hits when snat is turned off (it defaults to on)', () => {
      const after = base();
      plugin(after, 1).snat = false;
      const [note] = risks(base(), after);
      expect(note).toMatchObject({ rule: 'portmap-snat', severity: 'medium', pointer: '/plugins/1/snat' });
      expect(only(risks(after, base()), 'portmap-snat')[0]!.severity).toBe('low');
    });
    it('misses when snat is only written out as its default', () => {
      const after = base();
      plugin(after, 1).snat = true;
      expect(risks(base(), after)).toEqual([]);
    });
  });

  describe('capabilities', () => {
    it('hits when portMappings is dropped: port mappings stop working', () => {
      const after = base();
      delete plugin(after, 1).capabilities;
      const [note] = risks(base(), after);
      expect(note).toMatchObject({ rule: 'capability-dropped', severity: 'high', pointer: '/plugins/1/capabilities' });
      expect(note!.message).toContain('port mappings (hostPort) requested for new pods stop working');
      const off = base();
      plugin(off, 1).capabilities = { portMappings: false };
      expect(rules(risks(base(), off))).toEqual(['capability-dropped']);
    });
    it('notes a capability added (low), and one the plugin does not read', () => {
      const after = base();
      plugin(after, 0).capabilities = { mac: true, portMappings: true };
      const notes = only(risks(base(), after), 'capability-added');
      expect(notes.map((n) => n.severity)).toEqual(['low', 'low']);
      expect(notes[0]!.message).not.toContain('does not read it');
      expect(notes[1]!.message).toContain('bridge does not read it');
    });
    it('misses when the capabilities stay', () => {
      const after = base();
      plugin(after, 1).capabilities = { portMappings: true };
      plugin(after, 1).markMasqBit = 13;
      expect(risks(base(), after)).toEqual([]);
    });
  });

  describe('hairpin-off', () => {
    it('hits when hairpinMode is turned off or removed', () => {
      const after = base();
      delete plugin(after, 0).hairpinMode;
      expect(risks(base(), after)).toMatchObject([{ rule: 'hairpin-off', severity: 'medium', pointer: '/plugins/0/hairpinMode' }]);
    });
    it('misses when it is turned on', () => {
      const before = base();
      plugin(before, 0).hairpinMode = false;
      expect(risks(before, base())).toEqual([]);
    });
  });

  describe('mtu-changed', () => {
    it('hits on any plugin', () => {
      const after = base();
      plugin(after, 0).mtu = 1450;
      const [note] = risks(base(), after);
      expect(note).toMatchObject({ rule: 'mtu-changed', severity: 'medium', pointer: '/plugins/0/mtu' });
      expect(note!.message).toContain('from 1500 to 1450');
      const tuning = (mtu?: number) => list([bridge(), { type: 'tuning', ...(mtu ? { mtu } : {}) }]);
      expect(only(risks(tuning(), tuning(9000)), 'mtu-changed')[0]!.message).toContain('tuning (2)');
    });
    it('misses when only the spelling of the key changes', () => {
      const after = base();
      delete plugin(after, 0).mtu;
      plugin(after, 0).MTU = 1500;
      expect(risks(base(), after)).toEqual([]);
    });
  });

  describe('chain-order', () => {
    it('hits when the order changes; high when a chained plugin ends up first', () => {
      const before = list([bridge(), portmap(), { type: 'tuning' }]);
      const after = list([bridge(), { type: 'tuning' }, portmap()]);
      const [note] = risks(before, after);
      expect(note).toMatchObject({ rule: 'chain-order', severity: 'medium', pointer: '/plugins' });
      expect(note!.message).toContain('bridge → portmap → tuning becomes bridge → tuning → portmap');
      const broken = risks(before, list([portmap(), bridge(), { type: 'tuning' }]));
      expect(only(broken, 'chain-order')[0]!.severity).toBe('high');
      expect(only(broken, 'chain-order')[0]!.message).toContain('portmap now runs first');
      // A list whose first plugin already needed a previous result failed every ADD before: not made worse.
      const already = risks(list([portmap(), { type: 'tuning' }, bridge()]), list([{ type: 'tuning' }, portmap(), bridge()]));
      expect(only(already, 'chain-order')[0]).toMatchObject({ severity: 'medium' });
      expect(only(already, 'chain-order')[0]!.message).not.toContain('now runs first');
    });
    it('misses when plugins are only added in front', () => {
      expect(only(risks(base(), list([{ type: 'loopback' }, ...(base().plugins as JsonObject[])], { name: 'net' })), 'chain-order')).toEqual([]);
    });
  });

  describe('plugin-removed', () => {
    it('one of two identical plugins removed: low, since its twin still does it', () => {
      const t = { type: 'tuning', mtu: 1400 };
      const notes = risks(list([bridge(), t, t]), list([bridge(), t]));
      expect(only(notes, 'plugin-removed')).toEqual([{ rule: 'plugin-removed', severity: 'low', pointer: '/plugins', message: 'tuning (3) is removed, but an identical tuning stays at 2: what it did still happens for new pods, once instead of twice.' }]);
    });
    it('portmap removed: host ports stop working, and its rules may stay behind', () => {
      const after = base();
      after.plugins = [plugin(after, 0)];
      const [note] = risks(base(), after);
      expect(note).toMatchObject({ rule: 'plugin-removed', severity: 'high' });
      expect(note!.message).toContain('portmap (2) is removed: host ports stop working');
      expect(note!.message).toContain("portmap's DEL never runs");
    });
    it('an interface plugin removed is high; tuning is medium', () => {
      const notes = risks(list([bridge(), { type: 'macvlan', master: 'eth0', ipam: hostLocal('10.9.0.0/24') }, { type: 'tuning' }]), list([bridge()]));
      expect(notes.map((n) => [n.rule, n.severity])).toEqual([
        ['plugin-removed', 'high'],
        ['plugin-removed', 'medium'],
      ]);
      expect(notes[0]!.message).toContain('nor its addresses');
    });
    it('misses when no plugin goes', () => {
      expect(only(risks(base(), list([...(base().plugins as JsonObject[]), { type: 'tuning' }], { name: 'net' })), 'plugin-removed')).toEqual([]);
    });
  });

  describe('plugin-added', () => {
    it('says what starts happening, in the words of the runtime preview', () => {
      const after = base();
      after.plugins = [...(after.plugins as JsonObject[]), { type: 'bandwidth', capabilities: { bandwidth: true } }];
      const [note] = risks(base(), after);
      expect(note).toMatchObject({ rule: 'plugin-added', severity: 'low', pointer: '/plugins/2' });
      expect(note!.message).toContain('bandwidth (3) is added; for new pods it puts traffic shaping');
      const iface = risks(list([bridge()]), list([bridge(), { type: 'macvlan', master: 'eth1' }]));
      expect(only(iface, 'plugin-added')[0]!.severity).toBe('medium');
    });
    it('misses when no plugin is new', () => {
      const after = base();
      plugin(after, 0).mtu = 9000;
      expect(only(risks(base(), after), 'plugin-added')).toEqual([]);
    });
  });

  describe('bridge-renamed', () => {
    it('hits when the bridge name changes (the old one is left on the nodes)', () => {
      const after = base();
      plugin(after, 0).bridge = 'br-pods';
      const [note] = risks(base(), after);
      expect(note).toMatchObject({ rule: 'bridge-renamed', severity: 'high', pointer: '/plugins/0/bridge' });
      expect(note!.message).toContain('br-pods instead of cni0');
      expect(note!.message).toContain('left on every node');
    });
    it('misses when only the default is written out', () => {
      const before = base();
      delete plugin(before, 0).bridge;
      expect(risks(before, base())).toEqual([]);
    });
  });
});

