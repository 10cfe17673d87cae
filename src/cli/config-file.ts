// Reading the one configuration a command works on (plan, diff, lab run): a file, not a directory; its
// first readable configuration (a NAD file may hold several); a clear error when there is none.
import { statSync } from 'node:fs';
import { parseSource, type Finding, type JsonObject, type ParsedSource, type Validator } from '../core';
import { InputError, readConfigText } from './lint';

export interface ConfigFile {
  path: string;
  source: ParsedSource;
  conflist: JsonObject;
  /** Which document of the source it is (NAD YAML may hold several). */
  index: number;
  /** The validator's findings for that document. */
  findings(): Finding[];
}

/**
 * @param whyNotDirectory what the command does instead, e.g. "plan takes one configuration file"
 * @param verb what the command does with it, for the note about multi-document files ("planning")
 */
export function readConfigFile(path: string, validator: Validator, err: (s: string) => void, whyNotDirectory: string, verb: string): ConfigFile {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // readConfigText reports it.
  }
  if (isDir) throw new InputError(`${path}: is a directory; ${whyNotDirectory}`);
  let text: string;
  try {
    text = readConfigText(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const source = parseSource(text, { fileName: path });
  const index = source.configs.findIndex((c) => c.conflist !== undefined);
  const config = source.configs[index];
  if (!config?.conflist) {
    const findings = validator.validateSource(source);
    const first = findings.find((f) => f.severity === 'error') ?? findings[0];
    const why = first ? `: ${first.line ?? 1}:${first.column ?? 1} ${first.message}` : '';
    throw new InputError(`${path}: no CNI network configuration could be read${why}`);
  }
  if (source.configs.length > 1) err(`info: ${path} holds ${source.configs.length} configurations; ${verb} the first readable one (${config.label ?? `document ${index + 1}`}).`);
  return { path, source, conflist: config.conflist, index, findings: () => validator.validateSource(source).filter((f) => source.format !== 'yaml' || f.document === index) };
}
