// listVersion skips libcni's load of the list when it has no cniVersions: the answer must be the one the
// full load gives (the list's cniVersion as libcni keeps it), in every release and whatever else is wrong.
import { describe, expect, it } from 'vitest';
import { listVersion } from './validate';
import { DEFAULT_PROFILE, LIBCNI_RELEASES } from '../profiles/profile';
import { libcniLoadList } from '../runtime/libcni-load';
import type { JsonObject } from '../model/types';

const lists: JsonObject[] = [
  { cniVersion: '1.0.0', name: 'n', plugins: [] },
  { cniVersion: '0.4.0', name: 'n', plugins: [{ type: 'bridge' }] },
  { cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'bridge' }], disableCheck: 'yes' },
  { cniVersion: '1.0', name: 'n', plugins: [] },
  { cniVersion: 'v1.0.0', name: 'n', plugins: [] },
  { cniVersion: 1, name: 'n', plugins: [] },
  { cniVersion: null, name: 'n', plugins: [] },
  { name: 'n', plugins: [] },
  { cniVersion: '1.0.0', plugins: [] },
  { cniVersion: '1.0.0', name: 7, plugins: [] },
  { cniVersion: '1.0.0', name: 'n' },
  { cniVersion: '1.0.0', name: 'n', plugins: 'bridge' },
  { cniVersion: '1.0.0', name: 'n', plugins: [], disableGC: 2, loadOnlyInlinedPlugins: 'TRUE' },
];

describe('listVersion without cniVersions', () => {
  for (const libcni of LIBCNI_RELEASES) {
    it(`is the list's cniVersion as libcni ${libcni} runs it`, () => {
      for (const list of lists) {
        const loaded = libcniLoadList({ ...list, plugins: [{ type: 'x' }] }, libcni);
        const full = loaded.ok ? loaded.conflist.cniVersion : typeof list.cniVersion === 'string' ? list.cniVersion : '';
        expect(listVersion(list, { ...DEFAULT_PROFILE, libcni }), JSON.stringify(list)).toBe(typeof full === 'string' ? full : '');
      }
    });
  }

  it('still negotiates when the list has cniVersions', () => {
    const list = { cniVersion: '0.4.0', cniVersions: ['0.4.0', '1.0.0'], name: 'n', plugins: [] };
    expect(listVersion(list, { ...DEFAULT_PROFILE, libcni: '1.3.0' })).toBe('1.0.0');
    expect(listVersion(list, { ...DEFAULT_PROFILE, libcni: '1.1.2' })).toBe('0.4.0');
  });
});
