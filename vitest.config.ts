import { defineConfig } from 'vitest/config';
import { pluginCatalogModule } from './scripts/vite-plugin-catalog.ts';

export default defineConfig({
  // App modules import the first screen's plugin catalog, made from schemas/ as the app's build makes it.
  plugins: [pluginCatalogModule()],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
