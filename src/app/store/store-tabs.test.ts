// Two tabs on one document: the store follows the other tab, or asks.
import { describe, expect, it } from 'vitest';
import { conflistOf, createCatalog, pluginIds } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore } from './store';
import { AUTOSAVE_KEY, DRAFTS_KEY, loadHistory } from './persistence';
import { MemoryStorage, bridgeDoc, failsOn, storeDriver } from './testing';

const catalog = createCatalog(loadSchemas());
const driver = (storage = new MemoryStorage()) => storeDriver(catalog, storage);

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

  it("a choice of this tab's version settles the other tab too, though that one has editor text pending (an outside tester saw the question bounce between two tabs)", () => {
    const { storage, one, two, sync } = tabs();
    const bridgeId = pluginIds(one.store.getState().chain)[0]!;
    one.a().addPlugin('portmap');
    sync(one);
    const portmapId = pluginIds(two.store.getState().chain)[1]!;
    // Editor text not yet applied, in both tabs (the drafts are shared through storage).
    one.a().setDraft(bridgeId, '{"type": "bridge", "mtu": 14');
    two.a().setDraft(bridgeId, '{"type": "bridge", "mtu": 14');
    two.a().setDraft(portmapId, '{"type": "portmap", ');
    // Two deletes portmap; one, with its text pending, is asked and keeps its own version.
    two.a().removePlugins([portmapId]);
    sync(two);
    expect(one.store.getState().conflict).not.toBeNull();
    one.a().resolveConflict('mine');
    sync(one);
    // Two follows, without asking back: one's choice is for every tab.
    expect(two.store.getState().conflict).toBeNull();
    expect(names(two)).toEqual(['bridge', 'portmap']);
    expect(two.store.getState().drafts[bridgeId]).toBe('{"type": "bridge", "mtu": 14');
    // portmap is back here with one's version, so its text stays too.
    expect(two.store.getState().drafts[portmapId]).toBe('{"type": "portmap", ');
    expect(JSON.parse(storage.getItem(AUTOSAVE_KEY)!).chosen).toBe(true);
    // The next ordinary save is not a choice: a tab with text pending asks about it again.
    two.a().addPlugin('tuning');
    expect(JSON.parse(storage.getItem(AUTOSAVE_KEY)!).chosen).toBeUndefined();
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
