// Builds the command line (and the lab helper it carries) into JavaScript: build/cli/, one entry and the
// chunks loaded on demand (the helper's HTTP server only for `lab` commands), with source maps. At run time
// nothing is transpiled. Paths the code resolves from its own place (`../../schemas`, `../../dist`) hold
// from build/cli/ as from src/<folder>/; the probe scripts are copied beside the build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'build', 'cli');

// yaml's Node build is CommonJS: bundled, every one of its modules would run at start-up, used or not.
// Its ES module build (the same code, the one the app bundles) is tree-shaken and costs nothing until used.
const yamlAsModule = {
  name: 'yaml-as-module',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: join(ROOT, 'node_modules/yaml/browser/index.js') }));
  },
};

/** Builds into `out` (default build/cli/): written beside it first, then put in place in one rename. */
export async function buildCli(out = OUT) {
  const next = `${out}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const options = {
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's UMD build requires files at run time; its ESM build bundles.
    mainFields: ['module', 'main'],
    // Generated files may be written outside the checkout (a test's folder): resolve from ours.
    nodePaths: [join(ROOT, 'node_modules')],
    outExtension: { '.js': '.mjs' },
    // Smaller to parse at every start; the source maps keep stack traces readable (node --enable-source-maps).
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    plugins: [yamlAsModule],
  };
  await build({
    ...options,
    entryPoints: { 'cni-studio': join(ROOT, 'src/cli/main.ts') },
    outdir: next,
    // Bundled CommonJS dependencies (fastify's) call require: give the ESM output one.
    banner: { js: "import { createRequire as __cniStudioRequire } from 'node:module'; const require = __cniStudioRequire(import.meta.url);" },
  });
  // The schemas' validators as JavaScript (ajv's standalone code), one module per schema and the formats
  // they share in a chunk: a command loads only those of the plugins it checks, compiling no schema.
  const generated = `${next}.validators`;
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/precompile-validators.ts'), generated], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const modules = readdirSync(generated).filter((f) => f.endsWith('.mjs'));
  await build({ ...options, entryPoints: modules.map((f) => join(generated, f)), outdir: join(next, 'validators') });
  cpSync(join(generated, 'index.json'), join(next, 'validators', 'index.json'));
  rmSync(generated, { recursive: true, force: true });
  cpSync(join(ROOT, 'src/helper/probes'), join(next, 'probes'), { recursive: true });
  // A command running the old build keeps its open files; new ones see the whole new build.
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
