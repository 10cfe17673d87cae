// Writes the schemas' validators as JavaScript (ajv's standalone code) for the built command line:
// `node --import tsx scripts/precompile-validators.ts <out-dir>`. One module per reference core checks on
// its own (`v<n>.mjs`, exporting `validate`), and `index.mjs`, what scripts/build-cli.mjs folds into the
// bundle in src/node/built-validators.ts's place: those schemas without their editor annotations (what the
// validators were built from) and each reference's validator, its module run on first ask, so a lint of
// one file runs only its plugins' validators. In the bundle they share its code cache (bin/built.cjs).
// Formats come from core's table, imported by each module: the bundle's own.
import { mkdirSync, writeFileSync } from 'node:fs';
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
mkdirSync(out, { recursive: true });
const schemas = loadSchemas();
const ajv = createAjv({ source: true, esm: true, formats: _`__formats` });
for (const s of [schemas.defs, schemas.conflist, ...schemas.plugins]) ajv.addSchema(stripped(s) as object);
const refs = precompiledRefs(schemas);
const formats = relative(out, resolve('src/core/schema/formats.ts')).replace(/\\/g, '/');
const files: Record<string, string> = {};
for (const [i, ref] of refs.entries()) {
  const file = `v${i}.mjs`;
  const code = standaloneCode(ajv, { validate: ref });
  writeFileSync(join(out, file), `import { FORMATS as __formats } from ${JSON.stringify(formats.startsWith('.') ? formats : `./${formats}`)};\n${code.replace(/^"use strict";/, '')}`);
  files[ref] = file;
}
// The schemas as the validators were built from them (no editor annotations: a third of the size to
// parse at every start), as JSON text (parsed faster than the same object literal); the built command
// line reads these instead of schemas/. `require` of an ES module in the bundle: esbuild runs it then.
const built = { conflist: stripped(schemas.conflist), defs: stripped(schemas.defs), plugins: schemas.plugins.map(stripped) };
const modules = Object.entries(files).map(([ref, file]) => `  ${JSON.stringify(ref)}: () => require(${JSON.stringify(`./${file}`)}).validate,`);
writeFileSync(
  join(out, 'index.mjs'),
  `const modules = {\n${modules.join('\n')}\n};
export const precompiled = {
  schemas: () => JSON.parse(${JSON.stringify(JSON.stringify(built))}),
  validator: (ref) => (Object.hasOwn(modules, ref) ? modules[ref]() : undefined),
};
`,
);
console.log(`precompiled ${refs.length} validators into ${out}`);
