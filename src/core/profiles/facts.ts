// Release facts: what differs between releases, read from `x-cni` in the schemas (schemas/README.md,
// "Release facts"). A release range is `{ since?, until? }`, written with the tags' "v": `since` is the
// first release that has the fact, `until` the first release that no longer has it. Plugin and IPAM
// schemas speak of containernetworking/plugins releases, conflist.schema.json of libcni releases.
import type { JsonSchema } from '../schema/types';
import { isJsonObject, type JsonValue } from '../model/types';
import { parseVersion } from '../model/versions';

export interface ReleaseRange {
  readonly since?: string;
  readonly until?: string;
}

/** A value that holds for a range of releases (a default, an implemented spec version). */
export interface RangedValue extends ReleaseRange {
  readonly value: JsonValue;
}

/** An enum value a plugin accepts only in some releases; elsewhere it fails with `error` (at DEL too when `del`). */
export interface ValueFact extends ReleaseRange {
  readonly value: JsonValue;
  readonly error?: string;
  readonly del?: boolean;
}

/** Two keys a plugin refuses together in some releases, with its words. */
export interface ConflictFact extends ReleaseRange {
  readonly with: string;
  readonly error: string;
}

/** What the schemas say about one property across releases. */
export interface PropertyFacts extends ReleaseRange {
  /** The default by release, when it changed. */
  readonly defaults?: readonly RangedValue[];
  /** Sibling keys whose (non-zero) presence makes the default matter. */
  readonly defaultMattersWith?: readonly string[];
  readonly values?: readonly ValueFact[];
  readonly conflicts?: readonly ConflictFact[];
  /** The plugin refuses repeated keys inside this object in these releases. */
  readonly uniqueKeys?: ReleaseRange & { readonly error: string };
  /** The value names a Linux interface; ADD fails with `error` when Linux could not have such a name. */
  readonly interfaceName?: { readonly creates?: boolean; readonly error: string };
  /** libcni: the strings "true"/"false" are read as booleans in these releases. */
  readonly strings?: ReleaseRange;
}

/** "v1.6.0" → "1.6.0". */
export const bareRelease = (tag: string): string => tag.replace(/^v/, '');

/** A release as one comparable number (every check asks many times: parsed once per text). */
const numbers = new Map<string, number | undefined>();
function releaseNumber(text: string): number | undefined {
  if (numbers.has(text)) return numbers.get(text);
  const parts = parseVersion(bareRelease(text));
  const n = parts ? parts[0] * 1e6 + parts[1] * 1e3 + parts[2] : undefined;
  numbers.set(text, n);
  return n;
}

const at = (release: string, tag: string) => {
  const a = releaseNumber(tag);
  const r = releaseNumber(release);
  return a !== undefined && r !== undefined ? r - a : 0;
};

/** Whether `release` ("1.5.1") lies in the range: since ≤ release < until. */
export function inRange(release: string, range: ReleaseRange): boolean {
  if (range.since !== undefined && at(release, range.since) < 0) return false;
  if (range.until !== undefined && at(release, range.until) >= 0) return false;
  return true;
}

/** The range in words: "from 1.5.0 to before 1.6.0", "from 1.6.0 on", "before 1.8.0". */
export function describeRange(range: ReleaseRange): string {
  const since = range.since && bareRelease(range.since);
  const until = range.until && bareRelease(range.until);
  // "until" is the first release without it: "from 1.3.0 until 1.8.0" read as taking 1.8.0 in.
  if (since && until) return `from ${since} to before ${until}`;
  if (since) return `from ${since} on`;
  if (until) return `before ${until}`;
  return 'in every release';
}

function rangeOf(value: unknown): ReleaseRange {
  if (!isJsonObject(value)) return {};
  return {
    ...(typeof value.since === 'string' ? { since: value.since } : {}),
    ...(typeof value.until === 'string' ? { until: value.until } : {}),
  };
}

const list = <T>(value: unknown, read: (v: Record<string, JsonValue>) => T | undefined): T[] | undefined =>
  Array.isArray(value) ? value.flatMap((v) => (isJsonObject(v) ? [read(v)].filter((x): x is T => x !== undefined) : [])) : undefined;

const factsCache = new WeakMap<JsonSchema, PropertyFacts>();

/** The release facts of a property's schema (its `x-cni`); empty when it has none. Read once per schema object. */
export function propertyFacts(schema: JsonSchema | undefined): PropertyFacts {
  if (!schema) return {};
  let facts = factsCache.get(schema);
  if (!facts) factsCache.set(schema, (facts = readFacts(schema)));
  return facts;
}

function readFacts(schema: JsonSchema): PropertyFacts {
  const meta = schema['x-cni'];
  if (!isJsonObject(meta)) return {};
  const defaults = list(meta.defaults, (v) => (Object.hasOwn(v, 'value') ? { ...rangeOf(v), value: v.value! } : undefined));
  const values = list(meta.values, (v) => (Object.hasOwn(v, 'value') ? { ...rangeOf(v), value: v.value!, ...(typeof v.error === 'string' ? { error: v.error } : {}), ...(v.del === true ? { del: true } : {}) } : undefined));
  const conflicts = list(meta.conflicts, (v) => (typeof v.with === 'string' && typeof v.error === 'string' ? { ...rangeOf(v), with: v.with, error: v.error } : undefined));
  const unique = isJsonObject(meta.uniqueKeys) && typeof meta.uniqueKeys.error === 'string' ? { ...rangeOf(meta.uniqueKeys), error: meta.uniqueKeys.error } : undefined;
  const ifname = isJsonObject(meta.interfaceName) && typeof meta.interfaceName.error === 'string' ? { creates: meta.interfaceName.creates === true, error: meta.interfaceName.error } : undefined;
  const withKeys = Array.isArray(meta.defaultMattersWith) ? meta.defaultMattersWith.filter((k): k is string => typeof k === 'string') : undefined;
  return {
    ...rangeOf(meta),
    ...(defaults ? { defaults } : {}),
    ...(withKeys ? { defaultMattersWith: withKeys } : {}),
    ...(values ? { values } : {}),
    ...(conflicts ? { conflicts } : {}),
    ...(unique ? { uniqueKeys: unique } : {}),
    ...(ifname ? { interfaceName: ifname } : {}),
    ...(isJsonObject(meta.strings) ? { strings: rangeOf(meta.strings) } : {}),
  };
}

/** Whether the release reads the key: inside its since/until range. */
export const readsAt = (facts: ReleaseRange, release: string): boolean => inRange(release, facts);

/** The value of a ranged list at a release (the default then, the implemented spec version), if listed. */
export function valueAt(ranged: readonly RangedValue[] | undefined, release: string): RangedValue | undefined {
  return ranged?.find((r) => inRange(release, r));
}

/** Why a release does not read a key, in words: "added in 1.6.0", "removed in 1.6.0". */
export function whyNotRead(facts: ReleaseRange, release: string): string {
  if (facts.since !== undefined && at(release, facts.since) < 0) return `added in ${bareRelease(facts.since)}`;
  if (facts.until !== undefined) return `removed in ${bareRelease(facts.until)}`;
  return 'not read';
}

/** Spec versions by release range, from `x-cni.specVersions`: a plain list holds for every release. */
export interface SpecVersionRange extends ReleaseRange {
  readonly versions: readonly string[];
}

export function specVersionRanges(meta: unknown): SpecVersionRange[] {
  if (!Array.isArray(meta)) return [];
  if (meta.every((v) => typeof v === 'string')) return [{ versions: meta as string[] }];
  return meta.flatMap((v) => (isJsonObject(v) && Array.isArray(v.versions) ? [{ ...rangeOf(v), versions: v.versions.filter((x): x is string => typeof x === 'string') }] : []));
}
