// The app's store instance and the React hooks over it. Derived things (findings) are memoized
// selectors over core functions, never stored copies.
import { useStore } from 'zustand';
import { conflistOf, pluginIds, type Finding, type JsonObject, type RuntimeProfile } from '../core';
import { createAppStore, type AppState } from './store/store';
import { AUTOSAVE_KEY } from './store/persistence';
import { catalog, setAppProfile, validator } from './validator';

/** Findings by document, then by profile (a document is judged again when the profile changes). */
const findingsCache = new WeakMap<JsonObject, Map<string, Finding[]>>();

const storage = typeof localStorage !== 'undefined' ? localStorage : undefined;
// Every view shows the validator's findings: a document it fails on is not opened (stored, shared or imported).
export const store = createAppStore({ catalog, storage, check: (doc) => void findingsOf(doc) });

// The app's one validator follows the chosen runtime profile.
setAppProfile(store.getState().profile);
store.subscribe((s, prev) => {
  if (s.profile !== prev.profile) setAppProfile(s.profile);
});

// Another tab saved the document: follow it, or ask when this tab has changes of its own.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === AUTOSAVE_KEY && e.storageArea === localStorage) store.getState().actions.remoteChanged();
  });
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}

export const useActions = () => useApp((s) => s.actions);

/** Findings of a document for a profile (the chosen one by default), computed once per document object and profile. */
export function findingsOf(doc: JsonObject, profile: RuntimeProfile = validator.profile): Finding[] {
  let byProfile = findingsCache.get(doc);
  if (!byProfile) findingsCache.set(doc, (byProfile = new Map()));
  const key = JSON.stringify(profile);
  let findings = byProfile.get(key);
  if (!findings) {
    findings = validator.validate(doc, { profile });
    byProfile.set(key, findings);
  }
  return findings;
}

/** The conflist the chain stands for (the same object until the chain changes). */
export const useConflist = () => useApp((s) => conflistOf(s.chain));

/** The plugins' ids in chain order (the same array until the chain changes). */
export const useIds = () => useApp((s) => pluginIds(s.chain));

/** The chosen runtime profile. */
export const useProfile = () => useApp((s) => s.profile);

export const useFindings = () => {
  const doc = useConflist();
  return findingsOf(doc, useProfile());
};

export const useUndoRedo = () => {
  const temporal = store.temporal;
  const canUndo = useStore(temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo, undo: () => temporal.getState().undo(), redo: () => temporal.getState().redo() };
};
