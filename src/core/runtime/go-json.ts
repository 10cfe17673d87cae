// The bytes Go's json.Marshal produces for a generic map (what libcni feeds a plugin): compact, object
// keys sorted byte-wise at every level, and <, >, &, U+2028, U+2029 escaped. Numbers went through
// float64, so JavaScript's number formatting matches for every value a config holds, -0 aside.
import { setOwn, type JsonValue } from '../model/types';

const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function str(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c]!);
}

/** Go sorts map keys by their UTF-8 bytes; for the keys configs use, code-unit order agrees. */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function goMarshal(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value);
  // Go writes a negative zero as -0 (strconv.AppendFloat); JavaScript's formatting drops the sign.
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : goMarshal(v))).join(',')}]`;
  // A key without a value (undefined, never from JSON) is left out, as JSON.stringify does.
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(byteOrder);
  return `{${keys.map((k) => `${str(k)}:${goMarshal(value[k]!)}`).join(',')}}`;
}

/**
 * The bytes json.Marshal produces for a Go struct: object keys in the order given (a value already in its
 * struct's order, such as a typed result), with Go's escaping.
 */
export function goMarshalInOrder(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return goMarshal(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : goMarshalInOrder(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  return `{${keys.map((k) => `${str(k)}:${goMarshalInOrder(value[k]!)}`).join(',')}}`;
}

/** The same value with object keys sorted, for display and for comparing what two sides sent. */
export function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const k of Object.keys(value).sort(byteOrder)) setOwn(out, k, sortKeys(value[k]!));
  return out;
}
