// esbuild plugin: `yaml` resolves to yaml's ES module build, the one the app bundles. Its Node build is
// CommonJS, whose every module would run at start-up, used or not, and whose parser reads process.env
// for each token. The command line ships this build; benchmarks of core bundle it the same way.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const yamlAsModule = {
  name: 'yaml-as-module',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: join(ROOT, 'node_modules/yaml/browser/index.js') }));
  },
};
