// The plugin catalog (each schema's `x-cni` metadata, the schemas and their index), over schemas/ bundled
// at build time: what the palette, the canvas and the store need on the first screen. No ajv here.
import { createCatalog } from '../core/catalog/catalog';
import { schemaSet } from './schemas';

export const catalog = createCatalog(schemaSet);
