// The keys of a plugin (or its IPAM) whose schema carries release facts, found by walking the value along
// its schema as Go decodes it: the rules that depend on the profile's releases read this list.
import type { SchemaIndex, Located } from '../schema/schema-index';
import type { JsonValue } from '../model/types';
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

/** What the walk needs of one key under one schema: its (dereferenced) schema and release facts. */
interface KeyInfo {
  schema: Located;
  facts: PropertyFacts;
  hasFacts: boolean;
}

/**
 * Per index, per (stable) schema object and base, per key: the key's info, or null when the schema does
 * not describe it. Schemas do not change, so every config's walk after the first reads maps only.
 */
const keyInfos = new WeakMap<SchemaIndex, WeakMap<object, Map<string, Map<string, KeyInfo | null>>>>();
function infosOf(index: SchemaIndex, at: Located): Map<string, KeyInfo | null> {
  let byIndex = keyInfos.get(index);
  if (!byIndex) keyInfos.set(index, (byIndex = new WeakMap()));
  let byBase = byIndex.get(at.schema);
  if (!byBase) byIndex.set(at.schema, (byBase = new Map()));
  let infos = byBase.get(at.base);
  if (!infos) byBase.set(at.base, (infos = new Map()));
  return infos;
}
function keyInfo(index: SchemaIndex, at: Located, infos: Map<string, KeyInfo | null>, key: string): KeyInfo | null {
  let info = infos.get(key);
  if (info === undefined) {
    const sub = index.child(at, key);
    if (sub) {
      const schema = index.deref(sub);
      const facts = propertyFacts(schema.schema);
      info = { schema, facts, hasFacts: anyKey(facts) };
    } else info = null;
    infos.set(key, info);
  }
  return info;
}

/** Whether an object has an own key, without listing them. */
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
    if (typeof v !== 'object' || v === null) return;
    const infos = infosOf(index, at);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const info = keyInfo(index, at, infos, String(i));
        if (info) walk(v[i]!, info.schema, `${base}/${i}`, false);
      }
      return;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key) || (top && skip.includes(key))) continue;
      const info = keyInfo(index, at, infos, key);
      if (!info) continue;
      const child = v[key]!;
      const enter = typeof child === 'object' && child !== null && (release === undefined || readsAt(info.facts, release));
      if (!info.hasFacts && !enter) continue;
      // Spelled only for a key listed or entered: most keys are neither.
      const keyPointer = `${base}/${escapeSegment(key)}`;
      if (info.hasFacts) out.push({ pointer: keyPointer, key, parent: base, value: child, facts: info.facts, release, owner });
      if (enter) walk(child, info.schema, keyPointer, false);
    }
  };
  walk(value, index.deref(located), pointer, true);
  return out;
}
