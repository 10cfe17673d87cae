// The app's store instance and the React hooks over it. Derived things (findings) are memoized
// selectors over core functions, never stored copies.
import { useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { conflistOf, pluginIds, type Finding, type JsonObject, type RuntimeProfile } from '../core';
import { createAppStore, type AppState } from './store/store';
import { AUTOSAVE_KEY } from './store/persistence';
import { rememberSelection } from './store/selection-memory';
import { catalog } from './catalog';
import { chosenProfile, setAppProfile } from './profile-choice';
import { loadValidator, onValidator, onValidatorFailure, validatorFailure, validatorNow } from './validator';

/** Findings by document, then by profile (a document is judged again when the profile changes). */
const findingsCache = new WeakMap<JsonObject, Map<string, Finding[]>>();

const storage = typeof localStorage !== 'undefined' ? localStorage : undefined;
// Every view shows the validator's findings: a document it fails on is not opened (stored, shared or imported).
// The validator arrives after the first paint: until then a change cannot be checked (`checkPending` says
// how to wait, and replacing the document waits); when it arrives, the network open then is checked and,
// if the app fails on it, set aside as at start (`checkOpened`).
export const store = createAppStore({
  catalog,
  storage,
  check: (doc) => void findingsOf(doc),
  checkPending: () => (validatorNow() ? undefined : loadValidator().then(() => undefined)),
});
onValidator(() => store.getState().actions.checkOpened());
rememberSelection(store, typeof sessionStorage !== 'undefined' ? sessionStorage : undefined);

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

/**
 * Findings of a document for a profile (the chosen one by default), computed once per document object and
 * profile; undefined while the validator has not arrived (views say "checking…", never "no problems").
 */
export function findingsOf(doc: JsonObject, profile: RuntimeProfile = chosenProfile()): Finding[] | undefined {
  const validator = validatorNow();
  if (!validator) return undefined;
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

const subscribeValidator = (changed: () => void) => onValidator(changed);

/** Whether the validator has arrived (re-renders once when it does). */
export const useValidatorReady = () => useSyncExternalStore(subscribeValidator, () => validatorNow() !== undefined);

/** Why the validator's chunk did not arrive (after its retries), while it has not. */
export const useValidatorFailure = () => useSyncExternalStore(onValidatorFailure, validatorFailure);

/** The document's findings for the chosen profile; undefined while the validator is loading ("checking…"). */
export const useFindings = (): Finding[] | undefined => {
  const doc = useConflist();
  const profile = useProfile();
  useValidatorReady();
  return findingsOf(doc, profile);
};

export const useUndoRedo = () => {
  const temporal = store.temporal;
  const canUndo = useStore(temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo, undo: () => temporal.getState().undo(), redo: () => temporal.getState().redo() };
};
