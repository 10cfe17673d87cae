import { describe, expect, it } from 'vitest';
import { createAjv } from '../schema/ajv';
import { createCatalog } from './catalog';
import { loadSchemas } from '../../node/schemas';
import type { JsonSchema } from '../schema/types';

const schemas = loadSchemas();
const ajv = createAjv();
ajv.addSchema(schemas.defs);
ajv.addSchema(schemas.conflist);
for (const s of schemas.plugins) ajv.addSchema(s);

const all: JsonSchema[] = [schemas.conflist, schemas.defs, ...schemas.plugins];

describe('schemas/', () => {
  it.each(all.map((s) => [s.$id ?? '?', s] as const))('%s compiles in ajv strict mode', (_id, schema) => {
    expect(() => ajv.getSchema(schema.$id!)).not.toThrow();
    expect(ajv.getSchema(schema.$id!)).toBeTypeOf('function');
  });

  it.each(all.filter((s) => s.examples).map((s) => [s.$id ?? '?', s] as const))('%s: every example validates', (_id, schema) => {
    const validate = ajv.getSchema(schema.$id!)!;
    for (const example of schema.examples ?? []) {
      const ok = validate(example);
      expect(validate.errors ?? [], JSON.stringify(example)).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('every plugin schema is named after its type and carries catalog metadata', () => {
    const catalog = createCatalog(schemas);
    for (const entry of catalog.entries) {
      expect(entry.schema.$id).toBe(`https://cni-studio.dev/schemas/plugins/${entry.type}.schema.json`);
      expect(entry.summary.length, entry.type).toBeGreaterThan(10);
      expect(entry.specVersions.length, entry.type).toBeGreaterThan(0);
      expect(entry.schema.examples?.length ?? 0, `${entry.type} has an example`).toBeGreaterThan(0);
      if (!entry.thirdParty) expect(entry.schema.additionalProperties, entry.type).toBe(false);
      else expect(entry.permissive, entry.type).toBe(true);
    }
  });

  it('every property of a reference plugin has a description for hovers', () => {
    const catalog = createCatalog(schemas);
    for (const entry of catalog.entries.filter((e) => !e.thirdParty)) {
      for (const [key, prop] of Object.entries(entry.schema.properties ?? {})) {
        const described = prop.markdownDescription ?? prop.description ?? (prop.$ref ? 'ref' : undefined);
        expect(described, `${entry.type}.${key}`).toBeTruthy();
      }
    }
  });
});
