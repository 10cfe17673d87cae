// Autosave: the document slice is written to browser storage on every change and restored on load.
// A stored value that cannot be read is kept aside under another key, never thrown away.
import { isJsonObject } from '../../core';
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
