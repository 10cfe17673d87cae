// The ring of autosaved versions: bounded in count and size, each document once, one per pause in editing.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core';
import { MemoryStorage } from './testing';
import { bounded, createVersionRecorder, HISTORY_KEY, keepVersion, loadVersions, QUIET_MS, VERSION_CHARS, VERSION_LIMIT } from './versions';

const net = (name: string, ...types: string[]): JsonObject => ({ cniVersion: '1.0.0', name, plugins: types.map((type) => ({ type })) });
const names = (storage: MemoryStorage) => loadVersions(storage).map((v) => v.doc.name);

describe('autosaved versions', () => {
  it('keeps the newest first and each document once', () => {
    const storage = new MemoryStorage();
    keepVersion(storage, net('a', 'bridge'));
    keepVersion(storage, net('b', 'bridge'));
    keepVersion(storage, net('b', 'bridge')); // the newest again: nothing new
    expect(names(storage)).toEqual(['b', 'a']);
    keepVersion(storage, net('a', 'bridge')); // an older one again: it moves to the front
    expect(names(storage)).toEqual(['a', 'b']);
  });

  it('does not keep an empty network', () => {
    const storage = new MemoryStorage();
    keepVersion(storage, net('empty'));
    expect(loadVersions(storage)).toEqual([]);
  });

  it(`keeps at most ${VERSION_LIMIT} versions, dropping the oldest`, () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < VERSION_LIMIT + 7; i++) keepVersion(storage, net(`n${i}`, 'bridge'));
    const kept = names(storage);
    expect(kept).toHaveLength(VERSION_LIMIT);
    expect(kept[0]).toBe(`n${VERSION_LIMIT + 6}`);
    expect(kept.at(-1)).toBe('n7');
  });

  it('stays within its share of browser storage; a document larger than all of it is not kept', () => {
    const storage = new MemoryStorage();
    const big = (name: string) => ({ ...net(name, 'bridge'), padding: 'x'.repeat(VERSION_CHARS / 4) });
    for (const n of ['a', 'b', 'c', 'd', 'e']) keepVersion(storage, big(n));
    expect(storage.getItem(HISTORY_KEY)!.length).toBeLessThanOrEqual(VERSION_CHARS);
    expect(names(storage)).toEqual(['e', 'd', 'c']);
    keepVersion(storage, { ...net('huge', 'bridge'), padding: 'x'.repeat(VERSION_CHARS) });
    expect(names(storage)).toEqual(['e', 'd', 'c']);
  });

  it('keeps a note, and the note of an older copy that moves to the front', () => {
    const storage = new MemoryStorage();
    keepVersion(storage, net('a', 'bridge'), { note: 'before restoring' });
    keepVersion(storage, net('b', 'bridge'));
    keepVersion(storage, net('a', 'bridge'));
    expect(loadVersions(storage).map((v) => v.note)).toEqual(['before restoring', undefined]);
  });

  it('reads what it can of a damaged list, and survives a full or missing storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(HISTORY_KEY, JSON.stringify([{ time: 'x', doc: net('ok', 'bridge') }, { time: 1, doc: {} }, 'junk']));
    expect(names(storage)).toEqual(['ok']);
    storage.setItem(HISTORY_KEY, '{not json');
    expect(loadVersions(storage)).toEqual([]);
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(keepVersion(full, net('a', 'bridge'))).toEqual([]);
    expect(keepVersion(undefined, net('a', 'bridge'))).toEqual([]);
  });

  it('bounds by count and by size', () => {
    const v = (name: string) => ({ time: '2026-01-01T00:00:00.000Z', doc: net(name, 'bridge') });
    const list = ['a', 'b', 'c'].map(v);
    expect(bounded(list, 2).map((x) => x.doc.name)).toEqual(['a', 'b']);
    const one = JSON.stringify(list[0]).length;
    expect(bounded(list, 10, 2 + (one + 1) * 2).map((x) => x.doc.name)).toEqual(['a', 'b']);
  });
});

describe('version recorder', () => {
  it('keeps a state left after a pause, skips the steps of a burst, and always keeps one a new document replaced', () => {
    const storage = new MemoryStorage();
    let now = 1_000_000;
    const recorder = createVersionRecorder(storage, () => now);
    recorder.changed(net('opened', 'bridge'), false); // what the tab opened with: kept at its first change
    now += 500;
    recorder.changed(net('typing-1', 'bridge'), false);
    now += 500;
    recorder.changed(net('typing-2', 'bridge'), false);
    expect(names(storage)).toEqual(['opened']);
    now += QUIET_MS;
    recorder.changed(net('paused', 'bridge'), false);
    now += 10;
    recorder.changed(net('replaced', 'bridge'), true);
    expect(names(storage)).toEqual(['replaced', 'paused', 'opened']);
    expect(loadVersions(storage)[0]!.note).toBe('before a new network replaced it');
    expect(loadVersions(storage)[1]!.time).toBe(new Date(now - 10).toISOString());
  });
});
