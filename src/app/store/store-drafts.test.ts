// The store's editor drafts: kept outside undo, across reloads, committed when they parse.
import { describe, expect, it } from 'vitest';
import { conflistOf, createCatalog, pluginIds, templateById, type JsonObject } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore } from './store';
import { AUTOSAVE_KEY, DRAFTS_KEY } from './persistence';
import { MemoryStorage, bridgeDoc, storeDriver } from './testing';

const catalog = createCatalog(loadSchemas());
const driver = (storage = new MemoryStorage()) => storeDriver(catalog, storage);

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

  it('says once when the storage refuses the network itself (an outside tester lost 29 plugins on a reload, unwarned), and again only after it was kept', () => {
    class FullStorage extends MemoryStorage {
      full = false;
      override setItem(k: string, v: string) {
        if (this.full && k === AUTOSAVE_KEY) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        super.setItem(k, v);
      }
    }
    const storage = new FullStorage();
    const d = driver(storage);
    d.a().replaceDocument(structuredClone(templateById('podman-bridge')!.document));
    expect(d.store.getState().notice).toBeFalsy();
    storage.full = true;
    d.a().addPlugin('tuning');
    const notice = d.store.getState().notice;
    expect(notice).toMatchObject({ kind: 'error', text: expect.stringContaining('plugins) could not be saved in this browser: its storage is full') });
    d.a().notify(null);
    d.a().addPlugin('tuning');
    expect(d.store.getState().notice).toBeNull();
    storage.full = false;
    d.a().addPlugin('tuning');
    storage.full = true;
    d.a().addPlugin('tuning');
    expect(d.store.getState().notice).toMatchObject({ kind: 'error' });
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
