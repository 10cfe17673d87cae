import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../node/schemas';
import { createCatalog } from '../catalog/catalog';
import { parseSource } from '../model/source';
import type { JsonObject, JsonValue } from '../model/types';
import { TEMPLATES } from '../templates';
import { bridge, hostLocal, list, portmap } from '../testing';
import { createValidator } from '../validate/validate';
import type { Finding } from '../validate/finding';
import { isEmptyDiff, semanticDiff } from './diff';
import { explainConflist } from './explain';
import { markdownCode, markdownText, reviewReport } from './report';
import { riskNotes, type RiskNote, type RiskRule } from './risk';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const validator = createValidator(schemas);
const FIXTURES = resolve(__dirname, '../../fixtures/real');

function fixture(name: string): JsonObject {
  const conflist = parseSource(readFileSync(resolve(FIXTURES, name), 'utf8'), { fileName: name }).configs[0]!.conflist;
  if (!conflist) throw new Error(`${name} has no conflist`);
  return conflist;
}

const clone = <T extends JsonValue>(v: T): T => structuredClone(v);
const plugin = (doc: JsonObject, i: number) => (doc.plugins as JsonObject[])[i]!;

function risks(before: JsonObject, after: JsonObject): RiskNote[] {
  return riskNotes(semanticDiff(before, after, catalog), before, after, catalog);
}
const rules = (notes: RiskNote[]) => notes.map((n) => n.rule);
const only = (notes: RiskNote[], rule: RiskRule) => notes.filter((n) => n.rule === rule);

describe('semanticDiff', () => {
  it('finds nothing between a list and itself (or a copy with keys in another order)', () => {
    const a = fixture('87-podman-bridge.conflist');
    const reordered: JsonObject = { plugins: clone(a.plugins!), name: a.name!, cniVersion: a.cniVersion! };
    const d = semanticDiff(a, reordered, catalog);
    expect(d).toEqual({
      listChanges: [],
      orderChanged: false,
      plugins: ['bridge', 'portmap', 'firewall', 'tuning'].map((type, i) => ({ type, status: 'kept', beforeIndex: i, afterIndex: i, changes: [] })),
    });
    expect(isEmptyDiff(d)).toBe(true);
  });

  it('compares the containerd fixture with its 1.0.0 variant field by field', () => {
    const d = semanticDiff(fixture('10-containerd-net.conflist'), fixture('10-containerd-net-v1.conflist'), catalog);
    expect(d.listChanges).toEqual([{ pointer: '/cniVersion', kind: 'changed', before: '0.4.0', after: '1.0.0' }]);
    expect(d.orderChanged).toBe(false);
    expect(d.plugins).toEqual([
      {
        type: 'bridge',
        status: 'kept',
        beforeIndex: 0,
        afterIndex: 0,
        changes: [{ pointer: '/plugins/0/ipam/ranges/1/0/subnet', kind: 'changed', before: '2001:4860:4860::/64', after: '2001:db8:4860::/64' }],
      },
      { type: 'portmap', status: 'kept', beforeIndex: 1, afterIndex: 1, changes: [{ pointer: '/plugins/1/externalSetMarkChain', kind: 'added', after: 'KUBE-MARK-MASQ' }] },
    ]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('reports plugins added and removed, and field changes of a changed containerd copy', () => {
    const before = fixture('10-containerd-net.conflist');
    const after = clone(before);
    after.name = 'containerd-net-2';
    after.disableCheck = true;
    const br = plugin(after, 0);
    br.mtu = 1450;
    delete br.promiscMode;
    after.plugins = [br, { type: 'bandwidth', capabilities: { bandwidth: true } }];
    const d = semanticDiff(before, after, catalog);
    expect(d.listChanges).toEqual([
      { pointer: '/name', kind: 'changed', before: 'containerd-net', after: 'containerd-net-2' },
      { pointer: '/disableCheck', kind: 'added', after: true },
    ]);
    expect(d.plugins.map((p) => [p.type, p.status, p.beforeIndex, p.afterIndex])).toEqual([
      ['bridge', 'kept', 0, 0],
      ['portmap', 'removed', 1, undefined],
      ['bandwidth', 'added', undefined, 1],
    ]);
    expect(d.plugins[0]!.changes).toEqual([
      { pointer: '/plugins/0/promiscMode', kind: 'removed', before: true },
      { pointer: '/plugins/0/mtu', kind: 'added', after: 1450 },
    ]);
    expect(d.plugins[2]!.changes).toEqual([]);
    expect(d.orderChanged).toBe(false);
  });

  it('says which plugin moved when the order changes, with old and new index', () => {
    const before = fixture('87-podman-bridge.conflist');
    const after = clone(before);
    const [br, pm, fw, tu] = after.plugins as JsonObject[];
    after.plugins = [br!, tu!, pm!, fw!];
    const d = semanticDiff(before, after, catalog);
    expect(d.orderChanged).toBe(true);
    expect(d.plugins.map((p) => [p.type, p.status, p.beforeIndex, p.afterIndex])).toEqual([
      ['bridge', 'kept', 0, 0],
      ['tuning', 'moved', 3, 1],
      ['portmap', 'kept', 1, 2],
      ['firewall', 'kept', 2, 3],
    ]);
  });

  it('does not call a shift caused by an insertion a move', () => {
    const before = list([bridge(), portmap()]);
    const after = list([{ type: 'loopback' }, bridge(), portmap()]);
    const d = semanticDiff(before, after, catalog);
    expect(d.orderChanged).toBe(false);
    expect(d.plugins.map((p) => [p.type, p.status, p.beforeIndex, p.afterIndex])).toEqual([
      ['loopback', 'added', undefined, 0],
      ['bridge', 'kept', 0, 1],
      ['portmap', 'kept', 1, 2],
    ]);
    // Pointers of a kept plugin's changes point into the new list.
    plugin(after, 1).mtu = 9000;
    expect(semanticDiff(before, after, catalog).plugins[1]!.changes).toEqual([{ pointer: '/plugins/1/mtu', kind: 'added', after: 9000 }]);
  });

  it('matches plugins of the same type by their position among that type', () => {
    const before = list([bridge(), { type: 'tuning', mtu: 1400 }, { type: 'tuning', mtu: 9000 }]);
    const after = list([bridge(), { type: 'tuning', mtu: 9000 }]);
    const d = semanticDiff(before, after, catalog);
    expect(d.plugins.map((p) => [p.type, p.status, p.beforeIndex, p.afterIndex])).toEqual([
      ['bridge', 'kept', 0, 0],
      ['tuning', 'kept', 1, 1],
      ['tuning', 'removed', 2, undefined],
    ]);
    expect(d.plugins[1]!.changes).toEqual([{ pointer: '/plugins/1/mtu', kind: 'changed', before: 1400, after: 9000 }]);
  });

  it('places a removed plugin after the plugin that preceded it in the old chain', () => {
    const before = list([bridge(), portmap(), { type: 'tuning' }]);
    const after = list([bridge(), { type: 'tuning' }]);
    expect(semanticDiff(before, after, catalog).plugins.map((p) => `${p.type}:${p.status}`)).toEqual(['bridge:kept', 'portmap:removed', 'tuning:kept']);
    const first = semanticDiff(list([{ type: 'loopback' }, bridge()]), list([bridge()]), catalog);
    expect(first.plugins.map((p) => `${p.type}:${p.status}`)).toEqual(['loopback:removed', 'bridge:kept']);
  });

  it('reads keys the way Go does: a change of case only is no change, and pointers keep the spelling used', () => {
    const same = semanticDiff(list([bridge({ MTU: 1400 })]), list([bridge({ mtu: 1400 })]), catalog);
    expect(same.plugins[0]!.changes).toEqual([]);
    const changed = semanticDiff(list([bridge({ MTU: 1400 })]), list([bridge({ Mtu: 1500 })]), catalog);
    expect(changed.plugins[0]!.changes).toEqual([{ pointer: '/plugins/0/Mtu', kind: 'changed', before: 1400, after: 1500 }]);
    const removed = semanticDiff(list([bridge({ HairpinMode: true })]), list([bridge()]), catalog);
    expect(removed.plugins[0]!.changes).toEqual([{ pointer: '/plugins/0/HairpinMode', kind: 'removed', before: true }]);
    // IPAM keys too.
    const ipam = semanticDiff(list([bridge({ ipam: { type: 'host-local', Ranges: [[{ Subnet: '10.1.0.0/16' }]] } })]), list([bridge({ ipam: hostLocal('10.1.0.0/16') })]), catalog);
    expect(ipam.plugins[0]!.changes).toEqual([]);
  });

  it('compares arrays of values as a whole and arrays of objects index by index', () => {
    const before = list([bridge({ ipam: { ...hostLocal(), routes: [{ dst: '0.0.0.0/0' }] }, dns: { nameservers: ['10.0.0.10'] } })], { cniVersions: ['0.4.0', '1.0.0'] });
    const after = list([bridge({ ipam: { ...hostLocal(), routes: [{ dst: '0.0.0.0/0', gw: '10.22.0.254' }, { dst: '::/0' }] }, dns: { nameservers: ['10.0.0.10', '10.0.0.11'] } })], { cniVersions: ['1.0.0', '1.1.0'] });
    const d = semanticDiff(before, after, catalog);
    expect(d.listChanges).toEqual([{ pointer: '/cniVersions', kind: 'changed', before: ['0.4.0', '1.0.0'], after: ['1.0.0', '1.1.0'] }]);
    expect(d.plugins[0]!.changes).toEqual([
      { pointer: '/plugins/0/ipam/routes/0/gw', kind: 'added', after: '10.22.0.254' },
      { pointer: '/plugins/0/ipam/routes/1', kind: 'added', after: { dst: '::/0' } },
      { pointer: '/plugins/0/dns/nameservers', kind: 'changed', before: ['10.0.0.10'], after: ['10.0.0.10', '10.0.0.11'] },
    ]);
  });

  it('escapes keys in pointers and reports a changed type of value as one change', () => {
    const d = semanticDiff(list([bridge(), { type: 'tuning', sysctl: { 'net/ipv4/ip_forward': '1' } }]), list([bridge({ ipam: {} }), { type: 'tuning', sysctl: { 'net/ipv4/ip_forward': '0' } }]), catalog);
    expect(d.plugins[0]!.changes.map((c) => c.pointer)).toEqual(['/plugins/0/ipam/type', '/plugins/0/ipam/ranges']);
    expect(d.plugins[1]!.changes).toEqual([{ pointer: '/plugins/1/sysctl/net~1ipv4~1ip_forward', kind: 'changed', before: '1', after: '0' }]);
    const shape = semanticDiff(list([bridge({ mtu: 1500 })]), list([bridge({ mtu: '1500' })]), catalog);
    expect(shape.plugins[0]!.changes).toEqual([{ pointer: '/plugins/0/mtu', kind: 'changed', before: 1500, after: '1500' }]);
  });

  it('copes with lists without plugins and plugins that are not objects', () => {
    const d = semanticDiff(list([bridge()]), { name: 'testnet', cniVersion: '1.0.0' }, catalog);
    expect(d.plugins.map((p) => p.status)).toEqual(['removed']);
    const odd = semanticDiff(list(['x', bridge()]), list([42, bridge()]), catalog);
    expect(odd.plugins[0]).toEqual({ type: '', status: 'kept', beforeIndex: 0, afterIndex: 0, changes: [{ pointer: '/plugins/0', kind: 'changed', before: 'x', after: 42 }] });
  });

  it('is deterministic', () => {
    const a = fixture('87-podman-bridge.conflist');
    const b = clone(a);
    b.plugins = [...(b.plugins as JsonObject[])].reverse();
    expect(JSON.stringify(semanticDiff(a, b, catalog))).toBe(JSON.stringify(semanticDiff(clone(a), clone(b), catalog)));
  });
});

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
    it('misses when only routes change, or the default gateway is written out', () => {
      const after = base();
      plugin(after, 0).ipam = { ...hostLocal(), routes: [{ dst: '0.0.0.0/0' }] };
      expect(risks(base(), after)).toEqual([]);
      const gw = base();
      plugin(gw, 0).ipam = { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16', gateway: '10.22.0.1' }]] };
      expect(risks(base(), gw)).toEqual([]);
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
    });
    it('misses when plugins are only added in front', () => {
      expect(only(risks(base(), list([{ type: 'loopback' }, ...(base().plugins as JsonObject[])], { name: 'net' })), 'chain-order')).toEqual([]);
    });
  });

  describe('plugin-removed', () => {
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

describe('explainConflist', () => {
  it('explains the containerd template: subnet, masquerade, port mappings', () => {
    const doc = TEMPLATES.find((t) => t.id === 'containerd-bridge')!.document;
    const [opening, br, pm, ...rest] = explainConflist(doc, catalog);
    expect(rest).toEqual([]);
    expect(opening).toBe(
      'Network "containerd-net" uses CNI spec 1.0.0 and chains 2 plugins: bridge → portmap. On ADD bridge runs first and creates the container\'s interface; each later plugin gets the previous one\'s result, and DEL runs them last to first.',
    );
    expect(br).toMatch(/^1\. bridge: Creates the Linux bridge cni0/);
    expect(br).toContain('masquerades');
    expect(br).toContain('one address from 10.88.0.0/16 and one from fd00:10:88::/64');
    expect(pm).toMatch(/^2\. portmap: .*forward the host ports/);
    expect(pm).not.toContain('forwards nothing');
  });

  it('names an explicit gateway and the MTU, and reads keys case-insensitively', () => {
    const [, br] = explainConflist(fixture('87-podman-bridge.conflist'), catalog);
    expect(br).toContain('gives it the gateway address 10.88.0.1');
    const [, mtu] = explainConflist(list([bridge({ MTU: 1450 })]), catalog);
    expect(mtu).toContain('veth pair (MTU 1450)');
  });

  it('falls back to the catalog summary for plugins without plain words, and lists capabilities', () => {
    const [opening, calico, , bandwidth] = explainConflist(fixture('10-calico.conflist'), catalog);
    expect(opening).toContain('calico runs first');
    expect(calico).toBe('1. calico: Calico routed veth (or HNS endpoint) with a WorkloadEndpoint in the Calico datastore.');
    expect(bandwidth).toMatch(/^3\. bandwidth: Puts traffic shaping .* The runtime passes it bandwidth \(declared capabilities\) in runtimeConfig\.$/);
  });

  it('says when the chain cannot work or is empty', () => {
    expect(explainConflist(list([portmap()]), catalog)[0]).toContain('portmap runs first but needs a previous result, so ADD fails');
    expect(explainConflist(list([]), catalog)).toEqual(['Network "testnet" uses CNI spec 1.0.0 and has no plugins, so a runtime refuses it.']);
    expect(explainConflist(list([{ type: 'portmap' }]), catalog)[1]).toContain('forwards nothing');
    expect(explainConflist({ name: 'x', plugins: [{ type: 'loopback' }] }, catalog)[0]).toContain('no cniVersion');
  });
});

describe('reviewReport', () => {
  const before = fixture('10-containerd-net.conflist');
  const after = clone(before);
  plugin(after, 0).mtu = 1450;
  (plugin(after, 0).ipam as JsonObject).ranges = [[{ subnet: '10.99.0.0/16' }]];
  after.plugins = [plugin(after, 0), { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024' } }];
  const findings: Finding[] = [
    { code: 'CNI999', severity: 'warning', message: 'a | b <c>', pointer: '/plugins/1', pluginIndex: 1 },
    { code: 'CNI998', severity: 'error', message: 'list-level', pointer: '' },
  ];
  const md = reviewReport({ before, after, beforeLabel: 'old.conflist', afterLabel: 'new.conflist', findings, catalog });

  it('has the title, the explanation, findings, changes and risk notes, in that order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual(['# Review: network "containerd-net"', '## What the configuration does', '## Findings', '## Changes', '### Plugins', '### Fields', '## Risk notes']);
    expect(md).toContain('Compares `old.conflist` with `new.conflist`. Validation: 1 error, 1 warning, 0 notes. Risk notes: 2 high, 1 medium, 1 low.');
    expect(md).toContain('1. bridge: Creates the Linux bridge cni0');
  });

  it('puts findings in a table, errors first, with | escaped', () => {
    expect(md).toContain('| Severity | Code | Plugin | Message |\n| --- | --- | --- | --- |\n| error | CNI998 | — | list-level |\n| warning | CNI999 | tuning (2) | a \\| b \\<c\\> |');
  });

  it('lists plugin and field changes with old → new in code spans', () => {
    expect(md).toContain('- added: `tuning` at position 2');
    expect(md).toContain('- removed: `portmap` (was at position 2)');
    expect(md).toContain('- `/plugins/0/ipam/ranges/0/0/subnet`: `"10.88.0.0/16"` → `"10.99.0.0/16"`');
    expect(md).toContain('- `/plugins/0/mtu` added: `1450`');
    expect(md).toContain('- `/plugins/0/ipam/ranges/1` removed (was `[{"subnet":"2001:4860:4860::/64"}]`)');
  });

  it('lists the risk notes highest first', () => {
    const section = md.slice(md.indexOf('## Risk notes'));
    const severities = [...section.matchAll(/^- \*\*(\w+)\*\*/gm)].map((m) => m[1]);
    expect(severities).toEqual(['high', 'high', 'medium', 'low']);
    expect(section).toContain('portmap (2) is removed: host ports stop working');
  });

  it('works without an earlier version, and with precomputed parts', () => {
    const alone = reviewReport({ after: before, findings: [] });
    expect(alone).toContain('No findings');
    expect(alone.match(/No earlier version to compare with\./g)).toHaveLength(2);
    const same = reviewReport({ before, after: before, findings: validator.validate(before), catalog });
    expect(same).toContain('No semantic changes');
    expect(same).toContain('None: no change in this review');
    const given = reviewReport({ before, after, findings: [], diff: semanticDiff(before, after, catalog), risks: [{ rule: 'mtu-changed', severity: 'low', message: 'custom note' }], explanation: ['Custom words.'] });
    expect(given).toContain('- **low**: custom note');
    expect(given).toContain('Custom words.');
  });

  it('escapes Markdown in text and picks a safe fence for code', () => {
    expect(markdownText('a|b *c* <d>\nnext')).toBe('a\\|b \\*c\\* \\<d\\> next');
    expect(markdownCode('plain')).toBe('`plain`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
  });
});
