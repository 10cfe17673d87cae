// The store's state, typed in parts (DocumentState in document-slice.ts, the only part undo records;
// SelectionState; UiState) and the actions every view calls; store.ts implements them.
import type { StoreApi } from 'zustand/vanilla';
import type { TemporalState } from 'zundo';
import type { ChainChange, PartRef, Fix, JsonObject, JsonValue, LabEvent, NadMeta, Operation, Placement, PluginCatalog, RuntimeInputs, RuntimeProfile } from '../../core';
import type { DocumentState } from './document-slice';
import type { KeyValueStorage, SavedDocument, SetAside } from './persistence';

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
  /** `nad`: the NAD it was read from, kept for a NAD export. */
  replaceDocument(doc: JsonObject, fileName?: string, nad?: NadMeta): void;
  /** A whole-document edit from the text editor: plugins that stayed the same keep their canvas identity. */
  commitDocument(doc: JsonObject): boolean;
  setDraft(key: string, text: string | undefined): void;
  /** What an editor's draft was typed against (kept across a reload, removed with the draft). */
  setDraftBase(key: string, base: JsonValue): void;
  draftBase(key: string): JsonValue | undefined;
  setRuntime(inputs: RuntimeInputs): void;
  /** Chooses the runtime profile (persisted): the network settings, "use the lab machine's". */
  setProfile(profile: RuntimeProfile): void;
  /** The lab machine's probed profile, or undefined when no helper reports one (the lab connection sets it). */
  setLabProfile(profile: RuntimeProfile | undefined): void;
  setTeaching(teaching: TeachingStep | null): void;
  /**
   * A run starts on this list, whose plugins had these ids (the chain when the run was asked for); its
   * fingerprint (core's conflistFingerprint) comes with it, from the lab's code, not the first screen's.
   */
  labStart(ran: { conflist: JsonObject; fingerprint: string; pluginIds: readonly string[]; operations: Operation[] }): void;
  labEvent(event: LabEvent): void;
  labEnd(error?: string): void;
  setOffset(id: string, offset: number): void;
  tidy(): void;
  select(refs: PartRef[]): void;
  notify(notice: Notice | null): void;
  /** Why the app cannot open this document (it fails on it), or undefined when it can. */
  problemOpening(doc: JsonObject): string | undefined;
  /**
   * Checks the network open now (the check arrived after it was opened): if the app fails on it, it and
   * the editor text typed for it are set aside and an empty network is started, as at start.
   */
  checkOpened(): void;
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
  /** The plugin types and the configs new plugins start with (no schema: the first screen's catalog). */
  catalog: PluginCatalog;
  storage?: KeyValueStorage;
  initial?: JsonObject;
  /**
   * Throws when the app cannot work with a document (the app passes its validator, which every view
   * uses). Checked before a stored, shared or imported document is opened.
   */
  check?: (doc: JsonObject) => void;
  /**
   * While `check` cannot judge yet (the app's validator is still loading), a promise for when it can;
   * replacing the document waits for it; the app calls `checkOpened` when the check arrives.
   */
  checkPending?: () => Promise<void> | undefined;
}
