// The list as the plugins will decode it, for the lab's safety checks. Go matches a JSON key to a struct
// field without regard to case, so host-device reads {"Device": "eth0"} as its device and host-local
// {"DataDir": "/etc/x"} as its data dir. The checks read the documented spellings; this view gives them
// the value Go keeps under whatever spelling the list used. The plugins still run the list as sent.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { goFold as fold, goKeyOf, goKeysOf } from '../model/go-keys';
import { escapeSegment } from '../model/pointer';

/**
 * The struct fields the lab reads to judge a run, by the object they are fields of (a plugin's config, its
 * IPAM config, its runtimeConfig). go-view.test.ts checks that every key the checks read is listed here.
 */
export const LAB_READ_FIELDS = {
  plugin: [
    'type', 'ipam', 'runtimeConfig', 'capabilities', 'bridge', 'isGateway', 'isDefaultGateway', 'ipMasq', 'master', 'linkInContainer',
    'device', 'hwaddr', 'kernelpath', 'pciBusID', 'dataDir', 'iptablesAdminChainName', 'sysctl',
  ],
  ipam: ['type', 'dataDir', 'daemonSocketPath', 'resolvConf'],
  runtimeConfig: ['deviceID', 'portMappings'],
} as const;

/** Fields whose value is an object Go decodes into one struct or map: two spellings of them are merged. */
const MERGED = new Set(['ipam', 'runtimeConfig', 'capabilities']);

/** A key the view reads under its documented spelling: plugin `plugin` (0-based) spells `to` as `from`. */
export interface Respelled {
  plugin: number;
  /** The key's path in the plugin as written ("IPAM.DataDir") and as documented ("ipam.dataDir"). */
  from: string;
  to: string;
}

export type LabView = { ok: true; conflist: JsonObject; respelled: Respelled[] } | { ok: false; pointer: string; message: string };

/** `obj` with each of `fields` under its documented spelling and the value Go keeps. */
function documented(obj: JsonObject, fields: readonly string[], where: { plugin: number; from: string; to: string }, respelled: Respelled[]): JsonObject {
  const wanted = new Map(fields.map((f) => [fold(f), f]));
  const kept = goKeysOf(obj);
  // Entries, made into an object at the end: a "__proto__" key stays an own key, as JSON.parse made it.
  const out: [string, JsonValue][] = Object.entries(obj).filter(([key]) => !wanted.has(fold(key)));
  for (const [folded, field] of wanted) {
    const key = kept.get(folded);
    if (key === undefined) continue;
    out.push([field, obj[key]!]);
    if (key !== field) respelled.push({ plugin: where.plugin, from: where.from + key, to: where.to + field });
  }
  return Object.fromEntries(out) as JsonObject;
}

/** The spellings of a field Go would merge (two or more objects), if any. */
function mergedSpellings(p: JsonObject): { field: string; spellings: string[] } | undefined {
  for (const field of MERGED) {
    const spellings = Object.keys(p).filter((k) => fold(k) === fold(field) && isJsonObject(p[k]));
    if (spellings.length > 1) return { field, spellings };
  }
  return undefined;
}

/**
 * The conflist with the fields the lab reads spelled as documented at each plugin's level and in its "ipam"
 * and "runtimeConfig"; refused when a plugin spells one of those objects twice (Go would decode both into
 * one, field by field, a merge the checks do not model).
 */
export function labView(conflist: JsonObject): LabView {
  const respelled: Respelled[] = [];
  if (!Array.isArray(conflist.plugins)) return { ok: true, conflist, respelled };
  const plugins: JsonValue[] = [];
  for (const [i, p] of conflist.plugins.entries()) {
    if (!isJsonObject(p)) {
      plugins.push(p);
      continue;
    }
    const merged = mergedSpellings(p);
    if (merged) return twice(i, merged);
    const view = documented(p, LAB_READ_FIELDS.plugin, { plugin: i, from: '', to: '' }, respelled);
    for (const [field, fields] of [['ipam', LAB_READ_FIELDS.ipam], ['runtimeConfig', LAB_READ_FIELDS.runtimeConfig]] as const) {
      const inner = view[field];
      if (!isJsonObject(inner)) continue;
      const key = goKeyOf(p, field)!;
      view[field] = documented(inner, fields, { plugin: i, from: `${key}.`, to: `${field}.` }, respelled);
    }
    plugins.push(view);
  }
  return { ok: true, conflist: { ...conflist, plugins }, respelled };
}

function twice(i: number, found: { field: string; spellings: string[] }): LabView {
  return {
    ok: false,
    pointer: `/plugins/${i}/${escapeSegment(found.spellings[0]!)}`,
    message: `plugin ${i + 1}: it spells "${found.field}" ${found.spellings.length} ways (${found.spellings.map((s) => JSON.stringify(s)).join(', ')}), each an object; the plugin decodes them all into one, field by field, which the lab does not check: keep one`,
  };
}

/** What a refusal adds when the list spells what it refused by another name: the plugins read it so. */
export function respelledNote(respelled: readonly Respelled[]): string {
  if (respelled.length === 0) return '';
  const named = respelled.map((r) => `plugin ${r.plugin + 1}'s "${r.from}" is its "${r.to}"`);
  return ` (the plugins match keys without regard to case, so ${named.join(', ')})`;
}
