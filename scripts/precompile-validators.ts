// Writes the schemas' validators as JavaScript (ajv's standalone code) for the built command line:
// `node --import tsx scripts/precompile-validators.ts <out-dir>`. One file per reference core checks on
// its own (`validators/v<n>.cjs`, copied beside the bundle), each with a code cache of its own written by
// the build's warm-up, and `index.mjs`, what scripts/build-cli.mjs folds into the bundle in
// src/node/built-validators.ts's place: those schemas without their editor annotations (what the
// validators were built from) and each reference's validator, its file read and run on first ask. A lint
// of one file reads only its plugins' validators: inside the bundle, all of them (1.9 MB of its 3.2) were
// read and decoded at every start. Formats and ajv's run time come from the bundle.
import { mkdirSync, writeFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { join, relative, resolve } from 'node:path';
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createAjv } from '../src/core/schema/ajv';
import { precompiledRefs } from '../src/core/schema/precompiled';
import { loadSchemas } from '../src/node/schemas';

/** Editor and catalog annotations: the validators never read them, so their copies leave them out. */
const EDITOR_ONLY = new Set(['title', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'examples', 'deprecationMessage', 'doNotSuggest', 'suggestSortText']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SUBSCHEMAS = new Set(['items', 'additionalItems', 'additionalProperties', 'if', 'then', 'else', 'not', 'contains', 'propertyNames', 'allOf', 'anyOf', 'oneOf']);

/** A schema without its editor annotations (property names that happen to be "title" stay: only keywords go). */
function stripped(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripped);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (EDITOR_ONLY.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripped(v)]));
    else if (SUBSCHEMAS.has(key)) out[key] = stripped(value);
    else out[key] = value;
  }
  return out;
}

const out = resolve(process.argv[2] ?? 'build/validators.generated');
mkdirSync(join(out, 'validators'), { recursive: true });
const schemas = loadSchemas();
// CommonJS code: each file is compiled as the body of a function of (exports, require, __formats).
const ajv = createAjv({ source: true, formats: _`__formats` });
for (const s of [schemas.defs, schemas.conflist, ...schemas.plugins]) ajv.addSchema(stripped(s) as object);
const refs = precompiledRefs(schemas);
const formats = relative(out, resolve('src/core/schema/formats.ts')).replace(/\\/g, '/');
const files: Record<string, string> = {};
/** The modules of ajv's run time that the validators require (the bundle carries them). */
const runtime = new Set<string>();
for (const [i, ref] of refs.entries()) {
  const file = `v${i}.cjs`;
  const code = standaloneCode(ajv, { validate: ref });
  for (const [, id] of code.matchAll(/require\("([^"]+)"\)/g)) runtime.add(id!);
  // Minified as the bundle is (a lint reads a few of these at every start); the names it keeps are top-level ones.
  writeFileSync(join(out, 'validators', file), transformSync(code, { minify: true, target: 'node20', legalComments: 'none' }).code);
  files[ref] = file;
}
const unexpected = [...runtime].filter((id) => !id.startsWith('ajv/dist/runtime/'));
if (unexpected.length > 0) throw new Error(`the validators require ${unexpected.join(', ')}: only ajv's run time is provided`);
// The schemas as the validators were built from them (no editor annotations: a third of the size to
// parse at every start), as JSON text (parsed faster than the same object literal); the built command
// line reads these instead of schemas/.
const built = { conflist: stripped(schemas.conflist), defs: stripped(schemas.defs), plugins: schemas.plugins.map(stripped) };
writeFileSync(
  join(out, 'index.mjs'),
  `import { join } from 'node:path';
import { FORMATS as __formats } from ${JSON.stringify(formats.startsWith('.') ? formats : `./${formats}`)};
import { compileCached, writeCache } from ${JSON.stringify(resolve('bin/built.cjs'))};

const files = ${JSON.stringify(files, null, 2)};
/** ajv's run time as the validators require it: from the bundle, on first ask. */
const runtime = (id) => {
  switch (id) {
${[...runtime].map((id) => `    case ${JSON.stringify(id)}: return require(${JSON.stringify(id)});`).join('\n')}
    default: throw new Error(\`a precompiled validator requires \${id}\`);
  }
};
const dir = join(import.meta.dirname, 'validators');
const loaded = new Map();
const scripts = new Map();
/** A validator's file run with its code cache (bin/built.cjs), on its first ask. */
function load(ref) {
  const path = join(dir, files[ref]);
  const script = compileCached(path, ['exports', 'require', '__formats']);
  const exports = {};
  script.runInThisContext()(exports, runtime, __formats);
  scripts.set(path, script);
  return exports.validate;
}
export const precompiled = {
  schemas: () => JSON.parse(${JSON.stringify(JSON.stringify(built))}),
  validator: (ref) => {
    if (!Object.hasOwn(files, ref)) return undefined;
    if (!loaded.has(ref)) loaded.set(ref, load(ref));
    return loaded.get(ref);
  },
  /** The build's warm-up: every validator run once, and what V8 compiled of each written as its code cache. */
  warm: () => {
    for (const ref of Object.keys(files)) precompiled.validator(ref)({});
    for (const [path, script] of scripts) writeCache(script, path);
  },
};
`,
);
console.log(`precompiled ${refs.length} validators into ${out}`);
