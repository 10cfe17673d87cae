// The store driven headlessly, without a browser: gestures in, document out.
import { describe, expect, it } from 'vitest';
import { conflistOf, createCatalog, newPluginConfig, pluginCatalog, pluginCatalogData, pluginIds, templateById, type JsonObject } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore, pluginRef } from './store';
import { AUTOSAVE_KEY, DRAFTS_KEY, loadSetAside, RECOVERED_KEY } from './persistence';
import { MemoryStorage, bridgeDoc, storeDriver } from './testing';

const catalog = createCatalog(loadSchemas());
const driver = (storage = new MemoryStorage()) => storeDriver(catalog, storage);

describe('store (headless)', () => {
  it('builds a chain by gestures: add (a chained plugin first too, a mistake the findings explain), move, attach IPAM, refuse with a reason', () => {
    const d = driver();
    expect(d.a().addPlugin('portmap')).toEqual({ ok: true });
    expect(d.types()).toEqual(['portmap']);
    d.a().addPlugin('bridge', 0);
    d.a().addPlugin('tuning', 1);
    expect(d.types()).toEqual(['bridge', 'tuning', 'portmap']);
    expect(d.a().movePlugin(d.idOf('bridge'), 2).ok).toBe(true);
    expect(d.types()).toEqual(['tuning', 'portmap', 'bridge']);
    d.a().movePlugin(d.idOf('bridge'), 0);
    d.a().movePlugin(d.idOf('portmap'), 1);
    expect(d.types()).toEqual(['bridge', 'portmap', 'tuning']);
    d.a().attachIpam(d.idOf('bridge'), 'static');
    const bridge = (conflistOf(d.store.getState().chain).plugins as JsonObject[])[0]!;
    expect((bridge.ipam as JsonObject).type).toBe('static');
    expect(d.a().attachIpam(d.idOf('portmap'), 'host-local').ok).toBe(false);
  });

  it('adds plugins and attaches IPAM from the catalog without schemas (the first screen\'s) exactly as from the schemas', () => {
    // As the page gets it: data through JSON, no schema in it.
    const light = pluginCatalog(JSON.parse(JSON.stringify(pluginCatalogData(catalog))) as ReturnType<typeof pluginCatalogData>);
    const store = createAppStore({ catalog: light, storage: new MemoryStorage() });
    const a = store.getState().actions;
    expect(a.addPlugin('macvlan')).toEqual({ ok: true });
    expect(a.addPlugin('tuning')).toEqual({ ok: true });
    const macvlan = pluginIds(store.getState().chain)[0]!;
    expect(a.attachIpam(macvlan, 'whereabouts')).toEqual({ ok: true });
    // Refused for the same reasons: antrea is also an ipam.type (x-cni ipamDefinition), bridge is not.
    expect(a.attachIpam(macvlan, 'antrea')).toEqual({ ok: true });
    expect(a.attachIpam(macvlan, 'bridge').ok).toBe(false);
    expect(a.addPlugin('not-a-known-type')).toEqual({ ok: true });
    const plugins = conflistOf(store.getState().chain).plugins as JsonObject[];
    expect(plugins).toEqual([{ ...newPluginConfig(catalog.get('macvlan')!, catalog), ipam: newPluginConfig(catalog.get('antrea')!, catalog) }, newPluginConfig(catalog.get('tuning')!, catalog), { type: 'not-a-known-type' }]);
  });

  it('makes each gesture one undo step (a drop with its IPAM included) and redoes it', () => {
    const d = driver();
    d.a().addPlugin('bridge'); // comes with host-local from its schema snippet
    d.a().addPlugin('portmap');
    const full = conflistOf(d.store.getState().chain);
    expect(((full.plugins as JsonObject[])[0]!.ipam as JsonObject).type).toBe('host-local');
    d.undo();
    expect(d.types()).toEqual(['bridge']);
    d.undo();
    expect(d.types()).toEqual([]);
    d.redo();
    d.redo();
    expect(conflistOf(d.store.getState().chain)).toBe(full);
    d.a().select([pluginRef(d.idOf('bridge'))]); // selection is not an undo step
    expect(d.store.temporal.getState().pastStates).toHaveLength(2);
  });

  it('keeps stable ids through moves, duplicates and removals', () => {
    const d = driver();
    d.a().addPlugin('bridge');
    d.a().addPlugin('portmap');
    d.a().addPlugin('tuning');
    const [b, p, t] = pluginIds(d.store.getState().chain);
    d.a().duplicatePlugin(p!);
    expect(d.types()).toEqual(['bridge', 'portmap', 'portmap', 'tuning']);
    expect(pluginIds(d.store.getState().chain).filter((x) => [b, p, t].includes(x))).toEqual([b, p, t]);
    d.a().removePlugins([p!, t!]);
    expect(d.types()).toEqual(['bridge', 'portmap']);
    expect(pluginIds(d.store.getState().chain)[0]).toBe(b);
  });

  it('applies a finding fix as one undoable change', () => {
    const d = driver();
    d.a().replaceDocument({ cniVersion: '1.0', name: 'n', plugins: [{ type: 'bridge', hairpinmode: true }] });
    d.a().applyFix({ title: 'Use "1.0.0"', patch: [{ op: 'replace', path: '/cniVersion', value: '1.0.0' }] });
    d.a().applyFix({ title: 'rename', patch: [{ op: 'rename', path: '/plugins/0/hairpinmode', key: 'hairpinMode' }] });
    expect(conflistOf(d.store.getState().chain)).toEqual({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', hairpinMode: true }] });
    d.undo();
    expect((conflistOf(d.store.getState().chain).plugins as JsonObject[])[0]).toHaveProperty('hairpinmode');
    d.a().applyFix({ title: 'bad', patch: [{ op: 'replace', path: '/plugins/9/x', value: 1 }] });
    expect(d.store.getState().notice?.kind).toBe('error');
  });

  it('replacing the network sets aside the editor text typed for the old one (for download) instead of applying it to the new one', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument({ cniVersion: '1.0.0', name: 'mynet', plugins: [] });
    d.a().setDraft('document', '{"cniVersion": "1.0.0", "name": "mynet", "plugins": [{"type": ');
    d.a().replaceDocument({ cniVersion: '1.0.0', name: 'shared', plugins: [{ type: 'loopback' }] });
    expect(d.types()).toEqual(['loopback']);
    expect(d.store.getState().drafts).toEqual({});
    expect(JSON.parse(storage.getItem(DRAFTS_KEY) ?? '{}')).toEqual({});
    const kept = d.store.getState().setAside;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.name).toBe('editor-text-conflist.json');
    expect(kept[0]!.text).toContain('"plugins": [{"type": ');
    expect(kept[0]!.reason).toContain('"mynet"');
    expect(loadSetAside(storage)).toHaveLength(1);
    // A reload starts from the new network, with nothing of the old text applied to it.
    const again = createAppStore({ catalog, storage }).getState();
    expect(conflistOf(again.chain).name).toBe('shared');
    expect(again.drafts).toEqual({});
  });

  it('autosaves every change and restores it exactly; an unreadable save is kept aside', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument(structuredClone(templateById('podman-bridge')!.document), '87-podman.conflist');
    d.a().setOffset(pluginIds(d.store.getState().chain)[1]!, 80);
    const again = createAppStore({ catalog, storage }).getState();
    expect(conflistOf(again.chain)).toEqual(conflistOf(d.store.getState().chain));
    expect(pluginIds(again.chain)).toEqual(pluginIds(d.store.getState().chain));
    expect(again.offsets).toEqual(d.store.getState().offsets);
    expect(again.fileName).toBe('87-podman.conflist');
    storage.setItem(AUTOSAVE_KEY, '{not json');
    const fresh = createAppStore({ catalog, storage }).getState();
    expect(conflistOf(fresh.chain).plugins).toEqual([]);
    expect(fresh.setAside.map((e) => e.text)).toEqual(['{not json']);
    expect(fresh.setAside[0]!.reason).toContain('could not be read');
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull(); // the next visit does not trip over it again
    // What earlier versions kept under RECOVERED_KEY joins the list once.
    storage.setItem(RECOVERED_KEY, '{older');
    expect(createAppStore({ catalog, storage }).getState().setAside.map((e) => e.text)).toEqual(['{older', '{not json']);
    expect(storage.getItem(RECOVERED_KEY)).toBeNull();
    expect(loadSetAside(storage)).toHaveLength(2);
  });

  it('pastes plugins after the selection and selects them', () => {
    const d = driver();
    d.a().addPlugin('bridge');
    d.a().addPlugin('tuning');
    d.a().pastePlugins([{ type: 'portmap', capabilities: { portMappings: true } }, { type: 'firewall' }], 1);
    expect(d.types()).toEqual(['bridge', 'portmap', 'firewall', 'tuning']);
    expect(d.store.getState().selected).toHaveLength(2);
    // Pasted first, a chained plugin is taken as it is (the findings say why ADD would fail).
    expect(d.a().pastePlugins([{ type: 'portmap' }], 0).ok).toBe(true);
    expect(d.types()[0]).toBe('portmap');
  });
});

describe('the NAD a network was imported from', () => {
  it('is kept with the document: saved across a reload, dropped by the next replace, and back with undo', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    const nad = { name: 'macvlan-conf', namespace: 'team-a', resourceName: 'intel.com/sriov' };
    d.a().replaceDocument(bridgeDoc('macvlan-net'), 'nad1.yaml', nad);
    expect(d.store.getState().nad).toEqual(nad);
    expect(createAppStore({ catalog, storage }).getState().nad).toEqual(nad);
    d.a().replaceDocument(bridgeDoc('other'), 'other.conflist');
    expect(d.store.getState().nad).toBeUndefined();
    expect(createAppStore({ catalog, storage }).getState().nad).toBeUndefined();
    d.undo();
    expect(d.store.getState().nad).toEqual(nad);
    d.undo();
    expect(d.store.getState().nad).toBeUndefined();
  });
});
