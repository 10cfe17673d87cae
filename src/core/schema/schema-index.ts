// Walks our schemas the way a decoder walks a value: resolve $ref across files, find the subschema of a
// property or array item, and list the keys an object may have (for "did you mean" and case matching).
import type { JsonSchema, SchemaSet } from './types';
import { escapeSegment, parsePointer } from '../model/pointer';
import { ownValue, type JsonObject } from '../model/types';
import { goFold, goKeysOf } from '../model/go-keys';

/** An object's documented keys, by their lower-case spelling, and whether it is a Go map (its keys are data). */
interface KeyCase {
  names: ReadonlySet<string>;
  lower: ReadonlyMap<string, string>;
  isMap: boolean;
}

export interface Located {
  schema: JsonSchema;
  /** $id of the document the schema lives in (refs inside it resolve against this). */
  base: string;
}

function resolveUri(ref: string, base: string): { doc: string; fragment: string } {
  const hash = ref.indexOf('#');
  const path = hash >= 0 ? ref.slice(0, hash) : ref;
  const fragment = hash >= 0 ? ref.slice(hash + 1) : '';
  if (path === '') return { doc: base, fragment };
  if (/^[a-z]+:\/\//i.test(path)) return { doc: path, fragment };
  const baseParts = base.split('/');
  baseParts.pop();
  for (const part of path.split('/')) {
    if (part === '..') baseParts.pop();
    else if (part !== '.') baseParts.push(part);
  }
  return { doc: baseParts.join('/'), fragment };
}

export class SchemaIndex {
  private readonly byId = new Map<string, JsonSchema>();

  constructor(schemas: SchemaSet) {
    for (const s of [schemas.conflist, schemas.defs, ...schemas.plugins]) if (s.$id) this.byId.set(s.$id, s);
  }

  document(id: string): JsonSchema | undefined {
    return this.byId.get(id);
  }

  /** Follows $ref chains until a schema without $ref. */
  /** keyCase's answers by schema object and base. */
  private readonly keyCases = new WeakMap<JsonSchema, Map<string, KeyCase>>();

  /**
   * The keys a schema names, and Go's case-insensitive match of each (none for a schema modelling a Go
   * map, one with an additionalProperties schema such as capabilities or sysctl: map keys are exact).
   */
  keyCase(located: Located): KeyCase {
    const known = this.keyCases.get(located.schema)?.get(located.base);
    if (known) return known;
    const names = this.propertyNames(located);
    const isMap = typeof this.deref(located).schema.additionalProperties === 'object';
    // Of two declared names that fold alike (static's "address" and its untagged Go field "Address"), Go reads
    // any other spelling as the first; the exact names are each their own.
    const lower = new Map<string, string>();
    if (!isMap) for (const n of names) if (!lower.has(goFold(n))) lower.set(goFold(n), n);
    const found = { names: new Set(names), lower, isMap };
    let byBase = this.keyCases.get(located.schema);
    if (!byBase) this.keyCases.set(located.schema, (byBase = new Map()));
    byBase.set(located.base, found);
    return found;
  }

  /** resolve's answers by base and reference. */
  private readonly resolved = new Map<string, Located>();

  /**
   * The schema a `$ref` names from `base` (a plugin's IPAM definition), the same object each time: a
   * `{ $ref }` made per call would miss every cache keyed by schema object (deref's, child's, the facts').
   */
  resolve(ref: string, base: string): Located {
    const key = `${base}\0${ref}`;
    let found = this.resolved.get(key);
    if (!found) this.resolved.set(key, (found = this.deref({ schema: { $ref: ref }, base })));
    return found;
  }

  /** deref's answers by schema object and base: schemas never change once loaded, and a dump derefs the same ones thousands of times. */
  private readonly derefs = new WeakMap<JsonSchema, Map<string, Located>>();

  deref(located: Located): Located {
    if (!located.schema.$ref) return located;
    const known = this.derefs.get(located.schema)?.get(located.base);
    if (known) return known;
    const found = this.derefUncached(located);
    let byBase = this.derefs.get(located.schema);
    if (!byBase) this.derefs.set(located.schema, (byBase = new Map()));
    byBase.set(located.base, found);
    return found;
  }

  private derefUncached(located: Located): Located {
    let current = located;
    for (let hops = 0; current.schema.$ref && hops < 32; hops++) {
      const { doc, fragment } = resolveUri(current.schema.$ref, current.base);
      const root = this.byId.get(doc);
      if (!root) return current;
      let target: unknown = root;
      for (const seg of parsePointer(fragment)) target = typeof target === 'object' && target !== null && Object.hasOwn(target, seg) ? (target as Record<string, unknown>)[seg] : undefined;
      if (typeof target !== 'object' || target === null) return current;
      // Sibling keywords of a $ref (draft-07 ignores them for validation) still carry descriptions we keep.
      const { $ref: _ref, ...siblings } = current.schema;
      current = { schema: { ...(target as JsonSchema), ...siblings, $ref: (target as JsonSchema).$ref }, base: doc };
      if (!(target as JsonSchema).$ref) delete current.schema.$ref;
    }
    return current;
  }

  /** Every schema that applies to the same value (the schema itself and its allOf members). */
  private branches(located: Located): Located[] {
    const own = this.deref(located);
    const out = [own];
    for (const sub of own.schema.allOf ?? []) out.push(...this.branches({ schema: sub, base: own.base }));
    for (const sub of [own.schema.then, own.schema.else]) if (sub) out.push(...this.branches({ schema: sub, base: own.base }));
    return out;
  }

  /**
   * How Go's decoding takes a null for the value this schema describes: "fails" (a type whose own decoding
   * reads it, x-cni goNull: types.IPNet), "resets" (sets it to nil: x-cni goNull on a net.IP, and every list,
   * a Go slice), else undefined (a string, number, bool or struct field is left as it is).
   */
  goNull(located: Located): string | undefined {
    let resets = false;
    for (const b of this.branches(located)) {
      const said = (b.schema['x-cni'] as { goNull?: string } | undefined)?.goNull;
      if (said) return said;
      const type = b.schema.type;
      if (type === 'array' || (Array.isArray(type) && type.includes('array'))) resets = true;
    }
    return resets ? 'resets' : undefined;
  }

  /** propertyNames' answers by schema object and base. */
  private readonly names = new WeakMap<JsonSchema, Map<string, readonly string[]>>();

  /** Declared property names (not pattern or additional ones), the same array each time. */
  propertyNames(located: Located): readonly string[] {
    let byBase = this.names.get(located.schema);
    if (!byBase) this.names.set(located.schema, (byBase = new Map()));
    let found = byBase.get(located.base);
    if (!found) {
      const names = new Set<string>();
      for (const b of this.branches(located)) for (const k of Object.keys(b.schema.properties ?? {})) names.add(k);
      byBase.set(located.base, (found = Object.freeze([...names])));
    }
    return found;
  }

  /** child's answers by schema object, base and key: a schema's shape never changes once loaded. */
  private readonly children = new WeakMap<JsonSchema, Map<string, Map<string, Located | null>>>();
  /** patternProperties' patterns, compiled once. */
  private readonly patterns = new Map<string, RegExp>();

  /** The subschema for a key of an object or an index of an array; undefined when nothing describes it. */
  child(located: Located, key: string): Located | undefined {
    let byBase = this.children.get(located.schema);
    if (!byBase) this.children.set(located.schema, (byBase = new Map()));
    let byKey = byBase.get(located.base);
    if (!byKey) byBase.set(located.base, (byKey = new Map()));
    let found = byKey.get(key);
    if (found === undefined) byKey.set(key, (found = this.childUncached(located, key) ?? null));
    return found ?? undefined;
  }

  private childUncached(located: Located, key: string): Located | undefined {
    for (const b of this.branches(located)) {
      const s = b.schema;
      const prop = ownValue(s.properties, key);
      if (prop) return { schema: prop, base: b.base };
      for (const [pattern, sub] of Object.entries(s.patternProperties ?? {})) {
        let re = this.patterns.get(pattern);
        if (!re) this.patterns.set(pattern, (re = new RegExp(pattern, 'u')));
        if (re.test(key)) return { schema: sub, base: b.base };
      }
      if (/^\d+$/.test(key)) {
        if (Array.isArray(s.items)) {
          const item = s.items[Number(key)];
          if (item) return { schema: item, base: b.base };
        } else if (s.items) return { schema: s.items, base: b.base };
      }
      if (typeof s.additionalProperties === 'object') return { schema: s.additionalProperties, base: b.base };
    }
    return undefined;
  }

  /** The subschema at a JSON pointer below `located`. */
  at(located: Located, pointer: string): Located | undefined {
    let current: Located | undefined = located;
    for (const seg of parsePointer(pointer)) {
      if (!current) return undefined;
      current = this.child(current, seg);
    }
    return current && this.deref(current);
  }
}

export interface Rename {
  /** Pointer of the renamed key, in the normalized document. */
  pointer: string;
  /** The key as the user wrote it. */
  from: string;
  /** The documented spelling is there too, and Go reads this one after it: its value has no effect. */
  overrides?: true;
  /** The documented spelling is there too, null: Go leaves the field as it is for it, and this one's value stays. */
  besideNull?: true;
  /** This spelling is null and decoded after the documented one, which it sets to nil (an address, a list): `overrides` too. */
  unsets?: true;
}

/**
 * A spelling Go decodes and then overwrites with a later one (`{"Type": 5, "type": "loopback"}`): its value
 * has no effect, but Go decodes it all the same, and a value of the wrong type fails the whole config.
 */
export interface Shadowed {
  /** Pointer of the documented key in the normalized document (where the value Go keeps is). */
  pointer: string;
  /** The key as the user wrote it. */
  from: string;
  /** The spelling whose value Go keeps. */
  kept: string;
  value: unknown;
}

/**
 * Go's encoding/json matches keys to struct fields case-insensitively. This returns the value with every
 * such key written as the schema spells it, and the list of renames, so validation sees what the plugin
 * sees. Copy on write: a value with no key to rename below it is returned as it is (the common case, and
 * no allocation); pointers are spelled only for a rename.
 */
export function normalizeKeyCase(index: SchemaIndex, value: unknown, located: Located, pointer: string, renames: Rename[], shadowed?: Shadowed[]): unknown {
  return normalizeBelow(index, value, located, { pointer }, renames, shadowed);
}

/** Where a value sits, as a chain of keys: joined into a pointer only when a rename needs one. */
interface Place {
  pointer?: string;
  parent?: Place;
  key?: string;
}

const pointerOf = (place: Place): string => place.pointer ?? `${pointerOf(place.parent!)}/${escapeSegment(place.key!)}`;

function normalizeBelow(index: SchemaIndex, value: unknown, located: Located, place: Place, renames: Rename[], shadowed?: Shadowed[]): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sub = index.child(located, String(i));
      const next = sub && typeof item === 'object' && item !== null ? normalizeBelow(index, item, sub, { parent: place, key: String(i) }, renames, shadowed) : item;
      if (next !== item) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const { names, lower, isMap } = index.keyCase(located);
  const input = value as Record<string, unknown>;
  const keys = Object.keys(input);
  /** The copy, made at the first key renamed or value changed (the keys before it copied as they are). */
  let out: Record<string, unknown> | undefined;
  // defineProperty: a "__proto__" key stays an own key, as JSON.parse makes it.
  const put = (key: string, v: unknown) => Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  /** Starts the copy at key `i`: the keys before it as they are. */
  const copyBefore = (i: number) => {
    if (out) return;
    out = {};
    for (let j = 0; j < i; j++) put(keys[j]!, input[keys[j]!]);
  };
  // Of the spellings of a key, Go keeps the one libcni's re-marshalling puts last (go-keys.ts): "isgateway"
  // after "isGateway". Only that one is read as the documented key; the others are decoded and overwritten.
  // Worked out once, and only for an object with a key not as documented.
  let kept: Map<string, string> | undefined;
  let keptLast: Map<string, string> | undefined;
  /** Whether the field's own decoding reads null as a value and fails, or sets the field to nil (x-cni goNull "fails", "resets"). */
  const goNull = (canonical: string) => {
    const sub = index.child(located, canonical);
    return sub && index.goNull(sub);
  };
  const keptOf = (folded: string) => {
    const documented = lower.get(folded);
    return documented !== undefined && goNull(documented) === 'resets' ? (keptLast ??= goKeysOf(input as JsonObject, true)).get(folded) : (kept ??= goKeysOf(input as JsonObject)).get(folded);
  };
  const spelled = (key: string) => {
    const folded = goFold(key);
    const match = lower.get(folded);
    return match !== undefined && keptOf(folded) === key ? match : undefined;
  };
  // Documented keys a later spelling overrides (nearly always none: no key is spelled otherwise).
  let overridden: Set<string> | undefined;
  // Spellings of a key can only be merged where some key is not as documented (nearly never).
  let misspelt = false;
  for (const k of keys) {
    if (names.has(k)) continue;
    misspelt = true;
    const c = spelled(k);
    // A null leaves the field as it is (below): it overrides nothing, but where it sets the field to nil.
    if (c !== undefined && Object.hasOwn(input, c) && (input[k] !== null || goNull(c) === 'resets')) (overridden ??= new Set()).add(c);
  }
  const nullFails = (canonical: string) => goNull(canonical) === 'fails';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = input[key];
    let canonical = key;
    if (!names.has(key)) canonical = spelled(key) ?? key;
    // Go's decoding leaves a struct field as it is for null (a nil slice, map or pointer is the same as
    // none): the key is as good as absent. Not in a map, whose keys are data; not where the field's own
    // decoding reads null as a value and fails (x-cni goNull "fails": types.IPNet's subnets and route dst).
    // A null spelling beside the one Go keeps is skipped the same way.
    const documented = names.has(canonical) ? canonical : lower.get(goFold(key));
    const nullIgnored = v === null && !isMap && documented !== undefined && !nullFails(documented);
    const overriddenHere = names.has(key) && overridden?.has(key) === true;
    if (nullIgnored && canonical !== key && goNull(canonical) === 'resets' && Object.hasOwn(input, canonical) && input[canonical] !== null) {
      renames.push({ pointer: `${pointerOf(place)}/${escapeSegment(canonical)}`, from: key, overrides: true, unsets: true });
    }
    if (nullIgnored || overriddenHere) {
      // Its value is not read: null, or a later spelling's value is, under this name. An overridden value is
      // decoded first all the same (and may fail to).
      if (overriddenHere && !nullIgnored) shadowed?.push({ pointer: `${pointerOf(place)}/${escapeSegment(key)}`, from: key, kept: keptOf(goFold(key))!, value: v });
      copyBefore(i);
      continue;
    }
    if (canonical === key && !names.has(key) && shadowed && documented !== undefined && !isMap) {
      // Another spelling of a documented key, which Go decodes before the one it keeps.
      shadowed.push({ pointer: `${pointerOf(place)}/${escapeSegment(documented)}`, from: key, kept: keptOf(goFold(key))!, value: v });
    }
    if (canonical !== key) {
      const beside = Object.hasOwn(input, canonical) ? (input[canonical] === null ? { besideNull: true as const } : { overrides: true as const }) : {};
      renames.push({ pointer: `${pointerOf(place)}/${escapeSegment(canonical)}`, from: key, ...beside });
    }
    // Go decodes every spelling into the field in turn: an object or a list after another fills in what
    // the earlier one left (a struct's or a map's keys, a list's items field by field) instead of replacing
    // it, so the field holds them merged (seen with Debian's 1.1.1: "Ranges" with a rangeStart beside
    // "ranges" without one handed out that rangeStart).
    const read = misspelt && documented !== undefined && !isMap && typeof v === 'object' && v !== null && keptOf(goFold(key)) === key ? mergedSpellings(input, key, goNull(documented) === 'resets') : v;
    const sub = typeof read === 'object' && read !== null ? index.child(located, canonical) : undefined;
    const next = sub ? normalizeBelow(index, read, sub, { parent: place, key: canonical }, renames, shadowed) : read;
    if (canonical !== key || next !== v) copyBefore(i);
    if (out) put(canonical, next);
  }
  return out ?? value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A list's items beyond its length that Go still holds: a slice cut short keeps its backing array, and a
 * later, longer list decodes into those items again (its length grows within the old capacity).
 */
const backings = new WeakMap<unknown[], unknown[]>();

/** `next` decoded by Go into what `prev` left in the same field: objects key by key, lists item by item (its items past `next`'s length kept unseen), anything else replaced. */
function goMerge(prev: unknown, next: unknown): unknown {
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    const backing = backings.get(prev) ?? prev;
    const merged = next.map((item, i) => (i < backing.length ? goMerge(backing[i], item) : item));
    if (backing.length > merged.length) backings.set(merged, [...merged, ...backing.slice(merged.length)]);
    return merged;
  }
  if (!isPlainObject(next) || !isPlainObject(prev)) return next;
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const k of Object.keys(prev)) put(k, prev[k]);
  for (const k of Object.keys(next)) put(k, Object.hasOwn(out, k) && next[k] !== null ? goMerge(out[k], next[k]) : next[k]);
  return out;
}

/**
 * The value the field of `key`'s spelling holds after Go has decoded every spelling of it, in libcni's
 * (sorted) order: the kept spelling's own value when it is the only object or list among them.
 */
function mergedSpellings(input: Record<string, unknown>, key: string, nullResets: boolean): unknown {
  const folded = goFold(key);
  const spellings = Object.keys(input).filter((k) => goFold(k) === folded);
  if (spellings.length < 2 || spellings.filter((k) => typeof input[k] === 'object' && input[k] !== null).length < 2) return input[key];
  let value: unknown;
  for (const k of spellings.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = input[k];
    if (v === null) value = nullResets ? undefined : value;
    else value = value === undefined ? v : goMerge(value, v);
  }
  return value;
}

/** Maps a pointer in the normalized document back to the keys the user wrote. */
export function denormalizePointer(pointer: string, renames: readonly Rename[]): string {
  if (renames.length === 0) return pointer;
  const byPointer = new Map(renames.map((r) => [r.pointer, r.from]));
  const segments = pointer.split('/').slice(1);
  let normalized = '';
  let original = '';
  for (const seg of segments) {
    normalized += '/' + seg;
    const from = byPointer.get(normalized);
    original += '/' + (from !== undefined ? escapeSegment(from) : seg);
  }
  return original;
}
