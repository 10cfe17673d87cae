import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The files that start a lab helper of their own (real plugins, the machine's lab lock) or `npm start`:
 * they run in the `lab` project, which `npm test` runs beside the `browser` project (everything else).
 * They mostly wait on processes, the others on the browser.
 */
export const LAB_E2E = ['e2e/lab.e2e.ts', 'e2e/lab-checks.e2e.ts', 'e2e/lab-replay.e2e.ts', 'e2e/lab-workbench.e2e.ts', 'e2e/start.e2e.ts'];

// End-to-end tests: the built app (vite preview) driven in Debian's Chromium by playwright-core.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    projects: [
      { extends: true, test: { name: 'lab', include: LAB_E2E } },
      { extends: true, test: { name: 'browser', include: ['e2e/**/*.e2e.ts'], exclude: [...configDefaults.exclude, ...LAB_E2E] } },
    ],
  },
});
