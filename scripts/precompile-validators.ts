// Writes the schemas' validators as JavaScript (ajv's standalone code) for the built command line:
// `node --import tsx scripts/precompile-validators.ts <out.mjs>`. The module exports `precompiled`
// (core's PrecompiledValidators): the schema set's hash and a validator per reference core checks on its
// own. Formats come from core's table, imported by the module; esbuild bundles both into build/cli/.
import { writeFileSync } from 'node:fs';
import { relative, dirname, resolve } from 'node:path';
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createAjv } from '../src/core/schema/ajv';
import { precompiledRefs, schemaSetHash } from '../src/core/schema/precompiled';
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

const out = resolve(process.argv[2] ?? 'build/validators.generated.mjs');
const schemas = loadSchemas();
const ajv = createAjv({ source: true, esm: true, formats: _`__formats` });
for (const s of [schemas.defs, schemas.conflist, ...schemas.plugins]) ajv.addSchema(stripped(s) as object);
const refs = precompiledRefs(schemas);
// Export names must be identifiers: v0, v1… mapped back to the references below.
const names = Object.fromEntries(refs.map((ref, i) => [`v${i}`, ref]));
const code = standaloneCode(ajv, names);
const formats = relative(dirname(out), resolve('src/core/schema/formats.ts')).replace(/\\/g, '/');
writeFileSync(
  out,
  [
    `import { FORMATS as __formats } from ${JSON.stringify(formats.startsWith('.') ? formats : `./${formats}`)};`,
    code.replace(/^"use strict";/, ''),
    `export const precompiled = { hash: ${JSON.stringify(schemaSetHash(schemas))}, validators: { ${refs.map((ref, i) => `${JSON.stringify(ref)}: v${i}`).join(', ')} } };`,
  ].join('\n'),
);
console.log(`precompiled ${refs.length} validators into ${out}`);
