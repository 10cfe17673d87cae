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
});
