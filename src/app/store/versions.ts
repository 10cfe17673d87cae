// Autosaved versions: the states the document has been in, newest first, kept in browser storage so they
// can be browsed, compared and restored after a reload. A bounded ring: at most VERSION_LIMIT entries and
// VERSION_CHARS characters, each document once. A state is kept when it is left after a pause in editing
// (a burst of typing or dragging is one version) or when a whole new document replaces it.
import { isJsonObject, jsonText, pluginList, type JsonObject } from '../../core';
import type { KeyValueStorage } from './persistence';

export const HISTORY_KEY = 'cni-studio.history.v1';
export const VERSION_LIMIT = 50;
/** Browser storage holds about 5 MB per origin, shared with the autosave and drafts: versions take at most this. */
export const VERSION_CHARS = 1_000_000;
/** A state that lasted at least this long before the next change is a version of its own. */
export const QUIET_MS = 3000;

export interface SavedVersion {
  /** When it was kept (ISO time). */
  time: string;
  doc: JsonObject;
  /** Why it was kept, when not after an ordinary pause ("before importing", "the other tab's version"). */
  note?: string;
}

const isVersion = (v: unknown): v is SavedVersion => isJsonObject(v) && typeof v.time === 'string' && isJsonObject(v.doc) && (v.note === undefined || typeof v.note === 'string');

export function loadVersions(storage: KeyValueStorage | undefined): SavedVersion[] {
  try {
    const parsed = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isVersion) : [];
  } catch {
    return [];
  }
}

/** The newest versions that fit both limits. */
export function bounded(versions: readonly SavedVersion[], limit = VERSION_LIMIT, chars = VERSION_CHARS): SavedVersion[] {
  const kept: SavedVersion[] = [];
  let size = 2;
  for (const v of versions.slice(0, limit)) {
    size += JSON.stringify(v).length + 1;
    if (size > chars) break;
    kept.push(v);
  }
  return kept;
}

/**
 * Keeps `doc` as the newest version (an older copy of the same document is dropped, so each appears once).
 * An empty network is not worth keeping. Returns the versions as stored (unchanged when storage refuses).
 */
export function keepVersion(storage: KeyValueStorage | undefined, doc: JsonObject, options: { note?: string; now?: Date } = {}): SavedVersion[] {
  const versions = loadVersions(storage);
  if (!storage || pluginList(doc).length === 0) return versions;
  const text = jsonText(doc);
  // Already the newest: kept as it is (with its time and note).
  if (versions[0] && jsonText(versions[0].doc) === text) return versions;
  const note = options.note ?? versions.find((v) => jsonText(v.doc) === text)?.note;
  const entry: SavedVersion = { time: (options.now ?? new Date()).toISOString(), doc, ...(note ? { note } : {}) };
  const next = bounded([entry, ...versions.filter((v) => jsonText(v.doc) !== text)]);
  // A document larger than the whole budget is not kept (the others stay).
  if (next[0] !== entry) return versions;
  try {
    storage.setItem(HISTORY_KEY, jsonText(next));
    return next;
  } catch {
    // Storage full or disabled: the document itself is still autosaved; only this version is not kept.
    return versions;
  }
}

/**
 * Decides which states become versions as the document changes. `changed(left)` is called with the state
 * just left: it is kept when it lasted QUIET_MS or more, or when `replaced` (a whole new document).
 */
export function createVersionRecorder(storage: KeyValueStorage | undefined, clock: () => number = () => Date.now()) {
  // The document a tab opens with has lasted since it was saved: its first change keeps it.
  let since = Number.NEGATIVE_INFINITY;
  return {
    changed(left: JsonObject, replaced: boolean): void {
      const now = clock();
      if (replaced) keepVersion(storage, left, { now: new Date(now), note: 'before a new network replaced it' });
      else if (now - since >= QUIET_MS) keepVersion(storage, left, { now: new Date(now) });
      since = now;
    },
  };
}
