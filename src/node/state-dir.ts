// A folder for host-local's leases in the tests and benchmarks that run real plugins: emptied (an interrupted
// run's reservations would shift the addresses) and made again by root, 0755. The lab refuses a state folder
// still to be made in a folder other users may write (/tmp): another user could make it first.
import { mkdirSync, rmSync } from 'node:fs';

/** Empties `dir` and makes it again, root's (when run as root) and writable by no one else; returns it. */
export function freshStateDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}
