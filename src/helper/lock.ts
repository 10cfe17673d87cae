// One run at a time per machine: runs share host resources (bridge names, NAT rules, IPAM leases).
// The lock file holds the owner's pid; a lock whose owner is gone is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { isRunning } from './pids';

export const LOCK_PATH = '/run/cni-studio-lab.lock';

/** Takes the lock, or returns the pid that holds it. */
export function acquireLock(path = LOCK_PATH): { ok: true; release: () => void } | { ok: false; holder: number } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        ok: true,
        release: () => {
          try {
            if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return { ok: false, holder };
      unlinkSync(path); // stale: its owner is gone
    }
  }
  return { ok: false, holder: -1 };
}
