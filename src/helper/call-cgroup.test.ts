// The call's cgroup: reading the machine's hierarchies (any machine), then, as root, the real thing on
// both cgroup versions this machine mounts: what a plugin leaves behind is found and killed whatever it
// did to hide, a fork bomb stops at the limit, and no group is left behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallGroups, chooseHierarchy, parseCgroupMounts, PREFIX, TASKS_PER_CALL } from './call-cgroup';
import { spawnExecutor } from './executor';
import { gone, withBusyCopy } from './process-testing';
import { spawn } from 'node:child_process';

const BIN = resolve(__dirname, 'testdata/cni-bin');
const root = process.getuid?.() === 0;
const CI = process.env.CI === 'true' || process.env.CI === '1';

const HYBRID_CGROUP = '9:name=systemd:/\n8:pids:/\n4:memory:/a/b\n0::/\n';
const HYBRID_MOUNTS = [
  '30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
  '40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

describe('choosing the hierarchy', () => {
  it('takes cgroup v1 pids where mounted, under the helper’s own group', () => {
    expect(chooseHierarchy(HYBRID_CGROUP.replace('8:pids:/', '8:pids:/lab.slice'), HYBRID_MOUNTS)).toEqual({ version: 1, own: '/sys/fs/cgroup/pids/lab.slice', parent: '/sys/fs/cgroup/pids/lab.slice' });
  });

  it('takes cgroup v2 otherwise, with the groups at the top of its mount (a folder holding processes may not give its children controllers)', () => {
    const mounts = '25 22 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate';
    expect(chooseHierarchy('0::/system.slice/cni-studio.service\n', mounts)).toEqual({ version: 2, own: '/sys/fs/cgroup/system.slice/cni-studio.service', parent: '/sys/fs/cgroup' });
    expect(chooseHierarchy(HYBRID_CGROUP, HYBRID_MOUNTS, 2)).toEqual({ version: 2, own: '/sys/fs/cgroup/unified', parent: '/sys/fs/cgroup/unified' });
  });

  it('reads a container’s bind mount of its own part of the hierarchy, and refuses a group the mount does not show', () => {
    const mounts = '40 30 0:35 /docker/abc /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids';
    expect(chooseHierarchy('3:pids:/docker/abc/lab\n', mounts)?.own).toBe('/sys/fs/cgroup/pids/lab');
    expect(chooseHierarchy('3:pids:/other\n', mounts)).toBeUndefined();
  });

  it('has none without a cgroup mount', () => {
    expect(chooseHierarchy(HYBRID_CGROUP, '22 1 0:20 / /sys rw - sysfs sysfs rw')).toBeUndefined();
    expect(parseCgroupMounts('41 30 0:38 / /sys/fs/cgroup/my\\040pids rw - cgroup cgroup rw,pids')[0]?.mountPoint).toBe('/sys/fs/cgroup/my pids');
  });
});

const mine = (parent: string) => readdirSync(parent).filter((n) => n.startsWith(`${PREFIX}${process.pid}.`));

async function emptied(parent: string): Promise<string[]> {
  for (let i = 0; i < 100 && mine(parent).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return mine(parent);
}

const self = () => ({ cgroup: readFileSync('/proc/self/cgroup', 'latin1'), mounts: readFileSync('/proc/self/mountinfo', 'latin1') });

describe.runIf(root || CI)('as root, on this machine’s hierarchies', () => {
  it(`has a cgroup hierarchy to use${CI ? ' (required in CI)' : ''}`, () => {
    expect(root).toBe(true);
    expect(chooseHierarchy(self().cgroup, self().mounts)).toBeDefined();
  });

  for (const version of [1, 2] as const) {
    const hierarchy = root ? chooseHierarchy(self().cgroup, self().mounts, version) : undefined;
    it.runIf(hierarchy)(`cgroup v${version}: a child with an empty environment in a session of its own is born in the call’s group, found and killed`, async () => {
      const groups = CallGroups.open(hierarchy)!;
      const group = groups.group()!;
      const child = group.spawnInside(() => spawn(`${BIN}/scrubbed-child`, [], { env: { CNI_COMMAND: 'ADD' }, stdio: ['ignore', 'pipe', 'ignore'], detached: true }));
      expect(readFileSync(`/proc/${process.pid}/cgroup`, 'latin1')).not.toContain(group.folder.slice(hierarchy!.parent.length));
      await new Promise((r) => child.on('exit', r));
      // Its shell's fork runs `env -i setsid sleep` in turn: wait for the sleep, in a session of its own.
      const procs = () => readFileSync(`${group.folder}/cgroup.procs`, 'latin1').split('\n').filter(Boolean).map(Number);
      const isSleep = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'latin1').startsWith(`${pid} (sleep) `);
      for (let i = 0; i < 200 && !(procs().length === 1 && isSleep(procs()[0]!)); i++) await new Promise((r) => setTimeout(r, 10));
      const inside = procs();
      expect(inside).toHaveLength(1);
      expect(isSleep(inside[0]!)).toBe(true);
      expect(readFileSync(`/proc/${inside[0]}/environ`, 'latin1')).toBe('');
      const left = group.close(child.pid);
      expect(left).toEqual(inside);
      expect(await gone(left)).toBe(true);
      expect(await emptied(hierarchy!.parent)).toEqual([]);
    });
  }

  it('a helper killed mid-call left its plugin running in its group: the next helper kills it and removes the group', async () => {
    const hierarchy = chooseHierarchy(self().cgroup, self().mounts)!;
    // A helper that is gone: the pid of a process that has ended.
    const ended = spawn('true');
    await new Promise((r) => ended.on('exit', r));
    const stale = `${hierarchy.parent}/${PREFIX}${ended.pid}.0`;
    mkdirSync(stale);
    const plugin = spawn('sleep', ['100'], { stdio: 'ignore', detached: true });
    writeFileSync(`${stale}/cgroup.procs`, String(plugin.pid));
    expect(CallGroups.open(hierarchy)).toBeDefined();
    expect(await gone([plugin.pid!])).toBe(true);
    for (let i = 0; i < 100 && existsSync(stale); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(stale)).toBe(false);
  });

  it('a plugin that cannot start (open for writing) leaves no group behind', async () => {
    const hierarchy = chooseHierarchy(self().cgroup, self().mounts)!;
    await withBusyCopy(`${BIN}/garbage`, async (busy) => {
      const r = await spawnExecutor.run({ binary: busy, env: { CNI_COMMAND: 'VERSION' }, stdin: '', timeoutMs: 1000 });
      expect(r.spawnError).toMatch(/ETXTBSY/);
      expect(await emptied(hierarchy.parent)).toEqual([]);
    });
  });

  it('the executor reports and kills what the scrubbed child left, which it could not reach before', async () => {
    const r = await spawnExecutor.run({ binary: `${BIN}/scrubbed-child`, env: { CNI_COMMAND: 'ADD' }, stdin: '{}', timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.survivors).toHaveLength(1);
    expect(await gone(r.survivors!)).toBe(true);
  });

  it('a fork bomb stops at the call’s task limit; all of it is killed and the group removed', async () => {
    const hierarchy = chooseHierarchy(self().cgroup, self().mounts)!;
    const r = await spawnExecutor.run({ binary: `${BIN}/fork-many`, env: { CNI_COMMAND: 'ADD' }, stdin: '{}', timeoutMs: 60_000 });
    expect(r.exitCode).not.toBeNull(); // it ended by itself (its shell fails to fork past the limit)
    expect(r.timedOut).toBe(false);
    expect(r.survivors!.length).toBeGreaterThan(100);
    expect(r.survivors!.length).toBeLessThan(TASKS_PER_CALL);
    expect(await gone(r.survivors!)).toBe(true);
    expect(await emptied(hierarchy.parent)).toEqual([]);
    expect(existsSync(hierarchy.own)).toBe(true);
  }, 90_000);
});
