// The one store: the state typed in state.ts, every action in one closure below over set/get, and the
// undo middleware applied here only. Every document change goes through `apply`, so undo/redo and
// autosave see each gesture as one step. What a tab starts from is startup.ts's; following and choosing
// between other tabs' saves is tab-sync.ts's, over the revision they share with the autosave below.
import { createStore } from 'zustand/vanilla';
import { temporal } from 'zundo';
import { applyChange, conflistOf, pluginIds, type ChainChange, type JsonObject, type NadMeta, type Placement } from '../../core';
import { documentState, EMPTY_DOCUMENT, newId, sliceOf, type DocumentState } from './document-slice';
import { conflistFileName, conflistText, discardSetAside, loadDraftBases, loadProfile, loadRuntime, loadSetAside, newRev, saveDocument, saveDraft, saveDraftBase, saveProfile, saveRuntime, setAside, withDraft, type SetAside } from './persistence';
import { restoreStart, UNOPENABLE_NOTICE } from './startup';
import { pluginRef, type Actions, type AppState, type AppStore, type Notice, type StoreOptions } from './state';
import { tabSync, type Revision } from './tab-sync';
import { createVersionRecorder } from './versions';

export * from './state';

/** Offsets of plugins still in the chain. */
const keepOffsets = (offsets: Record<string, number>, ids: readonly string[]) => Object.fromEntries(Object.entries(offsets).filter(([k]) => ids.includes(k)));

export function createAppStore({ catalog, storage, initial, check = () => {}, checkPending = () => undefined }: StoreOptions): AppStore {
  const context = { catalog, newId };
  const problemOpening = (doc: JsonObject): string | undefined => {
    try {
      check(doc);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };

  const start = restoreStart({ storage, initial, context, problemOpening });
  const { restored, drafts } = start;
  const revision: Revision = { rev: start.rev, base: start.base, quiet: false };
  /** Drafts the storage refused (setDraft said so once each). */
  const unkept = new Set<string>();

  const store = createStore<AppState>()(
    temporal(
      (set, get) => {
        /** Applies a change; a refusal (a gesture no runtime could run) is said in the notice. */
        const apply = (change: ChainChange, layout?: (offsets: Record<string, number>) => Record<string, number>, newFile?: { fileName: string | undefined; nad: NadMeta | undefined }): Placement => {
          const s = get();
          const outcome = applyChange(s.chain, change, context);
          if (!outcome.ok) {
            // A gesture no runtime could run is refused; a fix that cannot apply is an error of the fix.
            set({ notice: { kind: change.kind === 'patch' ? 'error' : 'refused', text: outcome.reason } });
            return outcome;
          }
          // Never into a document the page would fail on: refused, and said so (the change stays undone).
          const problem = outcome.chain === s.chain ? undefined : problemOpening(conflistOf(outcome.chain));
          if (problem) {
            set({ notice: { kind: 'error', text: `That change was not made: the app fails on the result (${problem}).` } });
            return { ok: false, reason: problem };
          }
          const offsets = keepOffsets(layout ? layout(s.offsets) : s.offsets, pluginIds(outcome.chain));
          set({ chain: outcome.chain, offsets, ...(newFile ?? {}) });
          return { ok: true };
        };
        /**
         * After the network (and its editor text) was set aside: an empty network, saved as a new revision,
         * with undo cleared so it cannot lead back into what failed.
         */
        const startEmpty = (setAsideList: SetAside[], notice?: Notice) => {
          revision.quiet = true;
          try {
            set({ ...documentState(EMPTY_DOCUMENT), drafts: {}, selected: [], teaching: null, conflict: null, setAside: setAsideList, ...(notice ? { notice } : {}) });
          } finally {
            revision.quiet = false;
          }
          store.temporal.getState().clear();
          revision.base = revision.rev;
          revision.rev = newRev();
          saveDocument(storage, sliceOf(get()), revision.rev, revision.base);
        };
        const actions: Actions = {
          dispatch: (change, layout) => apply(change, layout).ok,
          addPlugin(type, at) {
            const id = newId();
            const placement = apply({ kind: 'insert', at: at ?? get().chain.plugins.length, plugins: [{ id, conf: catalog.newConfig(type) ?? { type } }] });
            if (placement.ok) set({ selected: [pluginRef(id)] });
            return placement;
          },
          movePlugin(id, to) {
            return apply({ kind: 'move', id, to });
          },
          placePlugin(id, to, offset) {
            return apply({ kind: 'move', id, to }, (offsets) => ({ ...offsets, [id]: offset }));
          },
          removePlugins(ids) {
            if (apply({ kind: 'remove', ids }).ok) set({ selected: get().selected.filter((r) => !ids.includes(r.pluginId)) });
          },
          duplicatePlugin(id) {
            const copyId = newId();
            if (apply({ kind: 'duplicate', id, copyId }).ok) set({ selected: [pluginRef(copyId)] });
          },
          pastePlugins(plugins, at) {
            const fresh = plugins.map((conf) => ({ id: newId(), conf }));
            const placement = apply({ kind: 'insert', at: at ?? get().chain.plugins.length, plugins: fresh });
            if (placement.ok) set({ selected: fresh.map((p) => pluginRef(p.id)) });
            return placement;
          },
          attachIpam(id, ipamType) {
            return apply({ kind: 'set-ipam', id, ipam: catalog.newConfig(ipamType) ?? { type: ipamType } });
          },
          detachIpam(id) {
            apply({ kind: 'set-ipam', id, ipam: undefined });
          },
          replacePlugin(id, plugin) {
            return apply({ kind: 'replace-plugin', id, conf: plugin }).ok;
          },
          setSetting(key, value) {
            apply({ kind: 'set-key', key, value });
          },
          applyFix(fix) {
            if (fix.patch) apply({ kind: 'patch', ops: fix.patch });
          },
          replaceDocument(doc, fileName, nad) {
            // Not opened before it can be checked: once the check is there, the same call again.
            const pending = checkPending();
            if (pending) {
              void pending.then(() => get().actions.replaceDocument(doc, fileName, nad));
              return;
            }
            const problem = problemOpening(doc);
            if (problem) {
              set({ notice: { kind: 'error', text: `This network cannot be opened: the app failed on it (${problem}). Nothing was changed.` } });
              return;
            }
            const before = get();
            if (!apply({ kind: 'replace', doc, ids: 'fresh' }, () => ({}), { fileName, nad }).ok) return;
            // Editor text typed for the network replaced, not in it yet, belongs to no part of the new one: kept
            // for download (set aside), never applied to the new network.
            let list = before.setAside;
            for (const [key, text] of Object.entries(before.drafts)) {
              list = setAside(storage, { reason: `editor text typed for the network "${String(conflistOf(before.chain).name ?? '')}", not in it, when another network replaced it`, name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
              saveDraft(storage, key, undefined);
            }
            set({ selected: [], ...(Object.keys(before.drafts).length > 0 ? { drafts: {}, setAside: list } : {}) });
          },
          commitDocument(doc) {
            return apply({ kind: 'replace', doc, ids: 'match' }).ok;
          },
          setDraft(key, text) {
            set({ drafts: withDraft(get().drafts, key, text) });
            const kept = saveDraft(storage, key, text);
            // Text this browser cannot keep is lost on a reload: said once, until it can be kept again.
            if (kept || text === undefined) unkept.delete(key);
            else if (!unkept.has(key)) {
              unkept.add(key);
              const size = text.length >= 1024 * 1024 ? `${(text.length / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(text.length / 1024)} KB`;
              set({ notice: { kind: 'error', text: `The editor text typed here (${size}) could not be saved in this browser: its storage is full or too small for it. It stays in this tab only, so a reload or closing the tab loses it; copy it somewhere safe.` } });
            }
          },
          setDraftBase(key, base) {
            saveDraftBase(storage, key, base);
          },
          draftBase(key) {
            const bases = loadDraftBases(storage);
            return Object.hasOwn(bases, key) ? bases[key] : undefined;
          },
          setRuntime(runtime) {
            set({ runtime });
            saveRuntime(storage, runtime);
          },
          setProfile(profile) {
            set({ profile });
            saveProfile(storage, profile);
          },
          setLabProfile(labProfile) {
            set({ labProfile });
          },
          setTeaching(teaching) {
            set({ teaching });
          },
          labStart({ conflist, fingerprint, pluginIds, operations }) {
            set({ lab: { running: true, events: [], pluginIds, conflist, fingerprint, operations } });
          },
          labEvent(event) {
            const lab = get().lab;
            set({ lab: { ...lab, events: [...lab.events, event] } });
          },
          labEnd(error) {
            set({ lab: { ...get().lab, running: false, ...(error ? { error } : {}) } });
          },
          setOffset(id, offset) {
            set({ offsets: { ...get().offsets, [id]: offset } });
          },
          tidy() {
            set({ offsets: {} });
          },
          select(refs) {
            set({ selected: refs });
          },
          notify(notice) {
            set({ notice });
          },
          problemOpening,
          checkOpened() {
            const s = get();
            const doc = conflistOf(s.chain);
            const problem = problemOpening(doc);
            if (!problem) return;
            let list = setAside(storage, { reason: `the autosaved network "${String(doc.name ?? '')}" could not be opened: the app failed on it (${problem})`, name: conflistFileName(doc), text: conflistText(doc) });
            for (const [key, text] of Object.entries(s.drafts)) {
              list = setAside(storage, { reason: 'editor text typed for that network, not yet in it', name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
              saveDraft(storage, key, undefined);
            }
            startEmpty(list, { kind: 'error', text: UNOPENABLE_NOTICE });
          },
          recover(reason) {
            const s = get();
            let list = s.setAside;
            const kept: SetAside[] = [];
            const keep = (entry: Omit<SetAside, 'id' | 'time'>) => {
              list = setAside(storage, entry);
              kept.push(list[0]!);
            };
            const doc = conflistOf(s.chain);
            if (s.chain.plugins.length > 0) {
              keep({ reason: `the page failed while showing the network "${String(doc.name ?? '')}" (${reason})`, name: conflistFileName(doc), text: conflistText(doc) });
            }
            for (const [key, text] of Object.entries(s.drafts)) {
              keep({ reason: 'editor text typed for that network, not yet in it', name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
              saveDraft(storage, key, undefined);
            }
            startEmpty(list);
            return kept;
          },
          discardSetAside(id) {
            set({ setAside: discardSetAside(storage, id) });
          },
          ...tabSync({ get, set, storage, context, problemOpening, revision }),
        };
        return {
          ...restored,
          selected: [],
          notice: start.notice,
          setAside: loadSetAside(storage),
          conflict: null,
          drafts,
          runtime: loadRuntime(storage),
          profile: loadProfile(storage),
          labProfile: undefined,
          teaching: null,
          lab: { running: false, events: [], pluginIds: [] },
          actions,
        };
      },
      {
        partialize: (s): DocumentState => sliceOf(s),
        // Only document changes are undo steps; selection and notices are not.
        equality: (a, b) => a.chain === b.chain && a.offsets === b.offsets && a.fileName === b.fileName && a.nad === b.nad,
        limit: 500,
      },
    ),
  ) as AppStore;

  const versions = createVersionRecorder(storage);
  let unsaved = false;
  store.subscribe((s, prev) => {
    // Changes taken from another tab are already saved; while a conflict is open nothing is saved, so
    // the other tab's version stays in storage until the user has chosen.
    if (revision.quiet || s.conflict) return;
    if (s.chain !== prev.chain || s.offsets !== prev.offsets || s.fileName !== prev.fileName || s.nad !== prev.nad) {
      revision.base = revision.rev;
      revision.rev = newRev();
      // A network this browser cannot keep is lost on a reload: said once, until it is kept again.
      const kept = saveDocument(storage, s, revision.rev, revision.base);
      if (kept) unsaved = false;
      else if (!unsaved) {
        unsaved = true;
        store.setState({ notice: { kind: 'error', text: `This network (${s.chain.plugins.length} plugins) could not be saved in this browser: its storage is full. Your changes stay in this tab only, so a reload or closing the tab loses them; export the network to keep it.` } });
      }
    }
    // A whole new document shares no plugin id with the previous one.
    const before = conflistOf(prev.chain);
    if (conflistOf(s.chain) !== before) versions.changed(before, !pluginIds(s.chain).some((id) => pluginIds(prev.chain).includes(id)));
  });
  if (start.committedDrafts) {
    revision.base = revision.rev;
    revision.rev = newRev();
    saveDocument(storage, restored, revision.rev, revision.base);
  }
  return store;
}

export type { DocumentState };
