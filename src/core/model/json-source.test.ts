// Strict JSON takes a fast path (JSON.parse, the position tree built lazily): it must read every text
// exactly as the tolerant parser does, values, repeated keys and positions alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateInStrictJson } from './json-locate';
import { parseJsonSource, tolerantSource } from './json-source';
import { escapeSegment } from './pointer';

const REAL = join(import.meta.dirname, '../../fixtures/real');

/** Every pointer into a value: objects' keys and arrays' indexes, the root included. */
function pointers(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [at, ...keys.flatMap((k) => pointers((value as Record<string, unknown>)[k], `${at}/${escapeSegment(k)}`))];
}

const texts = (): string[] => {
  const real = readdirSync(REAL).map((f) => readFileSync(join(REAL, f), 'utf8'));
  return [
    ...real,
    // Repeated keys, at the top and nested, and a "__proto__" key.
    '{"name": "a", "plugins": [{"type": "bridge", "mtu": 1, "mtu": 2}], "name": "b"}',
    '{"__proto__": {"polluted": true}, "a": {"__proto__": 1}}',
    // A key that looks like an index, escapes, unicode, numbers JSON.parse reads at the edges.
    '{"0": {"1": [10, 20]}, "a/b": {"c~d": "\\u00e9\\n\\"x\\""}, "n": [-0, 1e400, 1.5e-7, 12345678901234567890]}',
    '  \n\t {"lead": "whitespace"} \n',
    '[{"a": 1}, {"a": 1, "b": {"a": 2, "a": 3}}]',
    '"just a string"',
    '{"k": "a string: with a colon", "k2": ["x", "y:"] }',
    '{"\\u0061b": {"x\\"y": [[], {}, [[1, {"z": null}]], true, false]}, "e": {}, "f": [ ]}',
    '{ "a" : [ 1 , { "b" : "}]{[" } ] , "c" : -1.5E+3 }',
  ];
};

describe('strict JSON fast path', () => {
  it('reads every real config and edge case exactly as the tolerant parser does', () => {
    let checked = 0;
    for (const text of texts()) {
      const fast = parseJsonSource(text);
      const slow = tolerantSource(text);
      expect(fast.fatal, text.slice(0, 60)).toBe(slow.fatal);
      if (slow.fatal) continue; // not strict JSON: the fast path handed it to the tolerant parser
      expect(fast.value).toStrictEqual(slow.value);
      expect(Object.keys(fast.value as object)).toEqual(Object.keys(slow.value as object));
      expect(fast.findings).toEqual(slow.findings);
      expect(fast.duplicateKeys).toEqual(slow.duplicateKeys);
      expect(fast.rootOffset).toBe(slow.rootOffset);
      // The scan along a path (the first few lookups) and the tree (the rest) answer alike.
      for (const p of pointers(slow.value)) {
        expect(locateInStrictJson(text, p), p).toEqual(slow.locate(p));
        expect(locateInStrictJson(text, p, 'key'), p).toEqual(slow.locate(p, 'key'));
        expect(fast.locate(p), p).toEqual(slow.locate(p));
        expect(fast.locate(p, 'key'), p).toEqual(slow.locate(p, 'key'));
      }
      for (const missing of ['/nope', '/plugins/999', '/name/0', '/plugins/x']) expect(locateInStrictJson(text, missing), missing).toEqual(slow.locate(missing));
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('finds a repeated key where the key count says there is one', () => {
    const clean = parseJsonSource('{"a": {"b": 1}}');
    expect(clean.duplicateKeys).toEqual([]);
    const repeated = parseJsonSource('{"a": {"b": 1, "b": 2}}');
    expect(repeated.duplicateKeys).toEqual([{ objectPointer: '/a', key: 'b', range: { start: 7, end: 10 } }]);
    expect(repeated.value).toEqual({ a: { b: 2 } });
  });

  it('hands text JSON.parse refuses to the tolerant parser, findings and all', () => {
    for (const text of ['{"a": 1,}', '{"a": 1 // note\n}', '', '{"a": }', '\uFEFF{"a": 1}']) {
      expect(parseJsonSource(text)).toMatchObject({ fatal: tolerantSource(text).fatal, findings: tolerantSource(text).findings });
    }
  });
});

describe('text cut off mid-object', () => {
  it('is one error where it ends, not one per bracket left open', () => {
    const text = '{"cniVersion": "1.0.0", "name": "broken", "plugins": [ {"type": "bridge" \n';
    const errors = parseJsonSource(text).findings.filter((f) => f.code === 'CNI001');
    expect(errors.map((f) => f.message)).toEqual(["Not valid JSON: a missing '}' here."]);
  });
});

describe('numbers a float64 rounds (CNI014)', () => {
  const rounded = (text: string) => parseJsonSource(text).findings.filter((f) => f.code === 'CNI014');

  it('says where libcni rounds an integer, and to what the plugin gets', () => {
    const text = '{"plugins": [{"type": "bandwidth", "ingressRate": 18446744073709551615, "ingressBurst": -9007199254740993}]}';
    const found = rounded(text);
    expect(found.map((f) => [f.pointer, f.severity, text.slice(f.range!.start, f.range!.end)])).toEqual([
      ['/plugins/0/ingressRate', 'warning', '18446744073709551615'],
      ['/plugins/0/ingressBurst', 'warning', '-9007199254740993'],
    ]);
    expect(found[0]!.message).toContain('the plugin gets 18446744073709552000');
    expect(found[1]!.message).toContain('the plugin gets -9007199254740992');
  });

  it('finds a fraction written past a float64\'s precision: what the plugin gets is another number', () => {
    const found = rounded('{"a": 9007199254740993.0, "b": 1.00000000000000001, "c": 12345678901234567.5, "d": 9.007199254740993e15}');
    expect(found.map((f) => `${f.pointer} ${f.message.match(/the plugin gets (\S+)\./)![1]}`)).toEqual(['/a 9007199254740992', '/b 1', '/c 12345678901234568', '/d 9007199254740992']);
  });

  it('finds a number too small for a float64: the plugin gets 0, -0 or the nearest subnormal (Go rounds it without an error)', () => {
    const found = rounded('{"a": 1e-400, "b": -1e-400, "c": 7e-324, "d": 82e-325, "e": 1e-5, "f": 5e-324, "g": 2.5E-7}');
    expect(found.map((f) => `${f.pointer} ${f.message.match(/the plugin gets (\S+)\./)![1]}`)).toEqual(['/a 0', '/b -0', '/c 5e-324', '/d 1e-323']);
  });

  it('is quiet for numbers held exactly, other texts of the same number, and digits in strings', () => {
    expect(rounded('{"a": 9007199254740992, "b": 1234567890123456, "d": 1e400, "e": "18446744073709551615", "f": 100000000000000000000}')).toEqual([]);
    expect(rounded('{"a": 9007199254740992.000, "b": 0.30000000000000004, "c": 1.5000000000000000, "d": 9.007199254740992e15, "e": 0.1000000000000000, "f": 12345678.12345678}')).toEqual([]);
  });

  it('finds them in text only the tolerant parser reads too (a comment), with keys that need escaping', () => {
    const found = rounded('{\n  // rates\n  "a/b": [1, 9007199254740993],\n}');
    expect(found.map((f) => f.pointer)).toEqual(['/a~1b/1']);
  });
});
