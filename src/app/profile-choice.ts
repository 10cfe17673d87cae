// The runtime profile every check follows: state.ts sets it at start and whenever the store's profile
// changes; the validator (loaded later, validator-full.ts) reads it when it arrives and follows it after.
import { DEFAULT_PROFILE, type RuntimeProfile } from '../core';

let chosen: RuntimeProfile = DEFAULT_PROFILE;
const listeners = new Set<(profile: RuntimeProfile) => void>();

export const chosenProfile = (): RuntimeProfile => chosen;

/** Every later check is for this profile. */
export function setAppProfile(profile: RuntimeProfile): void {
  chosen = profile;
  for (const listener of listeners) listener(profile);
}

export function onProfile(listener: (profile: RuntimeProfile) => void): void {
  listeners.add(listener);
}
