// A semantic diff of two conflists: plugins matched by type (and by position among plugins of the same
// type), so a review says "portmap removed" or "tuning moved from 4 to 2" instead of a line diff, and every
// field change of a matched plugin with a JSON pointer. Plugin keys are compared the way Go reads them
// (case-insensitively against the schema's spelling), so "MTU" → "mtu" is no change.
import type { Catalog } from '../catalog/catalog';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { escapeSegment } from '../model/pointer';
import { denormalizePointer, normalizeKeyCase, type Located, type Rename } from '../schema/schema-index';
import { pluginList } from '../model/chain';
import { deepEqual } from '../model/equal';
import { goPluginType } from '../model/go-keys';
import { sortKeys } from '../runtime/go-json';

export interface FieldChange {
  /**
   * JSON pointer relative to the list. List fields: "/name". Fields of a plugin present in the new list:
   * "/plugins/<new index>/…", spelled as in the new list (a removed key as in the old one).
   */
  pointer: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

export interface PluginDiff {
  type: string;
  /**
   * added / removed: only in one list. kept: in both, in the same order relative to the other kept plugins
   * (its index may still shift when plugins are added or removed before it). moved: its place in the chain
   * relative to the other plugins changed.
   */
  status: 'added' | 'removed' | 'kept' | 'moved';
  beforeIndex?: number;
  afterIndex?: number;
  /** Field changes of a plugin in both lists (empty for added and removed plugins). */
  changes: FieldChange[];
}

export interface ConflistDiff {
  /** Changes of the list's own fields (name, cniVersion, cniVersions, disableCheck, …), not of `plugins`. */
  listChanges: FieldChange[];
  /** In the order of the new chain; removed plugins sit after the plugin that preceded them in the old one. */
  plugins: PluginDiff[];
  /** True when some plugin present in both lists changed its place relative to the others. */
  orderChanged: boolean;
}

export function pluginsOf(doc: JsonObject): JsonValue[] {
  return pluginList(doc);
}

/** The type libcni runs: Go reads "Type" or "TYPE" as "type". */
export function pluginType(plugin: JsonValue | undefined): string {
  return goPluginType(plugin);
}

function ipamSchema(catalog: Catalog, ipamType: string): Located | undefined {
  const entry = catalog.get(ipamType);
  if (!entry) return undefined;
  const base = entry.schema.$id ?? '';
  if (entry.role === 'ipam') return { schema: entry.schema, base };
  // Plugins that are also an IPAM type (kube-ovn, antrea) describe their IPAM object in a definition.
  return entry.ipamDefinition !== undefined ? catalog.index.resolve(`${base}${entry.ipamDefinition}`, base) : undefined;
}

/**
 * A plugin object with its keys spelled as the schema spells them (Go matches keys case-insensitively),
 * its IPAM object included. Unknown plugin types come back unchanged. `renames` collects what was renamed,
 * with pointers below `base`.
 */
export function canonicalPlugin(plugin: JsonValue | undefined, catalog: Catalog, base = '', renames: Rename[] = []): JsonValue | undefined {
  if (!isJsonObject(plugin)) return plugin;
  const entry = catalog.get(pluginType(plugin));
  let out: JsonObject = plugin;
  if (entry) out = normalizeKeyCase(catalog.index, plugin, { schema: entry.schema, base: entry.schema.$id ?? '' }, base, renames) as JsonObject;
  const ipam = out.ipam;
  if (isJsonObject(ipam) && typeof ipam.type === 'string') {
    const located = ipamSchema(catalog, ipam.type);
    if (located) out = { ...out, ipam: normalizeKeyCase(catalog.index, ipam, located, `${base}/ipam`, renames) as JsonObject };
  }
  return out;
}

const isContainer = (v: JsonValue) => typeof v === 'object' && v !== null;

/** Appends the changes from `a` to `b` below `pointer`: objects key by key, arrays of objects index by index. */
export function diffValues(a: JsonValue | undefined, b: JsonValue | undefined, pointer: string, out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(a, b)) return out;
  if (a === undefined) {
    out.push({ pointer, kind: 'added', after: b });
    return out;
  }
  if (b === undefined) {
    out.push({ pointer, kind: 'removed', before: a });
    return out;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    for (const key of Object.keys(a)) diffValues(a[key], Object.prototype.hasOwnProperty.call(b, key) ? b[key] : undefined, `${pointer}/${escapeSegment(key)}`, out);
    for (const key of Object.keys(b)) if (!Object.prototype.hasOwnProperty.call(a, key)) diffValues(undefined, b[key], `${pointer}/${escapeSegment(key)}`, out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.every(isContainer) && b.every(isContainer)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], `${pointer}/${i}`, out);
    return out;
  }
  out.push({ pointer, kind: 'changed', before: a, after: b });
  return out;
}

/** Indexes (into `seq`) of one longest strictly increasing subsequence; ties go to the earliest elements. */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const len: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < seq.length; i++) {
    len[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (seq[j]! < seq[i]! && len[j]! + 1 > len[i]!) {
        len[i] = len[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < seq.length; i++) if (end < 0 || len[i]! > len[end]!) end = i;
  const keep = new Set<number>();
  for (let i = end; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

/**
 * A plugin as it reaches the plugin: libcni writes the list's name and cniVersion over the plugin's own (a
 * .conf's, or keys written in a plugin), so those two never reach it and are not compared.
 */
function reaching(plugin: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(plugin)) return plugin;
  // Any spelling: libcni's own lower-case keys sort after "Name" when it marshals the plugin, so Go's
  // decoder, which takes the last of the keys it matches case-insensitively, reads libcni's.
  const overwritten = (key: string) => key.toLowerCase() === 'name' || key.toLowerCase() === 'cniversion';
  if (!Object.keys(plugin).some(overwritten)) return plugin;
  return Object.fromEntries(Object.entries(plugin).filter(([key]) => !overwritten(key)));
}

/**
 * Pairs of [beforeIndex, afterIndex], type by type. Plugins whose configs are the same (`key`) go together
 * first: two tunings swapped read as a move, and a tuning removed beside its twin as removed, not as the
 * twin's settings changing. Among several copies of one config, each goes with the copy nearest its place
 * among its type (three copies against one: the middle one stays). Then the k-th of the rest of a type in
 * one list goes with the k-th in the other.
 */
export function matchPlugins(before: readonly JsonValue[], after: readonly JsonValue[], key: (plugin: JsonValue) => string = (p) => JSON.stringify(p)): [number, number][] {
  const byType = (list: readonly JsonValue[]) => {
    const out = new Map<string, number[]>();
    list.forEach((p, i) => out.set(pluginType(p), [...(out.get(pluginType(p)) ?? []), i]));
    return out;
  };
  const oldTypes = byType(before);
  const newTypes = byType(after);
  const pairs: [number, number][] = [];
  for (const [type, olds] of oldTypes) {
    const news = newTypes.get(type) ?? [];
    const paired = new Map<number, number>();
    // Copies of one config, by their rank among the type's plugins in each list.
    const groups = new Map<string, { olds: number[]; news: number[] }>();
    olds.forEach((_, rank) => {
      const k = key(before[olds[rank]!]!);
      groups.set(k, { olds: [...(groups.get(k)?.olds ?? []), rank], news: [] });
    });
    news.forEach((_, rank) => groups.get(key(after[news[rank]!]!))?.news.push(rank));
    for (const { olds: o, news: n } of groups.values()) {
      const [few, many, fewIsOld] = o.length <= n.length ? [o, n, true] : [n, o, false];
      const taken = new Set<number>();
      for (const r of few) {
        let best: number | undefined;
        for (const m of many) if (!taken.has(m) && (best === undefined || Math.abs(m - r) < Math.abs(best - r))) best = m;
        if (best === undefined) continue;
        taken.add(best);
        paired.set(fewIsOld ? r : best, fewIsOld ? best : r);
      }
    }
    // The rest, k-th with k-th.
    const usedNew = new Set(paired.values());
    const restOld = olds.map((_, r) => r).filter((r) => !paired.has(r));
    const restNew = news.map((_, r) => r).filter((r) => !usedNew.has(r));
    restOld.forEach((r, k) => {
      if (k < restNew.length) paired.set(r, restNew[k]!);
    });
    for (const [ro, rn] of paired) pairs.push([olds[ro]!, news[rn]!]);
  }
  return pairs.sort(([a], [b]) => a - b);
}

/** A plugin's config as it reaches the plugin, keys as Go reads them, as one string: equal for the same config. */
export const pluginConfigKey = (plugin: JsonValue | undefined, catalog: Catalog): string => JSON.stringify(sortKeys(canonicalPlugin(reaching(plugin), catalog) ?? null));

function pluginChanges(before: JsonValue | undefined, after: JsonValue | undefined, afterIndex: number, catalog: Catalog): FieldChange[] {
  const base = `/plugins/${afterIndex}`;
  const beforeRenames: Rename[] = [];
  const afterRenames: Rename[] = [];
  const a = canonicalPlugin(reaching(before), catalog, base, beforeRenames);
  const b = canonicalPlugin(reaching(after), catalog, base, afterRenames);
  return diffValues(a, b, base).map((c) => ({ ...c, pointer: denormalizePointer(c.pointer, c.kind === 'removed' ? beforeRenames : afterRenames) }));
}

export function semanticDiff(before: JsonObject, after: JsonObject, catalog: Catalog): ConflistDiff {
  const { plugins: _b, ...beforeList } = before;
  const { plugins: _a, ...afterList } = after;
  const listChanges = diffValues(beforeList, afterList, '');

  const oldPlugins = pluginsOf(before);
  const newPlugins = pluginsOf(after);
  const pairs = matchPlugins(oldPlugins, newPlugins, (p) => pluginConfigKey(p, catalog));
  const inOrder = longestIncreasing(pairs.map(([, j]) => j));
  const afterOf = new Map(pairs.map(([i, j]) => [i, j]));
  const beforeOf = new Map(pairs.map(([i, j]) => [j, i]));

  const rows: { key: [number, number, number]; diff: PluginDiff }[] = [];
  pairs.forEach(([i, j], n) => {
    rows.push({
      key: [j, 0, 0],
      diff: { type: pluginType(newPlugins[j]), status: inOrder.has(n) ? 'kept' : 'moved', beforeIndex: i, afterIndex: j, changes: pluginChanges(oldPlugins[i], newPlugins[j], j, catalog) },
    });
  });
  newPlugins.forEach((p, j) => {
    if (!beforeOf.has(j)) rows.push({ key: [j, 0, 0], diff: { type: pluginType(p), status: 'added', afterIndex: j, changes: [] } });
  });
  oldPlugins.forEach((p, i) => {
    if (afterOf.has(i)) return;
    // Right after the plugin that preceded it in the old chain (and is still there).
    let anchor = -1;
    for (let k = i - 1; k >= 0; k--) {
      const j = afterOf.get(k);
      if (j !== undefined) {
        anchor = j;
        break;
      }
    }
    rows.push({ key: [anchor, 1, i], diff: { type: pluginType(p), status: 'removed', beforeIndex: i, changes: [] } });
  });
  rows.sort((x, y) => x.key[0] - y.key[0] || x.key[1] - y.key[1] || x.key[2] - y.key[2]);
  const plugins = rows.map((r) => r.diff);
  return { listChanges, plugins, orderChanged: plugins.some((p) => p.status === 'moved') };
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(diff: ConflistDiff): boolean {
  return diff.listChanges.length === 0 && diff.plugins.every((p) => p.status === 'kept' && p.changes.length === 0 && p.beforeIndex === p.afterIndex);
}
