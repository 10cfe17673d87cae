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
