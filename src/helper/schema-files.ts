// The published schemas, made when first asked: a helper serves them with no built app too (npm start's), so
// an editor's schema URL works either way.
import { publishedSchemaFiles } from '../node/published';
import type { PublishedSchema } from '../node/schemas';

let files: Map<string, PublishedSchema> | undefined;

/** The schema published at `/schemas/<path>`, or undefined (only the exact paths the build emits). */
export function publishedSchema(path: string): PublishedSchema | undefined {
  files ??= new Map(publishedSchemaFiles().map((f) => [f.path, f]));
  return files.get(path);
}
