// Runs the built command line (build/cli/cni-studio.cjs, one CommonJS bundle) with V8's code cache that
// the build wrote beside it (cni-studio.cjs.cache): what the start of a lint compiles is deserialized
// instead, a fifth of a one-file lint's time. Node 20 caches no compiled code for modules by itself.
// A cache V8 rejects (another Node release, other flags) costs only that saving: the source compiles.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** The bundle compiled in Node's own CommonJS wrapper (so it sees require, module and __filename as it would there). */
export const builtScript = (file, cachedData) => new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });

/**
 * Loads `file` as CommonJS and returns its exports. `warm`: after `warm(exports)` ran (the build's
 * warm-up: a lint, the help), the code compiled so far is written as the cache, atomically.
 */
export async function loadBuilt(file, { warm } = {}) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  if (!warm) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = builtScript(file, cachedData);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (warm) {
    await warm(module.exports);
    const next = `${cacheFile}.${process.pid}`;
    writeFileSync(next, script.createCachedData());
    renameSync(next, cacheFile);
  }
  return module.exports;
}
