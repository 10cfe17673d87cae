// When the helper may mount the cgroup hierarchy itself (cgroup-mount.ts): only in a mount namespace all of
// whose processes are its own, judged from a /proc made here.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupMountArgs, mountCgroupPrivately, mountNamespaceIsOwn } from './cgroup-mount';

let proc = '';
afterEach(() => rmSync(proc, { recursive: true, force: true }));

/** A /proc of these processes: pid → [mount namespace, parent pid]. */
function fakeProc(processes: Record<number, [string, number]>): string {
  proc = mkdtempSync(join(tmpdir(), 'cnistudio-proc-'));
  for (const [pid, [ns, parent]] of Object.entries(processes)) {
    mkdirSync(join(proc, pid, 'ns'), { recursive: true });
    symlinkSync(ns, join(proc, pid, 'ns', 'mnt'));
    // The command may hold spaces and parentheses: the fields are counted from its last ')'.
    writeFileSync(join(proc, pid, 'stat'), `${pid} (node (helper) x) S ${parent} ${pid} ${pid} 0 -1\n`);
  }
  return proc;
}

describe('mountNamespaceIsOwn', () => {
  it("is true when every process of the namespace is the helper or its descendant (ip netns exec's)", () => {
    const p = fakeProc({ 1: ['mnt:[1]', 0], 40: ['mnt:[1]', 1], 50: ['mnt:[9]', 40], 51: ['mnt:[9]', 50], 52: ['mnt:[9]', 51], 60: ['mnt:[1]', 1] });
    expect(mountNamespaceIsOwn(p, 50)).toBe(true);
  });

  it('is false when another process shares it (a container, the host), or its own is unreadable', () => {
    const p = fakeProc({ 1: ['mnt:[1]', 0], 2: ['mnt:[1]', 0], 30: ['mnt:[1]', 1], 40: ['mnt:[9]', 1], 50: ['mnt:[9]', 40], 51: ['mnt:[9]', 50] });
    // 40, its parent, is in the namespace too: a shell that started it in a container.
    expect(mountNamespaceIsOwn(p, 50)).toBe(false);
    // The host's: init's, shared with every process (kthreadd's parent is 0, not init).
    expect(mountNamespaceIsOwn(p, 30)).toBe(false);
    expect(mountNamespaceIsOwn(p, 1)).toBe(false);
    expect(mountNamespaceIsOwn(p, 77)).toBe(false);
  });
});

describe('mounting the hierarchy', () => {
  it("mounts the host's kind: cgroup v1's pids where the kernel binds pids there, else cgroup2, at /sys/fs/cgroup", () => {
    expect(cgroupMountArgs(true)).toEqual(['-t', 'cgroup', '-o', 'pids', 'cni-studio', '/sys/fs/cgroup']);
    expect(cgroupMountArgs(false)).toEqual(['-t', 'cgroup2', 'cni-studio', '/sys/fs/cgroup']);
  });

  it('mounts nothing where the namespace is not its own, nor with CNI_STUDIO_NO_CGROUP_MOUNT set', () => {
    expect(mountCgroupPrivately(true, () => false)).toBe(false);
    process.env.CNI_STUDIO_NO_CGROUP_MOUNT = '1';
    try {
      expect(mountCgroupPrivately(true, () => true)).toBe(false);
    } finally {
      delete process.env.CNI_STUDIO_NO_CGROUP_MOUNT;
    }
  });
});
