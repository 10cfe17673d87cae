// The validator as the first screen sees it: not there at first. Its chunk (validator-full.ts: ajv, yaml,
// jsonc-parser, core's rules) is fetched right after the first paint (main.tsx calls `loadValidator`);
// until it arrives, findings are unknown ("checking…"), never an empty list.
import type { Validator } from '../core';
import { importWithRetries } from './retry';

let loaded: Validator | undefined;
let loading: Promise<Validator> | undefined;
const listeners = new Set<() => void>();

/** The validator once its chunk has loaded, else undefined. */
export const validatorNow = (): Validator | undefined => loaded;

/** Loads the validator's chunk (once, tried again while it fails; a failed load is tried again on the next call). */
export function loadValidator(): Promise<Validator> {
  return (loading ??= importWithRetries(() => import('./validator-full')).then(
    (m) => m.validator,
    (e: Error) => {
      loading = undefined;
      return Promise.reject(e);
    },
  ));
}

/** validator-full.ts, once evaluated: the validator is here (said once to every listener). */
export function arrived(validator: Validator): void {
  if (loaded) return;
  loaded = validator;
  for (const listener of listeners) listener();
}

/** Called once when the validator arrives; returns the unsubscribe. */
export function onValidator(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
