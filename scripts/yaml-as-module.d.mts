import type { Plugin } from 'esbuild';

export const yamlAsModule: Plugin;
