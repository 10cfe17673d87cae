// The full catalog (the schemas, their index, each entry's schema) over schemas/ bundled at build time: for
// what loads after the first screen (the validator, the editor, the review, the version history). The first
// screen has catalog.ts instead, which carries no schema.
import { createCatalog } from '../core/catalog/catalog';
import { schemaSet } from './schemas';

export const fullCatalog = createCatalog(schemaSet);
