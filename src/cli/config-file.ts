// Config files from disk: the bytes are read and decoded here (strictly), the text goes through the
// core's one reader (readConfig). `readFileText` never throws (lint reports a file it cannot read as that
// file's finding); `readConfigFile` is the one configuration plan, diff and lab run work on.
import { readFileSync, statSync } from 'node:fs';
import { isYamlFileName, MAX_DUMP_CHARS, MAX_SOURCE_CHARS, readConfig, type Finding, type JsonObject, type Validator } from '../core';

/** Input that cannot be used (a directory, an unreadable file, no configuration in it): exit status 2. */
export class InputError extends Error {}

export type ReadText = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A config file's text, or why there is none; never throws. The size is checked before reading (the same
 * limit as every other import path), and the bytes must be UTF-8: decoded strictly, so a U+FFFD written in
 * the file is a character, not a sign of bad bytes. A leading BOM is dropped.
 */
export function readFileText(path: string): ReadText {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, reason: 'it is a directory, not a config file' };
    // A YAML or JSON file may be a kubectl dump: its larger limit applies once its text says it is one.
    const limit = isYamlFileName(path) || /\.json$/i.test(path) ? MAX_DUMP_CHARS : MAX_SOURCE_CHARS;
    if (stat.size > limit) return { ok: false, reason: `${(stat.size / 1024 / 1024).toFixed(1)} MB is too large for a CNI config (the limit is ${limit / 1024 / 1024} MB)` };
    const bytes = readFileSync(path);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, reason: 'it is not UTF-8 text' };
    }
    return { ok: true, text: text.replace(/^\uFEFF/, '') };
  } catch (e) {
    return { ok: false, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
}

export interface ConfigFile {
  path: string;
  /** The first readable configuration of the file (a NAD file may hold several), as a runtime sees it. */
  conflist: JsonObject;
  /** The validator's findings for that configuration. */
  findings(): Finding[];
}

/**
 * The one configuration a command works on: a file, not a directory; its first readable configuration;
 * an InputError (exit status 2) saying why when there is none.
 * @param whyNotDirectory what the command does instead, e.g. "plan takes one configuration file"
 * @param verb what the command does with it, for the note about multi-document files ("planning")
 */
export function readConfigFile(path: string, validator: Validator, err: (s: string) => void, whyNotDirectory: string, verb: string): ConfigFile {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // readFileText reports it.
  }
  if (isDir) throw new InputError(`${path}: is a directory; ${whyNotDirectory}`);
  const file = readFileText(path);
  if (!file.ok) throw new InputError(`${path}: ${file.reason}`);
  const read = readConfig(file.text, path, validator);
  if (!read.ok) {
    if (read.unreadable) throw new InputError(`${path}: ${read.unreadable}`);
    const why = read.failure ? `: ${read.failure.line ?? 1}:${read.failure.column ?? 1} ${read.failure.message}` : '';
    throw new InputError(`${path}: no CNI network configuration could be read${why}`);
  }
  if (read.source.configs.length > 1) err(`info: ${path} holds ${read.source.configs.length} configurations; ${verb} the first readable one (${read.label}).`);
  return { path, conflist: read.document, findings: () => read.findings };
}
