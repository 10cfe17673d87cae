// Where the programs the helper starts are looked up, its own (ip, iptables-save, ping, grep, dpkg-query)
// and the ones plugins start (iptables, ip, modprobe): only system directories that root owns and no one
// else can write, never the PATH the helper was started with. `npm start` puts node_modules/.bin (and each
// parent's) first, a user's PATH may hold `.` or their own bin: as root, an `iptables` planted there
// would run as root. Node looks a bare command up in the PATH of the env it is given, so every child gets
// `childEnv()` and nothing else of the helper's environment.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, relative, resolve } from 'node:path';
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

type LStat = (path: string) => Pick<Stats, 'uid' | 'mode' | 'isSymbolicLink'>;

/** The first link on `path`'s way from / as written (the path itself included) that a user other than root owns. */
function foreignLink(path: string, lstat: LStat): string | undefined {
  for (let p = resolve(path); ; p = dirname(p)) {
    let l: ReturnType<LStat> | undefined;
    try {
      l = lstat(p);
    } catch {
      l = undefined; // not there (yet): nothing to follow
    }
    if (l?.isSymbolicLink() && l.uid !== 0) return `${p} is a link of uid ${l.uid}`;
    if (p === '/') return undefined;
  }
}

/**
 * Why someone other than root could change what `path` runs: the file itself, or a directory on its way
 * from / (as written, and as its links resolve), belongs to another user (who may rewrite or rename it) or
 * is writable by its group or by others. A sticky directory (/tmp) on the way lets no one replace another's
 * entry, so it passes; `path` itself being such a directory does not (a CNI_PATH folder anyone may add a
 * plugin to, under a name not there yet, while a run goes on). undefined when no one but root could.
 */
export function replaceableBy(path: string, stat: Stat = statSync, real: RealPath = realpathSync, lstat: LStat = lstatSync): string | undefined {
  // A link another user owns, even in a sticky folder they may add entries to, chooses what it leads to.
  const link = foreignLink(path, lstat);
  if (link) return link;
  const ends = new Set([resolve(path)]);
  try {
    ends.add(real(resolve(path)));
  } catch {
    // onTheWay says it cannot be read
  }
  return onTheWay(path, (at, s) => othersMayChange(at, s, ends.has(at)), stat, real);
}

/**
 * Why a user other than root could change the entry `at` (its stat `s`) itself: another user owns it (and may
 * rewrite or rename it), or its group or every user may write it. A sticky directory lets no one replace
 * another's entry, so one on the way to what is judged passes; the one judged (`end`) does not: anyone may
 * add what is not there yet. `replaceableBy` and `replaceableTree` both judge by it.
 */
export function othersMayChange(at: string, s: Pick<Stats, 'uid' | 'mode' | 'isDirectory'>, end: boolean): string | undefined {
  if (s.uid !== 0) return `${at} belongs to uid ${s.uid}, not root`;
  if ((s.mode & 0o022) === 0) return undefined;
  const who = (s.mode & 0o002) !== 0 ? 'every user' : 'its group';
  const sticky = s.isDirectory() && (s.mode & 0o1000) !== 0;
  if (!sticky) return `${at} is writable by ${who}`;
  return end ? `${at} is writable by ${who} (sticky: anyone may add what is not there yet)` : undefined;
}

/** As root, why what `path` holds (a plugin, a CNI_PATH directory) must not be run: see `LabHost.replaceable`. */
export function replaceable(path: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let at = resolve(path);
  while (!existsSync(at) && at !== '/') at = dirname(at);
  return replaceableBy(at);
}

/**
 * As root, why someone other than root could change what the folder `dir` holds (the app `lab serve` serves):
 * `replaceable(dir)` (the folder and each one above it), or an entry anywhere below it that is a link (it may
 * lead anywhere, and where it leads may change), neither a file nor a folder, or one `othersMayChange` says
 * another user could change (so no one else can add, rename or rewrite anything in it either). undefined when
 * none of this holds, and always for a helper that is not root (as `replaceable`). `linksWithin`: a link is
 * taken when root owns it and it leads, resolved, into that folder (npm's node_modules/.bin), where the tree
 * judged holds what it leads to.
 */
export function replaceableTree(dir: string, options: { linksWithin?: string } = {}): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const top = replaceable(dir);
  if (top) return top;
  const below = (folder: string): string | undefined => {
    for (const name of readdirSync(folder).sort()) {
      const at = `${folder}/${name}`;
      const s = lstatSync(at);
      if (s.isSymbolicLink()) {
        if (options.linksWithin !== undefined && s.uid === 0 && within(options.linksWithin, at)) continue;
        return `${at} is a link (to ${JSON.stringify(readlinkSync(at))})`;
      }
      if (!s.isFile() && !s.isDirectory()) return `${at} is neither a file nor a folder`;
      const why = othersMayChange(at, s, true) ?? (s.isDirectory() ? below(at) : undefined);
      if (why) return why;
    }
    return undefined;
  };
  try {
    return below(realpathSync(dir));
  } catch (e) {
    return `${dir} cannot be read through (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
}

/** Whether the link `at` leads, resolved, to something inside `folder` (itself resolved). */
function within(folder: string, at: string): boolean {
  try {
    const inside = relative(realpathSync(folder), realpathSync(at));
    return inside !== '' && !inside.startsWith('..') && !inside.startsWith('/');
  } catch {
    return false; // a dangling link leads nowhere that can be judged
  }
}

/**
 * Why a folder a plugin writes in as root (and makes, with what is missing on its way) could be sent
 * elsewhere, if it could: a link another user owns on the way as written (in a sticky /tmp they may plant
 * one under any name not yet taken); a path leading, links resolved, out of `roots`; a part still to be made
 * in a folder others may write, sticky ones included (another user could make it first, as a link of
 * theirs); or what `replaceableBy` finds above. undefined when none of this holds.
 */
export function stateDirUnsafe(path: string, roots: readonly string[], fs: { lstat: LStat; stat: Stat; real: RealPath; exists: (p: string) => boolean } = { lstat: lstatSync, stat: statSync, real: realpathSync, exists: (p) => existsSync(p) }): string | undefined {
  const absolute = resolve(path);
  let at = absolute;
  // A dangling link is not there to write in: the part from it on counts as still to be made.
  while (!fs.exists(at) && at !== '/') at = dirname(at);
  const link = foreignLink(absolute, fs.lstat);
  if (link) return link;
  let resolved: string;
  try {
    resolved = resolve(fs.real(at), relative(at, absolute));
  } catch {
    return `${at} cannot be read`;
  }
  if (!roots.some((r) => resolved === r || resolved.startsWith(`${r}/`))) return `${absolute} leads to ${resolved}, outside them`;
  if (at !== absolute) {
    let s: ReturnType<Stat>;
    try {
      s = fs.stat(at);
    } catch {
      return `${at} cannot be read`;
    }
    const next = resolve(at, relative(at, absolute).split('/')[0]!);
    if ((s.mode & 0o022) !== 0) return `${at} lets ${(s.mode & 0o002) !== 0 ? 'every user' : 'its group'} make ${next} before the plugin does (as a link, or a folder of theirs); make ${absolute} first, as root`;
  }
  return replaceableBy(at, fs.stat, fs.real, fs.lstat);
}

/**
 * The first folder of `path` still to be made (a dangling link counts as missing, as above), by the real path
 * of the folder it would be made in and its name; undefined when the whole path is there.
 */
export function firstToMake(path: string, fs: { real: RealPath; exists: (p: string) => boolean } = { real: realpathSync, exists: (p) => existsSync(p) }): { parent: string; name: string } | undefined {
  const absolute = resolve(path);
  let at = absolute;
  while (!fs.exists(at) && at !== '/') at = dirname(at);
  if (at === absolute) return undefined;
  let parent = at;
  try {
    parent = fs.real(at);
  } catch {
    // unreadable: judged by the path as written
  }
  return { parent, name: relative(at, absolute).split('/')[0]! };
}

/**
 * How many of host-local's leases in `dir` (files named by an address, the container id on their first
 * line) are for containers the lab did not make (its ids begin "cnistudio-"); 0 for a folder not there.
 */
export function foreignLeases(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let others = 0;
  for (const name of names) {
    if (isIP(name) === 0) continue;
    let id = '';
    try {
      id = readFileSync(`${dir}/${name}`, 'utf8').split(/\r?\n/)[0]!.trim();
    } catch {
      // unreadable: counted, as it cannot be told ours
    }
    if (!id.startsWith('cnistudio-')) others++;
  }
  return others;
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
