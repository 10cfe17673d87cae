// The one store. Its state is typed in parts, joined in AppState: DocumentState (document-slice.ts, the
// only part undo records), SelectionState and UiState; every action lives in one closure below, over
// set/get and the autosave revision, and the undo middleware is applied here only. Every document change
// goes through `edit`, so undo/redo and autosave see each gesture as one step. Autosave is shared with the
// other tabs on the same document: a change saved there is followed here, or offered as a choice when
// this tab has changes of its own, and nothing either tab had is lost.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { temporal, type TemporalState } from 'zundo';
import {
  applyChange,
  conflistOf,
  indexOfPlugin,
  newPluginConfig,
  pluginIds,
  conflistFingerprint,
  type Catalog,
  type ChainChange,
  type PartRef,
  type Fix,
  type JsonObject,
  type JsonValue,
  type LabEvent,
  type Operation,
  type Placement,
  type RuntimeInputs,
  type RuntimeProfile,
} from '../../core';
import { documentState, EMPTY_DOCUMENT, newId, type DocumentState } from './document-slice';
import { commitDrafts } from './drafts';
import {
  AUTOSAVE_KEY,
  discardSetAside,
  loadDocument,
  loadDrafts,
  loadRuntime,
  loadProfile,
  saveProfile,
  loadSetAside,
  newRev,
  readSaved,
  saveDocument,
  saveDraft,
  saveRuntime,
  setAside,
  withDraft,
  type KeyValueStorage,
  type SavedDocument,
  type SetAside,
} from './persistence';
import { createVersionRecorder, keepVersion } from './versions';

/** What can be selected on the canvas: a plugin, or the IPAM delegate hanging below it (core's PartRef). */
export type { PartRef };

export const pluginRef = (pluginId: string): PartRef => ({ pluginId, part: 'plugin' });

/** The selected plugins themselves (not their IPAM parts): what duplicate, move, copy and delete act on. */
export const selectedPluginIds = (selected: readonly PartRef[]): string[] => selected.filter((r) => r.part === 'plugin').map((r) => r.pluginId);

export interface SelectionState {
  /** Selected parts (the canvas supports multi-select for copy and delete). */
  selected: PartRef[];
}

export interface Notice {
  kind: 'refused' | 'info' | 'error';
  text: string;
}

/** The same document changed in another tab while this tab had changes of its own. */
export interface Conflict {
  /** What the other tab saved (the latest). */
  theirs: SavedDocument;
  /** This tab's changes were editor text not yet in the document. */
  drafts: boolean;
}

/**
 * A step of teaching mode: the preview's (the operation walked, its invocation shown, and that invocation's
 * plugin), or the Live lab's replay of its last run (its position in core's replaySteps of that run).
 */
export type TeachingStep = PreviewTeachingStep | LabReplayStep;

export interface LabReplayStep {
  source: 'lab';
  position: number;
}

export interface PreviewTeachingStep {
  source?: 'preview';
  operation: Operation;
  step: number;
  /** The chain index of the step's plugin (GC's stale DELs run in reverse, then its GC calls forward). */
  index?: number;
}

export interface UiState {
  notice: Notice | null;
  /** Networks (or editor text) the app could not open, kept for download; persisted. */
  setAside: SetAside[];
  conflict: Conflict | null;
  /**
   * Editor text not yet in the document (typing pauses, or text that does not parse as strict JSON yet),
   * by editor key ('document' or a plugin id). Persisted, so nothing typed is lost across a reload.
   */
  drafts: Record<string, string>;
  /** What the runtime supplies, for the preview (persisted; not part of undo). */
  runtime: RuntimeInputs;
  /**
   * The runtime profile every check follows: the libcni and plugins releases the nodes run (persisted; not
   * part of undo). Findings that depend on it name it.
   */
  profile: RuntimeProfile;
  /**
   * The profile the lab machine reports (its probe), when a lab helper is connected: the network settings
   * offer to use it. Filled by the lab connection (`setLabProfile`); not persisted.
   */
  labProfile: RuntimeProfile | undefined;
  /** Teaching mode: the operation being walked and the invocation shown. */
  teaching: TeachingStep | null;
  /**
   * The live lab run: its events as they arrive (not part of undo, not persisted), and the ids of the
   * plugins it runs, as the chain was when it started: events name plugins by chain position. `conflist`
   * is the list it ran and `fingerprint` its content fingerprint: the run is stale once the document's
   * fingerprint is another.
   */
  lab: { running: boolean; events: LabEvent[]; pluginIds: readonly string[]; error?: string; conflist?: JsonObject; fingerprint?: string; operations?: Operation[] };
}

export type NetworkSetting = 'name' | 'cniVersion' | 'cniVersions' | 'disableCheck' | 'disableGC' | 'loadOnlyInlinedPlugins';

export interface Actions {
  /**
   * The single entry point for document changes: a typed change of the chain (with the canvas layout it
   * brings, as one undo step); false when refused, with the reason in the notice.
   */
  dispatch(change: ChainChange, layout?: (offsets: Record<string, number>) => Record<string, number>): boolean;
  addPlugin(type: string, at?: number): Placement;
  movePlugin(id: string, to: number): Placement;
  /** A canvas drop: the plugin's chain position and its free vertical offset, as one undo step. */
  placePlugin(id: string, to: number, offset: number): Placement;
  removePlugins(ids: readonly string[]): void;
  duplicatePlugin(id: string): void;
  pastePlugins(plugins: JsonObject[], at?: number): Placement;
  attachIpam(id: string, ipamType: string): Placement;
  detachIpam(id: string): void;
  replacePlugin(id: string, plugin: JsonObject): boolean;
  setSetting(key: NetworkSetting, value: JsonValue | undefined): void;
  applyFix(fix: Fix): void;
  replaceDocument(doc: JsonObject, fileName?: string): void;
  /** A whole-document edit from the text editor: plugins that stayed the same keep their canvas identity. */
  commitDocument(doc: JsonObject): boolean;
  setDraft(key: string, text: string | undefined): void;
  setRuntime(inputs: RuntimeInputs): void;
  /** Chooses the runtime profile (persisted): the network settings, "use the lab machine's". */
  setProfile(profile: RuntimeProfile): void;
  /** The lab machine's probed profile, or undefined when no helper reports one (the lab connection sets it). */
  setLabProfile(profile: RuntimeProfile | undefined): void;
  setTeaching(teaching: TeachingStep | null): void;
  /** A run starts on this list, whose plugins had these ids (the chain when the run was asked for). */
  labStart(ran: { conflist: JsonObject; pluginIds: readonly string[]; operations: Operation[] }): void;
  labEvent(event: LabEvent): void;
  labEnd(error?: string): void;
  setOffset(id: string, offset: number): void;
  tidy(): void;
  select(refs: PartRef[]): void;
  notify(notice: Notice | null): void;
  /** Why the app cannot open this document (it fails on it), or undefined when it can. */
  problemOpening(doc: JsonObject): string | undefined;
  /** The document crashed the page: set it (and any editor text) aside and start from an empty network. */
  recover(reason: string): SetAside[];
  discardSetAside(id: string): void;
  /** Another tab saved the document (the storage event): follow it, or ask when this tab changed too. */
  remoteChanged(): void;
  /** Keeps one version after a conflict; the other goes to the autosaved versions. */
  resolveConflict(keep: 'mine' | 'theirs'): void;
}

export type AppState = DocumentState & SelectionState & UiState & { actions: Actions };
export type AppStore = StoreApi<AppState> & { temporal: StoreApi<TemporalState<DocumentState>> };

export interface StoreOptions {
  catalog: Catalog;
  storage?: KeyValueStorage;
  initial?: JsonObject;
  /**
   * Throws when the app cannot work with a document (the app passes its validator, which every view
   * uses). Checked before a stored, shared or imported document is opened.
   */
  check?: (doc: JsonObject) => void;
}

const slice = (s: DocumentState): DocumentState => ({ chain: s.chain, offsets: s.offsets, fileName: s.fileName });
/** Offsets of plugins still in the chain. */
const keepOffsets = (offsets: Record<string, number>, ids: readonly string[]) => Object.fromEntries(Object.entries(offsets).filter(([k]) => ids.includes(k)));
const sameDoc = (a: JsonObject, b: JsonObject) => a === b || JSON.stringify(a) === JSON.stringify(b);
const conflistText = (doc: JsonObject) => `${JSON.stringify(doc, null, 2)}\n`;
const fileStem = (doc: JsonObject) => String(typeof doc.name === 'string' && doc.name ? doc.name : 'network').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);

export function createAppStore({ catalog, storage, initial, check = () => {} }: StoreOptions): AppStore {
  const context = { catalog, newId };
  const problemOpening = (doc: JsonObject): string | undefined => {
    try {
      check(doc);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };

  // What this tab starts from: the autosave with the editor drafts that parse committed (a reload right
  // after typing loses nothing), unless the app cannot open it; then it is set aside and the tab starts empty.
  const saved = initial ? undefined : loadDocument(storage);
  let drafts = loadDrafts(storage);
  let restored = initial ? documentState(initial) : (saved?.state ?? documentState(EMPTY_DOCUMENT));
  /** The revision of the saved state this tab's document is, and the one it was built on. */
  let rev = saved?.rev;
  let base = saved?.base;
  /** Set while taking another tab's state or starting over: those changes are not saved again or versioned. */
  let quiet = false;
  let committedDrafts = false;
  let startNotice: Notice | null = null;
  let problem: string | undefined;
  try {
    if (!initial && Object.keys(drafts).length > 0) {
      const { state, left } = commitDrafts(restored, drafts, context);
      if (state !== restored) {
        restored = state;
        committedDrafts = true;
      }
      for (const key of Object.keys(drafts)) if (!Object.hasOwn(left, key)) saveDraft(storage, key, undefined);
      // Text typed for a plugin this network no longer has (removed in another tab) has no editor to show
      // it: it is set aside for download instead.
      for (const [key, text] of Object.entries(left)) {
        if (key === 'document' || indexOfPlugin(restored.chain, key) >= 0) continue;
        setAside(storage, { reason: 'editor text typed for a plugin that is no longer in the network', name: 'editor-text-plugin.json', text });
        saveDraft(storage, key, undefined);
      }
      drafts = Object.fromEntries(Object.entries(left).filter(([key]) => key === 'document' || indexOfPlugin(restored.chain, key) >= 0));
    }
    problem = problemOpening(conflistOf(restored.chain));
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  if (problem) {
    const doc = conflistOf(restored.chain);
    setAside(storage, { reason: `the autosaved network "${String(doc.name ?? '')}" could not be opened: the app failed on it (${problem})`, name: `${fileStem(doc)}.conflist`, text: conflistText(doc) });
    for (const [key, text] of Object.entries(drafts)) {
      setAside(storage, { reason: 'editor text typed for that network, not yet in it', name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
      saveDraft(storage, key, undefined);
    }
    drafts = {};
    restored = documentState(EMPTY_DOCUMENT);
    committedDrafts = false;
    base = rev;
    rev = newRev();
    saveDocument(storage, restored, rev, base);
    startNotice = { kind: 'error', text: 'The saved network could not be opened, so it was set aside and an empty network started. Download it from the note at the top.' };
  }

  const store = createStore<AppState>()(
    temporal(
      (set, get) => {
        /** Applies a change; a refusal (a gesture no runtime could run) is said in the notice. */
        const apply = (change: ChainChange, layout?: (offsets: Record<string, number>) => Record<string, number>, newFile?: { fileName: string | undefined }): Placement => {
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
        const actions: Actions = {
          dispatch: (change, layout) => apply(change, layout).ok,
          addPlugin(type, at) {
            const entry = catalog.get(type);
            const id = newId();
            const placement = apply({ kind: 'insert', at: at ?? get().chain.plugins.length, plugins: [{ id, conf: entry ? newPluginConfig(entry, catalog) : { type } }] });
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
            const entry = catalog.get(ipamType);
            if (!entry) return apply({ kind: 'set-ipam', id, ipam: { type: ipamType } });
            return apply({ kind: 'set-ipam', id, ipam: newPluginConfig(entry, catalog) });
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
          replaceDocument(doc, fileName) {
            const problem = problemOpening(doc);
            if (problem) {
              set({ notice: { kind: 'error', text: `This network cannot be opened: the app failed on it (${problem}). Nothing was changed.` } });
              return;
            }
            if (apply({ kind: 'replace', doc, ids: 'fresh' }, () => ({}), { fileName }).ok) set({ selected: [] });
          },
          commitDocument(doc) {
            return apply({ kind: 'replace', doc, ids: 'match' }).ok;
          },
          setDraft(key, text) {
            set({ drafts: withDraft(get().drafts, key, text) });
            saveDraft(storage, key, text);
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
          labStart({ conflist, pluginIds, operations }) {
            set({ lab: { running: true, events: [], pluginIds, conflist, fingerprint: conflistFingerprint(conflist), operations } });
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
              keep({ reason: `the page failed while showing the network "${String(doc.name ?? '')}" (${reason})`, name: `${fileStem(doc)}.conflist`, text: conflistText(doc) });
            }
            for (const [key, text] of Object.entries(s.drafts)) {
              keep({ reason: 'editor text typed for that network, not yet in it', name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
              saveDraft(storage, key, undefined);
            }
            quiet = true;
            try {
              set({ ...documentState(EMPTY_DOCUMENT), drafts: {}, selected: [], teaching: null, conflict: null, setAside: list });
            } finally {
              quiet = false;
            }
            // Undo must not lead back into the crash.
            store.temporal.getState().clear();
            base = rev;
            rev = newRev();
            saveDocument(storage, slice(get()), rev, base);
            return kept;
          },
          discardSetAside(id) {
            set({ setAside: discardSetAside(storage, id) });
          },
          remoteChanged() {
            const text = storage?.getItem(AUTOSAVE_KEY);
            if (!text) return;
            let theirs: SavedDocument;
            try {
              theirs = readSaved(text);
            } catch {
              return; // another tab's unreadable save is that tab's to set aside
            }
            if (theirs.rev === rev) return;
            const s = get();
            const hasDrafts = Object.keys(s.drafts).length > 0;
            if (sameDoc(conflistOf(theirs.state.chain), conflistOf(s.chain))) {
              // The same network: nothing to choose. Plugin ids stay this tab's, so its editor text still applies.
              rev = theirs.rev;
              base = theirs.base;
              if (s.conflict) set({ conflict: null });
              const moved = JSON.stringify(theirs.state.offsets) !== JSON.stringify(s.offsets) || theirs.state.fileName !== s.fileName;
              if (!hasDrafts && moved) follow(theirs);
              return;
            }
            if (problemOpening(conflistOf(theirs.state.chain))) return; // the other tab sets that one aside itself
            // Built on what this tab has, and nothing typed here is pending: follow it.
            if (!s.conflict && !hasDrafts && theirs.base === rev) return follow(theirs);
            // Both changed. This tab's version is kept among the autosaved versions at once (storage holds the
            // other one now), so it survives even if this tab is closed before the choice.
            if (!s.conflict) keepVersion(storage, conflistOf(commitDrafts(slice(s), s.drafts, context).state.chain), { note: "as this tab's version when another tab changed the network too" });
            set({ conflict: { theirs, drafts: hasDrafts } });
          },
          resolveConflict(keep) {
            const s = get();
            const c = s.conflict;
            if (!c) return;
            const theirs = c.theirs;
            if (keep === 'mine') {
              keepVersion(storage, conflistOf(theirs.state.chain), { note: "as the other tab's version, not chosen" });
              set({ conflict: null, notice: { kind: 'info', text: "Kept this tab's version. The other tab's version is in Review, under the autosaved versions." } });
              base = theirs.rev;
              rev = newRev();
              saveDocument(storage, slice(get()), rev, base);
              return;
            }
            // This tab's version, with the editor text that parses, goes to the autosaved versions; text that
            // does not parse yet is set aside for download.
            const { state: mine, left } = commitDrafts(slice(s), s.drafts, context);
            keepVersion(storage, conflistOf(mine.chain), { note: "as this tab's version when the other tab's was chosen" });
            let list = s.setAside;
            for (const [key, text] of Object.entries(left)) list = setAside(storage, { reason: "editor text typed in this tab before the other tab's version was chosen", name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
            for (const key of Object.keys(s.drafts)) saveDraft(storage, key, undefined);
            set({ drafts: {}, setAside: list, conflict: null, notice: { kind: 'info', text: `Took the other tab's version. This tab's version is in Review, under the autosaved versions${Object.keys(left).length ? '; its unfinished editor text is set aside for download' : ''}.` } });
            follow(theirs);
          },
        };
        /** Takes a state another tab saved, as one undoable step (not saved again, not a new version). */
        const follow = (theirs: SavedDocument) => {
          quiet = true;
          try {
            const ids = pluginIds(theirs.state.chain);
            set({ ...theirs.state, selected: get().selected.filter((r) => ids.includes(r.pluginId)) });
          } finally {
            quiet = false;
          }
          rev = theirs.rev;
          base = theirs.base;
        };
        return {
          ...restored,
          selected: [],
          notice: startNotice,
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
        partialize: (s): DocumentState => ({ chain: s.chain, offsets: s.offsets, fileName: s.fileName }),
        // Only document changes are undo steps; selection and notices are not.
        equality: (a, b) => a.chain === b.chain && a.offsets === b.offsets && a.fileName === b.fileName,
        limit: 500,
      },
    ),
  ) as AppStore;

  const versions = createVersionRecorder(storage);
  store.subscribe((s, prev) => {
    // Changes taken from another tab are already saved; while a conflict is open nothing is saved, so
    // the other tab's version stays in storage until the user has chosen.
    if (quiet || s.conflict) return;
    if (s.chain !== prev.chain || s.offsets !== prev.offsets || s.fileName !== prev.fileName) {
      base = rev;
      rev = newRev();
      saveDocument(storage, s, rev, base);
    }
    // A whole new document shares no plugin id with the previous one.
    const before = conflistOf(prev.chain);
    if (conflistOf(s.chain) !== before) versions.changed(before, !pluginIds(s.chain).some((id) => pluginIds(prev.chain).includes(id)));
  });
  if (committedDrafts) {
    base = rev;
    rev = newRev();
    saveDocument(storage, restored, rev, base);
  }
  return store;
}

export type { DocumentState };
