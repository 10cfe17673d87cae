#!/usr/bin/env node
// `cni-studio`: runs the built command line (build/cli/, JavaScript with V8's code cache: nothing
// transpiled and little compiled at start) when it is there and no source is newer than it, as in the
// package `npm pack` makes; in a checkout whose sources changed since (or that was never built) it runs the
// TypeScript through tsx, so `npx cni-studio` always runs what the sources say. `npm run build:cli` builds it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'build', 'cli', 'cni-studio.cjs');

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const fresh = existsSync(built) && ['cli', 'core', 'helper', 'node', 'webhook'].every((d) => newest(join(root, 'src', d)) <= statSync(built).mtimeMs);
let main;
if (fresh) ({ main } = await (await import('./code-cache.mjs')).loadBuilt(built));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
