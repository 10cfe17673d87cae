// Autosave: the document slice is written to browser storage on every change and restored on load.
// A stored value that cannot be read is kept aside under another key, never thrown away.
import { DEFAULT_INPUTS, isJsonObject, type JsonObject, type RuntimeInputs } from '../../core';
import { documentState, pluginCount, type DocumentState } from './document-slice';

export const AUTOSAVE_KEY = 'cni-studio.document.v1';
export const RECOVERED_KEY = 'cni-studio.document.unreadable';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadDocument(storage: KeyValueStorage | undefined): DocumentState | undefined {
  const text = storage?.getItem(AUTOSAVE_KEY);
  if (!text) return undefined;
  try {
    const saved = JSON.parse(text) as Partial<DocumentState>;
    if (!isJsonObject(saved.doc)) throw new Error('no document');
    const ids = Array.isArray(saved.ids) && saved.ids.length === pluginCount(saved.doc) && saved.ids.every((x) => typeof x === 'string') ? saved.ids : documentState(saved.doc).ids;
    const offsets = isJsonObject(saved.offsets) ? (saved.offsets as Record<string, number>) : {};
    return { doc: saved.doc, ids, offsets, fileName: typeof saved.fileName === 'string' ? saved.fileName : undefined };
  } catch {
    storage?.setItem(RECOVERED_KEY, text);
    return undefined;
  }
}

export function saveDocument(storage: KeyValueStorage | undefined, state: DocumentState): void {
  if (!storage) return;
  try {
    storage.setItem(AUTOSAVE_KEY, JSON.stringify({ doc: state.doc, ids: state.ids, offsets: state.offsets, fileName: state.fileName }));
  } catch {
    // Storage full or disabled: the document stays in memory; nothing else to do here.
  }
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

export function saveDrafts(storage: KeyValueStorage | undefined, drafts: Record<string, string>): void {
  try {
    storage?.setItem(DRAFTS_KEY, JSON.stringify(drafts));
  } catch {
    // Storage full or disabled: drafts stay in memory.
  }
}

export const RUNTIME_KEY = 'cni-studio.runtime.v1';

export function loadRuntime(storage: KeyValueStorage | undefined): RuntimeInputs {
  try {
    const saved = JSON.parse(storage?.getItem(RUNTIME_KEY) ?? 'null') as Partial<RuntimeInputs> | null;
    if (!saved || typeof saved !== 'object') return DEFAULT_INPUTS;
    return {
      containerId: typeof saved.containerId === 'string' ? saved.containerId : DEFAULT_INPUTS.containerId,
      netns: typeof saved.netns === 'string' ? saved.netns : DEFAULT_INPUTS.netns,
      ifname: typeof saved.ifname === 'string' ? saved.ifname : DEFAULT_INPUTS.ifname,
      cniArgs: Array.isArray(saved.cniArgs) ? saved.cniArgs.filter((p): p is [string, string] => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string')) : [],
      cniPath: Array.isArray(saved.cniPath) ? saved.cniPath.filter((x): x is string => typeof x === 'string') : DEFAULT_INPUTS.cniPath,
      capabilityArgs: isJsonObject(saved.capabilityArgs) ? saved.capabilityArgs : {},
    };
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

export const HISTORY_KEY = 'cni-studio.history.v1';
const HISTORY_LIMIT = 20;
const HISTORY_INTERVAL_MS = 60_000;

export interface SavedVersion {
  time: string;
  doc: JsonObject;
}

export function loadHistory(storage: KeyValueStorage | undefined): SavedVersion[] {
  try {
    const parsed = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is SavedVersion => isJsonObject(v) && typeof v.time === 'string' && isJsonObject(v.doc)) : [];
  } catch {
    return [];
  }
}

/**
 * Keeps earlier versions for review: a snapshot of the document as it was before a change, at most once a
 * minute, and always before a whole new document replaces it (import, template, share link).
 */
export function recordVersion(storage: KeyValueStorage | undefined, previous: JsonObject, replaced: boolean, now = new Date()): void {
  if (!storage || !Array.isArray(previous.plugins) || previous.plugins.length === 0) return;
  const history = loadHistory(storage);
  const last = history[0];
  if (last && JSON.stringify(last.doc) === JSON.stringify(previous)) return;
  if (!replaced && last && now.getTime() - Date.parse(last.time) < HISTORY_INTERVAL_MS) return;
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify([{ time: now.toISOString(), doc: previous }, ...history].slice(0, HISTORY_LIMIT)));
  } catch {
    // Storage full: keep going without history.
  }
}
