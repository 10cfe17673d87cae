// Config files from disk: the bytes are read and decoded here (strictly), the text goes through the
// core's one reader (readConfig). `readFileText` never throws (lint reports a file it cannot read as that
// file's finding); `readConfigFile` is the one configuration plan, diff and lab run work on.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { decodeNotUtf8, isYamlFileName, notUtf8Finding, MAX_DUMP_CHARS, MAX_SOURCE_CHARS, readConfig, sizeProblem, type Finding, type JsonObject, type Validator } from '../core';

/** Input that cannot be used (a directory, an unreadable file, no configuration in it): exit status 2. */
export class InputError extends Error {}

/** `tooLarge`: left unread for its size, a limit of CNI Studio's own (libcni reads it, whatever its size). */
/** `replaced`: offsets in `text` of bytes that were not UTF-8, read as U+FFFD as Go's JSON decoder reads them. */
export type ReadText = { ok: true; text: string; replaced?: number[] } | { ok: false; reason: string; tooLarge?: true };

/** Why a path that is not a regular file cannot be read as one (libcni reads whatever is not a directory). */
function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'it is a directory, not a config file';
  // libcni's read of a named pipe waits for a writer; of a device like /dev/zero, never ends.
  if (stat.isFIFO()) return 'it is a named pipe, not a regular file: a runtime reading it waits for a writer';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

/** Reads at most `max` bytes of an open file: its size can be wrong (procfs reports 0) or grow while read. */
function readAtMost(fd: number, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, max - total));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

export type ReadBytes = { ok: true; bytes: Buffer } | { ok: false; reason: string; tooLarge?: true };

/** What a pipe named on the command line gave: it can be read once, and a command may read its file twice (lab run). */
const streamed = new Map<string, ReadBytes>();

/**
 * A config file's exact bytes, or why there are none; never throws. The path is judged by what was
 * opened, so a symlink is read as the file it points to (as libcni reads it) and a swap after a check
 * changes nothing; the size limit is the one every other import path has, and no read goes past it.
 * `named`: the user named the path on the command line, so a pipe or a terminal is read as asked
 * (/dev/stdin, <(kubectl …)), waiting for its writer. Otherwise it is an entry of a conf directory, read
 * as libcni lists it: opened without waiting, and only a regular file is read (libcni would wait on a
 * pipe forever, or read /dev/zero without end).
 */
export function readFileBytes(path: string, named = false, asConfig = false): ReadBytes {
  const kept = named ? streamed.get(path) : undefined;
  if (kept) return kept;
  let fd: number | undefined;
  try {
    fd = openSync(path, named ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    const stream = named && (stat.isFIFO() || stat.isCharacterDevice());
    const why = stream ? undefined : notRegular(stat);
    if (why) return { ok: false, reason: why };
    // A YAML or JSON file may be a kubectl dump: its larger limit applies once its text says it is one. A
    // stream's name says nothing, so it may be one too.
    // `asConfig`: an entry of a conf directory, which libcni reads as a config whatever its extension.
    const limit = !asConfig && (stream || isYamlFileName(path) || /\.json$/i.test(path)) ? MAX_DUMP_CHARS : MAX_SOURCE_CHARS;
    const as = limit === MAX_DUMP_CHARS ? 'one file' : 'a config';
    const also = limit === MAX_SOURCE_CHARS && !asConfig ? `; ${MAX_DUMP_CHARS / 1024 / 1024} MB for a .json or YAML file, which may hold a kubectl dump` : '';
    const tooLarge = (size: number) => ({ ok: false as const, tooLarge: true as const, reason: sizeProblem(size, limit, as, also) });
    if (stat.size > limit) return tooLarge(stat.size);
    const bytes = readAtMost(fd, limit + 1);
    const read: ReadBytes = bytes.length > limit ? tooLarge(bytes.length) : { ok: true, bytes };
    if (stream) streamed.set(path, read);
    return read;
  } catch (e) {
    return { ok: false, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A config file's text, or why there is none; never throws (see readFileBytes). The bytes are decoded
 * strictly, so a U+FFFD written in the file is a character, not a sign of bad bytes; bytes that are not
 * UTF-8 are read as core's decodeNotUtf8 says. A leading BOM is kept: libcni refuses a JSON file with one.
 */
export function readFileText(path: string, named = false, asConfig = false): ReadText {
  const read = readFileBytes(path, named, asConfig);
  if (!read.ok) return read;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(read.bytes) };
  } catch {
    return decodeNotUtf8(read.bytes, path);
  }
}

export interface ConfigFile {
  path: string;
  /** The file's text. */
  text: string;
  /** The first readable configuration of the file (a NAD file may hold several), as a runtime sees it. */
  conflist: JsonObject;
  /** The validator's findings for that configuration. */
  findings(): Finding[];
  /** Other files the configuration is assembled from (libcni 1.3's network folder), each with its findings. */
  alsoFrom?: { path: string; findings: Finding[] }[];
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
  const file = readFileText(path, true);
  if (!file.ok) throw new InputError(`${path}: ${file.reason}`);
  if (file.replaced) {
    const f = notUtf8Finding(file.text, file.replaced);
    err(`${path}:${f.line}:${f.column} warning ${f.code} ${f.message}`);
  }
  const read = readConfig(file.text, path, validator);
  if (!read.ok) {
    if (read.unreadable) throw new InputError(`${path}: ${read.unreadable}`);
    const why = read.failure ? `: ${read.failure.line ?? 1}:${read.failure.column ?? 1} ${read.failure.message}` : '';
    throw new InputError(`${path}: no CNI network configuration could be read${why}`);
  }
  if (read.source.configs.length > 1) err(`info: ${path} holds ${read.source.configs.length} configurations; ${verb} the first readable one (${read.label}).`);
  return { path, text: file.text, conflist: read.document, findings: () => read.findings };
}
