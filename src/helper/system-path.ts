// Where the programs the helper starts are looked up, its own (ip, iptables-save, ping, grep, dpkg-query)
// and the ones plugins start (iptables, ip, modprobe): only system directories that root owns and no one
// else can write, never the PATH the helper was started with. `npm start` puts node_modules/.bin (and each
// parent's) first, a user's PATH may hold `.` or their own bin: as root, an `iptables` planted there
// would run as root. Node looks a bare command up in the PATH of the env it is given, so every child gets
// `childEnv()` and nothing else of the helper's environment.
import { execFile } from 'node:child_process';
import { statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

/** The default root PATH of Debian (and sudo's secure_path, systemd's default), in its order. */
export const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const;

type Stat = (path: string) => Pick<Stats, 'uid' | 'mode' | 'isDirectory'>;

/** Whether `dir` and each directory above it is a directory root owns that neither group nor others may write. */
export function trustedDir(dir: string, stat: Stat = statSync): boolean {
  if (!dir.startsWith('/')) return false;
  for (let at = dir; ; at = dirname(at)) {
    try {
      const s = stat(at);
      if (!s.isDirectory() || s.uid !== 0 || (s.mode & 0o022) !== 0) return false;
    } catch {
      return false;
    }
    if (at === '/') return true;
  }
}

/**
 * Why someone other than a file's owner (and root) could change what `path` runs: the file itself, or a
 * directory on its way from /, is writable by its group or by others. A sticky directory (/tmp) lets no
 * one replace another's entry, so it passes. undefined when no one could.
 */
export function replaceableBy(path: string, stat: Stat = statSync): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    let s: ReturnType<Stat>;
    try {
      s = stat(at);
    } catch {
      return `${at} cannot be read`;
    }
    const sticky = s.isDirectory() && (s.mode & 0o1000) !== 0;
    if ((s.mode & 0o022) !== 0 && !sticky) return `${at} is writable by ${(s.mode & 0o002) !== 0 ? 'every user' : 'its group'}`;
    if (at === '/' || !at.startsWith('/')) return undefined;
  }
}

let cached: readonly string[] | undefined;

/** The system directories that pass `trustedDir`, in PATH order (a Debian whose /usr/local is group `staff` writable loses it). */
export function trustedDirs(dirs: readonly string[] = SYSTEM_DIRS, stat: Stat = statSync): readonly string[] {
  if (dirs === SYSTEM_DIRS && stat === statSync) return (cached ??= SYSTEM_DIRS.filter((d) => trustedDir(d)));
  return dirs.filter((d) => trustedDir(d, stat));
}

/** The environment of every process the helper starts: PATH from trusted system directories, nothing else but `extra`, which cannot replace it. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...extra, PATH: trustedDirs().join(':') };
}

const execFileAsync = promisify(execFile);

/** Runs a system program with argv (never a shell), looked up in the trusted PATH, `childEnv()` its whole environment. */
export const runTool = (file: string, args: readonly string[], options: { timeout: number; maxBuffer?: number }) => execFileAsync(file, [...args], { ...options, env: childEnv() });
