// Shared by the executor's and the call cgroups' tests: waiting for killed processes to go, and a plugin
// that cannot start because it is open for writing.
import { chmodSync, closeSync, copyFileSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from './pids';

/** Whether every pid has gone within two seconds. */
export async function gone(pids: readonly number[]): Promise<boolean> {
  for (let i = 0; i < 100 && pids.some(isRunning); i++) await new Promise((r) => setTimeout(r, 20));
  return !pids.some(isRunning);
}

/** Runs `use` with a copy of `plugin` held open for writing (exec then fails with ETXTBSY), removed after. */
export async function withBusyCopy(plugin: string, use: (busy: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cni-studio-busy-'));
  const busy = join(dir, 'busy');
  copyFileSync(plugin, busy);
  chmodSync(busy, 0o755);
  const fd = openSync(busy, 'a');
  try {
    await use(busy);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
