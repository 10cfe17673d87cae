// Where the programs the helper starts are looked up, its own (ip, iptables-save, ping, grep, dpkg-query)
// and the ones plugins start (iptables, ip, modprobe): only system directories that root owns and no one
// else can write, never the PATH the helper was started with. `npm start` puts node_modules/.bin (and each
// parent's) first, a user's PATH may hold `.` or their own bin: as root, an `iptables` planted there
// would run as root. Node looks a bare command up in the PATH of the env it is given, so every child gets
// `childEnv()` and nothing else of the helper's environment.
import { execFile } from 'node:child_process';
import { existsSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The default root PATH of Debian (and sudo's secure_path, systemd's default), in its order. */
export const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const;

type Stat = (path: string) => Pick<Stats, 'uid' | 'mode' | 'isDirectory'>;
type RealPath = (path: string) => string;

/** The first problem `problem` finds on `path` or a directory above it, up to /, for the path as written and as its links resolve. */
function onTheWay(path: string, problem: (at: string, s: ReturnType<Stat>) => string | undefined, stat: Stat, real: RealPath): string | undefined {
  const absolute = resolve(path);
  let target: string;
  try {
    target = real(absolute);
  } catch {
    return `${absolute} cannot be read`;
  }
  for (const start of target === absolute ? [absolute] : [absolute, target]) {
    for (let at = start; ; at = dirname(at)) {
      let s: ReturnType<Stat>;
      try {
        s = stat(at);
      } catch {
        return `${at} cannot be read`;
      }
      const found = problem(at, s);
      if (found) return found;
      if (at === '/') break;
    }
  }
  return undefined;
}

/** Whether `dir` and each directory above it (as written and as its links resolve) is a directory root owns that neither group nor others may write. */
export function trustedDir(dir: string, stat: Stat = statSync, real: RealPath = realpathSync): boolean {
  if (!dir.startsWith('/')) return false;
  return onTheWay(dir, (at, s) => (!s.isDirectory() || s.uid !== 0 || (s.mode & 0o022) !== 0 ? `${at} is not root's alone` : undefined), stat, real) === undefined;
}

/**
 * Why someone other than root could change what `path` runs: the file itself, or a directory on its way
 * from / (as written, and as its links resolve), belongs to another user (who may rewrite or rename it) or
 * is writable by its group or by others. A sticky directory (/tmp) lets no one replace another's entry, so
 * it passes. undefined when no one but root could.
 */
export function replaceableBy(path: string, stat: Stat = statSync, real: RealPath = realpathSync): string | undefined {
  return onTheWay(
    path,
    (at, s) => {
      if (s.uid !== 0) return `${at} belongs to uid ${s.uid}, not root`;
      const sticky = s.isDirectory() && (s.mode & 0o1000) !== 0;
      return (s.mode & 0o022) !== 0 && !sticky ? `${at} is writable by ${(s.mode & 0o002) !== 0 ? 'every user' : 'its group'}` : undefined;
    },
    stat,
    real,
  );
}

/** As root, why what `path` holds (a plugin, a CNI_PATH directory) must not be run: see `LabHost.replaceable`. */
export function replaceable(path: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let at = resolve(path);
  while (!existsSync(at) && at !== '/') at = dirname(at);
  return replaceableBy(at);
}

let cached: readonly string[] | undefined;

/** The system directories that pass `trustedDir`, in PATH order (a Debian whose /usr/local is group `staff` writable loses it). */
export function trustedDirs(dirs: readonly string[] = SYSTEM_DIRS, stat: Stat = statSync, real: RealPath = realpathSync): readonly string[] {
  if (dirs === SYSTEM_DIRS && stat === statSync && real === realpathSync) return (cached ??= SYSTEM_DIRS.filter((d) => trustedDir(d)));
  return dirs.filter((d) => trustedDir(d, stat, real));
}

/** The environment of every process the helper starts: PATH from trusted system directories, nothing else but `extra`, which cannot replace it. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...extra, PATH: trustedDirs().join(':') };
}

const execFileAsync = promisify(execFile);

/** Runs a system program with argv (never a shell), looked up in the trusted PATH, `childEnv()` its whole environment. */
export const runTool = (file: string, args: readonly string[], options: { timeout: number; maxBuffer?: number }) => execFileAsync(file, [...args], { ...options, env: childEnv() });
