import { describe, expect, it } from 'vitest';
import { canAttachIpam, canInsert, canMove, duplicatePlugin, insertPlugin, movePlugin, removePlugin, setIpam } from './chain';
import { newPluginConfig, resolveSnippet } from './new-plugin';
import { clipboardText, pluginsFromText } from './clipboard';
import { withEnvelopeKey } from './envelope';
import { createCatalog } from '../catalog/catalog';
import { createValidator } from '../validate/validate';
import { loadSchemas } from '../../node/schemas';
import { bridge, list, portmap } from '../testing';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const validator = createValidator(schemas);

describe('chain edits', () => {
  const doc = list([bridge(), portmap(), { type: 'tuning' }]);
  const types = (d: typeof doc) => (d.plugins as { type: string }[]).map((p) => p.type);

  it('insert, remove, move and duplicate without touching the input', () => {
    expect(types(insertPlugin(doc, { type: 'firewall' }, 1))).toEqual(['bridge', 'firewall', 'portmap', 'tuning']);
    expect(types(insertPlugin(doc, { type: 'firewall' }))).toEqual(['bridge', 'portmap', 'tuning', 'firewall']);
    expect(types(removePlugin(doc, 1))).toEqual(['bridge', 'tuning']);
    expect(types(movePlugin(doc, 2, 1))).toEqual(['bridge', 'tuning', 'portmap']);
    expect(types(movePlugin(doc, 0, 2))).toEqual(['portmap', 'tuning', 'bridge']);
    const dup = duplicatePlugin(doc, 1);
    expect(types(dup)).toEqual(['bridge', 'portmap', 'portmap', 'tuning']);
    expect((dup.plugins as object[])[2]).not.toBe((dup.plugins as object[])[1]);
    expect(types(doc)).toEqual(['bridge', 'portmap', 'tuning']);
  });

  it('attaches, replaces in place and detaches IPAM', () => {
    const d = setIpam(list([{ type: 'ptp', mtu: 1400 }]), 0, { type: 'static', addresses: [] });
    expect(Object.keys((d.plugins as object[])[0]!)).toEqual(['type', 'mtu', 'ipam']);
    const replaced = setIpam(list([{ type: 'ptp', ipam: { type: 'dhcp' }, mtu: 1 }]), 0, { type: 'static' });
    expect(Object.keys((replaced.plugins as object[])[0]!)).toEqual(['type', 'ipam', 'mtu']);
    expect((setIpam(d, 0, undefined).plugins as object[])[0]).toEqual({ type: 'ptp', mtu: 1400 });
  });

  it('refuses gestures a runtime could not run, saying why', () => {
    expect(canInsert(doc, catalog, 'portmap', 0)).toEqual({ ok: false, reason: 'portmap needs a previous result: it cannot be first.' });
    expect(canInsert(doc, catalog, 'portmap', 1)).toEqual({ ok: true });
    expect(canInsert(doc, catalog, 'host-local', 1).ok).toBe(false);
    expect(canMove(doc, catalog, 0, 2)).toEqual({ ok: false, reason: 'Moving it would leave portmap first, and portmap needs a previous result.' });
    expect(canMove(doc, catalog, 2, 1)).toEqual({ ok: true });
    expect(canAttachIpam(doc, catalog, 0, 'static')).toEqual({ ok: true });
    expect(canAttachIpam(doc, catalog, 1, 'host-local').ok).toBe(false);
    expect(canAttachIpam(doc, catalog, 0, 'bridge').ok).toBe(false);
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
