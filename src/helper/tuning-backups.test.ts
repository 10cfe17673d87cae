import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTuningBackups, TUNING_DATA_DIR, tuningBackupDirs } from './tuning-backups';

describe("tuning's backups a run leaves", () => {
  it('are looked for in each tuning plugin\'s dataDir, else /run/cni/tuning', () => {
    expect(tuningBackupDirs({ plugins: [{ type: 'bridge' }, { type: 'tuning' }, { type: 'tuning', dataDir: '/var/lib/x' }, { type: 'tuning', dataDir: '' }] })).toEqual([TUNING_DATA_DIR, '/var/lib/x']);
    expect(tuningBackupDirs({ plugins: [{ type: 'bridge' }] })).toEqual([]);
  });

  it("removes only regular files named after the run's own container ids (and its interface, when given)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuning-backups-'));
    try {
      for (const name of ['cnistudio-aa_eth0.json', 'cnistudio-aa_net1.json', 'cnistudio-aab_eth0.json', 'podman-1_eth0.json', 'cnistudio-aa_eth0.json.bak']) writeFileSync(join(dir, name), '{}');
      mkdirSync(join(dir, 'cnistudio-bb_eth0.json'));
      symlinkSync('/etc/hostname', join(dir, 'cnistudio-cc_eth0.json'));
      expect(removeTuningBackups([dir, join(dir, 'missing')], ['cnistudio-aa'], 'eth0')).toEqual([join(dir, 'cnistudio-aa_eth0.json')]);
      // A dead run's (no interface name kept): every backup of its ids; never a folder or a link.
      expect(removeTuningBackups([dir], ['cnistudio-aa', 'cnistudio-bb', 'cnistudio-cc']).sort()).toEqual([join(dir, 'cnistudio-aa_net1.json')]);
      expect(readdirSync(dir).sort()).toEqual(['cnistudio-aa_eth0.json.bak', 'cnistudio-aab_eth0.json', 'cnistudio-bb_eth0.json', 'cnistudio-cc_eth0.json', 'podman-1_eth0.json']);
      expect(existsSync('/etc/hostname')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
