// Bytes as Go's JSON decoder reads them when they are not all UTF-8: inside a string, each byte that does not
// start a valid UTF-8 sequence (utf8.DecodeRune: no overlong forms, no surrogates, nothing past U+10FFFF)
// becomes U+FFFD, one per byte, and the config loads; anywhere else it is a syntax error, as the U+FFFD it
// reads as here is to the JSON parser.
import type { Finding } from '../validate/finding';
import { isYamlFileName } from './file-names';

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function sequenceAt(b: Uint8Array, i: number): number {
  const x = b[i]!;
  if (x < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (x >= 0xc2 && x <= 0xdf) return cont(1) ? 2 : 0;
  if (x === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((x >= 0xe1 && x <= 0xec) || x === 0xee || x === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (x === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (x === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (x >= 0xf1 && x <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (x === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

export interface GoDecoded {
  text: string;
  /** The offsets in `text` of each U+FFFD that stands for a byte that was not UTF-8. */
  replaced: number[];
}

/** `bytes` as text, each byte that is not part of valid UTF-8 read as U+FFFD (one per byte, as Go does). */
export function goDecodeUtf8(bytes: Uint8Array): GoDecoded {
  const parts: string[] = [];
  const replaced: number[] = [];
  let length = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceAt(bytes, i);
    const b = bytes[i]!;
    let cp: number;
    if (n === 0) {
      replaced.push(length);
      cp = 0xfffd;
    } else if (n === 1) cp = b;
    else if (n === 2) cp = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
    else if (n === 3) cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
    else cp = ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
    const ch = String.fromCodePoint(cp);
    parts.push(ch);
    length += ch.length;
    i += Math.max(n, 1);
  }
  return { text: parts.join(''), replaced };
}

export type ConfigText = { ok: true; text: string; replaced?: number[] } | { ok: false; reason: string };

/**
 * A config file's bytes that a strict UTF-8 decode refused (the core has no TextDecoder: callers decode
 * first), as its reader takes them: a JSON file's as Go's JSON decoder reads them (`replaced` says where);
 * a YAML file's not at all, as Kubernetes' reader wants UTF-8; with NUL bytes, binary data.
 */
export function decodeNotUtf8(bytes: Uint8Array, fileName: string): ConfigText {
  if (bytes.includes(0)) return { ok: false, reason: 'it contains binary data (NUL bytes), not text' };
  if (isYamlFileName(fileName)) return { ok: false, reason: "it is not UTF-8 text, which Kubernetes' YAML reader requires" };
  const { text, replaced } = goDecodeUtf8(bytes);
  return { ok: true, text, replaced };
}

/** The warning for bytes that are not UTF-8 (decodeNotUtf8's `replaced`), at the first of them. */
export function notUtf8Finding(text: string, replaced: readonly number[]): Finding {
  const before = text.slice(0, replaced[0]);
  const line = before.split('\n').length;
  const column = replaced[0]! - before.lastIndexOf('\n');
  return {
    code: 'CNI010',
    severity: 'warning',
    message: `${replaced.length === 1 ? 'A byte' : `${replaced.length} bytes`} here ${replaced.length === 1 ? 'is' : 'are'} not UTF-8 (the first at line ${line}, column ${column}): Go's JSON decoder reads each as U+FFFD (\uFFFD), so inside a string the runtime loads the config with that character, as the checks read it; save the file as UTF-8.`,
    pointer: '',
    line,
    column,
  };
}
