// Autosave: the document slice is written to browser storage on every change and restored on load.
// A stored value that cannot be read or opened is set aside under another key (and offered for download),
// never thrown away. Each saved state carries a revision and the revision it was built on, so a tab can
// tell a change made in another tab that built on its own state from one made alongside it.
import { conflistOf, DEFAULT_INPUTS, DEFAULT_PROFILE, isJsonObject, isLibcniRelease, jsonText, serializeConflist, isPluginRelease, pluginIds, pluginList, readChain, runtimeInputsFrom, type JsonObject, type JsonValue, type NadMeta, type RuntimeInputs, type RuntimeProfile } from '../../core';
import { newId, type DocumentState } from './document-slice';

export const AUTOSAVE_KEY = 'cni-studio.document.v1';
/** Where earlier versions kept one unreadable save (its raw text); read once and moved to SET_ASIDE_KEY. */
export const RECOVERED_KEY = 'cni-studio.document.unreadable';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

export interface SavedDocument {
  state: DocumentState;
  /** This state's revision (absent in saves from before revisions existed). */
  rev?: string;
  /** The revision this state was built on. */
  base?: string;
  /** Saved by a choice of this version over another tab's ("Keep this tab's version"): for every tab. */
  chosen?: boolean;
}

/** Reads a stored document; throws when the text is not one. */
export function readSaved(text: string): SavedDocument {
  // Stored as the conflist and its plugin ids side by side (the format every earlier version wrote).
  const saved = JSON.parse(text) as { doc?: unknown; ids?: unknown; offsets?: unknown; fileName?: unknown; nad?: unknown; rev?: unknown; base?: unknown; chosen?: unknown };
  if (!isJsonObject(saved) || !isJsonObject(saved.doc)) throw new Error('no document in the saved data');
  const doc = saved.doc;
  const ids = Array.isArray(saved.ids) && saved.ids.length === pluginList(doc).length && saved.ids.every((x) => typeof x === 'string') && new Set(saved.ids).size === saved.ids.length ? (saved.ids as string[]) : undefined;
  const offsets = isJsonObject(saved.offsets) ? (Object.fromEntries(Object.entries(saved.offsets).filter(([, v]) => typeof v === 'number')) as Record<string, number>) : {};
  return {
    state: { chain: readChain(doc, ids ? (i) => ids[i]! : newId), offsets, fileName: typeof saved.fileName === 'string' ? saved.fileName : undefined, nad: nadOf(saved.nad) },
    ...(typeof saved.rev === 'string' ? { rev: saved.rev } : {}),
    ...(typeof saved.base === 'string' ? { base: saved.base } : {}),
    ...(saved.chosen === true ? { chosen: true } : {}),
  };
}

export function loadDocument(storage: KeyValueStorage | undefined): SavedDocument | undefined {
  const text = storage?.getItem(AUTOSAVE_KEY);
  if (!text) return undefined;
  try {
    return readSaved(text);
  } catch (e) {
    setAside(storage, { reason: `the autosaved network could not be read (${(e as Error).message})`, name: 'cni-studio-autosave.json', text });
    // Kept aside (checked, not assumed): the next visit need not trip over it again.
    if (loadSetAside(storage).some((entry) => entry.text === text)) storage?.removeItem?.(AUTOSAVE_KEY);
    return undefined;
  }
}

/** Autosaves the network; false when this browser could not keep it (storage full or disabled): the caller says so. */
export function saveDocument(storage: KeyValueStorage | undefined, state: DocumentState, rev?: string, base?: string, chosen = false): boolean {
  if (!storage) return true;
  try {
    storage.setItem(AUTOSAVE_KEY, jsonText({ doc: conflistOf(state.chain), ids: pluginIds(state.chain), offsets: state.offsets, fileName: state.fileName, ...(state.nad ? { nad: state.nad } : {}), ...(rev ? { rev } : {}), ...(base ? { base } : {}), ...(chosen ? { chosen } : {}) }));
    return true;
  } catch {
    return false;
  }
}

export const newRev = (): string => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

export const SET_ASIDE_KEY = 'cni-studio.set-aside.v1';
const SET_ASIDE_LIMIT = 10;

/** A network (or editor text) the app could not open, kept for the user to download or open again. */
export interface SetAside {
  id: string;
  time: string;
  /** What happened, in plain words. */
  reason: string;
  /** A file name for the download. */
  name: string;
  text: string;
}

export function loadSetAside(storage: KeyValueStorage | undefined): SetAside[] {
  if (!storage) return [];
  let list: SetAside[] = [];
  try {
    const parsed = JSON.parse(storage.getItem(SET_ASIDE_KEY) ?? '[]') as unknown;
    if (Array.isArray(parsed)) list = parsed.filter((v): v is SetAside => isJsonObject(v) && ['id', 'time', 'reason', 'name', 'text'].every((k) => typeof v[k] === 'string'));
  } catch {
    // An unreadable list is left where it is: nothing is overwritten until something new is set aside.
  }
  // The one unreadable save earlier versions kept joins the list.
  const legacy = storage.getItem(RECOVERED_KEY);
  if (legacy) {
    list = [{ id: newRev(), time: new Date().toISOString(), reason: 'an autosaved network could not be read (kept by an earlier version)', name: 'cni-studio-autosave.json', text: legacy }, ...list];
    if (writeSetAside(storage, list)) storage.removeItem?.(RECOVERED_KEY);
  }
  return list;
}

function writeSetAside(storage: KeyValueStorage, list: SetAside[]): boolean {
  try {
    storage.setItem(SET_ASIDE_KEY, JSON.stringify(list.slice(0, SET_ASIDE_LIMIT)));
    return true;
  } catch {
    return false;
  }
}

/** Keeps `entry` (newest first; the same text is kept once). Returns the list as stored. */
export function setAside(storage: KeyValueStorage | undefined, entry: Omit<SetAside, 'id' | 'time'>, now = new Date()): SetAside[] {
  const fresh: SetAside = { id: newRev(), time: now.toISOString(), ...entry };
  if (!storage) return [fresh];
  const list = [fresh, ...loadSetAside(storage).filter((e) => e.text !== entry.text)];
  // Storage full or disabled: the entry still reaches the page, which offers it for download at once.
  writeSetAside(storage, list);
  return list.slice(0, SET_ASIDE_LIMIT);
}

/** A network as a set-aside entry's text, and the file name it downloads under. */
export const conflistText = (doc: JsonObject): string => serializeConflist(doc);
export const conflistFileName = (doc: JsonObject): string => `${String(typeof doc.name === 'string' && doc.name ? doc.name : 'network').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60)}.conflist`;

export function discardSetAside(storage: KeyValueStorage | undefined, id: string): SetAside[] {
  const list = loadSetAside(storage).filter((e) => e.id !== id);
  if (storage) writeSetAside(storage, list);
  return list;
}

/** A copy of `drafts` with `key` set to `text` (or removed); keys are data, never prototype setters. */
export function withDraft(drafts: Record<string, string>, key: string, text: string | undefined): Record<string, string> {
  const entries = Object.entries(drafts).filter(([k]) => k !== key);
  return Object.fromEntries(text === undefined ? entries : [...entries, [key, text]]) as Record<string, string>;
}

export const DRAFTS_KEY = 'cni-studio.drafts.v1';

export function loadDrafts(storage: KeyValueStorage | undefined): Record<string, string> {
  try {
    const parsed = JSON.parse(storage?.getItem(DRAFTS_KEY) ?? '{}') as unknown;
    return isJsonObject(parsed) ? (Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * Stores one editor's draft (or removes it). Other tabs keep their drafts in the same place, so only this
 * key changes: a tab never overwrites what another tab typed. False when the storage refused it (full, or
 * the text larger than it holds): the draft then lives in this tab's memory only.
 */
export function saveDraft(storage: KeyValueStorage | undefined, key: string, text: string | undefined): boolean {
  if (!storage) return true;
  const drafts = withDraft(loadDrafts(storage), key, text);
  let kept = true;
  try {
    storage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
  } catch {
    kept = false;
  }
  // A draft gone (committed, set aside) takes what it was typed against with it.
  if (text === undefined) saveDraftBase(storage, key, undefined);
  return kept;
}

export const DRAFT_BASES_KEY = 'cni-studio.draft-bases.v1';

/** What each editor's draft was typed against (the network, or the plugin), so a commit after a reload still merges. */
export function loadDraftBases(storage: KeyValueStorage | undefined): Record<string, JsonValue> {
  try {
    const parsed = JSON.parse(storage?.getItem(DRAFT_BASES_KEY) ?? '{}') as unknown;
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function saveDraftBase(storage: KeyValueStorage | undefined, key: string, base: JsonValue | undefined): void {
  if (!storage) return;
  const bases = loadDraftBases(storage);
  if (base === undefined && !Object.hasOwn(bases, key)) return;
  const kept = Object.fromEntries(Object.entries(bases).filter(([k]) => k !== key));
  if (base !== undefined) Object.defineProperty(kept, key, { value: base, enumerable: true, writable: true, configurable: true });
  try {
    if (Object.keys(kept).length === 0) storage.removeItem?.(DRAFT_BASES_KEY);
    else storage.setItem(DRAFT_BASES_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the base stays in memory only (the merge after a reload is lost, not the text).
  }
}

export const RUNTIME_KEY = 'cni-studio.runtime.v1';

export function loadRuntime(storage: KeyValueStorage | undefined): RuntimeInputs {
  try {
    return runtimeInputsFrom(JSON.parse(storage?.getItem(RUNTIME_KEY) ?? 'null')).inputs;
  } catch {
    return DEFAULT_INPUTS;
  }
}

export function saveRuntime(storage: KeyValueStorage | undefined, inputs: RuntimeInputs): void {
  try {
    storage?.setItem(RUNTIME_KEY, JSON.stringify(inputs));
  } catch {
    // Storage full or disabled: inputs stay in memory.
  }
}

export const PROFILE_KEY = 'cni-studio.profile.v1';

/** The runtime profile the user chose; the default profile when none was stored or the stored one is not a known release pair. */
export function loadProfile(storage: KeyValueStorage | undefined): RuntimeProfile {
  try {
    const saved = JSON.parse(storage?.getItem(PROFILE_KEY) ?? 'null') as Partial<RuntimeProfile> | null;
    if (!saved || typeof saved !== 'object' || !isLibcniRelease(saved.libcni) || !isPluginRelease(saved.plugins)) return DEFAULT_PROFILE;
    const mixed = Array.isArray(saved.pluginReleases)
      ? saved.pluginReleases.filter((p): p is [string, string] => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && isPluginRelease(p[1]))
      : [];
    return { libcni: saved.libcni, plugins: saved.plugins, ...(mixed.length ? { pluginReleases: mixed } : {}) };
  } catch {
    return DEFAULT_PROFILE;
  }
}

export function saveProfile(storage: KeyValueStorage | undefined, profile: RuntimeProfile): void {
  try {
    storage?.setItem(PROFILE_KEY, JSON.stringify(profile));
  } catch {
    // Storage full or disabled: the profile stays in memory.
  }
}

// Autosaved versions live in versions.ts; these names stay for the views that read them.
export { HISTORY_KEY, loadVersions as loadHistory, type SavedVersion } from './versions';

/** A saved NAD's name, namespace and resourceName, each a string when there (anything else is left out). */
function nadOf(value: unknown): NadMeta | undefined {
  if (!isJsonObject(value) || typeof value.name !== 'string') return undefined;
  const text = (k: string) => (typeof value[k] === 'string' ? { [k]: value[k] as string } : {});
  return { name: value.name, ...text('namespace'), ...text('resourceName') };
}
