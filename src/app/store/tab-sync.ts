// Autosave shared with the other tabs on the same document: a change saved there is followed here, or
// offered as a choice when this tab has changes of its own; whichever is chosen, the other goes to the
// autosaved versions, and editor text that does not parse yet is set aside. Nothing either tab had is lost.
import { conflistOf, jsonText, pluginIds, type PluginCatalog, type JsonObject } from '../../core';
import { sliceOf } from './document-slice';
import { commitDrafts } from './drafts';
import { AUTOSAVE_KEY, newRev, readSaved, saveDocument, saveDraft, setAside, type KeyValueStorage, type SavedDocument } from './persistence';
import type { Actions, AppState } from './state';
import { keepVersion } from './versions';

/** Which saved state this tab's document is (`rev`) and was built on (`base`); `quiet` while taking another tab's. */
export interface Revision {
  rev: string | undefined;
  base: string | undefined;
  quiet: boolean;
}

const sameDoc = (a: JsonObject, b: JsonObject) => a === b || jsonText(a) === jsonText(b);

export function tabSync(options: {
  get: () => AppState;
  set: (partial: Partial<AppState>) => void;
  storage: KeyValueStorage | undefined;
  context: { catalog: PluginCatalog; newId: () => string };
  problemOpening: (doc: JsonObject) => string | undefined;
  revision: Revision;
}): Pick<Actions, 'remoteChanged' | 'resolveConflict'> {
  const { get, set, storage, context, problemOpening, revision } = options;
  /** Takes a state another tab saved, as one undoable step (not saved again, not a new version). */
  const follow = (theirs: SavedDocument) => {
    revision.quiet = true;
    try {
      const ids = pluginIds(theirs.state.chain);
      set({ ...theirs.state, selected: get().selected.filter((r) => ids.includes(r.pluginId)) });
    } finally {
      revision.quiet = false;
    }
    revision.rev = theirs.rev;
    revision.base = theirs.base;
  };
  return {
    remoteChanged() {
      const text = storage?.getItem(AUTOSAVE_KEY);
      if (!text) return;
      let theirs: SavedDocument;
      try {
        theirs = readSaved(text);
      } catch {
        return; // another tab's unreadable save is that tab's to set aside
      }
      if (theirs.rev === revision.rev) return;
      const s = get();
      const hasDrafts = Object.keys(s.drafts).length > 0;
      if (sameDoc(conflistOf(theirs.state.chain), conflistOf(s.chain))) {
        // The same network: nothing to choose. Plugin ids stay this tab's, so its editor text still applies.
        revision.rev = theirs.rev;
        revision.base = theirs.base;
        if (s.conflict) set({ conflict: null });
        const moved = JSON.stringify(theirs.state.offsets) !== JSON.stringify(s.offsets) || theirs.state.fileName !== s.fileName || JSON.stringify(theirs.state.nad) !== JSON.stringify(s.nad);
        if (!hasDrafts && moved) follow(theirs);
        return;
      }
      if (problemOpening(conflistOf(theirs.state.chain))) return; // the other tab sets that one aside itself
      // The other tab chose its version over this one's, for every tab: followed whatever is typed here.
      // Editor text of a plugin it still has stays; of one it has not, it is set aside for download.
      if (theirs.chosen && theirs.base === revision.rev) {
        const ids = new Set(pluginIds(theirs.state.chain));
        const orphans = Object.entries(s.drafts).filter(([key]) => key !== 'document' && !ids.has(key));
        let list = s.setAside;
        for (const [key, text] of orphans) {
          list = setAside(storage, { reason: "editor text of a plugin the other tab's chosen version no longer has", name: 'editor-text-plugin.json', text });
          saveDraft(storage, key, undefined);
        }
        const drafts = Object.fromEntries(Object.entries(s.drafts).filter(([key]) => key === 'document' || ids.has(key)));
        set({ conflict: null, drafts, setAside: list, notice: { kind: 'info', text: `The other tab chose its version of the network for every tab; this tab follows it${orphans.length ? '. Editor text of a plugin it no longer has is set aside for download' : ''}.` } });
        return follow(theirs);
      }
      // Built on what this tab has, and nothing typed here is pending: follow it.
      if (!s.conflict && !hasDrafts && theirs.base === revision.rev) return follow(theirs);
      // Both changed. This tab's version is kept among the autosaved versions at once (storage holds the
      // other one now), so it survives even if this tab is closed before the choice.
      if (!s.conflict) keepVersion(storage, conflistOf(commitDrafts(sliceOf(s), s.drafts, context).state.chain), { note: "as this tab's version when another tab changed the network too" });
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
        revision.base = theirs.rev;
        revision.rev = newRev();
        // Chosen for every tab: the other tab follows it rather than ask again.
        saveDocument(storage, sliceOf(get()), revision.rev, revision.base, true);
        return;
      }
      // This tab's version, with the editor text that parses, goes to the autosaved versions; text that
      // does not parse yet is set aside for download.
      const { state: mine, left } = commitDrafts(sliceOf(s), s.drafts, context);
      keepVersion(storage, conflistOf(mine.chain), { note: "as this tab's version when the other tab's was chosen" });
      let list = s.setAside;
      for (const [key, text] of Object.entries(left)) list = setAside(storage, { reason: "editor text typed in this tab before the other tab's version was chosen", name: `editor-text-${key === 'document' ? 'conflist' : 'plugin'}.json`, text });
      for (const key of Object.keys(s.drafts)) saveDraft(storage, key, undefined);
      set({ drafts: {}, setAside: list, conflict: null, notice: { kind: 'info', text: `Took the other tab's version. This tab's version is in Review, under the autosaved versions${Object.keys(left).length ? '; its unfinished editor text is set aside for download' : ''}.` } });
      follow(theirs);
    },
  };
}
