// Reading one configuration from text: what import, review and the CLI commands (lint, plan, diff, lab
// run) do with a file or a paste. Bytes are decoded outside (strictly, by whoever read them); here text
// and the file's name become the configuration a runtime would see, with the validator's findings.
import type { JsonObject } from './model/types';
import { NAD_KIND, objectName } from './model/nad';
import { parseSource, sourceTextProblem, type ParsedSource } from './model/source';
import type { Finding } from './validate/finding';
import type { Validator } from './validate/validate';
import type { NadMeta } from './formats/nad';

export type ConfigRead = {
  /** The parsed text: every configuration in it (a NAD file may hold several). */
  source: ParsedSource;
  /** Every finding in the text, for all its configurations (what lint reports). */
  textFindings: Finding[];
} & (
  | {
      ok: true;
      /** The first readable configuration as a runtime sees it (a `.conf` up-converted). */
      document: JsonObject;
      /** Its place in `source.configs`. */
      index: number;
      /** What it was read as: a NAD's config, a single-plugin config wrapped into a list, or a conflist. */
      form: 'nad' | 'conf' | 'conflist';
      /** A single-plugin config (a .conf, a NAD's), wrapped into a list as libcni does. */
      wrapped: boolean;
      /** The NAD's metadata.name, else `document N`. */
      label: string;
      /** A NAD's name, namespace and resourceName annotation: what writing it back as a NAD keeps. */
      nad?: NadMeta;
      /** How many other readable configurations the text holds. */
      others: number;
      /** Every readable configuration, in the text's order (its place in `source.configs` and its label). */
      choices: { index: number; label: string }[];
      /** The text's NADs that hold no readable configuration (no spec.config, JSON that does not parse), each with why. */
      skipped: { index: number; label: string; why: string }[];
      /** The findings for that configuration. */
      findings: Finding[];
    }
  | {
      ok: false;
      /** Why the text cannot be a config at all (too large, binary), when that is why. */
      unreadable?: string;
      /** Why no configuration could be read: the first error, else the first finding. */
      failure?: Finding;
    }
);

const labelOf = (c: ParsedSource['configs'][number], i: number) => (c.object && objectName(c.object)) || (c.label ?? `document ${i + 1}`);

/** `fileName` decides how the text is read (model/file-names.ts); undefined for a paste, read by its content. */
export function readConfig(text: string, fileName: string | undefined, validator: Validator, pick?: number): ConfigRead {
  const source = parseSource(text, fileName ? { fileName } : {});
  const textFindings = validator.validateSource(source);
  // The configuration asked for (its place in `source.configs`), else the first readable one.
  const index = pick !== undefined && source.configs[pick]?.conflist !== undefined ? pick : source.configs.findIndex((c) => c.conflist !== undefined);
  const config = source.configs[index];
  if (!config?.conflist) {
    return { ok: false, source, textFindings, unreadable: sourceTextProblem(text, fileName ? { fileName } : {}), failure: textFindings.find((f) => f.severity === 'error') ?? textFindings[0] };
  }
  return {
    ok: true,
    source,
    textFindings,
    document: config.conflist,
    index,
    form: source.format === 'yaml' ? 'nad' : config.upConverted ? 'conf' : 'conflist',
    wrapped: config.upConverted,
    label: config.label ?? `document ${index + 1}`,
    ...(source.format === 'yaml' && config.object?.name ? { nad: { name: config.object.name, ...(config.object.namespace ? { namespace: config.object.namespace } : {}), ...(config.object.resourceName ? { resourceName: config.object.resourceName } : {}) } } : {}),
    others: source.configs.filter((c, i) => i !== index && c.conflist !== undefined).length,
    // A Kubernetes object by namespace/name, as lint names it (one name may be in several namespaces).
    choices: source.configs.flatMap((c, i) => (c.conflist !== undefined ? [{ index: i, label: labelOf(c, i) }] : [])),
    skipped: source.configs.flatMap((c, i) => {
      // Objects of other kinds (a ConfigMap in a List) were never configurations: lint says so, the chooser need not.
      if (c.conflist !== undefined || (c.object && c.object.kind !== NAD_KIND)) return [];
      const mine = textFindings.filter((f) => f.document === i);
      const why = (mine.find((f) => f.severity === 'error') ?? mine[0])?.message ?? 'it holds no configuration';
      return [{ index: i, label: labelOf(c, i), why }];
    }),
    findings: textFindings.filter((f) => source.format !== 'yaml' || f.document === index),
  };
}
