// The one ajv instance factory: draft-07, strict, with the editor keywords registered as annotations
// (Monaco reads them; ajv must know them to stay strict) and formats checked with a real IP parser.
import Ajv, { type CodeOptions, type ValidateFunction } from 'ajv';
import { FORMATS } from './formats';
import type { ValidatorSource } from './precompiled';
import type { SchemaSet } from './types';

/** Keywords that carry editor or catalog metadata only. */
export const ANNOTATION_KEYWORDS = [
  'x-cni',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'deprecationMessage',
  'errorMessage',
  'patternErrorMessage',
  'doNotSuggest',
  'suggestSortText',
] as const;

/** `code` is for building precompiled validators (ajv's standalone code); at run time there is none. */
export function createAjv(code?: CodeOptions): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true, ...(code ? { code } : {}) });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  return ajv;
}

/** Validators compiled by ajv from the schemas, each on first ask: the first keystroke pays only for the plugins in the chain. */
export function compiledValidators(schemas: SchemaSet): ValidatorSource {
  let ajv: Ajv | undefined;
  const compiled = new Map<string, ValidateFunction | undefined>();
  return {
    get(ref) {
      if (compiled.has(ref)) return compiled.get(ref);
      if (!ajv) {
        ajv = createAjv();
        // Not checked against draft-07's meta-schema here (compiling it costs a cold start a third of its
        // time): schemas.test.ts checks every schema against it once.
        for (const s of [schemas.defs, schemas.conflist, ...schemas.plugins]) ajv.addSchema(s, undefined, undefined, false);
      }
      const fn = ajv.getSchema(ref);
      compiled.set(ref, fn);
      return fn;
    },
  };
}
