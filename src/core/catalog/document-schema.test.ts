import { describe, expect, it } from 'vitest';
import { createAjv } from '../schema/ajv';
import { createCatalog } from './catalog';
import { buildDocumentSchema, buildIpamDispatchSchema, DOCUMENT_SCHEMA_ID } from './document-schema';
import { loadSchemas } from '../../node/schemas';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);

describe('document schema (for JSON language services)', () => {
  const ajv = createAjv();
  for (const s of [schemas.defs, schemas.conflist, ...schemas.plugins, buildIpamDispatchSchema(catalog), buildDocumentSchema(catalog)]) ajv.addSchema(s);
  const validate = ajv.getSchema(DOCUMENT_SCHEMA_ID)!;

  it('compiles in strict mode and applies each plugin schema by type, IPAM by ipam.type', () => {
    const ok = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/16' }]] } }] };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, plugins: [{ type: 'bridge', mtu: 'x' }] })).toBe(false);
    expect(validate({ ...ok, plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: 'x' } }] })).toBe(false);
    expect(validate({ ...ok, plugins: [{ type: 'some-unknown-plugin', anything: 1 }] })).toBe(true);
  });
});
