// host-local's folder of a network's leases (<dataDir>/<network>), as a run finds and leaves it. host-local
// makes the folder, a lease file per address (named by it, the container id on its first line), its `lock`
// and a `last_reserved_ip.N` per range, and its DEL removes only the lease: without this the folder and its
// bookkeeping stayed after every run, and later runs were handed the next addresses instead of the first.
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';

/** host-local's own bookkeeping files in a lease folder. */
export const BOOKKEEPING = /^(lock|last_reserved_ip\.\d+)$/;

/** How a lease folder was before a run: whether it was there, and its bookkeeping files then. */
export interface LeaseFolderBefore {
  dir: string;
  existed: boolean;
  bookkeeping: string[];
  /** The folders above `dir` that were not there either, nearest first: host-local makes them all (MkdirAll). */
  madeParents?: string[];
}

/** The entries of `dir` host-local does not make (anything but leases and its bookkeeping); [] for a folder not there. */
export function otherFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => isIP(name) === 0 && !BOOKKEEPING.test(name));
  } catch {
    return [];
  }
}

/** `dir` as a run starts: there or not, and its bookkeeping files. */
export function leaseFolderBefore(dir: string): LeaseFolderBefore {
  try {
    if (!lstatSync(dir).isDirectory()) return { dir, existed: true, bookkeeping: [] };
    return { dir, existed: true, bookkeeping: readdirSync(dir).filter((name) => BOOKKEEPING.test(name)) };
  } catch {
    const madeParents: string[] = [];
    for (let up = dirname(dir); up !== dirname(up) && !exists(up); up = dirname(up)) madeParents.push(up);
    return { dir, existed: false, bookkeeping: [], ...(madeParents.length ? { madeParents } : {}) };
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * After a run's DELs: the bookkeeping files the run made in the folder, and the folder (with the empty ones
 * above it the run made) when the run made it, removed once no lease is left in it (a lease a failed DEL kept keeps them too). Only a real folder, only
 * regular files; returns what was removed. Never throws.
 */
export function tidyLeaseFolder(before: LeaseFolderBefore): string[] {
  const removed: string[] = [];
  try {
    if (!lstatSync(before.dir).isDirectory()) return removed;
    const names = readdirSync(before.dir);
    if (names.some((name) => !BOOKKEEPING.test(name))) return removed;
    for (const name of names) {
      if (before.bookkeeping.includes(name)) continue;
      const file = join(before.dir, name);
      if (!lstatSync(file).isFile()) continue;
      unlinkSync(file);
      removed.push(file);
    }
    if (!before.existed && readdirSync(before.dir).length === 0) {
      rmdirSync(before.dir);
      removed.push(before.dir);
      // Then the folders above it the run made, while each is a real folder left empty.
      for (const up of before.madeParents ?? []) {
        if (!before.dir.startsWith(`${up}/`) || !lstatSync(up).isDirectory() || readdirSync(up).length > 0) break;
        rmdirSync(up);
        removed.push(up);
      }
    }
  } catch {
    // what cannot be removed stays
  }
  return removed;
}
