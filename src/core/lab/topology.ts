// The topology picture of a run, as data: every host link that appeared and every interface in the
// container's namespace, each with its addresses (IPv4 and IPv6) and routes, the firewall rules the run
// added grouped by chain, and the wires between them: a veth pair only where both ends name each other
// by index (`link_index`, `link_netnsid`), a bridge port where a link's `master` is the bridge, a rule
// group to the interface whose address it forwards to or masquerades. Each element keeps the record it
// comes from (`ip -j` or the iptables-save line) for the app to show. The layout is the app's.
import type { ObservedAddress, ObservedLink, ObservedNamespace, ObservedRoute } from './observed';
import { groupRules, summarizeRule, type FirewallRule, type RuleGroup } from './firewall-rules';

export type TopologyFamily = 'ipv4' | 'ipv6';

/** One line of a node that can be inspected: an address, a route, a rule. */
export interface TopologyItem {
  id: string;
  section: 'address' | 'route' | 'rule';
  text: string;
  family?: TopologyFamily;
  /** What it was read from: the `ip -j` address entry or route, or the firewall rule line. */
  raw: unknown;
}

export interface TopologyNode {
  id: string;
  side: 'host' | 'container';
  kind: 'bridge' | 'veth' | 'link' | 'interface' | 'rules';
  /** The interface name, or the chain for a rule group. */
  name: string;
  /** What it is, in a few words: "bridge · #1246", "veth · #2 · peer #1247 on the host". */
  caption: string;
  items: TopologyItem[];
  /** The record it was read from: the `ip -j -d link` entry (with its `ip -j addr` entry), or the group's rules. */
  raw: unknown;
}

export interface TopologyEdge {
  id: string;
  from: string;
  to: string;
  kind: 'veth-pair' | 'bridge-port' | 'firewall';
  label: string;
}

export interface TopologyModel {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** What the picture leaves out or could not prove, in words. */
  notes: string[];
}

/** What the model is built from: an `observed` event of the lab (the fields it reads). */
export interface TopologyInput {
  namespace: ObservedNamespace;
  hostLinks: readonly ObservedLink[];
  hostAddresses?: readonly ObservedAddress[];
  hostRoutes?: readonly ObservedRoute[];
  firewallRules?: readonly FirewallRule[];
  firewallRulesOmitted?: number;
}

const familyOf = (address: string): TopologyFamily => (address.includes(':') ? 'ipv6' : 'ipv4');
const isLinkLocal6 = (address: string) => /^fe[89ab][0-9a-f]:/i.test(address);

/** Addresses worth drawing: every global and host address of both families; IPv6 link-local ones only in the record. */
function addressItems(owner: string, record: ObservedAddress | undefined): TopologyItem[] {
  return (record?.addr_info ?? [])
    .filter((a) => !(a.family === 'inet6' && isLinkLocal6(a.local)))
    .map((a, i) => ({ id: `${owner}/address/${i}`, section: 'address' as const, text: `${a.local}/${a.prefixlen}`, family: a.family === 'inet6' ? ('ipv6' as const) : ('ipv4' as const), raw: a }));
}

/** A route in the words `ip route` uses: "default via 10.88.0.1", "10.88.0.0/16 proto kernel". */
export function routeText(r: ObservedRoute): string {
  return [r.dst, r.gateway ? `via ${r.gateway}` : '', r.protocol === 'kernel' ? 'proto kernel' : '', r.scope === 'link' ? 'scope link' : ''].filter(Boolean).join(' ');
}

const routeFamily = (r: ObservedRoute): TopologyFamily => familyOf(r.dst === 'default' ? (r.gateway ?? '') : r.dst);

/** Routes worth drawing: IPv6 link-local and multicast routes are the kernel's for every interface. */
const shownRoute = (r: ObservedRoute) => !/^(fe80::\/64|ff00::\/8)$/i.test(r.dst);

function routeItems(owner: string, routes: readonly ObservedRoute[]): TopologyItem[] {
  return routes.filter(shownRoute).map((r, i) => ({ id: `${owner}/route/${i}`, section: 'route' as const, text: routeText(r), family: routeFamily(r), raw: r }));
}

const kindOf = (l: ObservedLink): string => l.linkinfo?.info_kind ?? (l.link_type === 'loopback' ? 'loopback' : 'link');

/** The host link a container interface is wired to: both ends must name each other by index. */
function vethPeer(inside: ObservedLink, host: readonly ObservedLink[]): ObservedLink | undefined {
  if (inside.link_index === undefined || inside.link_netnsid === undefined) return undefined;
  return host.find((h) => h.ifindex === inside.link_index && h.link_index === inside.ifindex && h.link_netnsid !== undefined);
}

const shortPurpose = (g: RuleGroup) => (g.purpose.startsWith('port forwarding') ? 'DNAT' : g.purpose.startsWith('masquerade') ? 'masquerade' : g.chain === 'shared' ? 'shared' : g.table);

export function topologyModel(input: TopologyInput): TopologyModel {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const notes: string[] = [];
  const host = input.hostLinks;
  const hostAddress = new Map((input.hostAddresses ?? []).map((a) => [a.ifname, a]));
  const nsAddress = new Map(input.namespace.addresses.map((a) => [a.ifname, a]));

  for (const l of host) {
    const id = `host:${l.ifname}`;
    const kind = kindOf(l);
    const peer = l.link_index !== undefined && l.link_netnsid !== undefined ? ` · peer #${l.link_index} in the container` : '';
    nodes.push({
      id,
      side: 'host',
      kind: kind === 'bridge' ? 'bridge' : kind === 'veth' ? 'veth' : 'link',
      name: l.ifname,
      caption: `${kind} · #${l.ifindex}${peer}${l.mtu ? ` · mtu ${l.mtu}` : ''}`,
      items: [...addressItems(id, hostAddress.get(l.ifname)), ...routeItems(id, (input.hostRoutes ?? []).filter((r) => r.dev === l.ifname))],
      raw: { link: l, ...(hostAddress.has(l.ifname) ? { addr: hostAddress.get(l.ifname) } : {}) },
    });
    if (l.master !== undefined && host.some((m) => m.ifname === l.master)) edges.push({ id: `port:${l.ifname}`, from: `host:${l.master}`, to: id, kind: 'bridge-port', label: 'bridge port' });
  }

  const inside: readonly ObservedLink[] = input.namespace.links.length ? input.namespace.links : input.namespace.addresses.map((a) => ({ ifname: a.ifname, ifindex: a.ifindex ?? 0 }));
  for (const c of inside) {
    const id = `ns:${c.ifname}`;
    const kind = kindOf(c);
    const peer = vethPeer(c, host);
    const on = !peer && c.link_index !== undefined ? ` · on host link #${c.link_index}` : '';
    nodes.push({
      id,
      side: 'container',
      kind: 'interface',
      name: c.ifname,
      caption: `${kind} · #${c.ifindex}${peer ? ` · peer #${peer.ifindex} on the host` : on}${c.mtu ? ` · mtu ${c.mtu}` : ''}`,
      items: [...addressItems(id, nsAddress.get(c.ifname)), ...routeItems(id, input.namespace.routes.filter((r) => r.dev === c.ifname))],
      raw: { link: c, ...(nsAddress.has(c.ifname) ? { addr: nsAddress.get(c.ifname) } : {}) },
    });
    if (peer) edges.push({ id: `veth:${peer.ifname}:${c.ifname}`, from: `host:${peer.ifname}`, to: id, kind: 'veth-pair', label: `veth pair #${peer.ifindex} ↔ #${c.ifindex}` });
    else if (kind === 'veth') notes.push(`${c.ifname}'s veth peer (#${c.link_index ?? '?'}) is not among the host links that appeared during the run.`);
  }
  const unbound = input.namespace.routes.filter((r) => r.dev === undefined && shownRoute(r));
  if (unbound.length) notes.push(`Routes without a device: ${unbound.map(routeText).join('; ')}.`);

  // Where each container address lives, to wire a rule group to the interface it serves.
  const owner = new Map<string, string>();
  for (const a of input.namespace.addresses) for (const x of a.addr_info ?? []) owner.set(x.local.toLowerCase(), `ns:${a.ifname}`);
  for (const g of groupRules(input.firewallRules ?? [])) {
    const id = `rules:${g.table}:${g.chain}`;
    const shown = g.rules.filter((r) => !r.rule.startsWith(':'));
    const chains = [...new Set(g.rules.filter((r) => r.rule.startsWith(':')).map((r) => r.rule.slice(1)))];
    const families = [...new Set(g.rules.map((r) => r.family))].map((f) => (f === 'ipv4' ? 'IPv4' : 'IPv6')).join(' + ');
    nodes.push({
      id,
      side: 'host',
      kind: 'rules',
      name: g.chain === 'shared' ? `${g.table}: shared CNI chains` : `${g.table} ${g.chain}`,
      caption: `${g.purpose} · ${families}${chains.length ? ` · new chain${chains.length > 1 ? 's' : ''} ${chains.join(', ')}` : ''}`,
      items: shown.map((r, i) => ({ id: `${id}/rule/${i}`, section: 'rule' as const, text: summarizeRule(r), family: r.family, raw: r })),
      raw: g.rules,
    });
    const targets = new Set(g.addresses.map((a) => owner.get(a.toLowerCase())).filter((x): x is string => x !== undefined));
    for (const to of targets) edges.push({ id: `fw:${id}:${to}`, from: id, to, kind: 'firewall', label: shortPurpose(g) });
  }
  if (input.firewallRulesOmitted) notes.push(`${input.firewallRulesOmitted} more firewall lines the run added are not shown.`);
  return { nodes, edges, notes };
}
