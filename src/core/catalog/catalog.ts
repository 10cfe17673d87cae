// The plugin catalog, derived from the `x-cni` metadata of each plugin schema: the palette, the validator
// and the editor all ask it what a plugin is, never a hand-written list.
import type { JsonSchema, SchemaSet } from '../schema/types';
import { SchemaIndex } from '../schema/schema-index';
import { compareAscii } from '../model/text';
import { inRange, specVersionRanges, type ReleaseRange, type SpecVersionRange } from '../profiles/facts';

export type PluginRole = 'interface' | 'ipam' | 'chained' | 'meta';
export type IpamNeed = 'required' | 'optional' | 'none' | 'filled';

export interface CatalogEntry {
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
  schema: JsonSchema;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  readonly schemas: SchemaSet;
  /** Resolves $refs and finds subschemas across all schema files. */
  readonly index: SchemaIndex;
  /** A plugin (chain step) or IPAM type by its `type` string. */
  get(type: string): CatalogEntry | undefined;
  /** Every known capability name, with the plugin types that consume it. */
  consumers(capability: string): CatalogEntry[];
}

const ROLES: readonly PluginRole[] = ['interface', 'ipam', 'chained', 'meta'];

/** The versions of the open-ended (newest) range. */
const newest = (ranges: SpecVersionRange[]): string[] => [...(ranges.find((r) => r.until === undefined) ?? ranges[ranges.length - 1])?.versions ?? []];

function ipamWithoutType(value: unknown): CatalogEntry['ipamWithoutType'] {
  if (value === 'layer2') return 'layer2';
  if (typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string') return { error: (value as { error: string }).error };
  return undefined;
}

/**
 * Spec versions a plugin accepts in a plugins release (a third-party plugin: its own list, whatever the
 * release); empty when the schema lists none.
 */
export function specVersionsAt(entry: CatalogEntry, release: string): readonly string[] {
  if (entry.thirdParty) return entry.specVersions;
  return entry.specVersionRanges.find((r) => inRange(release, r))?.versions ?? [];
}

/** Whether a plugins release ships the type (third-party types are not part of the release). */
export const shippedIn = (entry: CatalogEntry, release: string): boolean => entry.thirdParty || inRange(release, entry.shipped);

function entryFrom(schema: JsonSchema): CatalogEntry {
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
    schema,
  };
}

export function createCatalog(schemas: SchemaSet): Catalog {
  const entries = schemas.plugins.map(entryFrom).sort((a, b) => compareAscii(a.type, b.type));
  const byType = new Map<string, CatalogEntry>();
  for (const e of entries) {
    if (byType.has(e.type)) throw new Error(`two schemas describe plugin type "${e.type}"`);
    byType.set(e.type, e);
  }
  return {
    entries,
    schemas,
    index: new SchemaIndex(schemas),
    get: (type) => byType.get(type),
    consumers: (capability) => entries.filter((e) => e.capabilities.includes(capability)),
  };
}
