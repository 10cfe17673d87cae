// Finding the processes a plugin left behind. A plugin runs in its own process group and session, but a
// child can leave the group (a job of its own) or both (setsid) and outlive the plugin. Four marks find
// it: the plugin's process group, its session, the invocation's marker in the environment (inherited
// unless scrubbed), and the plugin's ends of the helper's pipes (its stdin, stdout and stderr, held
// unless closed: no other process has them), and a parent chain leads from any of them to their
// children. Only processes started after the plugin are considered, and only those whose pid the kernel
// gave since it started (`newPids`): a handful of /proc entries read instead of every process's, after
// each plugin call. A child that scrubs its environment, leaves the session, closes those pipes and whose
// parent is gone is out of reach of all of them: as root the call's cgroup holds it (call-cgroup.ts);
// without one it can no longer stall a run (the executor stops reading output a grace after the plugin
// exits), and the helper says its containment is weaker (call-cgroup.ts containmentNote).
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';

/** The environment variable that marks every process an invocation starts. */
export const MARKER_ENV = 'CNISTUDIO_INVOCATION';

export interface Origin {
  leader: number;
  marker: string;
  /** The plugin's start time in clock ticks since boot; processes started earlier are not its own. */
  startTicks?: number;
  /** Where pid allocation stood just before the plugin was started. */
  before?: PidMark;
  /**
   * The plugin's stdin, stdout and stderr as /proc names them ("socket:[1234]": Node's pipes to a child are
   * socket pairs): the plugin's ends of the helper's pipes, which only it and its descendants hold.
   */
  pipes?: string[];
}

/** Where the kernel's pid allocation stands: the last pid it gave (in this pid namespace), the tasks it has made since boot, the tasks alive. */
export interface PidMark {
  lastPid: number;
  forks: number;
  tasks: number;
}

/** Pid numbers below this are not given again once pids wrap (the kernel's RESERVED_PIDS). */
const RESERVED_PIDS = 300;

/**
 * A test for the pids the kernel may have given between two marks, or undefined when it may have given
 * any. It gives them in turn, cyclically (up to pid_max, then from the reserved ones on), so new pids lie
 * after `before.lastPid`, up to `now.lastPid`, unless its cursor came round past `before.lastPid` again.
 * Coming round means passing every number, each either given (a fork, threads included) or skipped as in
 * use (a task alive at the start, or one started since): fewer forks and tasks than that cannot. (A
 * plugin, as root, could move the cursor itself; like one that scrubs its environment and leaves the
 * session, that is out of reach.)
 */
export function newPids(before: PidMark, now: PidMark, pidMax: number): ((pid: number) => boolean) | undefined {
  const forks = now.forks - before.forks;
  if (forks < 0 || 2 * forks + before.tasks >= pidMax - RESERVED_PIDS) return undefined;
  const [from, to] = [before.lastPid, now.lastPid];
  return from <= to ? (pid) => pid > from && pid <= to : (pid) => pid > from || pid <= to;
}

const readNumber = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : undefined);

/** The pid mark now, from /proc (undefined without it: every process is then read). */
export function pidMark(): PidMark | undefined {
  try {
    const lastPid = readNumber(readFileSync('/proc/sys/kernel/ns_last_pid', 'latin1'));
    const forks = readNumber(/^processes (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'))?.[1]);
    const tasks = readNumber(readFileSync('/proc/loadavg', 'latin1').split(' ')[3]?.split('/')[1]);
    return lastPid !== undefined && forks !== undefined && tasks !== undefined ? { lastPid, forks, tasks } : undefined;
  } catch {
    return undefined;
  }
}

let pidMax: number | undefined;
const readPidMax = () => {
  try {
    return (pidMax ??= readNumber(readFileSync('/proc/sys/kernel/pid_max', 'latin1')));
  } catch {
    return undefined;
  }
};

interface Stat {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  startTicks: number;
}

/** One buffer for every stat read: a sweep reads every process's, after each plugin call. */
const statBuffer = Buffer.alloc(4096);

/** A /proc stat file (a line of well under 4 KiB) with three calls: readFileSync's stat and growing cost twice as much. */
function readStatText(pid: number): string {
  const fd = openSync(`/proc/${pid}/stat`, 'r');
  try {
    return statBuffer.toString('latin1', 0, readSync(fd, statBuffer, 0, statBuffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readStatText(pid);
    // The command name sits in parentheses and may itself hold spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), startTicks: Number(fields[19]) };
  } catch {
    return undefined; // gone, or no /proc
  }
}

function hasMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARKER_ENV}=${marker}`);
  } catch {
    return false;
  }
}

/** How many descriptors of a process are read for the plugin's pipes (a process could hold a great many). */
const FDS_READ = 256;

/** What a process's descriptors 0, 1 and 2 are ("socket:[1234]", "/dev/null"), those it has. */
function stdioOf(pid: number): string[] {
  return [0, 1, 2].flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

/** Whether a process holds one of `pipes` among its first FDS_READ descriptors. */
function holdsPipe(pid: number, pipes: readonly string[]): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`).slice(0, FDS_READ);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return pipes.includes(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false;
    }
  });
}

/** What identifies the plugin's descendants, read right after it started (`before`: the pid mark taken just before). */
export function originOf(leader: number, marker: string, before?: PidMark): Origin {
  const pipes = stdioOf(leader).filter((name) => name.startsWith('socket:') || name.startsWith('pipe:'));
  return { leader, marker, startTicks: readStat(leader)?.startTicks, ...(before ? { before } : {}), ...(pipes.length ? { pipes } : {}) };
}

/** Processes still alive that the invocation started, the plugin itself excepted. */
export function findDescendants(origin: Origin): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
  const now = origin.before && pidMark();
  const max = readPidMax();
  const given = origin.before && now && max !== undefined ? newPids(origin.before, now, max) : undefined;
  if (given) pids = pids.filter(given);
  const stats = pids.map(readStat).filter((s): s is Stat => s !== undefined && s.pid !== origin.leader && s.pid !== process.pid && (origin.startTicks === undefined || s.startTicks >= origin.startTicks));
  // The plugin leads its own session (started detached): a child that left only its process group is still in it.
  const pipes = origin.pipes ?? [];
  const found = new Set(stats.filter((s) => s.pgid === origin.leader || s.sid === origin.leader || hasMarker(s.pid, origin.marker) || (pipes.length > 0 && holdsPipe(s.pid, pipes))).map((s) => s.pid));
  // Children of what was found (a scrubbed environment does not hide a process from its parent chain).
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (!found.has(s.pid) && found.has(s.ppid)) {
        found.add(s.pid);
        grew = true;
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** SIGKILL each pid; returns those that were still there to kill. */
export function killAll(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  });
}
