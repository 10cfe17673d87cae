// The store never leaves the page blank, and keeps autosaved versions to go back to.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conflistOf, createCatalog, pluginIds, templateById, type JsonObject } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore } from './store';
import { loadHistory, loadSetAside } from './persistence';
import { MemoryStorage, bridgeDoc, failsOn, storeDriver } from './testing';
import { QUIET_MS } from './versions';

const catalog = createCatalog(loadSchemas());
const driver = (storage = new MemoryStorage()) => storeDriver(catalog, storage);

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
