// The store driven headlessly, without a browser: gestures in, document out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conflistOf, createCatalog, newPluginConfig, pluginCatalog, pluginCatalogData, pluginIds, templateById, type JsonObject } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore, pluginRef } from './store';
import { AUTOSAVE_KEY, DRAFTS_KEY, loadHistory, loadSetAside, RECOVERED_KEY } from './persistence';
import { MemoryStorage } from './testing';
import { QUIET_MS } from './versions';

const catalog = createCatalog(loadSchemas());


function driver(storage = new MemoryStorage()) {
  const store = createAppStore({ catalog, storage });
  const a = () => store.getState().actions;
  const types = () => (conflistOf(store.getState().chain).plugins as JsonObject[]).map((p) => p.type);
  const idOf = (type: string) => pluginIds(store.getState().chain)[types().indexOf(type)]!;
  return { store, a, types, idOf, storage, undo: () => store.temporal.getState().undo(), redo: () => store.temporal.getState().redo() };
}

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

describe('editor drafts and whole-document commits', () => {
  it('keeps drafts across a reload, outside undo', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().setDraft('document', '{"name": "half typed');
    expect(d.store.temporal.getState().pastStates).toHaveLength(0);
    expect(createAppStore({ catalog, storage }).getState().drafts).toEqual({ document: '{"name": "half typed' });
    d.a().setDraft('document', undefined);
    expect(createAppStore({ catalog, storage }).getState().drafts).toEqual({});
  });
  it('keeps canvas identities of plugins that did not change when the whole text is committed', () => {
    const d = driver();
    d.a().addPlugin('bridge');
    d.a().addPlugin('portmap');
    d.a().addPlugin('tuning');
    const [b, , t] = pluginIds(d.store.getState().chain);
    const plugins = conflistOf(d.store.getState().chain).plugins as JsonObject[];
    d.a().commitDocument({ ...conflistOf(d.store.getState().chain), plugins: [plugins[0]!, plugins[2]!] });
    expect(pluginIds(d.store.getState().chain)).toEqual([b, t]);
    d.a().commitDocument({ ...conflistOf(d.store.getState().chain), name: 'renamed' });
    expect(pluginIds(d.store.getState().chain)).toEqual([b, t]);
    d.undo();
    expect(conflistOf(d.store.getState().chain).name).toBe('mynet');
  });
});

describe('autosaved versions', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps a state left after a pause in editing, and always the one a new document replaced', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), toFake: ['Date'] });
    const storage = new MemoryStorage();
    const d = driver(storage);
    const kept = () => loadHistory(storage).map((v) => (v.doc.plugins as JsonObject[]).map((p) => p.type));
    d.a().addPlugin('bridge'); // the empty starting document is not worth keeping
    expect(kept()).toEqual([]);
    vi.advanceTimersByTime(QUIET_MS);
    d.a().addPlugin('portmap'); // bridge alone lasted a pause: a version
    expect(kept()).toEqual([['bridge']]);
    d.a().addPlugin('tuning'); // right after: bridge + portmap was a step on the way, not a version
    expect(kept()).toEqual([['bridge']]);
    d.a().replaceDocument(structuredClone(templateById('kind')!.document));
    expect(kept()).toEqual([['bridge', 'portmap', 'tuning'], ['bridge']]);
    expect(loadHistory(storage)[0]!.note).toBe('before a new network replaced it');
    // It survives a reload: a new store reads the same history, and its first change keeps what it opened with.
    const next = driver(storage);
    expect(kept()).toHaveLength(2);
    next.a().addPlugin('bandwidth');
    expect(kept()[0]).toEqual((templateById('kind')!.document.plugins as JsonObject[]).map((p) => p.type));
  });
});

/** Stands in for a defect in the app's views: the app passes its validator as `check`; this one fails on one plugin type. */
const failsOn = (type: string) => (doc: JsonObject) => {
  if ((doc.plugins as JsonObject[] | undefined)?.some((p) => p.type === type)) throw new Error(`cannot handle ${type}`);
};
const bridgeDoc = (name = 'net'): JsonObject => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge', bridge: 'cni0' }] });

describe('never blank: documents the app fails on', () => {
  it('sets a stored document aside (with its editor text) and starts empty, saying so', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument({ cniVersion: '1.0.0', name: 'bad', plugins: [{ type: 'explodes' }] });
    d.a().setDraft('document', '{"half": ');
    const s = createAppStore({ catalog, storage, check: failsOn('explodes') }).getState();
    expect(conflistOf(s.chain).plugins).toEqual([]);
    expect(s.notice?.kind).toBe('error');
    expect(s.notice?.text).toContain('set aside');
    expect(s.setAside.map((e) => e.name)).toEqual(['editor-text-conflist.json', 'bad.conflist']);
    expect(JSON.parse(s.setAside[1]!.text)).toEqual({ cniVersion: '1.0.0', name: 'bad', plugins: [{ type: 'explodes' }] });
    expect(s.setAside[1]!.reason).toContain('cannot handle explodes');
    expect(s.drafts).toEqual({});
    // The next visit opens at once: the autosave holds the empty network now, the copy stays set aside.
    const next = createAppStore({ catalog, storage, check: failsOn('explodes') }).getState();
    expect(next.notice).toBeNull();
    expect(next.setAside).toHaveLength(2);
    next.actions.discardSetAside(next.setAside[0]!.id);
    expect(loadSetAside(storage).map((e) => e.name)).toEqual(['bad.conflist']);
  });

  it('a check that arrives later (the validator loads after the first paint) sets the open network aside then, as at start', async () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument({ cniVersion: '1.0.0', name: 'bad', plugins: [{ type: 'explodes' }] });
    d.a().setDraft('document', '{"half": ');
    let arrived = false;
    let arrive = () => {};
    const ready = new Promise<void>((resolve) => (arrive = () => ((arrived = true), resolve())));
    const check = (doc: JsonObject) => (arrived ? failsOn('explodes')(doc) : undefined);
    const store = createAppStore({ catalog, storage, check, checkPending: () => (arrived ? undefined : ready) });
    // Opened while it cannot be checked yet; an import waits for the check.
    expect(conflistOf(store.getState().chain).name).toBe('bad');
    store.getState().actions.replaceDocument({ cniVersion: '1.0.0', name: 'imported', plugins: [{ type: 'explodes' }] });
    expect(conflistOf(store.getState().chain).name).toBe('bad');
    arrive();
    store.getState().actions.checkOpened();
    await ready;
    await Promise.resolve();
    const s = store.getState();
    expect(conflistOf(s.chain).plugins).toEqual([]);
    expect(s.notice?.text).toContain('Nothing was changed');
    expect(s.setAside.map((e) => e.name)).toEqual(['editor-text-conflist.json', 'bad.conflist']);
    expect(s.setAside[1]!.reason).toContain('cannot handle explodes');
    expect(s.drafts).toEqual({});
    expect(store.temporal.getState().pastStates).toEqual([]);
    // The next visit opens the empty network at once.
    expect(createAppStore({ catalog, storage, check: failsOn('explodes') }).getState().notice).toBeNull();
  });

  it('does not open or edit into a document the app fails on, and says so', () => {
    const storage = new MemoryStorage();
    const store = createAppStore({ catalog, storage, check: failsOn('explodes') });
    const a = () => store.getState().actions;
    a().replaceDocument(bridgeDoc('kept'));
    expect(a().problemOpening({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'explodes' }] })).toBe('cannot handle explodes');
    a().replaceDocument({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'explodes' }] });
    expect(conflistOf(store.getState().chain).name).toBe('kept');
    expect(store.getState().notice?.text).toContain('Nothing was changed');
    expect(a().commitDocument({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'explodes' }] })).toBe(false);
    expect(a().replacePlugin(pluginIds(store.getState().chain)[0]!, { type: 'explodes' })).toBe(false);
    expect(conflistOf(store.getState().chain)).toEqual(bridgeDoc('kept'));
    expect(a().replacePlugin(pluginIds(store.getState().chain)[0]!, { type: 'bridge', bridge: 'cni1' })).toBe(true);
  });

  it('after a crash, sets the document and editor text aside and starts empty; undo does not lead back', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument(bridgeDoc('crashed'));
    d.a().addPlugin('portmap');
    d.a().setDraft(pluginIds(d.store.getState().chain)[0]!, '{"type": "bridge", ');
    const before = loadHistory(storage).length;
    const kept = d.a().recover('render failed');
    expect(kept.map((k) => k.name)).toEqual(['crashed.conflist', 'editor-text-plugin.json']);
    expect(JSON.parse(kept[0]!.text).plugins.map((p: JsonObject) => p.type)).toEqual(['bridge', 'portmap']);
    expect(conflistOf(d.store.getState().chain).plugins).toEqual([]);
    expect(d.store.getState().drafts).toEqual({});
    expect(d.store.temporal.getState().pastStates).toHaveLength(0);
    expect(loadHistory(storage)).toHaveLength(before);
    const next = createAppStore({ catalog, storage }).getState();
    expect(conflistOf(next.chain).plugins).toEqual([]);
    expect(next.drafts).toEqual({});
    expect(next.setAside.map((k) => k.name)).toEqual(['editor-text-plugin.json', 'crashed.conflist']);
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

describe('editor drafts restored after a reload', () => {
  it('commits the drafts that parse to the document; the others stay drafts', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument(structuredClone(templateById('podman-bridge')!.document));
    const [first, second] = pluginIds(d.store.getState().chain);
    d.a().setDraft(first!, JSON.stringify({ type: 'bridge', bridge: 'typed0', isGateway: true }));
    d.a().setDraft(second!, '{"type": "portmap", ');
    const again = createAppStore({ catalog, storage }).getState();
    expect((conflistOf(again.chain).plugins as JsonObject[])[0]).toEqual({ type: 'bridge', bridge: 'typed0', isGateway: true });
    expect(again.drafts).toEqual({ [second!]: '{"type": "portmap", ' });
    // Committed means saved: a third load (or another tab) reads it from the autosave itself.
    storage.setItem(DRAFTS_KEY, '{}');
    expect((conflistOf(createAppStore({ catalog, storage }).getState().chain).plugins as JsonObject[])[0]).toEqual({ type: 'bridge', bridge: 'typed0', isGateway: true });
  });

  it('says once when the storage refuses a draft (a reload would lose it), and again only after it was kept', () => {
    // A browser's quota, as Chromium's localStorage refuses past it.
    class SmallStorage extends MemoryStorage {
      override setItem(k: string, v: string) {
        if (v.length > 1000) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        super.setItem(k, v);
      }
    }
    const d = driver(new SmallStorage());
    const big = `{"x": "${'y'.repeat(2000)}"`;
    d.a().setDraft('document', big);
    const notice = d.store.getState().notice;
    expect(notice).toMatchObject({ kind: 'error', text: expect.stringContaining('The editor text typed here (2 KB) could not be saved in this browser') });
    d.a().setDraft('document', `${big} `);
    expect(d.store.getState().notice).toBe(notice);
    expect(d.store.getState().drafts.document).toBe(`${big} `);
    d.a().setDraft('document', '{"x": ');
    d.a().notify(null);
    d.a().setDraft('document', big);
    expect(d.store.getState().notice).toMatchObject({ kind: 'error' });
  });

  it('commits a whole-conflist draft, and keeps drafts of two tabs apart', () => {
    const storage = new MemoryStorage();
    const a = driver(storage);
    const b = driver(storage);
    a.a().setDraft('document', JSON.stringify(bridgeDoc('typed')));
    b.a().setDraft('p-other', '{"x": ');
    b.a().setDraft('p-other', '{"x": 1');
    expect(JSON.parse(storage.getItem(DRAFTS_KEY)!)).toEqual({ document: JSON.stringify(bridgeDoc('typed')), 'p-other': '{"x": 1' });
    const again = createAppStore({ catalog, storage }).getState();
    expect(conflistOf(again.chain)).toEqual(bridgeDoc('typed'));
    // p-other is no plugin of this network: its text is set aside for download, not shown as stale.
    expect(again.drafts).toEqual({});
    expect(again.setAside.map((e) => e.text)).toEqual(['{"x": 1']);
    expect(JSON.parse(storage.getItem(DRAFTS_KEY)!)).toEqual({});
  });
});

describe('two tabs on one document', () => {
  function tabs() {
    const storage = new MemoryStorage();
    const one = driver(storage);
    one.a().replaceDocument(bridgeDoc('shared'));
    const two = driver(storage);
    // What the browser does: a save in one tab fires the storage event in every other tab.
    const sync = (from: typeof one) => (from === one ? two : one).a().remoteChanged();
    return { storage, one, two, sync };
  }
  const names = (d: ReturnType<typeof driver>) => d.types();

  it('follows a change made in the other tab when this tab has none of its own', () => {
    const { one, two, sync } = tabs();
    expect(conflistOf(two.store.getState().chain).name).toBe('shared');
    one.a().addPlugin('portmap');
    sync(one);
    expect(names(two)).toEqual(['bridge', 'portmap']);
    expect(pluginIds(two.store.getState().chain)).toEqual(pluginIds(one.store.getState().chain));
    expect(two.store.getState().conflict).toBeNull();
    two.a().addPlugin('tuning');
    sync(two);
    expect(names(one)).toEqual(['bridge', 'portmap', 'tuning']);
    // Undo in a tab is a change like any other, and the other tab follows it.
    one.undo();
    sync(one);
    expect(names(two)).toEqual(['bridge', 'portmap']);
  });

  it('asks when this tab has editor text not yet applied; taking the other version keeps this one', () => {
    const { storage, one, two, sync } = tabs();
    const bridgeId = pluginIds(two.store.getState().chain)[0]!;
    two.a().setDraft(bridgeId, '{"type": "bridge", "bridge": "typed-in-two"}');
    two.a().setDraft('document', '{"half": ');
    one.a().addPlugin('portmap');
    sync(one);
    const conflict = two.store.getState().conflict;
    expect(conflict?.drafts).toBe(true);
    expect(conflistOf(conflict!.theirs.state.chain).plugins).toHaveLength(2);
    expect(names(two)).toEqual(['bridge']); // nothing taken before the choice
    two.a().resolveConflict('theirs');
    expect(names(two)).toEqual(['bridge', 'portmap']);
    expect(two.store.getState().conflict).toBeNull();
    // This tab's version, with its editor text that parses, is an autosaved version; the rest is set aside.
    expect(loadHistory(storage)[0]!.doc).toEqual({ ...bridgeDoc('shared'), plugins: [{ type: 'bridge', bridge: 'typed-in-two' }] });
    expect(two.store.getState().setAside.map((e) => e.text)).toEqual(['{"half": ']);
    expect(two.store.getState().drafts).toEqual({});
    expect(JSON.parse(storage.getItem(DRAFTS_KEY)!)).toEqual({});
  });

  it('asks when both tabs saved at once; keeping this version keeps the other as an autosaved version, and the other tab follows', () => {
    const { storage, one, two, sync } = tabs();
    one.a().addPlugin('portmap');
    two.a().setSetting('name', 'renamed-in-two'); // before the event from one arrives
    sync(two); // one hears about two's save
    sync(one); // two hears about one's save (storage holds two's by now)
    expect(two.store.getState().conflict).toBeNull();
    const conflict = one.store.getState().conflict;
    expect(conflict?.drafts).toBe(false);
    expect(conflistOf(conflict!.theirs.state.chain).name).toBe('renamed-in-two');
    // Before any choice, this tab's version is already an autosaved version (the tab may be closed).
    expect(loadHistory(storage)[0]!.doc).toEqual(conflistOf(one.store.getState().chain));
    // While one asks, it saves nothing: two's version stays in storage.
    expect(JSON.parse(storage.getItem(AUTOSAVE_KEY)!).doc.name).toBe('renamed-in-two');
    one.a().resolveConflict('mine');
    expect(one.store.getState().conflict).toBeNull();
    expect(loadHistory(storage)[0]!.doc.name).toBe('renamed-in-two');
    sync(one);
    expect(two.store.getState().conflict).toBeNull();
    expect(conflistOf(two.store.getState().chain)).toEqual(conflistOf(one.store.getState().chain));
    expect(names(two)).toEqual(['bridge', 'portmap']);
  });

  it('does not follow another tab into a document this tab cannot open', () => {
    const storage = new MemoryStorage();
    const one = createAppStore({ catalog, storage });
    one.getState().actions.replaceDocument(bridgeDoc('shared'));
    const two = createAppStore({ catalog, storage, check: failsOn('explodes') });
    one.getState().actions.replaceDocument({ cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'explodes' }] });
    two.getState().actions.remoteChanged();
    expect(conflistOf(two.getState().chain).name).toBe('shared');
    expect(two.getState().conflict).toBeNull();
  });
});
