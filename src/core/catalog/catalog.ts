// The plugin catalog, derived from the `x-cni` metadata of each plugin schema: the palette, the validator
// and the editor all ask it what a plugin is, never a hand-written list.
import type { JsonSchema, SchemaSet } from '../schema/types';
import { SchemaIndex } from '../schema/schema-index';

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
  specVersions: string[];
  debian?: { present: boolean; specVersions: string[] };
  since?: string;
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
    specVersions: strings(meta.specVersions),
    debian: meta.debian as CatalogEntry['debian'],
    since: typeof meta.since === 'string' ? meta.since : undefined,
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
  const entries = schemas.plugins.map(entryFrom).sort((a, b) => a.type.localeCompare(b.type));
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
