// Builds the command line (and the lab helper it carries) into JavaScript: build/cli/cni-studio.cjs, one
// CommonJS bundle, with its source map, its licence comments (cni-studio.cjs.LEGAL.txt) and V8's code
// cache for it (bin/built.cjs), and the schemas' precompiled validators beside it (validators/, each file
// with its code cache). At run time nothing is
// transpiled and little is compiled. Paths the code resolves from its own place (`../../schemas`,
// `../../dist`) hold from build/cli/ as from src/<folder>/; the probe scripts are copied beside the build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlAsModule } from './yaml-as-module.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'build', 'cli');

/** Builds into `out` (default build/cli/): written beside it first, then put in place in one rename. */
export async function buildCli(out = OUT) {
  const next = `${out}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const options = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // jsonc-parser's UMD build requires files at run time; its ESM build bundles.
    mainFields: ['module', 'main'],
    // Generated files may be written outside the checkout (a test's folder): resolve from ours.
    nodePaths: [join(ROOT, 'node_modules')],
    // Smaller to parse at every start; the source maps keep stack traces readable (node --enable-source-maps).
    minify: true,
    sourcemap: true,
    // Licence comments in a file beside it: one name with an "ä" made the whole bundle text UTF-16 in V8,
    // where ASCII is read as Latin-1, one byte a character (bin/built.cjs).
    legalComments: 'external',
    logLevel: 'warning',
    plugins: [yamlAsModule],
  };
  // The schemas' validators as JavaScript (ajv's standalone code), one file per schema beside the bundle
  // and their index folded into it in src/node/built-validators.ts's place: a command reads and runs only
  // those of the plugins it checks, compiling no schema, each from its own code cache.
  const generated = `${next}.validators`;
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/precompile-validators.ts'), generated], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const precompiled = { name: 'precompiled-validators', setup: (b) => b.onResolve({ filter: /^\.\/built-validators$/ }, () => ({ path: join(generated, 'index.mjs') })) };
  // CommonJS, one file: what V8 can cache compiled (bin/built.cjs); each command's modules (the lab's
  // HTTP server, TLS) still run only when it does. Code that finds files from its own place reads it here.
  await build({
    ...options,
    plugins: [...options.plugins, precompiled],
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile: join(next, 'cni-studio.cjs'),
    format: 'cjs',
    define: { 'import.meta.url': '__cniStudioUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: "const __cniStudioUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  cpSync(join(generated, 'validators'), join(next, 'validators'), { recursive: true });
  rmSync(generated, { recursive: true, force: true });
  cpSync(join(ROOT, 'src/helper/probes'), join(next, 'probes'), { recursive: true });
  // Linting needs the schemas where the build will be (../../schemas): not in a test's folder.
  await writeCodeCache(join(next, 'cni-studio.cjs'), existsSync(join(out, '../../schemas')));
  // A command running the old build keeps its open files; new ones see the whole new build.
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
}

/**
 * V8's code cache of the bundle, taken after what most runs do: the help, and a lint of a bridge +
 * host-local + portmap list (so its functions are in the cache compiled), and each validator's, after one
 * run of it. In a child process: this one has compiled esbuild's code, and V8 caches only a script's own.
 */
async function writeCodeCache(file, lint) {
  const sample = join(ROOT, 'src/fixtures/real/10-containerd-net.conflist');
  const warm = `const { loadBuilt } = await import(${JSON.stringify(join(ROOT, 'bin/built.cjs'))});
await loadBuilt(${JSON.stringify(file)}, { warm: async ({ main, warmValidators }) => { const quiet = () => {}; await main(['--help'], quiet, quiet); ${lint ? `await main(['lint', ${JSON.stringify(sample)}], quiet, quiet);` : ''} warmValidators(); } });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', warm], { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
