// The reads of links, addresses and routes a run makes, through `ip` sessions kept for the run
// (ip-session.ts) instead of a process per read: per side (the host, each namespace of the run) one with
// -d for the links and one without for addresses and routes (-d changes how routes print). A session that
// ended (a command failed) is replaced at the next read; all end with the run.
import { IpSession } from './ip-session';
import { isOurs, type Link } from './netns';
import type { ObservedAddress, ObservedNamespace, ObservedRoute } from '../core';

export interface NetworkReader {
  hostLinks(): Promise<Link[]>;
  /** The links inside one of our namespaces, with their veth peers' indexes. */
  netnsLinks(name: string): Promise<Link[]>;
  observeNetns(name: string): Promise<ObservedNamespace>;
  /** The host's links, addresses and routes, read together (the engine keeps those of links the run made). */
  observeHost(): Promise<ObservedNamespace>;
  /** Starts the sessions observations of these namespaces will ask, ahead of the first ask. */
  open(names: readonly string[]): void;
  /** Ends a namespace's sessions before it is deleted: a process inside keeps a namespace alive. */
  release(name: string): void;
  close(): void;
}

export function networkReader(): NetworkReader {
  const sessions = new Map<string, IpSession>();
  let closed = false;
  const session = (options: string[]) => {
    const key = options.join(' ');
    let s = sessions.get(key);
    if (!s?.alive) sessions.set(key, (s = new IpSession(options)));
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
    const plain = session(where);
    const [links, addresses, routes] = await Promise.all([session([...where, '-d']).ask<Link>('link show'), plain.ask<ObservedAddress>('addr show'), plain.ask<ObservedRoute & { table?: string }>('route show table all')]);
    return { links, addresses, routes: routes.filter((r) => r.table === undefined) };
  };
  return {
    hostLinks: () => session(['-d']).ask<Link>('link show'),
    netnsLinks: async (name) => session([...inside(name), '-d']).ask<Link>('link show'),
    observeNetns: async (name) => read(inside(name)),
    observeHost: () => read([]),
    open(names) {
      if (closed) return;
      session([]);
      // Called from a timer: a name that is not ours is skipped here (and refused when asked), never thrown.
      for (const name of names.filter(isOurs)) for (const options of [inside(name), [...inside(name), '-d']]) session(options);
    },
    release(name) {
      for (const key of [`-n ${name}`, `-n ${name} -d`]) {
        sessions.get(key)?.close();
        sessions.delete(key);
      }
    },
    close() {
      closed = true;
      for (const s of sessions.values()) s.close();
      sessions.clear();
    },
  };
}
