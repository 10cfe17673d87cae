// The one ajv instance factory: draft-07, strict, with the editor keywords registered as annotations
// (Monaco reads them; ajv must know them to stay strict) and formats checked with a real IP parser.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { hasHostBits, isMac, parseCidr, parseIp } from '../net/ip';

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

export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true });
  addFormats(ajv, ['ipv4', 'ipv6']);
  ajv.addFormat('ip', { type: 'string', validate: (s: string) => parseIp(s) !== undefined });
  ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== undefined });
  ajv.addFormat('cidr-network', {
    type: 'string',
    validate: (s: string) => {
      const c = parseCidr(s);
      return c !== undefined && !hasHostBits(c);
    },
  });
  ajv.addFormat('mac', { type: 'string', validate: isMac });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  return ajv;
}
