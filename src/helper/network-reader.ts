// The reads of links, addresses and routes a run makes, through `ip` sessions (ip-session.ts) instead of a
// process per read: one per side, with -d, which links need (their kind, their veth peer); the addresses
// and routes it prints are turned back into plain `ip`'s (core's addressesFromDetailed, routeFromDetailed).
// The host's session is kept between runs (host-session.ts); a namespace's is the run's, ended before the
// namespace is deleted and at the run's end. A session that ended (a command failed) is replaced at the
// next read. The run's namespaces are made through them (createNetns), the first one taken from those
// made ahead when there is one (spare-netns.ts).
import { IpSession } from './ip-session';
import { hostSide, makeNetns, readerOpen } from './host-session';
import { isOurs, NETNS_DIR, type Link } from './netns';
import { takeSpare } from './spare-netns';
import { addressesFromDetailed, policyRouting, routeFromDetailed, type ObservedAddress, type ObservedNamespace, type ObservedRoute, type ObservedRule } from '../core';

export interface NetworkReader {
  /**
   * A new namespace of the run, its loopback up, and its session, which serves its reads: one made ahead
   * while the helper was idle when it is still as made (spare-netns.ts), else made now through the host's
   * session (host-session.ts `makeNetns`).
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

export function networkReader(): NetworkReader {
  const sessions = new Map<string, IpSession>();
  // A namespace's IPv6 rules: ip's batch has no per-line family, so they need a session of their own.
  const v6Sessions = new Map<string, IpSession>();
  let closed = false;
  readerOpen(true);
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
   * Links, their addresses, the main table's routes (both families: `route show table all` prints
   * them, marking every table but main) and policy routing (other tables, rules of both families), as ip
   * prints them.
   */
  const read = async (where: string[]): Promise<ObservedNamespace> => {
    const s = session(where);
    // Policy routing is a container's (sbr's, vrf's): the host's, a real node's many tables, is not the run's.
    const container = where.length > 0;
    const key = where.join(' ');
    const six = v6Sessions.get(key);
    const ask6 = (v6: IpSession) => v6.ask<ObservedRule>('rule show');
    const [links, addresses, routes, rules, rules6] = await Promise.all([s.ask<Link>('link show'), s.ask<ObservedAddress & Record<string, unknown>>('addr show'), s.ask<ObservedRoute & { table?: string }>('route show table all'), container ? s.ask<ObservedRule>('rule show') : [], container && six?.alive ? ask6(six) : undefined]);
    // No session of the spare's: one is made only for a container holding an IPv6 address beyond link-local,
    // the only kind a rule of sbr's can be for.
    const needs6 = container && rules6 === undefined && addresses.some((a) => a.addr_info?.some((i) => i.family === 'inet6' && i.scope === 'global'));
    let v6Rules = rules6 ?? [];
    if (needs6) {
      const made = new IpSession(['-6', ...where]);
      made.hold(true);
      v6Sessions.set(key, made);
      v6Rules = await ask6(made);
    }
    const detailed = routes.map(routeFromDetailed);
    const policy = container ? policyRouting(rules, detailed, v6Rules) : undefined;
    return { links, addresses: addressesFromDetailed(addresses), routes: detailed.filter((r) => r.table === undefined), ...(policy ? { policy } : {}) };
  };
  const release = (name: string) => {
    const key = `-n ${name}`;
    sessions.get(key)?.close();
    sessions.delete(key);
    v6Sessions.get(key)?.close();
    v6Sessions.delete(key);
  };
  return {
    async createNetns() {
      if (closed) throw new Error('the network reader was closed');
      const spare = await takeSpare();
      const made = spare ?? (await makeNetns());
      if (made.session) {
        made.session.hold(true);
        sessions.set(inside(made.name).join(' '), made.session);
      }
      if (spare) {
        spare.v6.hold(true);
        v6Sessions.set(inside(spare.name).join(' '), spare.v6);
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
      for (const s of [...sessions.values(), ...v6Sessions.values()]) s.close();
      sessions.clear();
      v6Sessions.clear();
      readerOpen(false);
    },
  };
}
