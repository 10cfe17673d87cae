// Reading one configuration from text: what import, review and the CLI commands (plan, diff, lab run) do
// with a file or a paste. Bytes are decoded outside (strictly, by whoever read them); here text and the
// file's name become the configuration a runtime would see, with the validator's findings.
import type { JsonObject } from './model/types';
import { parseSource, textProblem, type ParsedSource } from './model/source';
import type { Finding } from './validate/finding';
import type { Validator } from './validate/validate';

export type ConfigRead =
  | {
      ok: true;
      /** The parsed text: every configuration in it (a NAD file may hold several). */
      source: ParsedSource;
      /** The first readable configuration as a runtime sees it (a `.conf` up-converted). */
      document: JsonObject;
      /** Its place in `source.configs`. */
      index: number;
      /** What it was read as: a NAD's config, a single-plugin config wrapped into a list, or a conflist. */
      form: 'nad' | 'conf' | 'conflist';
      /** The NAD's metadata.name, else `document N`. */
      label: string;
      /** How many other readable configurations the text holds. */
      others: number;
      /** The validator's findings for that configuration. */
      findings: Finding[];
    }
  | {
      ok: false;
      /** Why the text cannot be a config at all (too large, binary); then it was not parsed. */
      unreadable?: string;
      source: ParsedSource;
      /** The validator's findings for the whole text. */
      findings: Finding[];
      /** Why no configuration could be read: the first error, else the first finding. */
      failure?: Finding;
    };

/** `fileName` decides how the text is read (see file-names.ts); undefined for a paste (decided from the content). */
export function readConfig(text: string, fileName: string | undefined, validator: Validator): ConfigRead {
  const unreadable = textProblem(text);
  if (unreadable) return { ok: false, unreadable, source: { text: '', format: 'json', configs: [] }, findings: [] };
  const source = parseSource(text, fileName ? { fileName } : {});
  const findings = validator.validateSource(source);
  const index = source.configs.findIndex((c) => c.conflist !== undefined);
  const config = source.configs[index];
  if (!config?.conflist) {
    return { ok: false, source, findings, failure: findings.find((f) => f.severity === 'error') ?? findings[0] };
  }
  return {
    ok: true,
    source,
    document: config.conflist,
    index,
    form: source.format === 'yaml' ? 'nad' : config.upConverted ? 'conf' : 'conflist',
    label: config.label ?? `document ${index + 1}`,
    others: source.configs.filter((c, i) => i !== index && c.conflist !== undefined).length,
    findings: findings.filter((f) => source.format !== 'yaml' || f.document === index),
  };
}
