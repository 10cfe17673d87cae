// What the runtime put into a plugin's stdin: every key path where the stdin differs from the plugin's own
// object in the list (name, cniVersion, prevResult, runtimeConfig, GC's attachments…). Computed from the two
// objects rather than from the planner's record, so it also holds for a stdin the lab received.
import { escapeSegment } from '../model/pointer';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { deepEqual } from '../model/equal';
import type { Injection } from './plan';

export interface InjectedKey {
  /** JSON pointer of the key in stdin. */
  pointer: string;
  /** `added`: the plugin's object has no such key; `replaced`: it has one with another value. */
  kind: 'added' | 'replaced';
  /** Where the value comes from, in words, when the planner says ("previous plugin", "capability mac"). */
  source?: string;
}

/**
 * Key paths of `stdin` that the plugin's own object (`own`) does not hold as they are, in stdin's key order.
 * Objects present on both sides are compared key by key, so a runtimeConfig written in the file and replaced
 * by the runtime yields the capability keys it replaced. Keys of `own` that stdin lacks are not listed (they
 * are nowhere to highlight).
 */
export function injectedKeyPaths(own: JsonValue | undefined, stdin: JsonObject, base = ''): Omit<InjectedKey, 'source'>[] {
  const mine = isJsonObject(own) ? own : {};
  const out: Omit<InjectedKey, 'source'>[] = [];
  for (const [key, value] of Object.entries(stdin)) {
    const pointer = `${base}/${escapeSegment(key)}`;
    if (!Object.hasOwn(mine, key)) {
      out.push({ pointer, kind: 'added' });
      continue;
    }
    const before = mine[key];
    if (deepEqual(before, value)) continue;
    if (isJsonObject(before) && isJsonObject(value)) {
      const inner = injectedKeyPaths(before, value, pointer);
      // Only keys dropped, nothing added or changed: the object itself is what the runtime replaced.
      out.push(...(inner.length > 0 ? inner : [{ pointer, kind: 'replaced' as const }]));
    } else out.push({ pointer, kind: 'replaced' });
  }
  return out;
}

/** The injected key paths labelled with the planner's words for where each value comes from. */
export function injectedKeys(own: JsonValue | undefined, stdin: JsonObject, injections: readonly Injection[] = []): InjectedKey[] {
  return injectedKeyPaths(own, stdin).map((k) => {
    // The planner records a key itself, keys below it (runtimeConfig's capabilities) or a key above it.
    const exact = injections.find((i) => i.pointer === k.pointer);
    const below = injections.filter((i) => i.pointer.startsWith(`${k.pointer}/`));
    const above = injections.find((i) => k.pointer.startsWith(`${i.pointer}/`));
    const source = exact?.source ?? (below.length > 0 ? below.map((i) => i.source).join(', ') : above?.source);
    return source ? { ...k, source } : k;
  });
}

/** The keys every call gets from the list itself: shown, but not what a step is about. */
const LIST_KEYS = ['/name', '/cniVersion'];

/**
 * The injected key a reader should see first: what this call carries beyond the list's name and version
 * (the capability arguments in runtimeConfig before the previous result, which is long, then anything else).
 */
export function focusInjection(keys: readonly InjectedKey[]): InjectedKey | undefined {
  const specific = keys.filter((k) => !LIST_KEYS.includes(k.pointer));
  return specific.find((k) => k.pointer.startsWith('/runtimeConfig')) ?? specific.find((k) => k.pointer !== '/prevResult') ?? specific[0] ?? keys[0];
}
