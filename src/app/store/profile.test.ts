// The runtime profile in the store: chosen in the network settings, persisted like the runtime inputs,
// outside undo; the lab machine's profile arrives through setLabProfile and is offered, never forced.
import { describe, expect, it } from 'vitest';
import { createCatalog, DEFAULT_PROFILE } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { createAppStore } from './store';
import { loadProfile, PROFILE_KEY } from './persistence';
import { MemoryStorage } from './testing';

const catalog = createCatalog(loadSchemas());


const DEBIAN = { libcni: '1.1.2', plugins: '1.1.1' };

describe('runtime profile in the store', () => {
  it('starts at the newest releases, is chosen and survives a reload, outside undo', () => {
    const storage = new MemoryStorage();
    const store = createAppStore({ catalog, storage });
    expect(store.getState().profile).toEqual(DEFAULT_PROFILE);
    store.getState().actions.setProfile(DEBIAN);
    expect(store.getState().profile).toEqual(DEBIAN);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(createAppStore({ catalog, storage }).getState().profile).toEqual(DEBIAN);
  });
  it('reads a stored profile only when it names real releases', () => {
    const storage = new MemoryStorage();
    for (const text of ['{"libcni": "9.9.9", "plugins": "1.1.1"}', '{"libcni": "1.1.2"}', 'not json', '[1]']) {
      storage.setItem(PROFILE_KEY, text);
      expect(loadProfile(storage), text).toEqual(DEFAULT_PROFILE);
    }
    storage.setItem(PROFILE_KEY, JSON.stringify({ ...DEBIAN, pluginReleases: [['bridge', '1.9.1'], ['tap', 'nope']] }));
    expect(loadProfile(storage)).toEqual({ ...DEBIAN, pluginReleases: [['bridge', '1.9.1']] });
  });
  it('holds the lab machine\'s profile for the settings to offer; using it is setProfile', () => {
    const store = createAppStore({ catalog, storage: new MemoryStorage() });
    expect(store.getState().labProfile).toBeUndefined();
    store.getState().actions.setLabProfile(DEBIAN);
    expect(store.getState().labProfile).toEqual(DEBIAN);
    expect(store.getState().profile).toEqual(DEFAULT_PROFILE);
    store.getState().actions.setProfile(store.getState().labProfile!);
    expect(store.getState().profile).toEqual(DEBIAN);
    store.getState().actions.setLabProfile(undefined);
    expect(store.getState().labProfile).toBeUndefined();
  });
});
