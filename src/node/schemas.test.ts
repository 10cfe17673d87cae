// Every schema of schemas/ is a valid draft-07 schema: checked here once, because the validator adds them
// without the meta-schema check (compiling the meta-schema would cost every cold start).
import { describe, expect, it } from 'vitest';
import { createAjv } from '../core/schema/ajv';
import { loadSchemas } from './schemas';

describe('schemas/', () => {
  const schemas = loadSchemas();
  const all = [schemas.defs, schemas.conflist, ...schemas.plugins];

  it.each(all.map((s) => [s.$id!, s] as const))('%s is valid against the draft-07 meta-schema', (_id, schema) => {
    const ajv = createAjv();
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('the meta-schema check can fail (a schema with a wrong keyword value is refused)', () => {
    expect(createAjv().validateSchema({ type: 'objekt' })).toBe(false);
  });
});
