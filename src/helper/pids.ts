// Whether a process is still there: what decides if a lock or a namespace's creator is gone, and if a
// killed plugin child has died.
import { readFileSync } from 'node:fs';

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
