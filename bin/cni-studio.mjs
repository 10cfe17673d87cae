#!/usr/bin/env node
// `cni-studio`: runs the built command line (build/cli/, JavaScript with V8's code cache: nothing
// transpiled and little compiled at start) when it is there and no source is newer than it, as in the
// package `npm pack` makes; in a checkout whose sources changed since (or that was never built) it runs the
// TypeScript through tsx, so `npx cni-studio` always runs what the sources say. `npm run build:cli` builds it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtIsCurrent, loadBuilt } from './built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'build', 'cli', 'cni-studio.cjs');

let main;
if (builtIsCurrent(root, built)) ({ main } = await loadBuilt(built));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
