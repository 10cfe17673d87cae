import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../node/schemas';
import { realFixture } from '../../node/fixtures';
import { createCatalog } from '../catalog/catalog';
import type { JsonObject, JsonValue } from '../model/types';
import { bridge, hostLocal, list, portmap } from '../testing';
import { isEmptyDiff, semanticDiff } from './diff';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const fixture = realFixture;
const clone = <T extends JsonValue>(v: T): T => structuredClone(v);
const plugin = (doc: JsonObject, i: number) => (doc.plugins as JsonObject[])[i]!;

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

  it('matches a plugin with its unchanged copy, and the rest of a type by their position among that type', () => {
    const before = list([bridge(), { type: 'tuning', mtu: 1400 }, { type: 'tuning', mtu: 9000 }]);
    const after = list([bridge(), { type: 'tuning', mtu: 9000 }]);
    const d = semanticDiff(before, after, catalog);
    // The tuning of 9000 is still there: the one of 1400 went, nothing changed its MTU.
    expect(d.plugins.map((p) => [p.type, p.status, p.beforeIndex, p.afterIndex, p.changes.length])).toEqual([
      ['bridge', 'kept', 0, 0, 0],
      ['tuning', 'removed', 1, undefined, 0],
      ['tuning', 'kept', 2, 1, 0],
    ]);
    const changed = semanticDiff(before, list([bridge(), { type: 'tuning', mtu: 1500 }, { type: 'tuning', mtu: 9000, sysctl: {} }]), catalog);
    expect(changed.plugins.map((p) => [p.status, p.beforeIndex, p.afterIndex, p.changes.map((c) => c.pointer)])).toEqual([
      ['kept', 0, 0, []],
      ['kept', 1, 1, ['/plugins/1/mtu']],
      ['kept', 2, 2, ['/plugins/2/sysctl']],
    ]);
  });

  it('reads two plugins of one type swapped as a move, not as changes of both', () => {
    const a = { type: 'tuning', mtu: 1400 };
    const b = { type: 'tuning', sysctl: { 'net.core.somaxconn': '500' } };
    const d = semanticDiff(list([bridge(), a, b]), list([bridge(), b, a]), catalog);
    expect(d.plugins.map((p) => [p.status, p.beforeIndex, p.afterIndex, p.changes.length])).toEqual([
      ['kept', 0, 0, 0],
      ['moved', 2, 1, 0],
      ['kept', 1, 2, 0],
    ]);
    expect(d.orderChanged).toBe(true);
  });

  it('keeps copies of one config where they are: three copies against one leaves the middle one, and no move', () => {
    const a = { type: 'tuning', mtu: 1400 };
    const a2 = { ...a, promisc: true };
    const d = semanticDiff(list([bridge(), a, a, a]), list([bridge(), a2, a, a2]), catalog);
    expect(d.orderChanged).toBe(false);
    expect(d.plugins.map((p) => [p.status, p.beforeIndex, p.afterIndex, p.changes.map((c) => c.pointer)])).toEqual([
      ['kept', 0, 0, []],
      ['kept', 1, 1, ['/plugins/1/promisc']],
      ['kept', 2, 2, []],
      ['kept', 3, 3, ['/plugins/3/promisc']],
    ]);
    // Three tunings turned round: moves, and no field changed.
    const [x, y, z] = [{ type: 'tuning', mtu: 1 }, { type: 'tuning', mtu: 2 }, { type: 'tuning', mtu: 3 }];
    const turned = semanticDiff(list([x, y, z]), list([z, x, y]), catalog);
    expect(turned.plugins.every((p) => p.changes.length === 0)).toBe(true);
    expect(turned.plugins.map((p) => p.status)).toEqual(['moved', 'kept', 'kept']);
  });

  it('reads "Type" as libcni does: the same plugin, no change', () => {
    const { type: _type, ...rest } = bridge();
    const d = semanticDiff(list([bridge()]), list([{ Type: 'bridge', Name: 'other', ...rest }]), catalog);
    expect(d.plugins.map((p) => [p.type, p.status, p.changes])).toEqual([['bridge', 'kept', []]]);
  });

  it("leaves out a plugin's own name and cniVersion, which libcni writes over (a .conf against its .conflist)", () => {
    const conf = { cniVersion: '1.0.0', name: 'net', ...bridge() };
    const d = semanticDiff(list([conf]), list([bridge()]), catalog);
    expect(d.plugins.map((p) => [p.status, p.changes])).toEqual([['kept', []]]);
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

