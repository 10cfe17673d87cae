// The leak check's namespaces: one named for a live CNI Studio process (an idle `lab serve`'s spare) is
// that process's and said to be in use; one whose maker is gone, or whose pid is now another program's, is
// left behind. Namespaces made by the test for stand-in processes, always removed. Needs root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.getuid?.() === 0;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const named = (pid: number) => `cnistudio-${pid}-${randomBytes(4).toString('hex')}`;
const exists = (name: string) => spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').some((l) => l.split(' ')[0] === name);

describe('leak check', () => {
  it(`runs as root${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(root).toBe(true);
  });

  it.skipIf(!root)('says a live helper holds its namespace, and names the namespace of a gone process or of another program as left behind', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-leak-'));
    // A stand-in helper: a process whose command line is `node …/cni-studio.cjs lab serve`.
    writeFileSync(join(tmp, 'cni-studio.cjs'), 'setTimeout(() => {}, 60_000);\n');
    const children: ChildProcess[] = [spawn(process.execPath, [join(tmp, 'cni-studio.cjs'), 'lab', 'serve'], { stdio: 'ignore' }), spawn('sleep', ['60'], { stdio: 'ignore' })];
    const [helper, other] = children.map((c) => c.pid!) as [number, number];
    const gone = spawnSync('true').pid!;
    // Named for the live stand-in's pid with another start time: a creator gone whose pid was taken again.
    const names = { helper: named(helper), other: named(other), gone: named(gone), reused: `${named(helper)}-t1` };
    try {
      for (const name of Object.values(names)) spawnSync('ip', ['netns', 'add', name]);
      const r = spawnSync(process.execPath, [resolve(__dirname, 'leak-check.mjs')], { encoding: 'utf8' });
      expect(r.stdout).toContain(`namespace ${names.helper} is held by live helper pid ${helper} (${process.execPath} ${join(tmp, 'cni-studio.cjs')} lab serve)`);
      expect(r.stderr).not.toContain(names.helper);
      expect(r.stderr).toContain(`namespace ${names.other} (pid ${other}, which made it, is not CNI Studio)`);
      expect(r.stdout).not.toContain(names.other);
      // Another helper on the machine may remove a gone process's namespace first (its stale ones, at start).
      if (exists(names.gone)) expect(r.stderr).toContain(`namespace ${names.gone} (pid ${gone}, which made it, is gone)`);
      expect(r.stdout).not.toContain(names.gone);
      expect(r.stderr).toContain(`namespace ${names.reused} (pid ${helper}, which made it, is gone: that pid is now another process)`);
      expect(r.stdout).not.toContain(names.reused);
    } finally {
      for (const c of children) c.kill();
      for (const name of Object.values(names)) spawnSync('ip', ['netns', 'delete', name]);
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.skipIf(!root)("names a run's plugin call still running, in any network namespace (a killed run's hang plugin outlived it)", () => {
    const id = `cnistudio-${randomBytes(4).toString('hex')}`;
    // A stand-in plugin call: a process whose environment names a run's container, in a namespace of its own.
    const call = spawn('unshare', ['--net', 'sleep', '60'], { stdio: 'ignore', env: { ...process.env, CNI_CONTAINERID: id, CNI_COMMAND: 'ADD' } });
    try {
      const r = spawnSync(process.execPath, [resolve(__dirname, 'leak-check.mjs')], { encoding: 'utf8' });
      expect(r.stderr).toMatch(new RegExp(`process \\d+ \\(a plugin call of container ${id}: sleep 60\\)`));
      expect(r.status).not.toBe(0);
    } finally {
      call.kill('SIGKILL');
    }
  });
});
