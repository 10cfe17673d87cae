// The next run's first namespace, made while the helper is idle (`primeNetns`, called by the lab server
// when it starts and after each run) with its session: a run's first namespace otherwise costs a fork of
// the helper (its `ip -n` session) while the run waits. Taken by the run's reader only when still as made.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import type { IpSession } from './ip-session';
import { makeNetns, runReading } from './host-session';
import { deleteNetns, NETNS_DIR, type Link } from './netns';

/** Settings outside `conf/` a new namespace takes from the host's (Linux's tcp_sk_init copies them). */
const COPIED_FILES = ['/proc/sys/net/ipv4/tcp_rmem', '/proc/sys/net/ipv4/tcp_wmem', '/proc/sys/net/ipv4/tcp_congestion_control'];
const INHERIT = '/proc/sys/net/core/devconf_inherit_init_net';

/**
 * The host's settings a new namespace copies when it is made: its IPv4 `conf/all` and `conf/default` (and
 * IPv6's when `net.core.devconf_inherit_init_net` is 1 or 3; none when 2) and `COPIED_FILES`. A namespace
 * made ahead is used only while they are what they were when it was made: one made at the run would copy
 * today's. The files are kept open and read again from their start (a sysctl file gives its value as of
 * that read): under a millisecond for all of them, where opening each again took 10-20.
 */
interface CopiedSettings {
  read(): string;
  close(): void;
}

function copiedSettings(): CopiedSettings {
  let inherit = '0';
  try {
    inherit = readFileSync(INHERIT, 'latin1').trim();
  } catch {
    // an older kernel: IPv4's copied, IPv6's not
  }
  const families = inherit === '2' ? [] : inherit === '1' || inherit === '3' ? ['ipv4', 'ipv6'] : ['ipv4'];
  const dirs = families.flatMap((f) => ['all', 'default'].map((w) => `/proc/sys/net/${f}/conf/${w}`));
  const files = [INHERIT, ...dirs.flatMap((d) => readdirSync(d).sort().map((f) => `${d}/${f}`)), ...COPIED_FILES];
  const fds = files.flatMap((f) => {
    try {
      return [openSync(f, 'r')];
    } catch {
      return [];
    }
  });
  const buf = Buffer.alloc(4096);
  return {
    read: () =>
      fds
        .map((fd) => {
          try {
            return buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
          } catch {
            return '?'; // IPv6's stable_secret until it is set: the same at every read
          }
        })
        .join('\0'),
    close: () => fds.forEach((fd) => closeSync(fd)),
  };
}

/**
 * The namespace made ahead for the next run (`primeNetns`), with its session and the host settings it
 * copied: a run's first namespace otherwise costs a fork of the helper (its session) while the run waits.
 */
let spare: { name: string; session: IpSession; settings: CopiedSettings; copied: string } | undefined;
let priming: Promise<void> | undefined;

/** Makes the next run's first namespace while the helper is idle (no run reading): one at most. */
export function primeNetns(): Promise<void> {
  if (priming) return priming;
  if (spare || runReading()) return Promise.resolve();
  const settings = copiedSettings();
  const copied = settings.read();
  priming = makeNetns()
    .then(async ({ name, session }) => {
      // Settings changed while it was made: which ones it copied is not known.
      if (!session || settings.read() !== copied) {
        session?.close();
        settings.close();
        return deleteNetns(name);
      }
      session.hold(false);
      spare = { name, session, settings, copied };
    })
    .finally(() => (priming = undefined));
  return priming;
}

/**
 * The spare namespace when it is still as made: at its path is the namespace its session reads (nsfs
 * device and inode), it holds nothing but its loopback, up, and the host settings a namespace copies when
 * made are what it copied. Anything else is removed, not used.
 */
export async function takeSpare(): Promise<{ name: string; session: IpSession } | undefined> {
  const taken = spare;
  spare = undefined;
  if (!taken) return undefined;
  const copied = taken.settings.read();
  taken.settings.close();
  try {
    const atPath = statSync(`${NETNS_DIR}/${taken.name}`);
    const read = statSync(`/proc/${taken.session.pid}/ns/net`);
    const links = copied === taken.copied && taken.session.alive && atPath.dev === read.dev && atPath.ino === read.ino ? await taken.session.ask<Link & { flags?: string[] }>('link show') : [];
    if (links.length === 1 && links[0]!.ifname === 'lo' && links[0]!.flags?.includes('UP')) return taken;
  } catch {
    // gone or changed: made again below
  }
  taken.session.close();
  await deleteNetns(taken.name).catch(() => {});
  return undefined;
}

/** Removes the spare namespace (the helper is closing). */
export async function discardSpareNetns(): Promise<void> {
  await priming?.catch(() => {});
  const s = spare;
  spare = undefined;
  if (!s) return;
  s.settings.close();
  s.session.close();
  await deleteNetns(s.name).catch(() => {});
}
