import { describe, expect, it } from 'vitest';
import { mergeOnto } from './merge';
import type { JsonObject } from '../model/types';

const plugins: JsonObject[] = [{ type: 'bridge', ipam: { type: 'host-local' } }, { type: 'portmap', capabilities: { portMappings: true } }];
const base: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins };

describe('three-way merge of editor text onto the network as it is now', () => {
  it('keeps a change made elsewhere (a plugin edited in its own editor) beside the text\'s own', () => {
    const mine = { ...base, disableGC: true };
    const current = { ...base, plugins: [plugins[0]!, { ...plugins[1]!, snat: false }] };
    const r = mergeOnto(base, mine, current);
    expect(r).toEqual({ ok: true, merged: true, value: { ...current, disableGC: true } });
    // The text's keys stay where they were typed.
    const typedFirst = { disableGC: true, ...base };
    const r2 = mergeOnto(base, typedFirst, current);
    expect(Object.keys(r2.ok ? (r2.value as object) : {})).toEqual(['disableGC', 'cniVersion', 'name', 'plugins']);
  });

  it('is the text itself when nothing changed elsewhere, and the network when the text changed nothing', () => {
    const mine = { ...base, name: 'm' };
    expect(mergeOnto(base, mine, base)).toEqual({ ok: true, merged: false, value: mine });
    const current = { ...base, name: 'c' };
    expect(mergeOnto(base, base, current)).toEqual({ ok: true, merged: true, value: current });
  });

  it('names where both changed the same value differently, and applies nothing', () => {
    expect(mergeOnto(base, { ...base, name: 'mine' }, { ...base, name: 'theirs' })).toEqual({ ok: false, conflicts: ['/name'] });
    // A plugin added elsewhere against one edited in the text: the list changed length.
    const added = { ...base, plugins: [...plugins, { type: 'tuning' }] };
    const edited = { ...base, plugins: [{ ...plugins[0]!, mtu: 1400 }, plugins[1]!] };
    expect(mergeOnto(base, edited, added)).toEqual({ ok: false, conflicts: ['/plugins/0/mtu'] });
    // The same change on both sides is no conflict.
    expect(mergeOnto(base, { ...base, name: 'same' }, { ...base, name: 'same', cniVersion: '1.1.0' })).toEqual({ ok: true, merged: true, value: { ...base, name: 'same', cniVersion: '1.1.0' } });
  });

  it('removes what the text removed, and replaces a list whose length the text changed', () => {
    const mine = { cniVersion: '1.0.0', plugins: [plugins[0]!] };
    const current = { ...base, disableCheck: true };
    expect(mergeOnto(base, mine, current)).toEqual({ ok: true, merged: true, value: { cniVersion: '1.0.0', plugins: [plugins[0]!], disableCheck: true } });
  });
});
