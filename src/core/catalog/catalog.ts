// The plugin catalog, derived from the `x-cni` metadata of each plugin schema: the palette, the validator
// and the editor all ask it what a plugin is, never a hand-written list. `Catalog` is the full one (the
// schemas, their index, each entry's schema); `PluginCatalog` (plugin-catalog.ts) is what can be known
// without the schemas, so a page can show the palette and the chain before the schemas arrive.
import type { JsonSchema, SchemaSet } from '../schema/types';
import { SchemaIndex } from '../schema/schema-index';
import { newPluginConfig } from '../edit/new-plugin';
import { byTypeOf, pluginMeta, type PluginCatalog, type PluginCatalogData, type PluginMeta } from './plugin-catalog';

export * from './plugin-catalog';

export interface CatalogEntry extends PluginMeta {
  schema: JsonSchema;
}

export interface Catalog extends PluginCatalog {
  readonly entries: readonly CatalogEntry[];
  readonly schemas: SchemaSet;
  /** Resolves $refs and finds subschemas across all schema files. */
  readonly index: SchemaIndex;
  get(type: string): CatalogEntry | undefined;
  consumers(capability: string): CatalogEntry[];
}

export function createCatalog(schemas: SchemaSet): Catalog {
  const { entries, get, consumers } = byTypeOf(schemas.plugins.map((schema): CatalogEntry => ({ ...pluginMeta(schema), schema })));
  const catalog: Catalog = {
    entries,
    schemas,
    index: new SchemaIndex(schemas),
    get,
    consumers,
    newConfig: (type) => {
      const entry = get(type);
      return entry && newPluginConfig(entry, catalog);
    },
  };
  return catalog;
}

/** What a page needs before the schemas, as data: every entry's metadata and starting config. */
export function pluginCatalogData(catalog: Catalog): PluginCatalogData {
  return {
    entries: catalog.entries.map(({ schema: _schema, ...meta }) => meta),
    newConfigs: Object.fromEntries(catalog.entries.map((e) => [e.type, newPluginConfig(e, catalog)])),
  };
}

