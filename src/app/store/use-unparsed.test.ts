import { describe, expect, it } from 'vitest';
import { store } from '../state';
import { unparsedNow } from './use-unparsed';
import { sameUnparsed } from './unparsed';

describe('the unparsed drafts views read', () => {
  it('stay the same array while every keystroke leaves them failing at the same place for the same reason', () => {
    const { actions } = store.getState();
    const id = store.getState().chain.plugins[0]?.id ?? 'document';
    actions.setDraft(id, '{"type": "bridge", "mtu": x, "bridge": "a"}');
    const first = unparsedNow();
    expect(first).toHaveLength(1);
    // Typing after the error: a new draft, the same failure.
    actions.setDraft(id, '{"type": "bridge", "mtu": x, "bridge": "ab"}');
    expect(unparsedNow()).toBe(first);
    // Typing before it moves the failure: a new array.
    actions.setDraft(id, '{"type":  "bridge", "mtu": x, "bridge": "ab"}');
    const moved = unparsedNow();
    expect(moved).not.toBe(first);
    expect(moved[0]!.column).not.toBe(first[0]!.column);
    // Text that parses: none, and the same empty array while it keeps parsing.
    actions.setDraft(id, '{"type": "bridge", "mtu": 1}');
    const none = unparsedNow();
    expect(none).toEqual([]);
    actions.setDraft(id, '{"type": "bridge", "mtu": 12}');
    expect(unparsedNow()).toBe(none);
    actions.setDraft(id, undefined);
  });

  it('compares every field a view shows', () => {
    const a = { key: 'p1', label: 'plugin 1 (bridge)', line: 1, column: 5, message: 'Value expected' };
    expect(sameUnparsed([a], [{ ...a }])).toBe(true);
    for (const change of [{ key: 'p2' }, { label: 'plugin 2 (bridge)' }, { line: 2 }, { column: 6 }, { message: 'Comma expected' }]) expect(sameUnparsed([a], [{ ...a, ...change }])).toBe(false);
    expect(sameUnparsed([a], [])).toBe(false);
  });
});
