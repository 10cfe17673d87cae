// The plugin catalog as the first screen knows it: each type's `x-cni` metadata and the config it starts
// with, made from schemas/ when the app is built (`virtual:plugin-catalog`, scripts/vite-plugin-catalog.ts),
// so the palette, the canvas and the store have it at once without a single schema. The schemas come with
// the full catalog (catalog-full.ts), in a chunk of its own loaded with the validator.
import data from 'virtual:plugin-catalog';
import { pluginCatalog } from '../core/catalog/plugin-catalog';

export const catalog = pluginCatalog(data);
