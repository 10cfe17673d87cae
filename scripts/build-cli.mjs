// Builds the command line (and the lab helper it carries) into JavaScript: build/cli/, one entry and the
// chunks loaded on demand (the helper's HTTP server only for `lab` commands), with source maps. At run time
// nothing is transpiled. Paths the code resolves from its own place (`../../schemas`, `../../dist`) hold
// from build/cli/ as from src/<folder>/; the probe scripts are copied beside the build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'build', 'cli');

/** Builds into `out` (default build/cli/): written beside it first, then put in place in one rename. */
export async function buildCli(out = OUT) {
  const next = `${out}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  // The schemas' validators as JavaScript (ajv's standalone code), bundled as their own entry: loaded
  // beside the command line, so it compiles no schema at run time.
  const validators = join(next, 'validators.generated.mjs');
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/precompile-validators.ts'), validators], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  await build({
    entryPoints: { 'cni-studio': join(ROOT, 'src/cli/main.ts'), validators },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's UMD build requires files at run time; its ESM build bundles.
    mainFields: ['module', 'main'],
    // The generated validators may be written outside the checkout (a test's folder): resolve from ours.
    nodePaths: [join(ROOT, 'node_modules')],
    outExtension: { '.js': '.mjs' },
    // Smaller to parse at every start; the source maps keep stack traces readable (node --enable-source-maps).
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies (fastify's) call require: give the ESM output one.
    banner: { js: "import { createRequire as __cniStudioRequire } from 'node:module'; const require = __cniStudioRequire(import.meta.url);" },
  });
  rmSync(validators);
  cpSync(join(ROOT, 'src/helper/probes'), join(next, 'probes'), { recursive: true });
  // A command running the old build keeps its open files; new ones see the whole new build.
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
