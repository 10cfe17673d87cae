// The validator as the first screen sees it: not there at first. Its chunk (validator-full.ts: ajv, yaml,
// jsonc-parser, core's rules) is fetched right after the first paint (main.tsx calls `loadValidator`);
// until it arrives, findings are unknown ("checking…"), never an empty list.
import type { Validator } from '../core';
import { importWithRetries } from './retry';

let loaded: Validator | undefined;
let loading: Promise<Validator> | undefined;
/** Why the last load failed (after its retries), until a load succeeds: the Problems panel says so and offers Try again. */
let failure: Error | undefined;
const listeners = new Set<() => void>();
const failureListeners = new Set<() => void>();
const failureChanged = (e: Error | undefined) => {
  failure = e;
  for (const listener of failureListeners) listener();
};

/** The validator once its chunk has loaded, else undefined. */
export const validatorNow = (): Validator | undefined => loaded;

/** Loads the validator's chunk (once, tried again while it fails; a failed load is tried again on the next call). */
export function loadValidator(): Promise<Validator> {
  return (loading ??= importWithRetries(() => import('./validator-full')).then(
    (m) => {
      if (failure) failureChanged(undefined);
      return m.validator;
    },
    (e: Error) => {
      loading = undefined;
      failureChanged(e);
      return Promise.reject(e);
    },
  ));
}

/** Why the validator's chunk did not arrive, while it has not (undefined once it has, or while it is tried). */
export const validatorFailure = (): Error | undefined => failure;

/** Called whenever that changes; returns the unsubscribe. */
export function onValidatorFailure(listener: () => void): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
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
