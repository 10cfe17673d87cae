import { describe, expect, it } from 'vitest';
import { lastValidNote, unparsedDrafts } from './unparsed';

const plugins = [
  { id: 'a', type: 'bridge' },
  { id: 'b', type: 'portmap' },
];

describe('unparsed editor drafts', () => {
  it('names each draft that is not strict JSON, where it breaks, and leaves the ones that parse', () => {
    const found = unparsedDrafts({ a: '{"type": "bridge"}', b: '{\n  "type": "portmap",\n}', document: '{ nope' }, plugins);
    expect(found.map((u) => u.label)).toEqual(['plugin 2 (portmap)', 'the whole conflist']);
    expect(found[0]).toMatchObject({ key: 'b', line: 2 });
    expect(found[0]!.message).toMatch(/comma/i);
    expect(found[1]!.line).toBe(1);
  });

  it('says the last valid state is used, or nothing when every draft parses', () => {
    expect(lastValidNote(unparsedDrafts({ a: '{' }, plugins))).toBe('The editor text of plugin 1 (bridge) does not parse yet: this uses the last valid state, without it.');
    expect(lastValidNote(unparsedDrafts({ a: '{}' }, plugins))).toBeUndefined();
  });

  it('names a draft that parses but that the network cannot take: too large, not an object', () => {
    const large = `{"type": "bridge", "blob": "${'x'.repeat(5 * 1024 * 1024)}"}`;
    const found = unparsedDrafts({ document: large, a: '[1]', b: '{"type": "portmap", "x": "\u0000"}' }, plugins);
    expect(found.map((u) => [u.key, u.refused])).toEqual([
      ['document', true],
      ['a', true],
      // A NUL byte in a string is no strict JSON: a syntax error.
      ['b', undefined],
    ]);
    expect(found[0]!.message).toBe('It is 5.0 MB, more than CNI Studio reads as a config (5 MB): it stays editor text, not in the network.');
    expect(found[1]!.message).toBe('It is not a JSON object, as a plugin is: it stays editor text, not in the network.');
    expect(lastValidNote(found)).toBe('The editor text of the whole conflist and plugin 1 (bridge) and plugin 2 (portmap) cannot be taken in (Problems says why): this uses the last valid state, without it.');
  });
});

describe('a draft nested deeper than CNI Studio reads', () => {
  it('is said, with where, though it parses as JSON (the commit refuses it)', () => {
    const text = `{"type":"bridge","deep":${'{"x":'.repeat(3000)}1${'}'.repeat(3000)}}`;
    const [u, ...more] = unparsedDrafts({ p1: text }, [{ id: 'p1', type: 'bridge' }]);
    expect(more).toEqual([]);
    expect(u).toMatchObject({ key: 'p1', label: 'plugin 1 (bridge)', line: 1, refused: true });
    expect(u!.message).toContain('Nesting is deeper than 512 levels');
    expect(unparsedDrafts({ p1: `{"type":"bridge","deep":${'{"x":'.repeat(100)}1${'}'.repeat(100)}}` }, [{ id: 'p1', type: 'bridge' }])).toEqual([]);
  });
});
