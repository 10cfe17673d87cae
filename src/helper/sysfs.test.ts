// netDirEntries on folders this test makes (sysfs itself is the machine's): names, the virtio pattern, and
// a folder too large to read whole rejected rather than read in part.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netDirEntries } from './sysfs';

const root = mkdtempSync(join(tmpdir(), 'cnistudio-sysfs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('netDirEntries', () => {
  it('lists each folder, expands virtio*, and reads nothing for a missing or relative one', async () => {
    mkdirSync(join(root, 'dev', 'net', 'eth7'), { recursive: true });
    mkdirSync(join(root, 'dev', 'virtio3', 'net', 'ens4'), { recursive: true });
    mkdirSync(join(root, 'dev', 'other', 'net', 'not-this'), { recursive: true });
    expect(await netDirEntries([`${root}/dev/net`])).toEqual(['eth7']);
    expect(await netDirEntries([`${root}/dev/virtio*/net`])).toEqual(['ens4']);
    expect(await netDirEntries([`${root}/nothing/net`, 'dev/net'])).toEqual([]);
  });

  it('rejects a folder with more entries than it reads', async () => {
    const big = join(root, 'big', 'net');
    mkdirSync(big, { recursive: true });
    for (let i = 0; i <= 4096; i++) writeFileSync(join(big, `l${i}`), '');
    await expect(netDirEntries([big])).rejects.toThrow(`${big} has more than 4096 entries`);
  });
});
