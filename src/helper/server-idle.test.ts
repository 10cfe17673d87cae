// The helper between runs, as root: what it readies while idle for the next run (its namespace, its
// firewall reads), and that it readies nothing once closed. Each test starts a server of its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLabServer } from './server';
import { listOurNetns } from './netns';
import { events, loopback, ready, SYSTEM, TOKEN } from './server-testing';

const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-idle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!ready)('the helper between runs (root)', () => {
  /** This process's children that are gates for the firewall reads (primed.ts). */
  const gates = () =>
    execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /xargs -0 -- ip6?tables-save/.test(l));
  const until = async (done: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 100 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  it('readies the next run while idle (its namespace, its firewall reads), uses them for a run, and leaves nothing when closed', async () => {
    const before = await listOurNetns();
    const idle = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, lockPath: join(tmp, 'idle.lock') });
    try {
      await until(async () => (await listOurNetns()).length > before.length && gates().length === 6);
      const [spare] = (await listOurNetns()).filter((n) => !before.includes(n));
      expect(spare).toBeDefined();
      expect(gates()).toHaveLength(6);
      const r = await fetch(`${idle.url}/api/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(loopback) });
      const e = await events(r);
      expect(e.at(-1)).toMatchObject({ type: 'run-end', ok: true });
      // The run's namespace was the spare; its firewall reads went through gates, and new ones are made after.
      expect(e.find((x) => x.type === 'run-start')).toMatchObject({ netns: `/run/netns/${spare}` });
      await until(async () => (await listOurNetns()).some((n) => !before.includes(n) && n !== spare) && gates().length === 6);
      expect((await listOurNetns()).filter((n) => !before.includes(n))).toHaveLength(1);
      expect(gates()).toHaveLength(6);
    } finally {
      await idle.close();
    }
    expect(await listOurNetns()).toEqual(before);
    expect(gates()).toEqual([]);
  });

  it('readies nothing once closed, even when closed within a moment of a run’s end', async () => {
    const before = await listOurNetns();
    const quick = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, lockPath: join(tmp, 'quick.lock') });
    try {
      await until(async () => (await listOurNetns()).length > before.length && gates().length === 6);
      const r = await fetch(`${quick.url}/api/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(loopback) });
      expect((await events(r)).at(-1)).toMatchObject({ type: 'run-end', ok: true });
    } finally {
      await quick.close(); // before the helper readies the next run (100 ms after the stream's end)
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await listOurNetns()).toEqual(before);
    expect(gates()).toEqual([]);
  });
});
