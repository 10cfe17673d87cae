// The published schemas as the build emits them (/schemas/…), made from schemas/ and core when first asked:
// a helper serves them with no built app too (npm start's), so an editor's schema URL works either way.
import { buildDocumentSchema, buildIpamDispatchSchema, createCatalog } from '../core';
import { loadSchemas, publishedSchemas, type PublishedSchema } from '../node/schemas';

let files: Map<string, PublishedSchema> | undefined;

/** The schema published at `/schemas/<path>`, or undefined (only the exact paths the build emits). */
export function publishedSchema(path: string): PublishedSchema | undefined {
  if (!files) {
    const catalog = createCatalog(loadSchemas());
    files = new Map(publishedSchemas([buildIpamDispatchSchema(catalog), buildDocumentSchema(catalog)]).map((f) => [f.path, f]));
  }
  return files.get(path);
}
