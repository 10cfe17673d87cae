// Whether a process is still there: what decides if a lock or a namespace's creator is gone, and if a
// killed plugin child has died.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Present and not a zombie waiting to be reaped (a zombie holds nothing any more). */
export function isRunning(pid: number): boolean {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc entry: gone (or no /proc at all, where signal 0 still tells).
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}

/**
 * When a process started, in clock ticks since boot (/proc/<pid>/stat's 22nd field), or undefined when it is
 * gone: with its pid, it names one process, where a pid alone may be reused once its owner has died.
 */
export function processStart(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // After the command's ")": field 3 (state) onwards; the start time is field 22.
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** A process's parent (/proc/<pid>/stat's 4th field), or undefined when it is gone. */
export function parentPid(pid: number, proc = '/proc'): number | undefined {
  try {
    const text = readFileSync(join(proc, String(pid), 'stat'), 'latin1');
    return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * The processes in the namespace `id` of this kind (`net:[4026532174]`, as /proc/<pid>/ns/<kind> names it).
 * One whose namespaces root cannot read (another user namespace's) is left out. Throws without /proc.
 */
export function processesIn(kind: 'net' | 'mnt', id: string, proc = '/proc'): number[] {
  return readdirSync(proc).flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      return readlinkSync(join(proc, name, 'ns', kind)) === id ? [Number(name)] : [];
    } catch {
      return []; // gone since the listing, or not root's to read
    }
  });
}
