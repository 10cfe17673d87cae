import { defineConfig } from 'vitest/config';
import { pluginCatalogModule } from './scripts/vite-plugin-catalog.ts';

export default defineConfig({
  // App modules import the first screen's plugin catalog, made from schemas/ as the app's build makes it.
  plugins: [pluginCatalogModule()],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Many tests start processes (the command line, the helper, plugins, git): vitest's 5 s default is close
    // to what a loaded 2-core machine takes for some of them. Tests that need longer still say so.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
