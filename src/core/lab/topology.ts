// The topology picture of a run, as data: every host link that appeared and every interface in the
// container's namespace, each with its addresses (IPv4 and IPv6) and routes, the firewall rules the run
// added grouped by chain, and the wires between them: a veth pair only where both ends name each other
// by index (`link_index`, `link_netnsid`), a bridge port where a link's `master` is the bridge, a rule
// group to the interface whose address it forwards to or masquerades. Each element keeps the record it
// comes from (`ip -j` or the iptables-save line) for the app to show. The layout is the app's.
// A run of several containers draws each one's namespace (c1, c2…) and the namespaces the checks wired
// to the host (the hostPort client, the "outside"), which are made after the observations.
import type { WiredNamespace } from './contract';
import type { ObservedAddress, ObservedLink, ObservedNamespace, ObservedRoute, ObservedRule } from './observed';
import { groupRules, summarizeRule, type FirewallRule, type RuleGroup } from './firewall-rules';
import { isLinkLocal, parseIp } from '../net/ip';

const linkLocalText = (address: string) => { const ip = parseIp(address); return ip !== undefined && isLinkLocal(ip); };

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
  /** Where it lives: the host, a container's namespace, or a namespace the checks wired to the host. */
  side: 'host' | 'container' | 'client' | 'outside';
  /** Which container (0-based), in a run of several. */
  container?: number;
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

/** What a run's topology is built from: each container's observation after ADD, and what the checks wired. */
export interface RunTopologyInput {
  /** In container order; the last one's host links are every one that appeared so far. */
  containers: readonly TopologyInput[];
  wired?: readonly WiredNamespace[];
}

/** The box a node is drawn in: the host, "c1", "c2"… in a run of several, "container" in a run of one, "client", "outside". */
export const clusterOf = (n: Pick<TopologyNode, 'side' | 'container'>): string => (n.container !== undefined ? `c${n.container + 1}` : n.side);

const familyOf = (address: string): TopologyFamily => (address.includes(':') ? 'ipv6' : 'ipv4');

/** Addresses worth drawing: every global and host address of both families; IPv6 link-local ones only in the record. */
function addressItems(owner: string, record: ObservedAddress | undefined): TopologyItem[] {
  return (record?.addr_info ?? [])
    .filter((a) => !(a.family === 'inet6' && linkLocalText(a.local)))
    .map((a, i) => ({ id: `${owner}/address/${i}`, section: 'address' as const, text: `${a.local}/${a.prefixlen}`, family: a.family === 'inet6' ? ('ipv6' as const) : ('ipv4' as const), raw: a }));
}

/** A route in the words `ip route` uses: "default via 10.88.0.1", "10.88.0.0/16 proto kernel". */
export function routeText(r: ObservedRoute): string {
  return [r.dst, r.gateway ? `via ${r.gateway}` : '', r.protocol === 'kernel' ? 'proto kernel' : '', r.scope === 'link' ? 'scope link' : ''].filter(Boolean).join(' ');
}

const routeFamily = (r: ObservedRoute): TopologyFamily => familyOf(r.dst === 'default' ? (r.gateway ?? '') : r.dst);

/** Routes worth drawing: IPv6 link-local and multicast routes are the kernel's for every interface. */
const shownRoute = (r: ObservedRoute) => !/^(fe80::\/64|ff00::\/8)$/i.test(r.dst);

function routeItems(owner: string, routes: readonly (ObservedRoute & { table?: string })[], from = 0): TopologyItem[] {
  return routes.filter(shownRoute).map((r, i) => ({ id: `${owner}/route/${from + i}`, section: 'route' as const, text: `${routeText(r)}${r.table ? ` table ${r.table}` : ''}`, family: routeFamily(r), raw: r }));
}

/**
 * A policy routing rule in the words `ip rule` uses: "32765: from 10.89.9.2 lookup 100"; an IPv6 rule
 * whose addresses do not say so is marked "(IPv6)".
 */
export const ruleText = (r: ObservedRule) => {
  const unmarked = r.family === 'inet6' && !(r.src ?? '').includes(':') && !(r.dst ?? '').includes(':');
  return `${r.priority ?? '?'}: from ${r.src ?? 'all'}${r.srclen !== undefined ? `/${r.srclen}` : ''}${r.dst ? ` to ${r.dst}${r.dstlen !== undefined ? `/${r.dstlen}` : ''}` : ''}${r.iif ? ` iif ${r.iif}` : ''}${r.oif ? ` oif ${r.oif}` : ''} lookup ${r.table ?? '?'}${unmarked ? ' (IPv6)' : ''}`;
};

const kindOf = (l: ObservedLink): string => l.linkinfo?.info_kind ?? (l.link_type === 'loopback' ? 'loopback' : 'link');

/** The host link a container interface is wired to: both ends must name each other by index. */
function vethPeer(inside: ObservedLink, host: readonly ObservedLink[]): ObservedLink | undefined {
  if (inside.link_index === undefined || inside.link_netnsid === undefined) return undefined;
  return host.find((h) => h.ifindex === inside.link_index && h.link_index === inside.ifindex && h.link_netnsid !== undefined);
}

const shortPurpose = (g: RuleGroup) => (g.purpose.startsWith('port forwarding') ? 'DNAT' : g.purpose.startsWith('masquerade') ? 'masquerade' : g.chain === 'shared' ? 'shared' : g.table);

export function topologyModel(input: TopologyInput): TopologyModel {
  return runTopologyModel({ containers: [input] });
}

/** Items in first-seen order, one per key (the later record of a key wins: it is the newer observation). */
function union<T>(lists: readonly (readonly T[] | undefined)[], key: (x: T) => string): T[] {
  const out = new Map<string, T>();
  for (const list of lists) for (const x of list ?? []) out.set(key(x), x);
  return [...out.values()];
}

export function runTopologyModel({ containers, wired = [] }: RunTopologyInput): TopologyModel {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const notes: string[] = [];
  const several = containers.length > 1;
  // Each observation lists what appeared on the host so far: together, everything the run added.
  const host = union(containers.map((c) => c.hostLinks), (l) => l.ifname);
  const hostAddress = new Map(union(containers.map((c) => c.hostAddresses), (a) => a.ifname).map((a) => [a.ifname, a]));
  const hostRoutes = union(containers.map((c) => c.hostRoutes), (r) => JSON.stringify(r));
  const firewallRules = union(containers.map((c) => c.firewallRules), (r) => `${r.family} ${r.table} ${r.rule}`);
  const omitted = Math.max(0, ...containers.map((c) => c.firewallRulesOmitted ?? 0));
  const inside = (ns: ObservedNamespace): readonly ObservedLink[] => (ns.links.length ? ns.links : ns.addresses.map((a) => ({ ifname: a.ifname, ifindex: a.ifindex ?? 0 })));
  const prefix = (k: number) => (several ? `c${k + 1}` : 'ns');
  // Which container each host veth leads to, for its caption.
  const peerOf = new Map<string, string>();
  containers.forEach((c, k) => {
    for (const l of inside(c.namespace)) {
      const peer = vethPeer(l, host);
      if (peer) peerOf.set(peer.ifname, several ? `c${k + 1}` : 'the container');
    }
  });

  for (const l of host) {
    const id = `host:${l.ifname}`;
    const kind = kindOf(l);
    const peer = l.link_index !== undefined && l.link_netnsid !== undefined ? ` · peer #${l.link_index} in ${peerOf.get(l.ifname) ?? (several ? 'a container' : 'the container')}` : '';
    nodes.push({
      id,
      side: 'host',
      kind: kind === 'bridge' ? 'bridge' : kind === 'veth' ? 'veth' : 'link',
      name: l.ifname,
      caption: `${kind} · #${l.ifindex}${peer}${l.mtu ? ` · mtu ${l.mtu}` : ''}`,
      items: [...addressItems(id, hostAddress.get(l.ifname)), ...routeItems(id, hostRoutes.filter((r) => r.dev === l.ifname))],
      raw: { link: l, ...(hostAddress.has(l.ifname) ? { addr: hostAddress.get(l.ifname) } : {}) },
    });
    if (l.master !== undefined && host.some((m) => m.ifname === l.master)) edges.push({ id: `port:${l.ifname}`, from: `host:${l.master}`, to: id, kind: 'bridge-port', label: 'bridge port' });
  }

  // Where each container address lives, to wire a rule group to the interface it serves.
  const owner = new Map<string, string>();
  containers.forEach(({ namespace }, k) => {
    const nsAddress = new Map(namespace.addresses.map((a) => [a.ifname, a]));
    const who = several ? `c${k + 1}: ` : '';
    for (const c of inside(namespace)) {
      const id = `${prefix(k)}:${c.ifname}`;
      const kind = kindOf(c);
      const peer = vethPeer(c, host);
      const on = !peer && c.link_index !== undefined ? ` · on host link #${c.link_index}` : '';
      nodes.push({
        id,
        side: 'container',
        ...(several ? { container: k } : {}),
        kind: 'interface',
        name: c.ifname,
        caption: `${kind} · #${c.ifindex}${peer ? ` · peer #${peer.ifindex} on the host` : on}${c.mtu ? ` · mtu ${c.mtu}` : ''}`,
        // Routes of other tables (sbr's, vrf's) after the main table's, each saying its table.
        items: [...addressItems(id, nsAddress.get(c.ifname)), ...routeItems(id, namespace.routes.filter((r) => r.dev === c.ifname)), ...routeItems(id, (namespace.policy?.routes ?? []).filter((r) => r.dev === c.ifname), namespace.routes.length)],
        raw: { link: c, ...(nsAddress.has(c.ifname) ? { addr: nsAddress.get(c.ifname) } : {}) },
      });
      if (peer) edges.push({ id: `veth:${peer.ifname}:${c.ifname}`, from: `host:${peer.ifname}`, to: id, kind: 'veth-pair', label: `veth pair #${peer.ifindex} ↔ #${c.ifindex}` });
      else if (kind === 'veth') notes.push(`${who}${c.ifname}'s veth peer (#${c.link_index ?? '?'}) is not among the host links that appeared during the run.`);
    }
    const unbound = namespace.routes.filter((r) => r.dev === undefined && shownRoute(r));
    if (unbound.length) notes.push(`${who}Routes without a device: ${unbound.map(routeText).join('; ')}.`);
    if (namespace.policy?.rules.length) notes.push(`${who}Policy routing rules: ${namespace.policy.rules.map(ruleText).join('; ')}.`);
    for (const a of namespace.addresses) for (const x of a.addr_info ?? []) owner.set(x.local.toLowerCase(), `${prefix(k)}:${a.ifname}`);
  });

  for (const g of groupRules(firewallRules)) {
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
  if (omitted) notes.push(`${omitted} more firewall lines the run added are not shown.`);

  // The checks' own namespaces: made after the observations, so drawn from what the checks said of them.
  for (const w of wired) {
    const hostId = `host:${w.hostLink}`;
    const plain = (owner: string, addresses: readonly string[]) => addresses.map((a, i) => ({ id: `${owner}/address/${i}`, section: 'address' as const, text: a, family: familyOf(a), raw: a }));
    const purpose = w.role === 'client' ? 'connects to the host ports' : 'stands in for the uplink';
    if (!nodes.some((n) => n.id === hostId)) nodes.push({ id: hostId, side: 'host', kind: 'veth', name: w.hostLink, caption: `veth · made by the checks for the ${w.role} namespace`, items: plain(hostId, w.hostAddresses), raw: w });
    const id = `${w.role}:${w.netns}`;
    nodes.push({ id, side: w.role, kind: 'interface', name: w.netns, caption: `the veth's other end · ${purpose}`, items: plain(id, w.nsAddresses), raw: w });
    edges.push({ id: `wired:${w.role}`, from: hostId, to: id, kind: 'veth-pair', label: 'veth pair' });
  }
  return { nodes, edges, notes };
}
