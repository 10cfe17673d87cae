// Core as it ships (the app's and the command line's bundles: esbuild, no names kept, yaml's ES module build), for benchmarks
// that compare it with other engines. Run through tsx, every function definition would also pay tsx's
// name-keeping wrapper, a cost no user's build has (a fifth of a config's validation).
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { yamlAsModule } from '../../scripts/yaml-as-module.mjs';

export type ShippedCore = typeof import('./shipped-entry');

/** Bundles core (and the Node schema loader) into build/bench/ and imports it. */
export async function shippedCore(): Promise<ShippedCore> {
  // Two levels under the checkout, as build/cli/ is: the loader finds ../../schemas from there.
  const out = resolve('build/bench/core.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'shipped-entry.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    plugins: [yamlAsModule],
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  return (await import(pathToFileURL(out).href)) as ShippedCore;
}
