import { configDefaults, defineConfig } from 'vitest/config';
import { pluginCatalogModule } from './scripts/vite-plugin-catalog.ts';

/**
 * Test files that act on this machine as root: real plugins, namespaces, the lab's lock and its spare
 * namespace, or a look at every namespace there is. They run one at a time in the `lab` project, which
 * `npm test` runs beside the `unit` project (everything else): the lab's tests mostly wait on processes.
 */
export const LAB_TESTS = [
  'src/helper/call-cgroup.test.ts',
  'src/helper/fidelity.test.ts',
  'src/helper/ip-session.test.ts',
  'src/helper/lab-cli.test.ts',
  'src/helper/lab-gc.test.ts',
  'src/helper/lab-isolated.test.ts',
  'src/helper/lab-isolated-safety.test.ts',
  'src/helper/lab-killed.test.ts',
  'src/helper/lab.test.ts',
  'src/helper/network-reader.test.ts',
  'src/helper/probe.test.ts',
  'src/helper/probes.test.ts',
  'src/helper/server.test.ts',
  'src/helper/server-idle.test.ts',
  'src/helper/server-serving.test.ts',
  'src/helper/spare-netns.test.ts',
  'src/helper/system-path.test.ts',
  'src/cli/lab-run.test.ts',
  'src/cli/lab-token.test.ts',
  'scripts/leak-check.test.ts',
];

export default defineConfig({
  // App modules import the first screen's plugin catalog, made from schemas/ as the app's build makes it.
  plugins: [pluginCatalogModule()],
  test: {
    environment: 'node',
    // Many tests start processes (the command line, the helper, plugins, git): vitest's 5 s default is close
    // to what a loaded 2-core machine takes for some of them. Tests that need longer still say so.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'lab', include: LAB_TESTS, fileParallelism: false } },
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'], exclude: [...configDefaults.exclude, ...LAB_TESTS] } },
    ],
  },
});
