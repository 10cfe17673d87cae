// Recovery from a killed run's note, with fake links and firewall: what it removes, and the notes it
// must leave (a helper still running, a run in another network namespace).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FirewallRule } from '../core';
import { ownNetns, recoverDeadRuns, type JournalEntry } from './run-journal';
import type { Link } from './netns';

const dir = mkdtempSync(join(tmpdir(), 'cnistudio-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid no process has now: one that ran and exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

const bridge: Link = { ifname: 'cnistudio-jb1', ifindex: 40, linkinfo: { info_kind: 'bridge' } } as Link;
const note = (runId: string, netns?: string): JournalEntry & { netns?: string } => ({
  runId,
  linksBefore: [['lo', 1]],
  configured: [{ name: 'cnistudio-jb1', kind: 'bridge' }] as JournalEntry['configured'],
  leases: [],
  containerIds: [`cnistudio-${runId}`],
  ...(netns ? { netns } : {}),
});
const masquerade = (id: string): FirewallRule[] => [
  { family: 'ipv4', table: 'nat', rule: ':CNI-0123456789abcdef01234567' },
  { family: 'ipv4', table: 'nat', rule: `-A POSTROUTING -s 10.9.0.2/32 -m comment --comment "name: \\"n\\" id: \\"${id}\\"" -j CNI-0123456789abcdef01234567` },
];

describe('recovering what a killed run left', () => {
  it('removes the links and rules of a dead run noted in this network namespace, and the note', async () => {
    const file = join(dir, `${deadPid()}-a1.json`);
    writeFileSync(file, JSON.stringify(note('a1', ownNetns())));
    const deleted: string[] = [];
    const scripts: string[] = [];
    const r = await recoverDeadRuns(async () => [bridge], async (ifname) => void deleted.push(ifname), { rules: async () => masquerade('cnistudio-a1'), restore: async (_f, script) => void scripts.push(script) }, dir);
    expect(r).toEqual({ links: ['cnistudio-jb1'], leases: [], files: [], rules: ['ipv4 nat/CNI-0123456789abcdef01234567'] });
    expect(deleted).toEqual(['cnistudio-jb1']);
    expect(scripts[0]).toContain('-X CNI-0123456789abcdef01234567');
    expect(existsSync(file)).toBe(false);
  });

  it("leaves a note written in another network namespace, whose links and rules it cannot see (unshare --net)", async () => {
    const file = join(dir, `${deadPid()}-b2.json`);
    writeFileSync(file, JSON.stringify(note('b2', 'net:[1]')));
    const deleted: string[] = [];
    const r = await recoverDeadRuns(async () => [bridge], async (ifname) => void deleted.push(ifname), { rules: async () => masquerade('cnistudio-b2'), restore: async () => {} }, dir);
    expect(r).toEqual({ links: [], leases: [], files: [], rules: [] });
    expect(deleted).toEqual([]);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
  });

  it('leaves the note of a helper that still runs', async () => {
    const file = join(dir, `${process.ppid}-c3.json`);
    writeFileSync(file, JSON.stringify(note('c3', ownNetns())));
    const r = await recoverDeadRuns(async () => [bridge], async () => {}, undefined, dir);
    expect(r.links).toEqual([]);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
  });
});
