// The one ajv instance factory: draft-07, strict, with the editor keywords registered as annotations
// (Monaco reads them; ajv must know them to stay strict) and formats checked with a real IP parser.
import Ajv, { type CodeOptions } from 'ajv';
import { FORMATS } from './formats';

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
