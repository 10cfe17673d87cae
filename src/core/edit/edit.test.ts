import { describe, expect, it } from 'vitest';
import { applyChange, canAttachIpam, type ChainChange } from './chain';
import { conflistOf, pluginIds, readChain, typeOfConf, type Chain } from '../model/chain';
import type { JsonObject } from '../model/types';
import { newPluginConfig, resolveSnippet } from './new-plugin';
import { clipboardText, pluginsFromText } from './clipboard';
import { withEnvelopeKey } from './envelope';
import { createCatalog } from '../catalog/catalog';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import { bridge, list, portmap } from '../testing';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const validator = createValidator(schemas);

describe('chain edits', () => {
  const ctx = { catalog, newId: (() => {
    let n = 0;
    return () => `n${++n}`;
  })() };
  const chain = readChain(list([bridge(), portmap(), { type: 'tuning' }]), (i) => `p${i}`);
  const types = (c: Chain) => c.plugins.map((p) => typeOfConf(p.conf));
  const apply = (c: Chain, change: ChainChange) => {
    const r = applyChange(c, change, ctx);
    if (!r.ok) throw new Error(r.reason);
    return r.chain;
  };

  it('insert, remove, move and duplicate without touching the input; ids travel with their plugins', () => {
    expect(types(apply(chain, { kind: 'insert', at: 1, plugins: [{ id: 'f', conf: { type: 'firewall' } }] }))).toEqual(['bridge', 'firewall', 'portmap', 'tuning']);
    expect(types(apply(chain, { kind: 'insert', at: 99, plugins: [{ id: 'f', conf: { type: 'firewall' } }] }))).toEqual(['bridge', 'portmap', 'tuning', 'firewall']);
    expect(types(apply(chain, { kind: 'remove', ids: ['p1'] }))).toEqual(['bridge', 'tuning']);
    expect(types(apply(chain, { kind: 'move', id: 'p2', to: 1 }))).toEqual(['bridge', 'tuning', 'portmap']);
    expect(pluginIds(apply(chain, { kind: 'move', id: 'p2', to: 1 }))).toEqual(['p0', 'p2', 'p1']);
    const dup = apply(chain, { kind: 'duplicate', id: 'p1', copyId: 'c' });
    expect(types(dup)).toEqual(['bridge', 'portmap', 'portmap', 'tuning']);
    expect(dup.plugins[2]!.conf).not.toBe(dup.plugins[1]!.conf);
    expect(pluginIds(dup)).toEqual(['p0', 'p1', 'c', 'p2']);
    expect(types(chain)).toEqual(['bridge', 'portmap', 'tuning']);
    // The conflist is derived, keys in their order, the same object for the same chain.
    expect(Object.keys(conflistOf(chain))).toEqual(['cniVersion', 'name', 'plugins']);
    expect(conflistOf(chain)).toBe(conflistOf(chain));
  });

  it('duplicates a plugin with what JSON cannot carry: a number beyond a float64 stays one (it became null), -0, an own "__proto__" key', () => {
    const odd = readChain(list([JSON.parse('{"type": "tuning", "mtu": 1e400, "x": -0, "__proto__": {"a": 1}}') as JsonObject]), (i) => `p${i}`);
    const copy = apply(odd, { kind: 'duplicate', id: 'p0', copyId: 'c' }).plugins[1]!.conf as JsonObject;
    expect(copy.mtu).toBe(Infinity);
    expect(Object.is(copy.x, -0)).toBe(true);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(validator.validate(conflistOf(apply(odd, { kind: 'duplicate', id: 'p0', copyId: 'c' }))).filter((f) => f.code === 'CNI013').map((f) => f.pointer)).toEqual(['/plugins/0/mtu', '/plugins/1/mtu']);
  });

  it('attaches, replaces in place and detaches IPAM', () => {
    const ptp = readChain(list([{ type: 'ptp', mtu: 1400 }]), () => 'a');
    const d = apply(ptp, { kind: 'set-ipam', id: 'a', ipam: { type: 'static', addresses: [] } });
    expect(Object.keys(d.plugins[0]!.conf as object)).toEqual(['type', 'mtu', 'ipam']);
    const replaced = apply(readChain(list([{ type: 'ptp', ipam: { type: 'dhcp' }, mtu: 1 }]), () => 'a'), { kind: 'set-ipam', id: 'a', ipam: { type: 'static' } });
    expect(Object.keys(replaced.plugins[0]!.conf as object)).toEqual(['type', 'ipam', 'mtu']);
    expect(apply(d, { kind: 'set-ipam', id: 'a', ipam: undefined }).plugins[0]!.conf).toEqual({ type: 'ptp', mtu: 1400 });
  });

  it('replaces and detaches IPAM under every spelling the plugin reads ("IPAM" too): none is left to be merged with the new one', () => {
    const spelled = readChain(list([{ type: 'ptp', IPAM: { type: 'dhcp', daemonSocketPath: '/run/x' }, mtu: 1, ipam: null }]), () => 'a');
    const replaced = apply(spelled, { kind: 'set-ipam', id: 'a', ipam: { type: 'static' } });
    // In place of the spelling Go kept (the object, not the null), written as documented.
    expect(replaced.plugins[0]!.conf).toEqual({ type: 'ptp', ipam: { type: 'static' }, mtu: 1 });
    expect(Object.keys(replaced.plugins[0]!.conf as object)).toEqual(['type', 'ipam', 'mtu']);
    expect(apply(spelled, { kind: 'set-ipam', id: 'a', ipam: undefined }).plugins[0]!.conf).toEqual({ type: 'ptp', mtu: 1 });
  });

  it('makes the mistakes a runtime would run and fail on, and leaves them to the findings', () => {
    // A chained plugin first: inserted, pasted or moved there, as a learner may; CNI300 says why ADD fails.
    const portmapFirst = apply(chain, { kind: 'insert', at: 0, plugins: [{ id: 'x', conf: portmap() }] });
    expect(types(portmapFirst)).toEqual(['portmap', 'bridge', 'portmap', 'tuning']);
    const moved = apply(chain, { kind: 'move', id: 'p0', to: 2 });
    expect(types(moved)).toEqual(['portmap', 'tuning', 'bridge']);
    expect(types(apply(chain, { kind: 'move', id: 'p2', to: 0 }))).toEqual(['tuning', 'bridge', 'portmap']);
    const cni300 = validator.validate(conflistOf(moved)).filter((f) => f.code === 'CNI300');
    expect(cni300).toEqual([expect.objectContaining({ severity: 'error', pointer: '/plugins/0/type' })]);
    expect(cni300[0]!.message).toContain('portmap needs a previous result: it cannot be first');
    expect(cni300[0]!.message).toContain('("must be called as chained plugin")');
    // Each chained plugin is quoted in its own words.
    const first = (type: string) => validator.validate(list([{ type }, bridge()])).find((f) => f.code === 'CNI300')?.message;
    expect(first('tuning')).toContain('("Required prevResult missing")');
    expect(first('firewall')).toContain('("missing prevResult from earlier plugin")');
    expect(first('sbr')).toContain('("This plugin must be called as chained plugin")');
    // An IPAM plugin as a chain step can be written in a conflist too (pasted): made, and CNI303 says why it is wrong.
    const ipamStep = apply(chain, { kind: 'insert', at: 0, plugins: [{ id: 'h', conf: { type: 'host-local' } }] });
    expect(types(ipamStep)[0]).toBe('host-local');
    expect(validator.validate(conflistOf(ipamStep)).map((f) => f.code)).toContain('CNI303');
  });

  it('refuses only what a conflist cannot say, saying why', () => {
    expect(canAttachIpam(chain, catalog, 0, 'static')).toEqual({ ok: true });
    expect(canAttachIpam(chain, catalog, 1, 'host-local').ok).toBe(false);
    expect(canAttachIpam(chain, catalog, 0, 'bridge').ok).toBe(false);
    expect(applyChange(chain, { kind: 'set-ipam', id: 'p1', ipam: { type: 'host-local' } }, ctx).ok).toBe(false);
    expect(applyChange(chain, { kind: 'move', id: 'gone', to: 0 }, ctx).ok).toBe(false);
  });

  it('keeps ids where plugins stayed when the whole text is edited, and where one was edited in place', () => {
    const doc = conflistOf(chain);
    const plugins = doc.plugins as JsonObject[];
    // Reordered in the text: each plugin keeps its id wherever it moved.
    const swapped = apply(chain, { kind: 'replace', doc: { ...doc, plugins: [plugins[0]!, plugins[2]!, plugins[1]!] }, ids: 'match' });
    expect(pluginIds(swapped)).toEqual(['p0', 'p2', 'p1']);
    // One plugin edited in place: it keeps the id of the plugin that stood there.
    const edited = apply(chain, { kind: 'replace', doc: { ...doc, plugins: [plugins[0]!, { ...plugins[1]!, snat: false }, plugins[2]!] }, ids: 'match' });
    expect(pluginIds(edited)).toEqual(['p0', 'p1', 'p2']);
    // One removed and one added: the rest keep theirs, the new one is new.
    const changed = apply(chain, { kind: 'replace', doc: { ...doc, plugins: [plugins[0]!, plugins[2]!, { type: 'bandwidth' }] }, ids: 'match' });
    expect(pluginIds(changed).slice(0, 2)).toEqual(['p0', 'p2']);
    expect(pluginIds(changed)[2]).toMatch(/^n\d+$/);
    expect(pluginIds(apply(chain, { kind: 'replace', doc, ids: 'fresh' })).some((id) => id.startsWith('p'))).toBe(false);
  });

  it('keeps the object of every plugin a whole-document edit left as it was, moved or not', () => {
    const doc = conflistOf(chain);
    // The text editor parses the list anew: equal plugins, new objects.
    const parsed = JSON.parse(JSON.stringify(doc)) as JsonObject;
    const plugins = parsed.plugins as JsonObject[];
    const same = (c: Chain, id: string) => c.plugins.find((p) => p.id === id)!.conf === chain.plugins.find((p) => p.id === id)!.conf;
    const edited = apply(chain, { kind: 'replace', doc: { ...parsed, plugins: [plugins[0]!, { ...plugins[1]!, snat: false }, plugins[2]!] }, ids: 'match' });
    expect(['p0', 'p2'].map((id) => same(edited, id))).toEqual([true, true]);
    expect(same(edited, 'p1')).toBe(false);
    expect((edited.plugins[1]!.conf as JsonObject).snat).toBe(false);
    const swapped = apply(chain, { kind: 'replace', doc: { ...parsed, plugins: [plugins[0]!, plugins[2]!, plugins[1]!] }, ids: 'match' });
    expect(['p0', 'p1', 'p2'].map((id) => same(swapped, id))).toEqual([true, true, true]);
    expect(conflistOf(swapped)).toEqual({ ...parsed, plugins: [plugins[0], plugins[2], plugins[1]] });
    // Keys in another order are another text: the new object, in the order typed.
    const reordered = apply(chain, { kind: 'replace', doc: { ...parsed, plugins: [Object.fromEntries(Object.entries(plugins[0]!).reverse()), plugins[1]!, plugins[2]!] }, ids: 'match' });
    expect(same(reordered, 'p0')).toBe(false);
    expect(Object.keys(reordered.plugins[0]!.conf as JsonObject)).toEqual(Object.keys(plugins[0]!).reverse());
  });

  it('keeps what a document holds where a list of plugins belongs, until plugins are added', () => {
    const odd = readChain({ cniVersion: '1.0.0', name: 'n', plugins: { type: 'bridge' } }, () => 'x');
    expect(odd.plugins).toEqual([]);
    expect(conflistOf(odd)).toEqual({ cniVersion: '1.0.0', name: 'n', plugins: { type: 'bridge' } });
    expect(conflistOf(apply(odd, { kind: 'insert', at: 0, plugins: [{ id: 'b', conf: { type: 'bridge' } }] }))).toEqual({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge' }] });
    expect(conflistOf(apply(odd, { kind: 'set-key', key: 'name', value: 'm' })).plugins).toEqual({ type: 'bridge' });
    expect(applyChange(odd, { kind: 'set-key', key: 'plugins', value: [] }, ctx).ok).toBe(false);
  });
});

describe('new plugins', () => {
  it('resolve snippet placeholders, numbers included', () => {
    const at = (type: string) => ({ schema: catalog.get(type)!.schema, base: catalog.get(type)!.schema.$id! });
    expect(resolveSnippet({ bridge: '${1:cni0}', vlan: '${2:100}', vlanTrunk: [{ id: '${3:7}' }] }, catalog.index, at('bridge'))).toEqual({ bridge: 'cni0', vlan: 100, vlanTrunk: [{ id: 7 }] });
    expect(resolveSnippet({ sysctl: { '${4:net.core.somaxconn}': '${5:1024}' } }, catalog.index, at('tuning'))).toEqual({ sysctl: { 'net.core.somaxconn': '1024' } });
    expect(resolveSnippet({ mtu: '${1:9001}', x: 'a-${2}-b' }, catalog.index, at('aws-cni'))).toEqual({ mtu: '9001', x: 'a--b' });
  });
  it('start from the schema snippet, without runtime-set keys, and validate without errors where the plugin stands alone', () => {
    for (const entry of catalog.entries) {
      const conf = newPluginConfig(entry, catalog);
      expect(conf.type).toBe(entry.type);
      expect(conf).not.toHaveProperty('name');
      expect(conf).not.toHaveProperty('cniVersion');
    }
    for (const type of ['bridge', 'ptp', 'macvlan', 'ipvlan', 'vlan', 'host-device', 'loopback']) {
      const findings = validator.validate(list([newPluginConfig(catalog.get(type)!, catalog)]));
      expect(findings.filter((f) => f.severity === 'error').map((f) => f.message), type).toEqual([]);
    }
    const chained = validator.validate(list([newPluginConfig(catalog.get('bridge')!, catalog), ...['portmap', 'tuning', 'bandwidth', 'firewall'].map((t) => newPluginConfig(catalog.get(t)!, catalog))]));
    expect(chained.filter((f) => f.severity !== 'info').map((f) => f.message)).toEqual([]);
  });
});

describe('clipboard', () => {
  it('copies plugins as a valid conflist and pastes them back', () => {
    const doc = list([bridge(), portmap(), { type: 'tuning' }]);
    const text = clipboardText(doc, [2, 0]);
    expect(JSON.parse(text)).toEqual({ cniVersion: '1.0.0', name: 'testnet', plugins: [bridge(), { type: 'tuning' }] });
    expect(pluginsFromText(text)).toEqual({ ok: true, plugins: [bridge(), { type: 'tuning' }] });
  });
  it('pastes a single-plugin .conf without its list-level keys, and refuses junk with the reason', () => {
    expect(pluginsFromText('{"cniVersion": "0.4.0", "name": "x", "type": "loopback"}')).toEqual({ ok: true, plugins: [{ type: 'loopback' }] });
    const junk = pluginsFromText('hello world');
    expect(junk.ok).toBe(false);
    expect(!junk.ok && junk.reason).toMatch(/Nothing to paste: Not valid JSON/);
  });
});

describe('list-level keys', () => {
  it('adds network settings in the spec order and keeps existing keys in place', () => {
    expect(Object.keys(withEnvelopeKey({ name: 'n', plugins: [] }, 'cniVersion', '1.0.0'))).toEqual(['cniVersion', 'name', 'plugins']);
    expect(Object.keys(withEnvelopeKey({ cniVersion: '1.0.0', name: 'n', plugins: [] }, 'disableCheck', true))).toEqual(['cniVersion', 'name', 'disableCheck', 'plugins']);
    expect(Object.keys(withEnvelopeKey({ plugins: [], name: 'n' }, 'name', 'x'))).toEqual(['plugins', 'name']);
    expect(withEnvelopeKey({ name: 'n', disableCheck: true }, 'disableCheck', undefined)).toEqual({ name: 'n' });
  });
});
