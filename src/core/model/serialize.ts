// Serialization keeps the user's key order (runtimes do not care, reviewers and diffs do):
// strict JSON, 2-space indent, trailing newline.
import type { JsonValue } from './types';

// JSON.parse reads a number beyond a float64 (1e400) as Infinity, which JSON.stringify then writes as
// null: the text would silently stop meaning what the user's did (libcni refuses the first, CNI013, and
// reads the second). Such a number is written back as 1e400 instead, which reads as the same Infinity.
// And JSON.stringify writes -0 as 0, where Go (libcni re-encoding a config) writes -0: kept as -0.
const OVERFLOW = '1e400';

/** Whether `value` holds ±Infinity anywhere, as JSON.parse makes of a number beyond a float64 (with `negativeZero`, or -0). */
export function hasNonFinite(value: unknown, negativeZero = false): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || (negativeZero && Object.is(v, -0))) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key in v) if (Object.hasOwn(v, key)) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** JSON.stringify's text, with ±Infinity written as ±1e400 rather than null and -0 as -0 (NaN, never read from JSON, stays null). */
export function jsonText(value: unknown, space?: number): string {
  const plain = JSON.stringify(value, null, space);
  // Only a text with a null or a number 0 in it can hide one of them (a subnet's ".0" is no number).
  if (plain === undefined || !/null|(^|[:[,]\s*)0(?=\s*([,\]}]|$))/.test(plain) || !hasNonFinite(value, true)) return plain;
  // A marker no string in `value` holds (checked against the plain text), replaced after the fact.
  let marker = `\u0000inf-${Math.random().toString(36).slice(2)}`;
  while (plain.includes(JSON.stringify(marker).slice(1, -1))) marker += 'x';
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && (v === Infinity || v === -Infinity || Object.is(v, -0)) ? `${marker}${v === Infinity ? '+' : v === -Infinity ? '-' : '0'}` : v), space);
  const quoted = JSON.stringify(marker).slice(0, -1);
  return text.replaceAll(`${quoted}+"`, OVERFLOW).replaceAll(`${quoted}-"`, `-${OVERFLOW}`).replaceAll(`${quoted}0"`, '-0');
}

export function serializeConflist(value: JsonValue): string {
  return jsonText(value, 2) + '\n';
}
