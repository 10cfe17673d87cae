import { describe, expect, it } from 'vitest';
import { createCatalog, pluginCatalog, pluginCatalogData, pluginMeta } from './catalog';
import { newPluginConfig } from '../edit/new-plugin';
import { loadSchemas } from '../../node/schemas';
import type { JsonSchema } from '../schema/types';

const catalog = createCatalog(loadSchemas());
// As a page gets it: through JSON (the build writes it as a module).
const data = JSON.parse(JSON.stringify(pluginCatalogData(catalog))) as ReturnType<typeof pluginCatalogData>;
const light = pluginCatalog(data);

describe('the catalog without schemas', () => {
  it('has every entry of the full catalog, in the same order, with the same metadata and no schema', () => {
    expect(light.entries.map((e) => e.type)).toEqual(catalog.entries.map((e) => e.type));
    for (const [i, e] of light.entries.entries()) {
      const { schema: _schema, ...meta } = catalog.entries[i]!;
      expect(e).toEqual(meta);
      expect(e).not.toHaveProperty('schema');
    }
  });

  it('starts every type with the config the schemas give it', () => {
    for (const e of catalog.entries) {
      expect(light.newConfig(e.type), e.type).toEqual(newPluginConfig(e, catalog));
      expect(catalog.newConfig(e.type), e.type).toEqual(newPluginConfig(e, catalog));
    }
    expect(light.newConfig('no-such-plugin')).toBeUndefined();
    expect(light.newConfig('constructor')).toBeUndefined();
    expect(catalog.newConfig('no-such-plugin')).toBeUndefined();
  });

  it('hands out a fresh config each time, so documents never share objects', () => {
    const a = light.newConfig('bridge')!;
    const b = light.newConfig('bridge')!;
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    (a.ipam as Record<string, unknown>).type = 'changed';
    expect(light.newConfig('bridge')).toEqual(b);
  });

  it('looks types and capabilities up as the full catalog does', () => {
    for (const e of catalog.entries) expect(light.get(e.type)).toEqual(pluginMeta(e.schema));
    expect(light.get('no-such-plugin')).toBeUndefined();
    expect(light.consumers('portMappings').map((e) => e.type)).toEqual(catalog.consumers('portMappings').map((e) => e.type));
    expect(light.consumers('portMappings').length).toBeGreaterThan(0);
  });

  it('reads ipamDefinition from x-cni (the plugins whose name is also an ipam.type)', () => {
    expect(light.entries.filter((e) => e.ipamDefinition !== undefined).map((e) => [e.type, e.ipamDefinition])).toEqual([
      ['antrea', '#/definitions/ipam'],
      ['kube-ovn', '#/definitions/ipam'],
    ]);
  });

  it('refuses two schemas of one type, as the full catalog does', () => {
    const bridge = catalog.get('bridge')!;
    expect(() => pluginCatalog({ entries: [pluginMeta(bridge.schema), pluginMeta(bridge.schema)], newConfigs: {} })).toThrow(/two schemas describe plugin type "bridge"/);
    const s: JsonSchema = bridge.schema;
    expect(() => createCatalog({ ...catalog.schemas, plugins: [s, s] })).toThrow(/two schemas describe plugin type "bridge"/);
  });
});
