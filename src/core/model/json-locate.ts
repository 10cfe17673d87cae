// Where a JSON pointer's value (or its key) sits in strict JSON text, found by scanning along the path
// and skipping every value off it: no tree. A config with a finding or two is located in a fraction of
// what building jsonc-parser's whole position tree costs. Only for text JSON.parse accepted.
import type { TextRange } from './text';
import { parsePointer } from './pointer';

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The offset after the string starting (with its quote) at `i`. */
function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The offset after the value starting at `i` (strings skipped whole, brackets counted). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c !== 123 /* { */ && c !== 91 /* [ */) {
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 44 /* , */ || d === 125 /* } */ || d === 93 /* ] */ || isSpace(d)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 34) i = skipString(text, i) - 1;
    else if (d === 123 || d === 91) depth++;
    else if (d === 125 || d === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The range of the value at `pointer` (or of its key, `target` "key"), as the tolerant parser's tree gives it. */
export function locateInStrictJson(text: string, pointer: string, target: 'key' | 'value' = 'value'): TextRange | undefined {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return undefined;
  }
  let at = skipSpace(text, 0);
  let key: TextRange | undefined;
  for (const segment of segments) {
    const open = text.charCodeAt(at);
    let found = -1;
    if (open === 123 /* { */) {
      // A repeated key's first occurrence, as the tree's lookup answers.
      let i = skipSpace(text, at + 1);
      while (text.charCodeAt(i) === 34) {
        const keyEnd = skipString(text, i);
        const valueAt = skipSpace(text, skipSpace(text, keyEnd) + 1);
        // A key without escapes reads as written; only one with a backslash needs decoding.
        const raw = text.slice(i + 1, keyEnd - 1);
        if ((raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw) === segment) {
          found = valueAt;
          key = { start: i, end: keyEnd };
          break;
        }
        i = skipSpace(text, skipValue(text, valueAt));
        if (text.charCodeAt(i) !== 44 /* , */) break;
        i = skipSpace(text, i + 1);
      }
    } else if (open === 91 /* [ */ && /^\d+$/.test(segment)) {
      let i = skipSpace(text, at + 1);
      for (let n = 0; i < text.length && text.charCodeAt(i) !== 93; n++) {
        if (String(n) === segment) {
          found = i;
          key = undefined;
          break;
        }
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) !== 44) break;
        i = skipSpace(text, i + 1);
      }
    }
    if (found < 0) return undefined;
    at = found;
  }
  if (target === 'key' && key && segments.length > 0) return key;
  return { start: at, end: skipValue(text, at) };
}
