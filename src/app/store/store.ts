// The one store: typed slices joined here, the undo middleware here only. Every document change goes
// through `edit`, so undo/redo and autosave see each gesture as one step.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { temporal, type TemporalState } from 'zundo';
import {
  applyPatch,
  canAttachIpam,
  canInsert,
  canMove,
  duplicatePlugin,
  insertPlugin,
  isJsonObject,
  movePlugin,
  newPluginConfig,
  removePlugin,
  setIpam,
  type Catalog,
  type Fix,
  type JsonObject,
  type JsonValue,
  type LabEvent,
  type Operation,
  type Placement,
  type RuntimeInputs,
} from '../../core';
import { documentState, EMPTY_DOCUMENT, newId, type DocumentState } from './document-slice';
import { loadDocument, loadDrafts, loadRuntime, recordVersion, saveDocument, saveDrafts, saveRuntime, type KeyValueStorage } from './persistence';

export interface SelectionState {
  /** Selected plugin ids (the canvas supports multi-select for copy and delete). */
  selected: string[];
}

export interface Notice {
  kind: 'refused' | 'info' | 'error';
  text: string;
}

export interface UiState {
  notice: Notice | null;
  /**
   * Editor text not yet in the document (typing pauses, or text that does not parse as strict JSON yet),
   * by editor key ('document' or a plugin id). Persisted, so nothing typed is lost across a reload.
   */
  drafts: Record<string, string>;
  /** What the runtime supplies, for the preview (persisted; not part of undo). */
  runtime: RuntimeInputs;
  /** Teaching mode: the operation being walked and the invocation shown. */
  teaching: { operation: Operation; step: number } | null;
  /** The live lab run: its events as they arrive (not part of undo, not persisted). */
  lab: { running: boolean; events: LabEvent[]; error?: string };
}

export type NetworkSetting = 'name' | 'cniVersion' | 'cniVersions' | 'disableCheck' | 'disableGC' | 'loadOnlyInlinedPlugins';

export interface Actions {
  /** The single entry point for document changes. */
  edit(change: (state: DocumentState) => DocumentState): void;
  addPlugin(type: string, at?: number): Placement;
  movePlugin(id: string, to: number): Placement;
  /** A canvas drop: the plugin's chain position and its free vertical offset, as one undo step. */
  placePlugin(id: string, to: number, offset: number): Placement;
  removePlugins(ids: readonly string[]): void;
  duplicatePlugin(id: string): void;
  pastePlugins(plugins: JsonObject[], at?: number): Placement;
  attachIpam(id: string, ipamType: string): Placement;
  detachIpam(id: string): void;
  replacePlugin(id: string, plugin: JsonObject): void;
  setSetting(key: NetworkSetting, value: JsonValue | undefined): void;
  applyFix(fix: Fix): void;
  replaceDocument(doc: JsonObject, fileName?: string): void;
  /** A whole-document edit from the text editor: plugins that stayed the same keep their canvas identity. */
  commitDocument(doc: JsonObject): void;
  setDraft(key: string, text: string | undefined): void;
  setRuntime(inputs: RuntimeInputs): void;
  setTeaching(teaching: { operation: Operation; step: number } | null): void;
  labStart(): void;
  labEvent(event: LabEvent): void;
  labEnd(error?: string): void;
  setOffset(id: string, offset: number): void;
  tidy(): void;
  select(ids: string[]): void;
  notify(notice: Notice | null): void;
}

export type AppState = DocumentState & SelectionState & UiState & { actions: Actions };
export type AppStore = StoreApi<AppState> & { temporal: StoreApi<TemporalState<DocumentState>> };

export interface StoreOptions {
  catalog: Catalog;
  storage?: KeyValueStorage;
  initial?: JsonObject;
}

const indexOf = (s: DocumentState, id: string) => s.ids.indexOf(id);

/** Ids for a new plugin list: same position and same content keep their id, then same content anywhere, else new. */
function matchIds(d: DocumentState, doc: JsonObject): string[] {
  const before = (Array.isArray(d.doc.plugins) ? d.doc.plugins : []).map((p) => JSON.stringify(p));
  const after = (Array.isArray(doc.plugins) ? doc.plugins : []).map((p) => JSON.stringify(p));
  if (before.length === after.length) return d.ids.slice();
  const free = new Map<string, string[]>();
  before.forEach((text, i) => free.set(text, [...(free.get(text) ?? []), d.ids[i]!]));
  return after.map((text) => free.get(text)?.shift() ?? newId());
}

const ENVELOPE_ORDER = ['$schema', 'cniVersion', 'cniVersions', 'name', 'disableCheck', 'disableGC', 'loadOnlyInlinedPlugins', 'plugins'];

/** Sets (or removes) a list-level key: an existing key keeps its place, a new one goes where the spec lists it. */
export function withEnvelopeKey(doc: JsonObject, key: string, value: JsonValue | undefined): JsonObject {
  if (value === undefined) {
    const { [key]: _removed, ...rest } = doc;
    return rest;
  }
  if (key in doc) return { ...doc, [key]: value };
  const rank = (k: string) => (ENVELOPE_ORDER.includes(k) ? ENVELOPE_ORDER.indexOf(k) : ENVELOPE_ORDER.length);
  const entries = Object.entries(doc);
  const at = entries.findIndex(([k]) => rank(k) > rank(key));
  entries.splice(at < 0 ? entries.length : at, 0, [key, value]);
  return Object.fromEntries(entries);
}

export function createAppStore({ catalog, storage, initial }: StoreOptions): AppStore {
  const restored = initial ? documentState(initial) : (loadDocument(storage) ?? documentState(EMPTY_DOCUMENT));

  const store = createStore<AppState>()(
    temporal(
      (set, get) => {
        const edit = (change: (state: DocumentState) => DocumentState) => {
          const s = get();
          const next = change({ doc: s.doc, ids: s.ids, offsets: s.offsets, fileName: s.fileName });
          set({ doc: next.doc, ids: next.ids, offsets: next.offsets, fileName: next.fileName });
        };
        const refuse = (placement: Placement) => {
          if (!placement.ok) set({ notice: { kind: 'refused', text: placement.reason } });
          return placement;
        };
        const actions: Actions = {
          edit,
          addPlugin(type, at) {
            const entry = catalog.get(type);
            const s = get();
            const index = at ?? s.ids.length;
            if (entry?.role === 'ipam') return refuse({ ok: false, reason: `${type} is an IPAM plugin: attach it to an interface plugin instead of putting it in the chain.` });
            const placement = refuse(canInsert(s.doc, catalog, type, index));
            if (!placement.ok) return placement;
            const id = newId();
            edit((d) => {
              const ids = d.ids.slice();
              ids.splice(index, 0, id);
              return { ...d, doc: insertPlugin(d.doc, entry ? newPluginConfig(entry, catalog) : { type }, index), ids };
            });
            set({ selected: [id] });
            return placement;
          },
          movePlugin(id, to) {
            const s = get();
            const from = indexOf(s, id);
            if (from < 0 || from === to) return { ok: true };
            const placement = refuse(canMove(s.doc, catalog, from, to));
            if (!placement.ok) return placement;
            edit((d) => {
              const ids = d.ids.slice();
              ids.splice(from, 1);
              ids.splice(to, 0, id);
              return { ...d, doc: movePlugin(d.doc, from, to), ids };
            });
            return placement;
          },
          placePlugin(id, to, offset) {
            const s = get();
            const from = indexOf(s, id);
            if (from < 0) return { ok: true };
            const placement = from === to ? ({ ok: true } as const) : refuse(canMove(s.doc, catalog, from, to));
            if (!placement.ok) return placement;
            edit((d) => {
              const ids = d.ids.slice();
              ids.splice(from, 1);
              ids.splice(to, 0, id);
              return { ...d, doc: from === to ? d.doc : movePlugin(d.doc, from, to), ids: from === to ? d.ids : ids, offsets: { ...d.offsets, [id]: offset } };
            });
            return placement;
          },
          removePlugins(ids) {
            const s = get();
            const indexes = ids.map((id) => indexOf(s, id)).filter((i) => i >= 0).sort((a, b) => b - a);
            if (indexes.length === 0) return;
            edit((d) => {
              let doc = d.doc;
              const kept = d.ids.slice();
              for (const i of indexes) {
                doc = removePlugin(doc, i);
                kept.splice(i, 1);
              }
              const offsets = Object.fromEntries(Object.entries(d.offsets).filter(([k]) => kept.includes(k)));
              return { ...d, doc, ids: kept, offsets };
            });
            set({ selected: get().selected.filter((id) => !ids.includes(id)) });
          },
          duplicatePlugin(id) {
            const s = get();
            const i = indexOf(s, id);
            if (i < 0) return;
            const copy = newId();
            edit((d) => {
              const ids = d.ids.slice();
              ids.splice(i + 1, 0, copy);
              return { ...d, doc: duplicatePlugin(d.doc, i), ids };
            });
            set({ selected: [copy] });
          },
          pastePlugins(plugins, at) {
            const s = get();
            const index = at ?? s.ids.length;
            let doc = s.doc;
            plugins.forEach((p, k) => (doc = insertPlugin(doc, p, index + k)));
            const placement = refuse(canInsert(s.doc, catalog, String(plugins[0]?.type ?? ''), index));
            if (!placement.ok) return placement;
            const fresh = plugins.map(() => newId());
            edit((d) => {
              const ids = d.ids.slice();
              ids.splice(index, 0, ...fresh);
              return { ...d, doc, ids };
            });
            set({ selected: fresh });
            return placement;
          },
          attachIpam(id, ipamType) {
            const s = get();
            const i = indexOf(s, id);
            const placement = refuse(canAttachIpam(s.doc, catalog, i, ipamType));
            if (!placement.ok) return placement;
            const entry = catalog.get(ipamType)!;
            edit((d) => ({ ...d, doc: setIpam(d.doc, i, newPluginConfig(entry, catalog)) }));
            return placement;
          },
          detachIpam(id) {
            const i = indexOf(get(), id);
            if (i >= 0) edit((d) => ({ ...d, doc: setIpam(d.doc, i, undefined) }));
          },
          replacePlugin(id, plugin) {
            const i = indexOf(get(), id);
            if (i < 0) return;
            edit((d) => ({ ...d, doc: { ...d.doc, plugins: (d.doc.plugins as JsonValue[]).map((p, k) => (k === i ? plugin : p)) } }));
          },
          setSetting(key, value) {
            edit((d) => ({ ...d, doc: withEnvelopeKey(d.doc, key, value) }));
          },
          applyFix(fix) {
            if (!fix.patch) return;
            try {
              const next = applyPatch(get().doc, fix.patch);
              if (!isJsonObject(next)) throw new Error('the fix did not produce an object');
              edit((d) => {
                const count = Array.isArray(next.plugins) ? next.plugins.length : 0;
                // A fix that restructures the list (e.g. wraps a single plugin) gets fresh ids.
                return count === d.ids.length ? { ...d, doc: next } : { ...documentState(next, d.fileName) };
              });
            } catch (e) {
              set({ notice: { kind: 'error', text: `The fix could not be applied: ${(e as Error).message}` } });
            }
          },
          replaceDocument(doc, fileName) {
            edit(() => documentState(doc, fileName));
            set({ selected: [] });
          },
          commitDocument(doc) {
            edit((d) => ({ ...d, doc, ids: matchIds(d, doc) }));
          },
          setDraft(key, text) {
            const drafts = { ...get().drafts };
            if (text === undefined) delete drafts[key];
            else drafts[key] = text;
            set({ drafts });
            saveDrafts(storage, drafts);
          },
          setRuntime(runtime) {
            set({ runtime });
            saveRuntime(storage, runtime);
          },
          setTeaching(teaching) {
            set({ teaching });
          },
          labStart() {
            set({ lab: { running: true, events: [] } });
          },
          labEvent(event) {
            const lab = get().lab;
            set({ lab: { ...lab, events: [...lab.events, event] } });
          },
          labEnd(error) {
            set({ lab: { ...get().lab, running: false, ...(error ? { error } : {}) } });
          },
          setOffset(id, offset) {
            edit((d) => ({ ...d, offsets: { ...d.offsets, [id]: offset } }));
          },
          tidy() {
            edit((d) => ({ ...d, offsets: {} }));
          },
          select(ids) {
            set({ selected: ids });
          },
          notify(notice) {
            set({ notice });
          },
        };
        return { ...restored, selected: [], notice: null, drafts: loadDrafts(storage), runtime: loadRuntime(storage), teaching: null, lab: { running: false, events: [] }, actions };
      },
      {
        partialize: (s): DocumentState => ({ doc: s.doc, ids: s.ids, offsets: s.offsets, fileName: s.fileName }),
        // Only document changes are undo steps; selection and notices are not.
        equality: (a, b) => a.doc === b.doc && a.ids === b.ids && a.offsets === b.offsets && a.fileName === b.fileName,
        limit: 500,
      },
    ),
  ) as AppStore;

  store.subscribe((s, prev) => {
    if (s.doc !== prev.doc || s.ids !== prev.ids || s.offsets !== prev.offsets || s.fileName !== prev.fileName) saveDocument(storage, s);
    // A whole new document shares no plugin id with the previous one.
    if (s.doc !== prev.doc) recordVersion(storage, prev.doc, !s.ids.some((id) => prev.ids.includes(id)));
  });
  return store;
}

export type { DocumentState };
