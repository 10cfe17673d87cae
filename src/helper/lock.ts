// One run at a time per machine: runs share host resources (bridge names, NAT rules, IPAM leases).
// The lock file holds the owner's pid and start time; a lock whose owner is gone is taken over, and so is
// one whose pid another process has since been given (an owner killed with the lock held, its pid reused).
//
// Every step is one atomic call, so two processes can never both hold it. The lock appears with its pid
// already in it: written to a file of this process's own beside it, then linked to the lock's name (link
// fails if the name is taken), never created empty and written afterwards (a reader in between took the
// empty file for a dead owner's and removed it). A dead owner's lock is replaced, not removed then made
// again: a taker first claims that very lock (its inode) by linking it to a name only one process can make,
// `<lock>.takeover-<inode>-1`, and only the claim's maker puts its own lock in its place, in one rename.
// A taker that came too late links the new lock instead (another inode), and lets it be.
import { linkSync, lstatSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isRunning, processStart } from './pids';

export const LOCK_PATH = '/run/cni-studio-lab.lock';

/**
 * How old a lock without a pid, or a claim on a dead owner's lock, must be to be given up on: an older
 * helper creates its lock empty and writes its pid a moment later, and a claim is dropped within the same
 * call that made it (a claimer killed in between leaves it, and the next claim then takes the next name).
 */
const ABANDONED_MS = 5000;
/** Tries while the lock changes hands under us: each one sees a new state, or waits a few milliseconds. */
const TRIES = 40;

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** This process as a lock names its owner: "<pid> <start time>". */
const owner = () => `${process.pid} ${processStart(process.pid) ?? ''}`.trim();

/**
 * What is at `path` now: its inode, its owner's pid (undefined when it holds none) and start time (an older
 * helper wrote the pid alone), how long since it changed.
 */
function readLock(path: string): { ino: number; pid: number | undefined; start: string | undefined; ageMs: number } | undefined {
  try {
    const st = lstatSync(path);
    const [first, start] = readFileSync(path, 'utf8').trim().split(/\s+/);
    const pid = Number(first);
    return { ino: st.ino, pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, start, ageMs: Date.now() - st.ctimeMs };
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** A dead owner's lock (its pid gone, or now another process's), or one that never got a pid long ago: taken over. */
const stale = (seen: { pid: number | undefined; start: string | undefined; ageMs: number }) =>
  seen.pid === undefined ? seen.ageMs >= ABANDONED_MS : !isRunning(seen.pid) || (seen.start !== undefined && processStart(seen.pid) !== seen.start);

/**
 * Replaces the stale lock `ino` with `mine` (a file holding this pid): 'taken', 'busy' (another taker is at
 * it: wait) or 'again' (the lock is no longer that one: look again).
 */
function takeOver(path: string, mine: string, ino: number): 'taken' | 'busy' | 'again' {
  const claimName = (n: number) => `${path}.takeover-${ino}-${n}`;
  for (let n = 1; ; n++) {
    try {
      linkSync(path, claimName(n));
    } catch (e) {
      if (code(e) === 'ENOENT') return 'again'; // released meanwhile
      if (code(e) !== 'EEXIST') throw e;
      // Claimed by another: being replaced now, unless its claimer was killed before it could (then the next name).
      const other = readLock(claimName(n));
      if (!other) return 'again';
      if (other.ageMs < ABANDONED_MS) return 'busy';
      continue;
    }
    // The claim holds whatever was at the lock's name then: only that stale lock itself is replaced.
    const claimed = readLock(claimName(n));
    const ours = claimed?.ino === ino && stale(claimed);
    if (ours) renameSync(mine, path);
    // The claims on that lock go with it; a claim on another (one that came too late) is only this one's own.
    for (let k = claimed?.ino === ino ? 1 : n; k <= n; k++) forget(claimName(k));
    return ours ? 'taken' : 'again';
  }
}

function forget(name: string): void {
  try {
    unlinkSync(name);
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
  }
}

/** Takes the lock, or returns the pid that holds it (-1 when it is changing hands and none is known yet). */
export function acquireLock(path = LOCK_PATH): { ok: true; release: () => void } | { ok: false; holder: number } {
  const pid = owner();
  const mine = `${path}.${process.pid}-${randomBytes(6).toString('hex')}`;
  writeFileSync(mine, pid, { flag: 'wx', mode: 0o600 });
  try {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      try {
        linkSync(mine, path);
        return { ok: true, release: () => release(path, pid) };
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      const seen = readLock(path);
      if (!seen) continue; // released meanwhile
      if (!stale(seen)) {
        if (seen.pid !== undefined) return { ok: false, holder: seen.pid };
        pause(5); // an older helper's, its pid not written yet
        continue;
      }
      const took = takeOver(path, mine, seen.ino);
      if (took === 'taken') return { ok: true, release: () => release(path, pid) };
      if (took === 'busy') pause(5);
    }
    const last = readLock(path);
    return { ok: false, holder: last?.pid !== undefined && !stale(last) ? last.pid : -1 };
  } finally {
    forget(mine); // linked (the lock keeps it under its own name), or already renamed into place
  }
}

function release(path: string, pid: string): void {
  try {
    // Nobody replaces a live owner's lock, so what names this process now is still this one's.
    if (readFileSync(path, 'utf8') === pid) unlinkSync(path);
  } catch {
    // already gone
  }
}
