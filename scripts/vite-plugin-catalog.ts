// `virtual:plugin-catalog`: the plugin catalog as the app's first screen needs it (each type's `x-cni`
// metadata and the config it starts with, no schema), computed from schemas/ by core's own functions when
// the app is built or served, so the first screen carries no schema and the data cannot drift from the files.
// The vite and vitest configs both use it: app modules and their tests import the same module.
import { runnerImport, type Plugin } from 'vite';
import type * as Core from '../src/core';
import type * as NodeSchemas from '../src/node/schemas';

export const PLUGIN_CATALOG_ID = 'virtual:plugin-catalog';
const RESOLVED_ID = `\0${PLUGIN_CATALOG_ID}`;

/** The module's data: what `pluginCatalogData` makes of `createCatalog` over the schema files. */
export async function pluginCatalogModuleData(): Promise<{ data: Core.PluginCatalogData; files: string[] }> {
  // Through Vite's module runner, as vite.config.ts loads core for the published schemas (not bundled into the config).
  const [core, node] = await Promise.all([
    runnerImport<typeof Core>('/src/core/index.ts', { logLevel: 'silent' }),
    runnerImport<typeof NodeSchemas>('/src/node/schemas.ts', { logLevel: 'silent' }),
  ]);
  const { SCHEMA_DIR, loadSchemas, schemaFiles } = node.module;
  return { data: core.module.pluginCatalogData(core.module.createCatalog(loadSchemas())), files: schemaFiles(SCHEMA_DIR).map((f) => `${SCHEMA_DIR}/${f}`) };
}

export function pluginCatalogModule(): Plugin {
  return {
    name: 'cni-studio-plugin-catalog',
    resolveId: (id) => (id === PLUGIN_CATALOG_ID ? RESOLVED_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { data, files } = await pluginCatalogModuleData();
      // The dev server rebuilds the module when a schema changes.
      for (const f of files) this.addWatchFile(f);
      // JSON.parse of a string literal: V8 reads it faster than the same data as an object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});\n`;
    },
  };
}
