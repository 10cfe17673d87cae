// What the lab reads back from the machine after a run step, typed as `ip -j -d` prints it (the fields
// the app, the CLI and the helper use; `ip` prints more), and the topology drawn from it.

export interface ObservedLink {
  ifname: string;
  ifindex: number;
  /** The peer's ifindex (veth), in the namespace `link_netnsid` names when that is set. */
  link_index?: number;
  link_netnsid?: number;
  link_type?: string;
  address?: string;
  operstate?: string;
  mtu?: number;
  master?: string;
  /** `-d`'s details: the kind, and for macvlan/ipvlan their mode (`info_data.mode`). */
  linkinfo?: { info_kind?: string; info_data?: { mode?: unknown } };
  /** Other names the kernel finds the link by (`ip link property add … altname`; systemd gives most NICs one). */
  altnames?: string[];
}

export interface ObservedAddress {
  ifname: string;
  ifindex?: number;
  addr_info?: { family?: string; local: string; prefixlen: number; scope?: string }[];
}

export interface ObservedRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
}

/** A policy routing rule as `ip -j rule show` prints it; an IPv6 one (`ip -6`) marked so. */
export interface ObservedRule {
  family?: 'inet6';
  priority?: number;
  src?: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  iif?: string;
  oif?: string;
  table?: string;
}

export interface ObservedNamespace {
  links: ObservedLink[];
  addresses: ObservedAddress[];
  /** The main table's. */
  routes: ObservedRoute[];
  /**
   * Policy routing (sbr, vrf), when there is any: routes of tables other than main and local, and the
   * rules other than the kernel's own (three for IPv4, two for IPv6).
   */
  policy?: { rules: ObservedRule[]; routes: (ObservedRoute & { table: string })[] };
}

/** The kernel's own rules: local (0), main (32766), and for IPv4 default (32767). */
const KERNEL_RULES = new Set(['0 local', '32766 main', '32767 default']);
const KERNEL_RULES_6 = new Set(['0 local', '32766 main']);

/**
 * Policy routing out of what `rule show` (and `ip -6 rule show`) and `route show table all` printed, or
 * undefined when there is none.
 */
export function policyRouting(rules: readonly ObservedRule[], routes: readonly (ObservedRoute & { table?: string })[], rules6: readonly ObservedRule[] = []): ObservedNamespace['policy'] {
  const kernel = (r: ObservedRule, own: Set<string>) => own.has(`${r.priority} ${r.table}`) && (r.src === undefined || r.src === 'all') && r.dst === undefined && r.iif === undefined && r.oif === undefined;
  const own = [...rules.filter((r) => !kernel(r, KERNEL_RULES)), ...rules6.filter((r) => !kernel(r, KERNEL_RULES_6)).map((r): ObservedRule => ({ ...r, family: 'inet6' }))];
  const tables = routes.filter((r): r is ObservedRoute & { table: string } => r.table !== undefined && r.table !== 'local' && r.table !== 'main');
  return own.length || tables.length ? { rules: own, routes: tables } : undefined;
}

/**
 * An interface's addresses as `ip -j addr show` gives them, from what `ip -j -d addr show` printed (one
 * session per namespace reads both links and addresses, and links need -d): its name, index and
 * addresses, which -d leaves as they are; the link details -d adds are the links' read's.
 */
export function addressesFromDetailed(entries: readonly (ObservedAddress & Record<string, unknown>)[]): ObservedAddress[] {
  return entries.map(({ ifname, ifindex, addr_info }) => ({ ifname, ...(ifindex !== undefined ? { ifindex } : {}), ...(addr_info ? { addr_info } : {}) }));
}

/** What -d spells out and plain `ip route show` leaves out as the default (iproute2's print_route). */
const ROUTE_DEFAULTS: readonly [key: string, value: string][] = [
  ['type', 'unicast'],
  ['table', 'main'],
  ['protocol', 'boot'],
  ['scope', 'global'],
];

/** A route as `ip -j route show` prints it, from `ip -j -d route show`'s form of it. */
export function routeFromDetailed<R extends object>(route: R): R {
  const plain = { ...route } as Record<string, unknown>;
  for (const [key, value] of ROUTE_DEFAULTS) if (plain[key] === value) delete plain[key];
  return plain as unknown as R;
}

export interface Topology {
  host: ObservedLink[];
  container: { ifname: string; addresses: string[] }[];
  /** Real veth pairs: a host link and the container interface it is wired to. */
  wires: { host: string; container: string }[];
  /** Host links a container interface hangs off (a bridge its veth is enslaved to). */
  masters: { link: string; master: string }[];
  defaultRoute?: { via?: string; dev?: string };
}

/** Addresses worth showing: every family, without IPv6 link-local noise. */
const shown = (a: ObservedAddress) => (a.addr_info ?? []).filter((x) => x.family !== 'inet6' || !x.local.toLowerCase().startsWith('fe80')).map((x) => `${x.local}/${x.prefixlen}`);

/**
 * The picture of a run: host links that appeared, the container's interfaces, and the wires that
 * really join them (a veth's peer index, checked both ways), never a guess by position.
 */
export function topologyOf(namespace: ObservedNamespace, hostLinks: readonly ObservedLink[]): Topology {
  const inside = namespace.links.filter((l) => l.ifname !== 'lo');
  const wires: Topology['wires'] = [];
  for (const c of inside) {
    if (c.link_index === undefined || c.link_netnsid === undefined) continue;
    const peer = hostLinks.find((h) => h.ifindex === c.link_index && h.link_index === c.ifindex);
    if (peer) wires.push({ host: peer.ifname, container: c.ifname });
  }
  const masters = hostLinks.filter((h) => h.master !== undefined && hostLinks.some((m) => m.ifname === h.master)).map((h) => ({ link: h.ifname, master: h.master! }));
  const addresses = new Map(namespace.addresses.map((a) => [a.ifname, shown(a)]));
  const names = inside.length ? inside.map((l) => l.ifname) : namespace.addresses.filter((a) => a.ifname !== 'lo').map((a) => a.ifname);
  const route = namespace.routes.find((r) => r.dst === 'default');
  return {
    host: [...hostLinks],
    container: names.map((ifname) => ({ ifname, addresses: addresses.get(ifname) ?? [] })),
    wires,
    masters,
    ...(route ? { defaultRoute: { ...(route.gateway ? { via: route.gateway } : {}), ...(route.dev ? { dev: route.dev } : {}) } } : {}),
  };
}
