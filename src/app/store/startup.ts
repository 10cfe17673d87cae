// What a tab starts from: the autosave with the editor drafts that parse committed (a reload right after
// typing loses nothing), unless the app cannot open it; then it is set aside for download and the tab
// starts from an empty network, saying so.
import { conflistOf, indexOfPlugin, type PluginCatalog, type JsonObject } from '../../core';
import { documentState, EMPTY_DOCUMENT, type DocumentState } from './document-slice';
import { commitDrafts } from './drafts';
import { conflistFileName, conflistText, loadDocument, loadDraftBases, loadDrafts, newRev, saveDocument, saveDraft, setAside, type KeyValueStorage } from './persistence';
import type { Notice } from './state';

export const UNOPENABLE_NOTICE = 'The saved network could not be opened, so it was set aside and an empty network started. Download it from the note at the top.';

export interface Start {
  restored: DocumentState;
  drafts: Record<string, string>;
  /** The revision of the saved state this tab's document is, and the one it was built on. */
  rev: string | undefined;
  base: string | undefined;
  /** Drafts were committed into the document: it must be saved again. */
  committedDrafts: boolean;
  notice: Notice | null;
}

export function restoreStart(options: {
  storage: KeyValueStorage | undefined;
  initial: JsonObject | undefined;
  context: { catalog: PluginCatalog; newId: () => string };
  problemOpening: (doc: JsonObject) => string | undefined;
}): Start {
  const { storage, initial, context, problemOpening } = options;
  const saved = initial ? undefined : loadDocument(storage);
  let drafts = loadDrafts(storage);
  let restored = initial ? documentState(initial) : (saved?.state ?? documentState(EMPTY_DOCUMENT));
  let rev = saved?.rev;
  let base = saved?.base;
  let committedDrafts = false;
  let problem: string | undefined;
  try {
    if (!initial && Object.keys(drafts).length > 0) {
      const { state, left } = commitDrafts(restored, drafts, context, loadDraftBases(storage));
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
  if (!problem) return { restored, drafts, rev, base, committedDrafts, notice: null };
  const doc = conflistOf(restored.chain);
  setAside(storage, { reason: `the autosaved network "${String(doc.name ?? '')}" could not be opened: the app failed on it (${problem})`, name: conflistFileName(doc), text: conflistText(doc) });
  for (const [key, text] of Object.entries(drafts)) {
    setAside(storage, { reason: 'editor text typed for that network, not yet in it', name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
    saveDraft(storage, key, undefined);
  }
  const empty = documentState(EMPTY_DOCUMENT);
  base = rev;
  rev = newRev();
  saveDocument(storage, empty, rev, base);
  return {
    restored: empty,
    drafts: {},
    rev,
    base,
    committedDrafts: false,
    notice: { kind: 'error', text: UNOPENABLE_NOTICE },
  };
}
