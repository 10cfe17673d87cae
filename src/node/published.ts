// The published schemas with the two the catalog makes (a whole conflist by plugin type, IPAM by type): what
// the build emits, the dev server and a helper without a built app serve at /schemas/….
import { buildDocumentSchema, buildIpamDispatchSchema, createCatalog } from '../core';
import { loadSchemas, publishedSchemas, type PublishedSchema } from './schemas';

export function publishedSchemaFiles(): PublishedSchema[] {
  const catalog = createCatalog(loadSchemas());
  return publishedSchemas([buildIpamDispatchSchema(catalog), buildDocumentSchema(catalog)]);
}
