// The reads of links, addresses and routes a run makes, through `ip` sessions (ip-session.ts) instead of a
// process per read: one per side (the host, each namespace of the run), with -d, which links need (their
// kind, their veth peer); the addresses and routes it prints are turned back into plain `ip`'s (core's
// addressesFromDetailed, routeFromDetailed). A session that ended (a command failed) is replaced at the
// next read. A namespace's sessions end with the run; the host's is kept for the next run (it holds the
// helper's event loop only while a reader is open), as starting one forks the whole helper. The run's
// namespaces are made through them too (createNetns), the first one ahead while the helper is idle
// (primeNetns), and removed through the host's with the links the run made (removeNetns, removeHostLink).
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { IpSession } from './ip-session';
import { createNetns, deleteHostLink, deleteNetns, isOurs, NETNS_DIR, newNetnsName, type Link } from './netns';
import { addressesFromDetailed, routeFromDetailed, type ObservedAddress, type ObservedNamespace, type ObservedRoute } from '../core';

export interface NetworkReader {
  /**
   * A new namespace of the run, its loopback up: `netns add` through the host's session (ip puts itself
   * back in the host's namespace after it), the loopback through the namespace's own, which then serves
   * its reads. Two processes a run starts anyway instead of two more.
   */
  createNetns(): Promise<{ name: string; path: string }>;
  hostLinks(): Promise<Link[]>;
  /** The links inside one of our namespaces, with their veth peers' indexes. */
  netnsLinks(name: string): Promise<Link[]>;
  observeNetns(name: string): Promise<ObservedNamespace>;
  /** The host's links, addresses and routes, read together (the engine keeps those of links the run made). */
  observeHost(): Promise<ObservedNamespace>;
  /** Ends a namespace's sessions before it is deleted: a process inside keeps a namespace alive. */
  release(name: string): void;
  close(): void;
}

/** The host's session, kept between runs; `openReaders` counts the readers whose runs need it to hold the event loop. */
let hostSession: IpSession | undefined;
let openReaders = 0;
function hostSide(): IpSession {
  if (!hostSession?.alive) hostSession = new IpSession(['-d']);
  hostSession.hold(openReaders > 0);
  return hostSession;
}

/** Names ip's batch reads back as one word (a line of the host's session is built from them); others go to a process as argv. */
const BATCH_SAFE = /^[A-Za-z0-9_.@-]{1,64}$/;

/**
 * Removes one of our namespaces through the host's session (no process of its own); a name gone already
 * is not an error. A session that fails for another reason (it may have been another command's) is
 * given up and the removal made by a process of its own, as before sessions.
 */
export async function removeNetns(name: string): Promise<void> {
  if (!isOurs(name)) throw new Error(`refusing to delete namespace "${name}": not created by the helper`);
  if (!BATCH_SAFE.test(name)) return deleteNetns(name);
  await hostSide()
    .do(`netns delete ${name}`)
    .catch(() => deleteNetns(name));
}

/** Removes a host link the run proved its own, as `removeNetns` does; a link gone already is not an error. */
export async function removeHostLink(ifname: string): Promise<void> {
  if (!BATCH_SAFE.test(ifname)) return deleteHostLink(ifname);
  await hostSide()
    .do(`link delete ${ifname}`)
    .catch(() => deleteHostLink(ifname));
}

/**
 * A new namespace of ours, its loopback up, and the session that reads it. `netns add` goes to the host's
 * session, never to one made with -n: that lives in a mount namespace of its own, where the bind mount
 * would not be seen. ip (6.1 here) then goes back to the host's namespace; one that stayed in the new one
 * would answer from there (its loopback still down), so the answer after it is checked before anything
 * else the session answers, and a session that fails it is ended. The loopback comes up so the namespace
 * behaves like a container's. Whatever fails, the name is removed (a session that ended after `netns
 * add` ran may have made it) and the namespace is made with two processes instead.
 */
async function makeNetns(): Promise<{ name: string; session?: IpSession }> {
  // The name is the helper's own (pid and random hex), checked again before it is written to a batch.
  const name = newNetnsName();
  if (!isOurs(name)) throw new Error(`refusing to create namespace "${name}"`);
  let session: IpSession | undefined;
  try {
    await hostSide().do(`netns add ${name}`, (lo) => (lo[0]?.flags?.includes('UP') ? undefined : 'ip did not go back to the host’s namespace after netns add'));
    session = new IpSession(['-n', name, '-d']);
    await session.do('link set lo up');
    return { name, session };
  } catch {
    session?.close();
    await deleteNetns(name).catch(() => {});
    return createNetns();
  }
}

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
  if (spare || openReaders > 0) return Promise.resolve();
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
async function takeSpare(): Promise<{ name: string; session: IpSession } | undefined> {
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

export function networkReader(): NetworkReader {
  const sessions = new Map<string, IpSession>();
  let closed = false;
  openReaders++;
  /** The session of a side: `[]` the host, `['-n', name]` a namespace. */
  const session = (where: string[]) => {
    if (where.length === 0) return hostSide();
    const key = where.join(' ');
    let s = sessions.get(key);
    if (!s?.alive) sessions.set(key, (s = new IpSession([...where, '-d'])));
    return s;
  };
  const inside = (name: string) => {
    if (!isOurs(name)) throw new Error(`refusing to inspect namespace "${name}"`);
    return ['-n', name];
  };
  /**
   * Links, their addresses and the main table's routes (both families: `route show table all` prints
   * them, marking every table but main), as `-d link show`, `addr show` and `route show` print them.
   */
  const read = async (where: string[]): Promise<ObservedNamespace> => {
    const s = session(where);
    const [links, addresses, routes] = await Promise.all([s.ask<Link>('link show'), s.ask<ObservedAddress & Record<string, unknown>>('addr show'), s.ask<ObservedRoute & { table?: string }>('route show table all')]);
    return { links, addresses: addressesFromDetailed(addresses), routes: routes.map(routeFromDetailed).filter((r) => r.table === undefined) };
  };
  const release = (name: string) => {
    const key = `-n ${name}`;
    sessions.get(key)?.close();
    sessions.delete(key);
  };
  return {
    async createNetns() {
      if (closed) throw new Error('the network reader was closed');
      const made = (await takeSpare()) ?? (await makeNetns());
      if (made.session) {
        made.session.hold(true);
        sessions.set(inside(made.name).join(' '), made.session);
      }
      return { name: made.name, path: `${NETNS_DIR}/${made.name}` };
    },
    hostLinks: () => session([]).ask<Link>('link show'),
    netnsLinks: async (name) => session(inside(name)).ask<Link>('link show'),
    observeNetns: async (name) => read(inside(name)),
    observeHost: () => read([]),
    release,
    close() {
      if (closed) return;
      closed = true;
      for (const s of sessions.values()) s.close();
      sessions.clear();
      if (--openReaders === 0) hostSession?.hold(false);
    },
  };
}
