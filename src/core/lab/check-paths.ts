// Where a container's traffic can go, from what the lab observed after its ADD rather than from the config:
// its routes (every table: sbr moves them out of main) and the addresses held on the host's side of its
// link. A check whose packets have nowhere to go (no route beyond the container's own network, a gateway
// nothing holds) is not applicable, with why: its failure says nothing the network did not set out to do.
import { cidrContains, isLinkLocal, parseCidr, parseIp, sameIp, type ParsedCidr } from '../net/ip';
import { isJsonObject, type JsonValue } from '../model/types';
import type { ObservedAddress, ObservedLink, ObservedNamespace } from './observed';
import type { CheckContainer, CheckFamily } from './checks';

/**
 * The networks the checks' "outside" namespace takes its addresses from (benchmarking ranges, never routed:
 * RFC 2544, RFC 5180); the helper wires it with one of each. A container leaves for it only by a route
 * that covers them (a default route, in practice).
 */
export const OUTSIDE_NETWORKS: Record<CheckFamily, string> = { ipv4: '198.18.0.0/15', ipv6: '2001:2::/48' };

/** A container's observed route, as the checks read it. */
export interface CheckRoute {
  dst: string;
  gateway?: string;
}

export interface ObservedPaths {
  /** Undefined when the observation shows no address on the interface: it then tells nothing of where its traffic goes. */
  routes?: CheckRoute[];
  /**
   * The addresses on the host's side of the container's link when that side is the run's alone (its veth
   * peer, and the bridge holding it, both made by the run): nothing else there can answer. Undefined when
   * it is not (a bridge the lab was allowed to use may lead anywhere) or the link is not a veth.
   */
  hostSide?: string[];
}

/** An address beyond its link (not link-local), which routes take somewhere. */
function routable(address: string): boolean {
  const ip = parseIp(address);
  return ip !== undefined && !isLinkLocal(ip);
}

/**
 * What the checks need of one container's observation after ADD: the namespace, the host links that had
 * appeared since the run began (with their `master`) and the addresses on them.
 */
export function observedPaths(namespace: ObservedNamespace, appeared: readonly ObservedLink[], addresses: readonly ObservedAddress[], ifname: string): ObservedPaths {
  const own = namespace.addresses.find((a) => a.ifname === ifname)?.addr_info ?? [];
  if (!own.some((x) => routable(x.local))) return {};
  const routes = [...namespace.routes, ...(namespace.policy?.routes ?? [])].map((r) => ({ dst: r.dst, ...(r.gateway ? { gateway: r.gateway } : {}) }));
  const link = namespace.links.find((l) => l.ifname === ifname);
  // Its veth peer, by index both ways (as the topology wires them), among the links the run made.
  const peer = link?.link_netnsid !== undefined ? appeared.find((h) => h.ifindex === link.link_index && h.link_index === link.ifindex) : undefined;
  if (!peer || (peer.master !== undefined && !appeared.some((h) => h.ifname === peer.master))) return { routes };
  const side = new Set([peer.ifname, ...(peer.master !== undefined ? [peer.master, ...appeared.filter((h) => h.master === peer.master).map((h) => h.ifname)] : [])]);
  return { routes, hostSide: addresses.filter((a) => side.has(a.ifname)).flatMap((a) => (a.addr_info ?? []).map((x) => x.local)) };
}

/** A route's family: its destination's, a default route's its gateway's; undefined for a default route through a device alone. */
function routeFamily(r: CheckRoute): CheckFamily | undefined {
  const at = r.dst === 'default' ? r.gateway : r.dst;
  if (at === undefined) return undefined;
  return at.includes(':') ? 'ipv6' : 'ipv4';
}

const routeNetwork = (dst: string): ParsedCidr | undefined => (dst === 'default' ? undefined : (parseCidr(dst) ?? parseCidr(`${dst}/${dst.includes(':') ? 128 : 32}`)));

/** Whether a route takes traffic for the whole of `network`: a default route, or one to a network holding it. */
function covers(r: CheckRoute, network: ParsedCidr): boolean {
  if (r.dst === 'default') return true;
  const own = routeNetwork(r.dst);
  return own !== undefined && own.ip.family === network.ip.family && own.prefix <= network.prefix && cidrContains(own, network.ip);
}

/** The route a container would leave for the outside by, or why it has none; undefined when its routes were not observed. */
export function routeOut(c: CheckContainer, family: CheckFamily): { route: CheckRoute } | { none: string } | undefined {
  if (!c.routes) return undefined;
  const outside = parseCidr(OUTSIDE_NETWORKS[family])!;
  // A default route through a device alone may be either family's: it counts for both.
  const mine = c.routes.filter((r) => (routeFamily(r) ?? family) === family);
  const route = mine.find((r) => covers(r, outside));
  if (route) return { route };
  // Its own networks, each said once (a host route inside a subnet listed is left out), link-local ones aside.
  const networks = mine.flatMap((r) => {
    const n = routeNetwork(r.dst);
    return n && !isLinkLocal(n.ip) ? [n] : [];
  });
  const own = networks.filter((n, i) => !networks.some((m, j) => j !== i && m.prefix < n.prefix && cidrContains(m, n.ip)) && networks.findIndex((m) => m.text === n.text) === i);
  const where = own.length ? `beyond ${own.map((n) => n.text).join(', ')}` : 'at all';
  return { none: `${c.name} has no ${family === 'ipv4' ? 'IPv4' : 'IPv6'} route ${where}: nothing in the chain gave it a default route, so the outside is unreachable by design` };
}

/**
 * Why a gateway cannot answer, or undefined when it may: on a host side that is the run's alone, nothing
 * holds its address (not the host's side, not a container of the run). `note` says what in the config made
 * it so. Said as a clause: "nothing on c1's network holds the gateway 10.89.7.1 (…)".
 */
export function unheldGateway(c: CheckContainer, gateway: string, containers: readonly CheckContainer[], note?: string): string | undefined {
  if (!c.hostSide || !parseIp(gateway)) return undefined;
  if (c.hostSide.some((a) => sameIp(a, gateway)) || containers.some((x) => x.addresses.some((a) => sameIp(a.address, gateway)))) return undefined;
  return `nothing on ${c.name}'s network holds the gateway ${gateway} (no address of the links this run made or of its containers is it${note ? `; ${note}` : ''})`;
}

/**
 * Why the host cannot reach a container, or undefined when it may: the host's side of its link is the run's
 * alone and holds no address of the family beyond link-local (podman's internal bridge), so the host has no
 * route into its network. Said as a sentence's end, as unheldGateway's.
 */
export function unaddressedHost(c: CheckContainer, family: CheckFamily, note?: string): string | undefined {
  if (!c.hostSide || c.hostSide.some((a) => routable(a) && (a.includes(':') ? 'ipv6' : 'ipv4') === family)) return undefined;
  const words = family === 'ipv4' ? 'IPv4' : 'IPv6';
  return `the host holds no ${words} address on ${c.name}'s network (none on the links this run made${note ? `; ${note}` : ''}), so it has no route to ${c.name}: not probed, as ${c.name} is unreachable from the host by design`;
}

/** What in the config leaves a network's gateway to no one: a bridge told not to be the gateway. */
export function gatewayNote(plugins: readonly JsonValue[]): string | undefined {
  const bridge = plugins.find((p) => isJsonObject(p) && p.type === 'bridge');
  if (!isJsonObject(bridge) || bridge.isGateway === true || bridge.isDefaultGateway === true) return undefined;
  return `the bridge was told not to be the gateway: isGateway is ${bridge.isGateway === false ? 'false' : 'not set (false)'}`;
}
