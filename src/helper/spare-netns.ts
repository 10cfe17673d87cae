// The next run's first namespace, made while the helper is idle (`primeNetns`, called by the lab server
// when it starts and after each run) with its session: a run's first namespace otherwise costs a fork of
// the helper (its `ip -n` session) while the run waits. Taken by the run's reader only when still as made.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { IpSession } from './ip-session';
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
 * What a namespace holds, as its sessions print it: links (their state with them), addresses, routes of
 * both families and every table (`table all` asks for no family), rules, neighbours, and its own forwarding
 * and reverse-path switches. Read when the spare is made and again when it is taken: anything someone
 * added or changed in between (an address on lo, a route, a rule) would otherwise be in the run's
 * namespace. ip's batch has no per-line family, and rules are listed for IPv4 unless asked with -6: IPv6's
 * come from a second session made with the spare (taking it then costs no process, as a one-off ip would).
 */
const SHOWN = ['link show', 'addr show', 'route show table all', 'rule show', 'neigh show', 'netconf show'];
const holdings = async (session: IpSession, v6: IpSession) => JSON.stringify(await Promise.all([...SHOWN.map((c) => session.ask(c)), v6.ask('rule show')]));

/**
 * The namespace made ahead for the next run (`primeNetns`), with its sessions, what it held and the host
 * settings it copied: a run's first namespace otherwise costs a fork of the helper (its session) while the
 * run waits.
 */
let spare: { name: string; session: IpSession; v6: IpSession; held: string; settings: CopiedSettings; copied: string } | undefined;
let priming: Promise<void> | undefined;

/** Makes the next run's first namespace while the helper is idle (no run reading): one at most. */
export function primeNetns(): Promise<void> {
  if (priming) return priming;
  if (spare || runReading()) return Promise.resolve();
  const settings = copiedSettings();
  const copied = settings.read();
  priming = makeNetns()
    .then(async ({ name, session }) => {
      const v6 = session && new IpSession(['-6', '-n', name]);
      const held = session && v6 ? await holdings(session, v6).catch(() => undefined) : undefined;
      // Settings changed while it was made: which ones it copied is not known. Unread: not known as made.
      if (!session || !v6 || held === undefined || settings.read() !== copied) {
        session?.close();
        v6?.close();
        settings.close();
        return deleteNetns(name);
      }
      session.hold(false);
      v6.hold(false);
      spare = { name, session, v6, held, settings, copied };
    })
    .finally(() => (priming = undefined));
  return priming;
}

/** Whether `session`'s process answers from the namespace `atPath` is (nsfs device and inode). */
function readsFrom(session: IpSession, atPath: Stats): boolean {
  const read = statSync(`/proc/${session.pid}/ns/net`);
  return session.alive && atPath.dev === read.dev && atPath.ino === read.ino;
}

/**
 * The spare namespace when it is still as made: at its path is the namespace its sessions read, it holds
 * nothing but its loopback, up, and all it held when made, nothing more or less (`holdings`), and the host
 * settings a namespace copies when made are what it copied. Anything else is removed, not used.
 */
export async function takeSpare(): Promise<{ name: string; session: IpSession; v6: IpSession } | undefined> {
  const taken = spare;
  spare = undefined;
  if (!taken) return undefined;
  const copied = taken.settings.read();
  taken.settings.close();
  try {
    const atPath = statSync(`${NETNS_DIR}/${taken.name}`);
    if (copied === taken.copied && readsFrom(taken.session, atPath) && readsFrom(taken.v6, atPath)) {
      const [links, held] = await Promise.all([taken.session.ask<Link & { flags?: string[] }>('link show'), holdings(taken.session, taken.v6)]);
      // Its IPv6 session goes with it: the run reads the container's IPv6 rules there.
      if (links.length === 1 && links[0]!.ifname === 'lo' && links[0]!.flags?.includes('UP') && held === taken.held) return { name: taken.name, session: taken.session, v6: taken.v6 };
    }
  } catch {
    // gone or changed: made again below
  }
  taken.v6.close();
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
  s.v6.close();
  s.session.close();
  await deleteNetns(s.name).catch(() => {});
}
