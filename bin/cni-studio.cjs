#!/usr/bin/env node
// `cni-studio`: runs the built command line (build/cli/, JavaScript with V8's code cache: nothing
// transpiled and little compiled at start) when it is there and no source is newer than it, as in the
// package `npm pack` makes; in a checkout whose sources changed since (or that was never built) it runs the
// TypeScript through tsx, so `npx cni-studio` always runs what the sources say. `npm run build:cli` builds it.
'use strict';
const { join } = require('node:path');
const { builtIsCurrent, loadBuilt } = require('./built.cjs');

const root = join(__dirname, '..');
const built = join(root, 'build', 'cli', 'cni-studio.cjs');

// A reader that goes away (`cni-studio lab run … | head`) must not kill the command mid-run: a lab run
// still has its teardown to do. Its output stops; the work and the exit status do not.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

async function run() {
  let main;
  if (builtIsCurrent(root, built)) ({ main } = await loadBuilt(built));
  else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
  process.exitCode = await main(process.argv.slice(2));
}

// A failure is an unhandled rejection: printed, exit status 1 (as an ES module's top-level await).
void run();
