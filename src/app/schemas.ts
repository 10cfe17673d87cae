// The schemas/ folder, bundled at build time (no fetch, no CDN): the same files the CLI reads from disk.
import type { JsonSchema, SchemaSet } from '../core';

const pluginModules = import.meta.glob<JsonSchema>('/schemas/plugins/*.schema.json', { eager: true, import: 'default' });
const conflist = import.meta.glob<JsonSchema>('/schemas/conflist.schema.json', { eager: true, import: 'default' });
const defs = import.meta.glob<JsonSchema>('/schemas/defs.schema.json', { eager: true, import: 'default' });

export const schemaSet: SchemaSet = {
  conflist: Object.values(conflist)[0]!,
  defs: Object.values(defs)[0]!,
  plugins: Object.keys(pluginModules)
    .sort()
    .map((k) => pluginModules[k]!),
};
