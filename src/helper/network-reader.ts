// The reads of links, addresses and routes a run makes, through `ip` sessions kept for the run
// (ip-session.ts) instead of a process per read: per side (the host, each namespace of the run) one with
// -d for the links and one without for addresses and routes (-d changes how routes print). A session that
// ended (a command failed) is replaced at the next read; all end with the run. The run's namespaces are
// made through them too (createNetns).
import { IpSession } from './ip-session';
import { createNetns, deleteNetns, isOurs, NETNS_DIR, newNetnsName, type Link } from './netns';
import type { ObservedAddress, ObservedNamespace, ObservedRoute } from '../core';

export interface NetworkReader {
  /**
   * A new namespace of the run, its loopback up: `netns add` through the host's links session (ip puts
   * itself back in the host's namespace after it), the loopback through the namespace's own, which then
   * serves its reads. Two processes a run starts anyway instead of two more.
   */
  createNetns(): Promise<{ name: string; path: string }>;
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
  const release = (name: string) => {
    for (const key of [`-n ${name}`, `-n ${name} -d`]) {
      sessions.get(key)?.close();
      sessions.delete(key);
    }
  };
  return {
    async createNetns() {
      if (closed) throw new Error('the network reader was closed');
      // The name is the helper's own (pid and random hex), checked again before it is written to a batch.
      const name = newNetnsName();
      if (!isOurs(name)) throw new Error(`refusing to create namespace "${name}"`);
      // `netns add` goes to the host's links session (asked before the run anyway; the plain one starts with
      // the first plugin), never to one made with -n: that lives in a mount namespace of its own, where the
      // bind mount would not be seen. ip (6.1 here) then goes back to the host's namespace; one that stayed
      // in the new one would answer from there (its loopback still down), so the answer after it is checked
      // before anything else the session answers, and a session that fails it is ended. The loopback comes
      // up so the namespace behaves like a container's. Whatever fails, the name is removed (a session that
      // ended after `netns add` ran may have made it) and the namespace is made with two processes instead.
      try {
        await session(['-d']).do(`netns add ${name}`, (lo) => (lo[0]?.flags?.includes('UP') ? undefined : 'ip did not go back to the host’s namespace after netns add'));
        await session(inside(name)).do('link set lo up');
      } catch {
        release(name);
        await deleteNetns(name).catch(() => {});
        return createNetns();
      }
      return { name, path: `${NETNS_DIR}/${name}` };
    },
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
    release,
    close() {
      closed = true;
      for (const s of sessions.values()) s.close();
      sessions.clear();
    },
  };
}
