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
