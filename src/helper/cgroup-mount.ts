// Under `ip netns exec` the helper runs in a mount namespace ip made for it (to mount a /sys that shows the
// network namespace's devices), where no cgroup hierarchy is mounted: its calls then had no cgroup, and a
// plugin's child that left its session, environment and pipes outlived the run. When every process in that
// mount namespace is the helper or its own descendant, mounting the hierarchy there, at /sys/fs/cgroup as
// the host has it, is seen by no one else (ip made the namespace a slave: nothing propagates back), and it
// goes with the namespace. The hierarchy is the host's own (cgroup v1's pids where the kernel binds pids
// there, else cgroup2), so call groups are made where a helper on the host makes them.
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parentPid, processesIn } from './pids';

/**
 * Whether this process's mount namespace is its own: every process in it is `self` or a descendant of it
 * (init's is everyone's). A process whose namespace root cannot read (one of another user namespace) is in
 * none made after it, as ip's is; its own namespace unreadable, the answer is no.
 */
export function mountNamespaceIsOwn(proc = '/proc', self = process.pid): boolean {
  try {
    const mine = readlinkSync(join(proc, String(self), 'ns/mnt'));
    // Up each one's parents to this process, or to one outside the namespace's processes (init, 0): not ours.
    return processesIn('mnt', mine, proc).every((pid) => {
      let at: number | undefined = pid;
      for (let hops = 0; at !== undefined && at !== self && at > 1 && hops < 64; hops++) at = parentPid(at, proc);
      return at === self;
    });
  } catch {
    return false;
  }
}

/** The mount that gives a private mount namespace the host's hierarchy: cgroup v1's pids where the kernel binds pids there (`v1Pids`), else cgroup2. */
export const cgroupMountArgs = (v1Pids: boolean): string[] => (v1Pids ? ['-t', 'cgroup', '-o', 'pids', 'cni-studio', '/sys/fs/cgroup'] : ['-t', 'cgroup2', 'cni-studio', '/sys/fs/cgroup']);

/**
 * As root, in a mount namespace of its own (`mountNamespaceIsOwn`), mounts the cgroup hierarchy at
 * /sys/fs/cgroup; whether it did. `CNI_STUDIO_NO_CGROUP_MOUNT` set: never (to run, and test, without).
 */
export function mountCgroupPrivately(v1Pids: boolean, own: () => boolean = mountNamespaceIsOwn): boolean {
  if (process.getuid?.() !== 0 || process.env.CNI_STUDIO_NO_CGROUP_MOUNT !== undefined || !own()) return false;
  try {
    execFileSync('mount', cgroupMountArgs(v1Pids), { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
