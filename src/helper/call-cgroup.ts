// A cgroup for each plugin call, as root. Every process the plugin starts is born in it, whatever it
// does to its session, process group or environment, so the sweep after the call finds them all, and
// its pids.max bounds how many tasks it may hold (a fork bomb stops there). The helper steps into the
// group only to start the plugin and steps straight back out: the child is born inside, never outside
// for a moment. The pids hierarchy of cgroup v1 is used where mounted, else cgroup v2 (with pids.max
// when its controller can be enabled there). Without a writable hierarchy (not root, none mounted: `ip
// netns exec` mounts a /sys of its own, without the cgroup mounts) calls run as before, their children
// found by process group, session, marker and pipes (descendants.ts), and the helper says so. In a
// mount namespace of its own (ip netns exec's) it mounts the hierarchy first (cgroup-mount.ts).
// (containmentNote: in the probe's answer, lab serve's start and each run). A plugin is
// root and could move itself out: like the rest of what root can do, that is beyond any sweep.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRunning } from './pids';
import { mountCgroupPrivately } from './cgroup-mount';

/** Tasks (threads count) a call's group may hold, the helper's own while it starts the plugin included. */
export const TASKS_PER_CALL = 512;
/** Call groups are named `cni-studio.<helper pid>.<call>`. */
export const PREFIX = 'cni-studio.';

export interface Hierarchy {
  version: 1 | 2;
  /** The helper's own cgroup folder, where it steps back to. */
  own: string;
  /** Where the helper's folder of call groups is made. */
  parent: string;
}

interface CgroupLine {
  controllers: string[];
  path: string;
}

/** /proc/<pid>/cgroup: `id:controllers:path` per hierarchy (`0::path` for cgroup v2). */
export function parseCgroupFile(text: string): CgroupLine[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, controllers = '', ...path] = line.split(':');
      return { controllers: controllers ? controllers.split(',') : [], path: path.join(':') };
    });
}

interface CgroupMount {
  /** The folder of the hierarchy the mount shows (not "/" inside a container's bind mount). */
  root: string;
  mountPoint: string;
  version: 1 | 2;
  options: string[];
}

/** The cgroup mounts in /proc/self/mountinfo (fields: …, root, mount point, …, "-", type, source, super options). */
export function parseCgroupMounts(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const [left = '', right = ''] = line.split(' - ');
    const fields = left.split(' ');
    const [type, , superOptions = ''] = right.split(' ');
    if ((type !== 'cgroup' && type !== 'cgroup2') || fields.length < 5) continue;
    const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    mounts.push({ root: unescape(fields[3]!), mountPoint: unescape(fields[4]!), version: type === 'cgroup2' ? 2 : 1, options: superOptions.split(',') });
  }
  return mounts;
}

/** Where a cgroup path of a hierarchy is on disk through a mount of it, or undefined when the mount does not show it. */
function onDisk(mount: CgroupMount, path: string): string | undefined {
  const root = mount.root === '/' ? '' : mount.root;
  if (root && path !== root && !path.startsWith(`${root}/`)) return undefined;
  return resolve(mount.mountPoint, `.${path.slice(root.length)}`);
}

/**
 * The hierarchy the calls' groups go in: cgroup v1's pids where mounted (call groups under the helper's
 * own, which v1 allows), else cgroup v2's (under the mount's top: below it, a folder holding processes
 * may not give its children controllers).
 */
export function chooseHierarchy(cgroupText: string, mountinfoText: string, prefer?: 1 | 2): Hierarchy | undefined {
  const lines = parseCgroupFile(cgroupText);
  const mounts = parseCgroupMounts(mountinfoText);
  const v1 = (): Hierarchy | undefined => {
    const line = lines.find((l) => l.controllers.includes('pids'));
    const mount = mounts.find((m) => m.version === 1 && m.options.includes('pids'));
    const own = line && mount && onDisk(mount, line.path);
    return own ? { version: 1, own, parent: own } : undefined;
  };
  const v2 = (): Hierarchy | undefined => {
    const line = lines.find((l) => l.controllers.length === 0 && l.path.startsWith('/'));
    const mount = mounts.find((m) => m.version === 2);
    const own = line && mount && onDisk(mount, line.path);
    return own && mount ? { version: 2, own, parent: mount.mountPoint } : undefined;
  };
  return prefer === 2 ? v2() : (v1() ?? (prefer === 1 ? undefined : v2()));
}

const readPids = (folder: string): number[] => {
  try {
    return readFileSync(join(folder, 'cgroup.procs'), 'latin1').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/** Groups whose killed tasks were still dying when they were closed: tried again, and once more as the helper exits. */
const pending = new Set<string>();
let exitHooked = false;

/** Removes a call group once its last task has gone: now, or a little later while killed tasks finish dying. */
function removeWhenEmpty(folder: string, tries = 50): void {
  try {
    rmdirSync(folder);
    pending.delete(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EBUSY' || tries <= 0) return void pending.delete(folder);
    pending.add(folder);
    setTimeout(() => removeWhenEmpty(folder, tries - 1), 100).unref();
    if (!exitHooked) {
      exitHooked = true;
      process.once('exit', () => {
        for (const f of pending) removeWhenEmpty(f, 0);
      });
    }
  }
}

export interface CallGroup {
  readonly folder: string;
  /** Starts the plugin inside the group: the helper steps in, starts it, steps back out (where the group refuses the helper, it starts outside). */
  spawnInside<T>(start: () => T): T;
  /** Kills every task in the group (pids.max 0 first, so none can start another); returns the pids it has found so far, `except` left out. */
  killAll(except?: number): number[];
  /** Kills what is left and removes the group once empty. */
  close(except?: number): number[];
}

export class CallGroups {
  private next = 0;

  private constructor(
    private readonly hierarchy: Hierarchy,
    private readonly limits: boolean,
  ) {}

  /** The helper's call groups (stale ones of helpers that are gone removed first), or undefined when none can be made. */
  static open(hierarchy: Hierarchy | undefined): CallGroups | undefined {
    if (!hierarchy) return undefined;
    removeStale(hierarchy.parent);
    // cgroup v2: pids.max exists in the groups when their parent gives them the controller (it is left as it is).
    const limits = hierarchy.version === 1 || readWords(join(hierarchy.parent, 'cgroup.subtree_control')).includes('pids');
    return new CallGroups(hierarchy, limits);
  }

  /** A new group for one call, or undefined when it cannot be made (the call then runs without one). */
  group(): CallGroup | undefined {
    const folder = join(this.hierarchy.parent, `${PREFIX}${process.pid}.${(this.next++).toString(36)}`);
    try {
      mkdirSync(folder);
      if (this.limits) writeFileSync(join(folder, 'pids.max'), String(TASKS_PER_CALL));
    } catch {
      removeWhenEmpty(folder, 0);
      return undefined;
    }
    const own = this.hierarchy.own;
    const limits = this.limits;
    const v2 = this.hierarchy.version === 2;
    const found = new Set<number>();
    const killAll = (except?: number): number[] => {
      killIn(folder, limits, v2, found);
      return [...found].filter((pid) => pid !== except).sort((a, b) => a - b);
    };
    return {
      folder,
      spawnInside<T>(start: () => T): T {
        try {
          writeFileSync(join(folder, 'cgroup.procs'), String(process.pid));
        } catch {
          return start(); // the group refuses the helper (a kernel or mount that forbids it): run as without one
        }
        try {
          return start();
        } finally {
          writeFileSync(join(own, 'cgroup.procs'), String(process.pid));
        }
      },
      killAll,
      close(except?: number) {
        const killed = killAll(except);
        removeWhenEmpty(folder);
        return killed;
      },
    };
  }
}

/**
 * SIGKILLs every task in a group, adding their pids to `found`: pids.max 0 first (where the group has it),
 * so nothing in it can start another, and rounds end once a read finds nothing new (killed tasks stay
 * listed until they have finished dying); cgroup v2's cgroup.kill where there is one.
 */
function killIn(folder: string, limits: boolean, v2: boolean, found: Set<number>): void {
  if (limits) {
    try {
      writeFileSync(join(folder, 'pids.max'), '0');
    } catch {
      // gone already
    }
  }
  for (let round = 0; round < 20; round++) {
    const fresh = readPids(folder).filter((pid) => pid !== process.pid && !found.has(pid));
    if (fresh.length === 0) break;
    if (v2 && existsSync(join(folder, 'cgroup.kill'))) {
      try {
        writeFileSync(join(folder, 'cgroup.kill'), '1');
      } catch {
        // signals below do the same
      }
    }
    for (const pid of fresh) {
      found.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

const readWords = (file: string): string[] => {
  try {
    return readFileSync(file, 'latin1').split(/\s+/);
  } catch {
    return [];
  }
};

/**
 * Call groups of helpers that are gone (only ours, by name): what still runs in them (a helper killed
 * mid-call leaves its plugin running) is killed, as the helper would have, and they are removed.
 */
function removeStale(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length).split('.')[0]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const folder = join(parent, name);
    killIn(folder, existsSync(join(folder, 'pids.max')), existsSync(join(folder, 'cgroup.kill')), new Set());
    removeWhenEmpty(folder);
  }
}

let shared: CallGroups | undefined | null = null;

/** This helper's call groups, opened on first use (undefined when cgroups cannot be used here). */
export function callGroups(): CallGroups | undefined {
  if (shared === null) {
    let hierarchy: Hierarchy | undefined;
    try {
      if (process.getuid?.() === 0) {
        const cgroups = readFileSync('/proc/self/cgroup', 'latin1');
        hierarchy = chooseHierarchy(cgroups, readFileSync('/proc/self/mountinfo', 'latin1'));
        // None mounted here (`ip netns exec`'s mount namespace): mounted, when the namespace is the helper's alone (cgroup-mount.ts).
        if (!hierarchy && mountCgroupPrivately(parseCgroupFile(cgroups).some((l) => l.controllers.includes('pids')))) hierarchy = chooseHierarchy(cgroups, readFileSync('/proc/self/mountinfo', 'latin1'));
      }
    } catch {
      hierarchy = undefined;
    }
    shared = CallGroups.open(hierarchy);
  }
  return shared;
}

/**
 * As root, when no call can have a cgroup: what that means, in words (for the probe's answer, `lab serve`'s
 * start and each run); undefined when calls have one, or when not root (no run happens then).
 */
export function containmentNote(groups: CallGroups | undefined = callGroups()): string | undefined {
  if (process.getuid?.() !== 0 || groups) return undefined;
  return "No cgroup hierarchy is mounted where the helper can write, and it could mount none (it does in a mount namespace of its own, as `ip netns exec` makes, unless CNI_STUDIO_NO_CGROUP_MOUNT is set): what a plugin starts is found only by its process group, session, environment marker, the helper's pipes and its parent chain, and a child that leaves all of them outlives the run unseen. Run the helper where /sys/fs/cgroup is mounted to have each call held in a cgroup of its own.";
}
