// What the catalog knows of each plugin type without its schema: the schema's `x-cni` block, read and
// checked (`pluginMeta`), and a catalog over that data with each type's starting config (`pluginCatalog`).
// The app's first screen reads this one (made at build time: `pluginCatalogData` in catalog.ts), so it
// imports nothing of the schemas' machinery (catalog.ts has the full catalog).
import type { JsonSchema } from '../schema/types';
import type { JsonObject } from '../model/types';
import { compareAscii } from '../model/text';
import { inRange, specVersionRanges, type ReleaseRange, type SpecVersionRange } from '../profiles/facts';

export type PluginRole = 'interface' | 'ipam' | 'chained' | 'meta';
export type IpamNeed = 'required' | 'optional' | 'none' | 'filled';

/** A plugin type as its schema's `x-cni` block describes it (the schema itself left out). */
export interface PluginMeta {
  type: string;
  title: string;
  summary: string;
  role: PluginRole;
  thirdParty: boolean;
  platform: 'linux' | 'windows';
  capabilities: string[];
  /** Spec versions the newest release accepts. */
  specVersions: string[];
  /** Spec versions by plugins release (one range without bounds when they never changed). */
  specVersionRanges: SpecVersionRange[];
  since?: string;
  /** The plugins releases that ship the type (`x-cni.since`/`until`). */
  shipped: ReleaseRange;
  /** What the plugin does with an `ipam` that has no `type`: runs layer 2 only, or fails; undefined when it is the plugin's own business. */
  ipamWithoutType?: 'layer2' | { error: string };
  ipam?: IpamNeed;
  requiresPrevResult: boolean;
  chainable: boolean;
  keySettings: string[];
  /** CNI_ARGS keys the plugin parses strictly; undefined when it does not parse CNI_ARGS strictly. */
  cniArgs?: string[];
  docs?: string;
  source?: string;
  permissive: boolean;
  /** For a plugin whose name is also an `ipam.type` (kube-ovn, antrea): the pointer to that `ipam` object's schema in its own. */
  ipamDefinition?: string;
}

/** The plugin types without their schemas. */
export interface PluginCatalog {
  readonly entries: readonly PluginMeta[];
  /** A plugin (chain step) or IPAM type by its `type` string. */
  get(type: string): PluginMeta | undefined;
  /** Every known capability name, with the plugin types that consume it. */
  consumers(capability: string): PluginMeta[];
  /** The config a new plugin of the type starts with (`newPluginConfig`), a fresh object each call; undefined for a type the catalog does not know. */
  newConfig(type: string): JsonObject | undefined;
}

/** A plugin catalog as data (JSON): what a page needs before the schemas, computed from them at build time. */
export interface PluginCatalogData {
  entries: PluginMeta[];
  /** Each type's starting config. */
  newConfigs: Record<string, JsonObject>;
}

const ROLES: readonly PluginRole[] = ['interface', 'ipam', 'chained', 'meta'];

/** The versions of the open-ended (newest) range. */
const newest = (ranges: SpecVersionRange[]): string[] => [...(ranges.find((r) => r.until === undefined) ?? ranges[ranges.length - 1])?.versions ?? []];

function ipamWithoutType(value: unknown): PluginMeta['ipamWithoutType'] {
  if (value === 'layer2') return 'layer2';
  if (typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string') return { error: (value as { error: string }).error };
  return undefined;
}

/**
 * Spec versions a plugin accepts in a plugins release (a third-party plugin: its own list, whatever the
 * release); empty when the schema lists none.
 */
export function specVersionsAt(entry: PluginMeta, release: string): readonly string[] {
  if (entry.thirdParty) return entry.specVersions;
  let byRelease = versionsAt.get(entry);
  if (!byRelease) versionsAt.set(entry, (byRelease = new Map()));
  let found = byRelease.get(release);
  if (!found) {
    if (byRelease.size >= 64) byRelease.clear(); // releases are few, but a profile's text comes from the user
    byRelease.set(release, (found = entry.specVersionRanges.find((r) => inRange(release, r))?.versions ?? []));
  }
  return found;
}

/** specVersionsAt's answers per plugin and release (asked for every plugin of every validation). */
const versionsAt = new WeakMap<PluginMeta, Map<string, readonly string[]>>();

/** Whether a plugins release ships the type (third-party types are not part of the release). */
export const shippedIn = (entry: PluginMeta, release: string): boolean => entry.thirdParty || inRange(release, entry.shipped);

/** A plugin schema's metadata (its `x-cni` block, read and checked). */
export function pluginMeta(schema: JsonSchema): PluginMeta {
  const meta = schema['x-cni'];
  const where = schema.$id ?? '(schema without $id)';
  if (!meta || typeof meta.type !== 'string') throw new Error(`${where}: missing x-cni.type`);
  const role = meta.role as PluginRole;
  if (!ROLES.includes(role)) throw new Error(`${where}: x-cni.role must be one of ${ROLES.join(', ')}`);
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    type: meta.type,
    title: typeof meta.title === 'string' ? meta.title : meta.type,
    summary: typeof meta.summary === 'string' ? meta.summary : '',
    role,
    thirdParty: meta.thirdParty === true,
    platform: meta.platform === 'windows' ? 'windows' : 'linux',
    capabilities: strings(meta.capabilities),
    specVersions: newest(specVersionRanges(meta.specVersions)),
    specVersionRanges: specVersionRanges(meta.specVersions),
    since: typeof meta.since === 'string' ? meta.since : undefined,
    shipped: { ...(typeof meta.since === 'string' ? { since: meta.since } : {}), ...(typeof meta.until === 'string' ? { until: meta.until } : {}) },
    ipamWithoutType: ipamWithoutType(meta.ipamWithoutType),
    ipam: meta.ipam as IpamNeed | undefined,
    requiresPrevResult: meta.requiresPrevResult === true,
    chainable: meta.chainable === true,
    keySettings: strings(meta.keySettings),
    cniArgs: Array.isArray(meta.cniArgs) ? strings(meta.cniArgs) : undefined,
    docs: typeof meta.docs === 'string' ? meta.docs : undefined,
    source: typeof meta.source === 'string' ? meta.source : undefined,
    permissive: meta.strictness === 'permissive',
    ipamDefinition: typeof meta.ipamDefinition === 'string' ? meta.ipamDefinition : undefined,
  };
}

/** Entries sorted by type and looked up by it (a type described twice is an error): what both catalogs are built on. */
export function byTypeOf<E extends PluginMeta>(list: readonly E[]): { entries: E[]; get: (type: string) => E | undefined; consumers: (capability: string) => E[] } {
  const entries = [...list].sort((a, b) => compareAscii(a.type, b.type));
  const byType = new Map<string, E>();
  for (const e of entries) {
    if (byType.has(e.type)) throw new Error(`two schemas describe plugin type "${e.type}"`);
    byType.set(e.type, e);
  }
  return { entries, get: (type) => byType.get(type), consumers: (capability) => entries.filter((e) => e.capabilities.includes(capability)) };
}

/** The catalog over such data (no schemas): the same entries and starting configs as the full catalog it came from. */
export function pluginCatalog(data: PluginCatalogData): PluginCatalog {
  const { entries, get, consumers } = byTypeOf(data.entries);
  return {
    entries,
    get,
    consumers,
    // A copy each time: a document never shares objects with the catalog, or with another new plugin.
    newConfig: (type) => (Object.hasOwn(data.newConfigs, type) ? (JSON.parse(JSON.stringify(data.newConfigs[type])) as JsonObject) : undefined),
  };
}
