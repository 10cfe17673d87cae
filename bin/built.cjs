// The built command line (build/cli/cni-studio.cjs, one CommonJS bundle that carries the schemas'
// precompiled validators too): whether it is current, and running it with V8's code cache that the build
// wrote beside it (cni-studio.cjs.cache): what the start of a lint compiles (the bundle's code and the
// validators of the plugins the warm-up lints) is deserialized instead. Node 20 caches no compiled code for
// modules by itself. A cache V8 rejects (another Node release, other flags) costs only that saving: the
// source compiles. CommonJS, as the bin: an ES module entry starts Node's ES module loader, 7 ms.
'use strict';
const { isAscii } = require('node:buffer');
const { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
// Loading node:module's exports costs 1.7 ms; Node's CommonJS loader gives its Module (this module's
// constructor) the same createRequire. Loaded otherwise (a test runner), node:module's.
const createRequire = module.constructor.createRequire ?? require('node:module').createRequire;
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { hash } = require('node:crypto');

const SHA1_HEX = 40;

/** The newest modification time of the files under `dir` (0 when it does not exist, as in the package). */
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

/** What the build is made from: a checkout whose sources or schemas changed since runs them instead. */
const INPUTS = ['src/cli', 'src/core', 'src/helper', 'src/node', 'src/webhook', 'schemas'];

/**
 * Whether `root`'s build exists and, in a checkout, nothing it is made from is newer. The package ships
 * no sources and is always current (installing it sets its files' times in no particular order).
 */
function builtIsCurrent(root, built = join(root, 'build', 'cli', 'cni-studio.cjs')) {
  if (!existsSync(built)) return false;
  if (!existsSync(join(root, 'src'))) return true;
  return INPUTS.every((d) => newest(join(root, d)) <= statSync(built).mtimeMs);
}

/**
 * The bundle's text. ASCII (esbuild escapes the rest; licence comments go to a file beside it) is read as
 * Latin-1, the same characters: Node 20 decodes UTF-8 at a third of the speed, 4 ms for this bundle.
 */
function source(file) {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * The code cache in `file` (V8's data, then the SHA-1 of it in hex), or undefined when it is damaged. V8
 * checks a cache's header (its release, flags, the source's length) but, in release builds, not its
 * contents: a damaged cache (a bad disk, an interrupted copy) crashed the process (SIGSEGV) instead of
 * being rejected. node:crypto is loaded at start anyway; the hash takes 0.6 ms (V8's own check, through
 * node:v8, cost 2.5 ms to load).
 */
/** A code cache as the file holds it: V8's data and its checksum. */
const withChecksum = (data) => Buffer.concat([data, Buffer.from(hash('sha1', data), 'latin1')]);

function intact(file) {
  if (file.length <= SHA1_HEX) return undefined;
  const data = file.subarray(0, file.length - SHA1_HEX);
  return hash('sha1', data) === file.subarray(file.length - SHA1_HEX).toString('latin1') ? data : undefined;
}

/** A file of the build compiled as the body of a function of `params` (V8 compiles the source when there is no cache or it rejects it). */
const compiled = (file, params, cachedData) => new Script(`(function (${params.join(', ')}) {${source(file)}\n})`, { filename: file, cachedData });

/** The code cache beside `file` when it is there and intact. */
function cacheOf(file) {
  try {
    return intact(readFileSync(`${file}.cache`));
  } catch {
    return undefined;
  }
}

/** Writes what V8 compiled of `script` so far as `file`'s code cache, atomically. */
function writeCache(script, file) {
  const cacheFile = `${file}.cache`;
  const next = `${cacheFile}.${process.pid}`;
  writeFileSync(next, withChecksum(script.createCachedData()));
  renameSync(next, cacheFile);
}

/** `file` compiled with its code cache, as the body of a function of `params`: the bundle's precompiled validators load so (scripts/precompile-validators.ts). */
const compileCached = (file, params) => compiled(file, params, cacheOf(file));

/** The bundle compiled in Node's own CommonJS wrapper (so it sees require, module and __filename as it would there). */
const builtScript = (file, cachedData) => compiled(file, ['exports', 'require', 'module', '__filename', '__dirname'], cachedData);

/**
 * Loads `file` as CommonJS and returns its exports. `warm`: after `warm(exports)` ran (the build's
 * warm-up: a lint, the help), the code compiled so far is written as the cache, atomically.
 */
async function loadBuilt(file, { warm } = {}) {
  const script = builtScript(file, warm ? undefined : cacheOf(file));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (warm) {
    await warm(module.exports);
    writeCache(script, file);
  }
  return module.exports;
}

module.exports = { builtIsCurrent, builtScript, compileCached, intact, loadBuilt, withChecksum, writeCache };
