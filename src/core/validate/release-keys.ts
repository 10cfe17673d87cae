// The keys of a plugin (or its IPAM) whose schema carries release facts, found by walking the value along
// its schema as Go decodes it: the rules that depend on the profile's releases read this list.
import type { SchemaIndex, Located } from '../schema/schema-index';
import { isJsonObject, type JsonValue } from '../model/types';
import { escapeSegment } from '../model/pointer';
import { propertyFacts, readsAt, type PropertyFacts } from '../profiles/facts';

export interface KeyFacts {
  /** The key's pointer in the (key-case-normalized) conflist. */
  pointer: string;
  key: string;
  /** The pointer of the object holding it. */
  parent: string;
  value: JsonValue;
  facts: PropertyFacts;
  /** The plugins release reading it under the profile; undefined for a third-party or unknown plugin. */
  release: string | undefined;
  /** The plugin (or IPAM) type that reads it. */
  owner: string;
}

/** deref by the (stable) schema object it starts from: the same merged schema each time, so its facts are read once. */
const derefs = new WeakMap<SchemaIndex, WeakMap<object, Located>>();
function derefCached(index: SchemaIndex, located: Located): Located {
  let byIndex = derefs.get(index);
  if (!byIndex) derefs.set(index, (byIndex = new WeakMap()));
  let out = byIndex.get(located.schema);
  if (!out) byIndex.set(located.schema, (out = index.deref(located)));
  return out;
}

/** Whether an object has an own key, without listing them (this runs for every key of every config). */
function anyKey(o: object): boolean {
  for (const key in o) if (Object.hasOwn(o, key)) return true;
  return false;
}

/** Whether `pointer` is `at` or inside it. */
export const withinPointer = (pointer: string, at: string): boolean => pointer === at || pointer.startsWith(`${at}/`);

/**
 * Every key in `value` with release facts in its schema, depth first. Keys the release does not read are
 * listed but not entered (what is inside them is not read either); `skip` names top-level keys walked
 * elsewhere (a plugin's `ipam`, which its own schema and release describe).
 */
export function keysWithFacts(index: SchemaIndex, value: JsonValue, located: Located, pointer: string, release: string | undefined, owner: string, skip: readonly string[]): KeyFacts[] {
  const out: KeyFacts[] = [];
  const walk = (v: JsonValue, at: Located, base: string, top: boolean) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const sub = index.child(at, String(i));
        if (sub) walk(item, sub, `${base}/${i}`, false);
      });
      return;
    }
    if (!isJsonObject(v)) return;
    for (const key of Object.keys(v)) {
      if (top && skip.includes(key)) continue;
      const sub = index.child(at, key);
      if (!sub) continue;
      const child = v[key]!;
      const schema = derefCached(index, sub);
      const facts = propertyFacts(schema.schema);
      const hasFacts = anyKey(facts);
      const enter = typeof child === 'object' && child !== null && (release === undefined || readsAt(facts, release));
      if (!hasFacts && !enter) continue;
      // Spelled only for a key listed or entered: most keys are neither.
      const keyPointer = `${base}/${escapeSegment(key)}`;
      if (hasFacts) out.push({ pointer: keyPointer, key, parent: base, value: child, facts, release, owner });
      if (enter) walk(child, schema, keyPointer, false);
    }
  };
  walk(value, derefCached(index, located), pointer, true);
  return out;
}
