// The machine lock: never held by two processes at once, from no lock or from a dead owner's, however
// their calls interleave; a lock being written, or being taken over, is not anybody's to take.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { acquireLock } from './lock';
import { processStart } from './pids';

const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

/** The pid of a process that has ended (and been reaped): a killed owner's. */
const deadPid = () => spawnSync('true').pid!;

describe('acquireLock, racing processes', () => {
  it('is held by one process at a time, in rounds from no lock and from a dead owner\'s', { timeout: 20_000 }, async () => {
    const path = join(tmp, 'race.lock');
    const racers: ChildProcessWithoutNullStreams[] = [];
    // Bundled first: six processes loading TypeScript at once took seconds on a 2-core machine.
    const racer = join(tmp, 'racer.cjs');
    buildSync({ entryPoints: [resolve(__dirname, 'testdata/lock-racer.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: racer, logLevel: 'warning' });
    try {
      const lines: AsyncIterator<string>[] = [];
      for (let i = 0; i < 6; i++) {
        const child = spawn(process.execPath, [racer, path, String(deadPid())]);
        racers.push(child);
        lines.push(createInterface({ input: child.stdout })[Symbol.asyncIterator]());
      }
      const next = async () => Promise.all(lines.map(async (l) => (await l.next()).value as string));
      expect(await next()).toEqual(Array(6).fill('ready'));
      const held: [bigint, bigint, number][] = [];
      const errors: string[] = [];
      for (let round = 0; round < 6; round++) {
        // Every other round starts from a killed owner's lock, which all six find at once; the others from none.
        if (round % 2) writeFileSync(path, String(deadPid()));
        else rmSync(path, { force: true });
        for (const r of racers) r.stdin.write('300\n');
        for (const [i, line] of (await next()).entries()) {
          const report = JSON.parse(line) as { held: [string, string][]; errors: string[] };
          errors.push(...report.errors);
          held.push(...report.held.map(([a, b]) => [BigInt(a), BigInt(b), i] as [bigint, bigint, number]));
        }
      }
      held.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let until = 0n;
      const overlaps = held.filter(([start, end]) => {
        const overlap = start < until;
        if (end > until) until = end;
        return overlap;
      });
      expect(overlaps.length, 'times two processes held it at once').toBe(0);
      expect(errors).toEqual([]);
      // Several racers got it, and many handovers were made.
      expect(new Set(held.map((h) => h[2])).size).toBeGreaterThan(1);
      expect(held.length).toBeGreaterThan(50);
    } finally {
      for (const r of racers) r.kill();
    }
    // Nothing but the lock itself (maybe a killed owner's) is left: no file of a racer's, no claim.
    expect(readdirSync(tmp).filter((f) => f.startsWith('race.lock.'))).toEqual([]);
  });
});

describe('acquireLock, in one process', () => {
  const fresh = (name: string) => join(tmp, name);

  it('takes a free lock with its pid in it from the start, and releases it', () => {
    const path = fresh('free.lock');
    const lock = acquireLock(path);
    expect(lock.ok).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid} ${processStart(process.pid)}`);
    expect(acquireLock(path)).toEqual({ ok: false, holder: process.pid });
    if (lock.ok) lock.release();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('free.lock'))).toEqual([]);
  });

  it('takes over a dead owner\'s lock, and leaves a live owner\'s', () => {
    const path = fresh('stale.lock');
    writeFileSync(path, String(deadPid()));
    const lock = acquireLock(path);
    expect(lock.ok).toBe(true);
    if (lock.ok) lock.release();
    writeFileSync(path, String(process.ppid));
    expect(acquireLock(path)).toEqual({ ok: false, holder: process.ppid });
    rmSync(path);
  });

  it("takes over a lock whose pid another process has since been given (its start time differs); leaves one whose start time is its owner's, and an older helper's pid alone", () => {
    const path = fresh('reused.lock');
    // The parent is alive: with another start time, its pid stands for a process that ended before it.
    writeFileSync(path, `${process.ppid} 1`);
    const lock = acquireLock(path);
    expect(lock.ok).toBe(true);
    if (lock.ok) lock.release();
    writeFileSync(path, `${process.ppid} ${processStart(process.ppid)}`);
    expect(acquireLock(path)).toEqual({ ok: false, holder: process.ppid });
    writeFileSync(path, String(process.ppid));
    expect(acquireLock(path)).toEqual({ ok: false, holder: process.ppid });
    rmSync(path);
  });

  it('leaves a lock without a pid while it is young (an older helper writes it a moment later), not once it is old', () => {
    const path = fresh('empty.lock');
    writeFileSync(path, '');
    expect(acquireLock(path)).toEqual({ ok: false, holder: -1 });
    expect(existsSync(path)).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6000);
    const lock = acquireLock(path);
    expect(lock.ok).toBe(true);
    if (lock.ok) lock.release();
  });

  it('leaves a dead owner\'s lock another process has claimed, unless that claim was abandoned', () => {
    const path = fresh('claimed.lock');
    writeFileSync(path, String(deadPid()));
    linkSync(path, `${path}.takeover-${statSync(path).ino}-1`);
    expect(acquireLock(path)).toEqual({ ok: false, holder: -1 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6000);
    const lock = acquireLock(path);
    expect(lock.ok).toBe(true);
    if (lock.ok) lock.release();
    // The abandoned claim went with the lock it claimed.
    expect(readdirSync(tmp).filter((f) => f.startsWith('claimed.lock'))).toEqual([]);
  });
});
