// The store driven headlessly, without a browser: gestures in, document out.
import { describe, expect, it } from 'vitest';
import { createCatalog, templateById, type JsonObject } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore, withEnvelopeKey } from './store';
import { AUTOSAVE_KEY, loadHistory, RECOVERED_KEY, type KeyValueStorage } from './persistence';

const catalog = createCatalog(loadSchemas());

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

function driver(storage = new MemoryStorage()) {
  const store = createAppStore({ catalog, storage });
  const a = () => store.getState().actions;
  const types = () => (store.getState().doc.plugins as JsonObject[]).map((p) => p.type);
  const idOf = (type: string) => store.getState().ids[types().indexOf(type)]!;
  return { store, a, types, idOf, storage, undo: () => store.temporal.getState().undo(), redo: () => store.temporal.getState().redo() };
}

describe('store (headless)', () => {
  it('builds a chain by gestures: add, refuse with a reason, move, attach IPAM', () => {
    const d = driver();
    expect(d.a().addPlugin('portmap')).toEqual({ ok: false, reason: 'portmap needs a previous result: it cannot be first.' });
    expect(d.store.getState().notice).toEqual({ kind: 'refused', text: 'portmap needs a previous result: it cannot be first.' });
    expect(d.types()).toEqual([]);
    d.a().addPlugin('bridge');
    d.a().addPlugin('portmap');
    d.a().addPlugin('tuning', 1);
    expect(d.types()).toEqual(['bridge', 'tuning', 'portmap']);
    expect(d.a().movePlugin(d.idOf('bridge'), 2).ok).toBe(false);
    d.a().movePlugin(d.idOf('portmap'), 1);
    expect(d.types()).toEqual(['bridge', 'portmap', 'tuning']);
    expect(d.a().addPlugin('host-local').ok).toBe(false);
    d.a().attachIpam(d.idOf('bridge'), 'static');
    const bridge = (d.store.getState().doc.plugins as JsonObject[])[0]!;
    expect((bridge.ipam as JsonObject).type).toBe('static');
    expect(d.a().attachIpam(d.idOf('portmap'), 'host-local').ok).toBe(false);
  });

  it('makes each gesture one undo step (a drop with its IPAM included) and redoes it', () => {
    const d = driver();
    d.a().addPlugin('bridge'); // comes with host-local from its schema snippet
    d.a().addPlugin('portmap');
    const full = d.store.getState().doc;
    expect(((full.plugins as JsonObject[])[0]!.ipam as JsonObject).type).toBe('host-local');
    d.undo();
    expect(d.types()).toEqual(['bridge']);
    d.undo();
    expect(d.types()).toEqual([]);
    d.redo();
    d.redo();
    expect(d.store.getState().doc).toBe(full);
    d.a().select([d.idOf('bridge')]); // selection is not an undo step
    expect(d.store.temporal.getState().pastStates).toHaveLength(2);
  });

  it('keeps stable ids through moves, duplicates and removals', () => {
    const d = driver();
    d.a().addPlugin('bridge');
    d.a().addPlugin('portmap');
    d.a().addPlugin('tuning');
    const [b, p, t] = d.store.getState().ids;
    d.a().duplicatePlugin(p!);
    expect(d.types()).toEqual(['bridge', 'portmap', 'portmap', 'tuning']);
    expect(d.store.getState().ids.filter((x) => [b, p, t].includes(x))).toEqual([b, p, t]);
    d.a().removePlugins([p!, t!]);
    expect(d.types()).toEqual(['bridge', 'portmap']);
    expect(d.store.getState().ids[0]).toBe(b);
  });

  it('applies a finding fix as one undoable change', () => {
    const d = driver();
    d.a().replaceDocument({ cniVersion: '1.0', name: 'n', plugins: [{ type: 'bridge', hairpinmode: true }] });
    d.a().applyFix({ title: 'Use "1.0.0"', patch: [{ op: 'replace', path: '/cniVersion', value: '1.0.0' }] });
    d.a().applyFix({ title: 'rename', patch: [{ op: 'rename', path: '/plugins/0/hairpinmode', key: 'hairpinMode' }] });
    expect(d.store.getState().doc).toEqual({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', hairpinMode: true }] });
    d.undo();
    expect((d.store.getState().doc.plugins as JsonObject[])[0]).toHaveProperty('hairpinmode');
    d.a().applyFix({ title: 'bad', patch: [{ op: 'replace', path: '/plugins/9/x', value: 1 }] });
    expect(d.store.getState().notice?.kind).toBe('error');
  });

  it('autosaves every change and restores it exactly; an unreadable save is kept aside', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().replaceDocument(structuredClone(templateById('podman-bridge')!.document), '87-podman.conflist');
    d.a().setOffset(d.store.getState().ids[1]!, 80);
    const again = createAppStore({ catalog, storage }).getState();
    expect(again.doc).toEqual(d.store.getState().doc);
    expect(again.ids).toEqual(d.store.getState().ids);
    expect(again.offsets).toEqual(d.store.getState().offsets);
    expect(again.fileName).toBe('87-podman.conflist');
    storage.setItem(AUTOSAVE_KEY, '{not json');
    const fresh = createAppStore({ catalog, storage }).getState();
    expect(fresh.doc.plugins).toEqual([]);
    expect(storage.getItem(RECOVERED_KEY)).toBe('{not json');
  });

  it('adds network settings in the spec order and keeps existing keys in place', () => {
    expect(Object.keys(withEnvelopeKey({ name: 'n', plugins: [] }, 'cniVersion', '1.0.0'))).toEqual(['cniVersion', 'name', 'plugins']);
    expect(Object.keys(withEnvelopeKey({ cniVersion: '1.0.0', name: 'n', plugins: [] }, 'disableCheck', true))).toEqual(['cniVersion', 'name', 'disableCheck', 'plugins']);
    expect(Object.keys(withEnvelopeKey({ plugins: [], name: 'n' }, 'name', 'x'))).toEqual(['plugins', 'name']);
    expect(withEnvelopeKey({ name: 'n', disableCheck: true }, 'disableCheck', undefined)).toEqual({ name: 'n' });
  });

  it('pastes plugins after the selection and selects them', () => {
    const d = driver();
    d.a().addPlugin('bridge');
    d.a().addPlugin('tuning');
    d.a().pastePlugins([{ type: 'portmap', capabilities: { portMappings: true } }, { type: 'firewall' }], 1);
    expect(d.types()).toEqual(['bridge', 'portmap', 'firewall', 'tuning']);
    expect(d.store.getState().selected).toHaveLength(2);
    expect(d.a().pastePlugins([{ type: 'portmap' }], 0).ok).toBe(false);
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
    const [b, , t] = d.store.getState().ids;
    const plugins = d.store.getState().doc.plugins as JsonObject[];
    d.a().commitDocument({ ...d.store.getState().doc, plugins: [plugins[0]!, plugins[2]!] });
    expect(d.store.getState().ids).toEqual([b, t]);
    d.a().commitDocument({ ...d.store.getState().doc, name: 'renamed' });
    expect(d.store.getState().ids).toEqual([b, t]);
    d.undo();
    expect(d.store.getState().doc.name).toBe('mynet');
  });
});

describe('autosaved versions for review', () => {
  it('keeps the version a new document replaced, and at most one snapshot a minute of edits', () => {
    const storage = new MemoryStorage();
    const d = driver(storage);
    d.a().addPlugin('bridge'); // the empty starting document is not worth keeping
    expect(loadHistory(storage)).toEqual([]);
    d.a().addPlugin('portmap');
    expect(loadHistory(storage).map((v) => (v.doc.plugins as JsonObject[]).map((p) => p.type))).toEqual([['bridge']]);
    d.a().addPlugin('tuning'); // within the minute: no new snapshot
    expect(loadHistory(storage)).toHaveLength(1);
    d.a().replaceDocument(structuredClone(templateById('kind')!.document));
    expect(loadHistory(storage).map((v) => (v.doc.plugins as JsonObject[]).map((p) => p.type))).toEqual([['bridge', 'portmap', 'tuning'], ['bridge']]);
    // It survives a reload: a new store reads the same history.
    createAppStore({ catalog, storage });
    expect(loadHistory(storage)).toHaveLength(2);
  });
});
