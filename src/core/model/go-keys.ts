// Which of an object's keys Go's JSON decoding reads into a struct field. encoding/json matches a key to a
// field's tag without regard to case, and every matching key is decoded in turn, so the last one wins. libcni
// hands each plugin its config re-marshalled from a map (keys sorted byte-wise, at every level), so "last"
// means last in that order: of "Type" and "TYPE", a plugin runs with "Type"'s value (measured with cnitool
// 1.1.2 and 1.3.0: {"Type": "bogus", "TYPE": "loopback"} fails to find "bogus").
import { isJsonObject, type JsonObject, type JsonValue } from './types';
import { parsePointer } from './pointer';

/**
 * Go's case folding of a key (bytes.EqualFold, Unicode simple folding). Besides ASCII letters two other
 * characters fold onto an ASCII key: the Kelvin sign (U+212A, lower-cased to "k" here) and the long s
 * ("ſ", U+017F, which lower-casing keeps): real plugins read "maſter" as "master".
 */
export const goFold = (key: string): string => {
  const lower = key.toLowerCase();
  // includes first: replaceAll's generic path was most of the folding of every key of every config.
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
};
const fold = goFold;

/** Byte-wise order of UTF-8 strings: UTF-16 code units order them the same outside the surrogate range. */
const sortsAfter = (a: string, b: string) => a > b;

/**
 * The key whose value a Go struct field tagged `field` gets from `obj` as libcni passes it on: among the keys
 * equal to `field` without regard to case, the one that sorts last. `asWritten`: the last in the object's
 * own order instead, as libcni decodes a file's own bytes (a .conf's name and cniVersion when it wraps it
 * into a list). A null is skipped when another spelling has a value: decoding null leaves a field as it is,
 * so {"Type": "loopback", "type": null} runs loopback (measured with cnitool 1.1.2 and 1.3.0). Undefined
 * when there is none.
 */
export function goKeyOf(obj: JsonObject, field: string, asWritten = false): string | undefined {
  const folded = fold(field);
  // Nearly every config spells its keys as documented: no scan (sorted, the lower-case spelling is last).
  if (!asWritten && field === folded && Object.hasOwn(obj, field) && obj[field] !== null) return field;
  let best: string | undefined;
  let bestNull = true;
  for (const key of Object.keys(obj)) {
    if (fold(key) !== folded) continue;
    const isNull = obj[key] === null;
    // A value beats a null; between two of a kind, the one decoded later.
    const later = asWritten || best === undefined || sortsAfter(key, best);
    if (best === undefined || (bestNull && !isNull) || (bestNull === isNull && later)) {
      best = key;
      bestNull = isNull;
    }
  }
  return best;
}

/**
 * goKeyOf for every field of `obj` at once: folded key -> the spelling Go keeps (libcni's sorted order, a
 * value before a null; with `nullResets`, the last in that order even when null: decoding null sets a slice,
 * map, pointer or interface field to nil, as {"RangeStart": "10.0.0.5", "rangeStart": null} leaves host-local
 * with no rangeStart, seen with Debian's 1.1.1). One pass, for an object with many spellings (asking goKeyOf per key would scan
 * the object once per key).
 */
export function goKeysOf(obj: JsonObject, nullResets = false): Map<string, string> {
  const best = new Map<string, string>();
  for (const key of Object.keys(obj)) {
    const folded = fold(key);
    const kept = best.get(folded);
    if (kept === undefined) {
      best.set(folded, key);
      continue;
    }
    // `nullResets`: fields a null sets to nil (slices such as net.IP, maps, pointers): the last one decoded wins, null or not.
    const [isNull, keptNull] = nullResets ? [false, false] : [obj[key] === null, obj[kept] === null];
    if ((keptNull && !isNull) || (keptNull === isNull && sortsAfter(key, kept))) best.set(folded, key);
  }
  return best;
}

/** The value of `field` as a Go struct decodes it from `obj` (see goKeyOf). */
export function goField(obj: JsonValue | undefined, field: string, asWritten = false): JsonValue | undefined {
  if (!isJsonObject(obj)) return undefined;
  const key = goKeyOf(obj, field, asWritten);
  return key === undefined ? undefined : obj[key];
}

/** A plugin's type as libcni and the plugin read it ("Type" included); '' when it has none or not a string. */
export const goPluginType = (conf: JsonValue | undefined): string => {
  const type = goField(conf, 'type');
  return typeof type === 'string' ? type : '';
};

/** The IPAM plugin's type as the delegating plugin reads it ("IPAM": {"Type": …} included). */
export const goIpamType = (conf: JsonValue | undefined): JsonValue | undefined => goField(goField(conf, 'ipam'), 'type');

/** A copy of `obj` without the key `key`. */
export const withoutKey = <T extends object>(obj: T, key: string): T => Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key)) as T;

/** A copy of `obj` with the key `from` named `to`, in its place. */
export function renameKey(obj: JsonObject, from: string, to: string): JsonObject {
  const out: JsonObject = {};
  // defineProperty: a "__proto__" key stays an own key, as JSON.parse makes it.
  for (const [key, value] of Object.entries(obj)) Object.defineProperty(out, key === from ? to : key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Every key of `obj` a Go struct field tagged `field` may be fed from, with its value: what a check of
 * every spelling Go could read needs (the lab refuses a path in any of them, not only in the one it expects to win).
 */
export function goEntries(obj: JsonValue | undefined, field: string): [string, JsonValue][] {
  if (!isJsonObject(obj)) return [];
  const folded = fold(field);
  return Object.entries(obj).filter(([key]) => fold(key) === folded);
}

/** The value a plugin reads at a documented pointer ("/ipam/subnet"): each object's key as Go reads it. */
export function goAtPointer(root: JsonValue | undefined, pointer: string): JsonValue | undefined {
  let node = root;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isJsonObject(node)) node = goField(node, segment);
    else return undefined;
  }
  return node;
}
