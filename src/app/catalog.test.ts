// The first screen's catalog is the module the build makes (scripts/vite-plugin-catalog.ts, also a plugin of
// vitest.config.ts): it must be what core derives from the schema files, never a copy that drifted.
import { describe, expect, it } from 'vitest';
import data from 'virtual:plugin-catalog';
import { createCatalog, pluginCatalogData } from '../core';
import { loadSchemas } from '../node/schemas';
import { catalog } from './catalog';

const full = createCatalog(loadSchemas());

describe('the first screen catalog (virtual:plugin-catalog)', () => {
  it('is the metadata and starting configs core derives from schemas/', () => {
    expect(data).toEqual(pluginCatalogData(full));
  });

  it('gives the palette every plugin type of the full catalog, with no schema', () => {
    expect(catalog.entries.map((e) => e.type)).toEqual(full.entries.map((e) => e.type));
    expect(catalog.entries.some((e) => 'schema' in e)).toBe(false);
  });

  it('starts each new plugin as the full catalog does', () => {
    for (const e of full.entries) expect(catalog.newConfig(e.type), e.type).toEqual(full.newConfig(e.type));
  });
});
