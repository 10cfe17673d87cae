// Plain words for values, types and paths in messages ("ipam.ranges[0][0].subnet", "a string (\"1500\")").
import { parsePointer } from '../model/pointer';

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

export function typeWords(types: string | string[]): string {
  const list = Array.isArray(types) ? types : [types];
  return list.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

export function preview(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return !Number.isFinite(value) ? 'a number beyond the range of a 64-bit float' : Number.isInteger(value) ? `the number ${value}` : `the fractional number ${value}`;
  if (typeof value === 'string') return `a string (${preview(value)})`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return 'an object';
}

/** A readable path relative to a base pointer: /plugins/0/ipam/ranges/0/0/subnet → ipam.ranges[0][0].subnet */
export function fieldLabel(pointer: string, base = ''): string {
  const rel = pointer.startsWith(base) ? pointer.slice(base.length) : pointer;
  let out = '';
  for (const seg of parsePointer(rel)) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += (out ? '.' : '') + (/^[A-Za-z_$][\w$-]*$/.test(seg) ? seg : JSON.stringify(seg));
  }
  return out || '(the object)';
}
