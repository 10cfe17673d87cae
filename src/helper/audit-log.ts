// The audit log: a JSON line for every run and every refused request. Anyone who can reach the helper can
// make it refuse, and the helper writes as root, so:
// - the file is judged at the start as a plugin is (`replaceable`: no one else may own, write or swap it or a
//   folder above it), and opened for each line without following a link (O_NOFOLLOW), appending, created
//   0600, and written only while it is a regular file of the helper's user with no other name (a hard link);
// - what a request says (its Host, Origin, path) is bounded, and shown `quoted`: JSON quotes with every
//   space, control and non-ASCII character escaped, so it never makes a line, nor a word, of its own (a line
//   appended to a file that splits on spaces, such as /etc/ld.so.preload, could otherwise name a library);
// - refusals are limited: a burst, then so many a minute; the rest, and every refusal once the file is over
//   its ceiling, are counted in one line a minute. Runs (which need the token) are always written.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { replaceable } from './system-path';

export interface AuditLimits {
  /** Refusals written at once before the rate applies. */
  burst: number;
  /** Refusals written a minute after a burst. */
  perMinute: number;
  /** Beyond this size the file takes no more refusals, only the minute's count of them. */
  ceilingBytes: number;
}

/** At most 120 refusal lines at once, then 30 a minute (each under ~3 KB), and none once the file passes 32 MiB. */
export const AUDIT_LIMITS: AuditLimits = { burst: 120, perMinute: 30, ceilingBytes: 32 * 1024 * 1024 };

/** The most characters of one value an audit line keeps (path, reason, …); a marker says how many more there were. */
export const AUDIT_VALUE_MAX = 1000;

/** `text` cut to `max` characters, with a visible marker of what was left out. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}...[${text.length - max} more characters]`;
}

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text a request chose, as the helper's messages show it: its first `max` characters in JSON quotes, every
 * character but printable ASCII (spaces, tabs, line breaks, controls, the rest of Unicode) escaped as \uXXXX,
 * then a marker of what was cut. It reads back with JSON.parse, and can form no word or line of its own.
 */
export function quoted(text: string, max = 120): string {
  const shown = JSON.stringify(text.slice(0, max)).replace(/[^\x21-\x7e]/g, escapeChar);
  return text.length > max ? `${shown}...[${text.length - max} more characters]` : shown;
}

/** One line of the log: JSON, each string value `bounded`, every character outside printable ASCII escaped (so no line break but its own). */
export function auditLine(entry: Record<string, unknown>): string {
  const json = JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'string' ? bounded(value, AUDIT_VALUE_MAX) : value));
  return `${json.replace(/[^\x20-\x7e]/g, escapeChar)}\n`;
}

/**
 * Why the helper must not write its audit log at `path`, in words saying what to do; undefined when it may.
 * As root, `replaceable` (the file, or where it would be made, and each folder above: another user could
 * swap in a link or a file of theirs); for anyone, a path that is there but is not a regular file (a link,
 * even root's: the log is never written through one).
 */
export function auditLogUnsafe(path: string): string | undefined {
  let there: ReturnType<typeof lstatSync> | undefined;
  try {
    there = lstatSync(path);
  } catch {
    there = undefined; // made at the first line
  }
  if (there && !there.isFile()) return `it is ${there.isSymbolicLink() ? 'a link' : 'not a regular file'}: the audit log is never written through one; name the file itself`;
  const uid = process.getuid?.();
  if (there && uid !== undefined && there.uid !== uid) return `it belongs to uid ${there.uid}, not the helper's ${uid}: name a file of the helper's user`;
  if (there && there.nlink !== 1) return `it has ${there.nlink} names (hard links): the helper would write to the others too; name a file of its own`;
  const why = replaceable(path);
  return why && `${why}, so another user could send what the helper (root) writes elsewhere: name a file in a folder only root can change`;
}

export interface AuditLog {
  /** A refused request: written within the limits, else counted. */
  refusal(entry: Record<string, unknown>): void;
  /** A run: always written. */
  run(entry: Record<string, unknown>): void;
  /** Writes the count of refusals not yet said, and stops the minute's timer. */
  close(): void;
}

/**
 * The audit log at `path` (judged by `auditLogUnsafe` first: its folder is made here, 0700). An unwritable
 * log does not stop the helper; the client is told of each run anyway.
 */
export function openAuditLog(path: string, limits: AuditLimits = AUDIT_LIMITS, now: () => number = Date.now): AuditLog {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch {
    // said by the first line that cannot be written: nothing is
  }
  const uid = process.getuid?.();
  /** Writes `line` unless the file is not what it should be, or (a refusal) is over its ceiling: whether it was written. */
  const append = (line: string, refusal: boolean): boolean => {
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
      const s = fstatSync(fd);
      if (!s.isFile() || (uid !== undefined && s.uid !== uid) || s.nlink !== 1) return false;
      if (refusal && s.size >= limits.ceilingBytes) return false;
      writeSync(fd, line);
      return true;
    } catch {
      return false; // a link (ELOOP), a full disk: an unwritable log must not take the helper down
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
  const stamp = (ms: number) => new Date(ms).toISOString();
  let tokens = limits.burst;
  let refilled = now();
  let untold: { count: number; since: number; timer: NodeJS.Timeout } | undefined;
  const tell = () => {
    if (!untold) return;
    const { count, since, timer } = untold;
    clearTimeout(timer);
    untold = undefined;
    const t = now();
    append(auditLine({ time: stamp(t), notLogged: count, since: stamp(since), reason: `${count} refused request${count === 1 ? '' : 's'} not logged since ${stamp(since)}: beyond ${limits.burst} at once and ${limits.perMinute} a minute, or once this file is over ${limits.ceilingBytes} bytes, refusals are only counted` }), false);
  };
  return {
    refusal(entry) {
      const t = now();
      tokens = Math.min(limits.burst, tokens + ((t - refilled) * limits.perMinute) / 60_000);
      refilled = t;
      if (tokens >= 1 && append(auditLine({ time: stamp(t), ...entry }), true)) {
        tokens -= 1;
        return;
      }
      if (untold) untold.count++;
      else untold = { count: 1, since: t, timer: setTimeout(tell, 60_000).unref() };
    },
    run(entry) {
      append(auditLine({ time: stamp(now()), ...entry }), false);
    },
    close: tell,
  };
}
