// IPAM routes as the interface plugins add them (ipam.ConfigureIface, RouteAddEcmp) and the routes
// some plugins add themselves (ptp's, bridge's default gateway): which ones the kernel refuses.
import { canonicalIp, cidrContains, hasHostBits, networkAddress, nthAddress, parseCidr, parseIp, ipValue, type ParsedCidr, type ParsedIp } from '../../net/ip';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/types';
import type { Finding } from '../finding';
import type { PluginView } from '../context';
import { describeProfile, releaseAtLeast, type RuntimeProfile } from '../../profiles/profile';

/** Reference Linux interface plugins: they put the IPAM result on the container interface (ipam.ConfigureIface). */
export const configuresIpam = (p: PluginView) => !!p.entry && !p.entry.thirdParty && p.entry.platform === 'linux' && p.entry.role === 'interface';

/** The kernel's refusal of a route through a gateway no address of the interface reaches (IPv4 and IPv6 word it differently). */
export const unreachable = (gw: ParsedIp) => `ADD fails ("failed to add route '… via ${gw.text} dev …': ${gw.family === 4 ? 'network is unreachable' : 'no route to host'}")`;

/** A mask as Go's IPMask prints it: hex, 4 bytes for an IPv4 network as written, 16 for IPv6. */
export const goMask = (family: 4 | 6, prefix: number) =>
  Array.from({ length: family === 4 ? 4 : 16 }, (_, i) => ((0xff00 >> Math.max(0, Math.min(8, prefix - i * 8))) & 0xff).toString(16).padStart(2, '0')).join('');

/**
 * A written route's destination as ipam.ConfigureIface prints it (%v of a net.IPNet value: its address as
 * written, host bits and all, then its mask in hex), e.g. {10.9.0.0 ffff0000}.
 */
export const goDst = (dst: ParsedCidr) => `{${canonicalIp(dst.ip.text)} ${goMask(dst.ip.family, dst.prefix)}}`;

/** The kernel's refusal of a route already there, in ConfigureIface's words (from 1.6.0 with metric, scope and table). */
const routeExists = (dst: string, gw: string | undefined, release: string | undefined) =>
  `failed to add route '${dst} via ${gw ?? '…'} dev …${release === undefined || releaseAtLeast(release, '1.6.0') ? ' metric … (Scope: …, Table: …)' : ''}': file exists`;

/**
 * The gateway routes without a "gw" go through, per family (ipam.ConfigureIface: the gateway of the
 * family's first address that has one), when the file says it: host-local's first range of each family (its gateway, else the
 * subnet's first address; a legacy "subnet" comes first), static's first address of each family with a gateway
 * (bridge with isGateway gives one without a gateway the subnet's first address). Absent: not known here.
 */
export function familyGateways(p: PluginView, ipam: JsonObject): Map<number, string | undefined> {
  const out = new Map<number, string | undefined>();
  const bridgeGateway = p.entry?.type === 'bridge' && (p.conf.isGateway === true || p.conf.isDefaultGateway === true);
  const add = (subnet: JsonValue | undefined, gateway: JsonValue | undefined, byDefault: boolean) => {
    const network = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
    // The first address of the family that has a gateway gives it (an address without one is passed over).
    if (!network || out.get(network.ip.family) !== undefined) return;
    const gw = typeof gateway === 'string' ? parseIp(gateway) : undefined;
    out.set(network.ip.family, gw ? canonicalIp(gw.text) : byDefault ? canonicalIp(nthAddress(network, 1n)) : undefined);
  };
  if (p.ipamType === 'host-local') {
    add(ipam.subnet, ipam.gateway, true);
    if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set) && isJsonObject(set[0])) add(set[0].subnet, set[0].gateway, true);
  } else if (p.ipamType === 'static' && Array.isArray(ipam.addresses)) {
    for (const a of ipam.addresses) if (isJsonObject(a)) add(a.address, a.gateway, bridgeGateway);
  }
  return out;
}

/**
 * CNI431: two routes to the same destination (as Go parses it, host bits cleared) through the same gateway:
 * the interface plugin adds each (netlink's RouteAddEcmp, 1.0 to 1.9), and the kernel refuses the second
 * ("file exists"). Through different gateways both go in, as two paths. A route without "gw" goes through
 * the family's gateway (familyGateways); when that is not known here, nothing is said.
 */
function duplicateRoutes(p: PluginView, ipam: JsonObject, pointer: string, out: Finding[], at: Pick<Finding, 'profile'>): void {
  const routes = ipam.routes;
  if (!Array.isArray(routes) || !configuresIpam(p)) return;
  const gateways = familyGateways(p, ipam);
  const seen = new Map<string, number>();
  routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string') return;
    const dst = parseCidr(r.dst);
    if (!dst) return;
    // What the route goes through: its own gw, else the family's gateway (none, or not known here: a token
    // equal only to another route without gw).
    let via: string;
    if (typeof r.gw === 'string') {
      const gw = parseIp(r.gw);
      if (!gw) return; // the schema says what is wrong with it
      via = canonicalIp(gw.text);
    } else if (r.gw === undefined || r.gw === null) via = gateways.has(dst.ip.family) ? (gateways.get(dst.ip.family) ?? '(none)') : '(the gateway)';
    else return;
    const key = `${networkAddress(dst)}/${dst.prefix}`;
    const earlier = seen.get(`${key} ${via}`);
    if (earlier === undefined) return void seen.set(`${key} ${via}`, i);
    const through = via.startsWith('(') ? '' : ` via ${via}`;
    out.push({ code: 'CNI431', severity: 'error', message: `Route ${i} goes to ${key}${through} again (route ${earlier} does): ${p.entry!.type} adds both, and the kernel refuses the second, so ADD fails ("${routeExists(goDst(dst), via.startsWith('(') ? undefined : via, p.release)}"). Through another gateway it would be a second path.`, pointer: `${pointer}/${i}/dst`, ...at, fix: { title: 'Remove the repeated route', patch: [{ op: 'remove', path: `${pointer}/${i}` }] } });
  });
}

function routeFamilies(p: PluginView, routes: JsonValue | undefined, pointer: string, out: Finding[]): void {
  if (!Array.isArray(routes)) return;
  routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string' || typeof r.gw !== 'string') return;
    const dst = parseCidr(r.dst);
    const gw = parseIp(r.gw);
    if (dst && gw && dst.ip.family !== gw.family) {
      out.push(
        configuresIpam(p)
          ? { code: 'CNI430', severity: 'error', message: `Route to ${r.dst} goes via ${r.gw}, an address of the other family: ${p.entry!.type} fails ADD ("failed to add route '… via ${r.gw} dev …': gateway, source, and destination ip are not the same IP family").`, pointer: `${pointer}/${i}/gw` }
          : { code: 'CNI430', severity: 'warning', message: `Route to ${r.dst} goes via ${r.gw}, an address of the other family.`, pointer: `${pointer}/${i}/gw` },
      );
    }
  });
}

/**
 * CNI432: a route's own gw that no address of the interface reaches, where every address is known (ranges
 * or static addresses in the file, no ipRanges or ips capability): the kernel refuses the route.
 */
/**
 * The networks (and gateways) host-local or static written in the file gives the interface, when every
 * address is known: undefined for another IPAM, or when the runtime may send addresses (ipRanges, ips).
 */
export function writtenNetworks(p: PluginView): { networks: ParsedCidr[]; gateways: string[] } | undefined {
  const ipam = p.ipam;
  if (!ipam) return undefined;
  const caps = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  if (caps.ipRanges === true || caps.ips === true) return undefined;
  const networks: ParsedCidr[] = [];
  const gateways: string[] = [];
  const add = (subnet: JsonValue | undefined, gateway: JsonValue | undefined) => {
    const c = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
    if (c) networks.push(c);
    if (typeof gateway === 'string') gateways.push(gateway);
  };
  if (p.ipamType === 'host-local') {
    add(ipam.subnet, ipam.gateway);
    if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set)) for (const r of set) if (isJsonObject(r)) add(r.subnet, r.gateway);
  } else if (p.ipamType === 'static') {
    if (Array.isArray(ipam.addresses)) for (const a of ipam.addresses) if (isJsonObject(a)) add(a.address, a.gateway);
  } else return undefined;
  return { networks, gateways };
}

function routeGateways(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (!configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const written = writtenNetworks(p);
  if (!written || written.networks.length === 0) return;
  const { networks, gateways } = written;
  ipam.routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.gw !== 'string' || typeof r.dst !== 'string') return;
    const gw = parseIp(r.gw);
    const dst = parseCidr(r.dst);
    if (!gw || !dst || gw.family !== dst.ip.family) return; // CNI430
    if (gateways.some((g) => parseIp(g) && ipValue(parseIp(g)!) === ipValue(gw) && parseIp(g)!.family === gw.family)) return; // CNI414/CNI420
    if (networks.some((n) => n.ip.family === gw.family && cidrContains(n, gw))) return;
    out.push({
      code: 'CNI432',
      severity: 'error',
      message: `Route to ${r.dst} goes via ${r.gw}, which no address of the interface reaches (${networks.filter((n) => n.ip.family === gw.family).map((n) => n.text).join(', ') || `no ${gw.family === 4 ? 'IPv4' : 'IPv6'} address`}): ${p.entry!.type} ${unreachable(gw)}.`,
      pointer: `${p.pointer}/ipam/routes/${i}/gw`,
    });
  });
}

/**
 * The routes ptp adds itself for each address it gets (written in the file): the kernel's route to the
 * address's network is replaced by one via the gateway, and a host route goes to the gateway. host-local
 * gives the first range of each set (its gateway by default the network's first address); static, each
 * address with a gateway.
 */
function ptpOwnRoutes(ipam: JsonObject, ipamType: string | undefined): Map<string, string> {
  const own = new Map<string, string>();
  const add = (subnet: JsonValue | undefined, gateway: JsonValue | undefined, byDefault: boolean) => {
    const network = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
    if (!network) return;
    const gw = typeof gateway === 'string' ? gateway : byDefault ? nthAddress(network, 1n) : undefined;
    own.set(`${networkAddress(network)}/${network.prefix}`, `its route to its network ${networkAddress(network)}/${network.prefix}`);
    const parsed = gw === undefined ? undefined : parseIp(gw);
    if (parsed && parsed.family === network.ip.family) own.set(`${canonicalIp(gw!)}/${parsed.family === 4 ? 32 : 128}`, `its host route to the gateway ${canonicalIp(gw!)}`);
  };
  if (ipamType === 'host-local') {
    add(ipam.subnet, ipam.gateway, true);
    if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set) && isJsonObject(set[0])) add(set[0].subnet, set[0].gateway, true);
  } else if (ipamType === 'static' && Array.isArray(ipam.addresses)) {
    for (const a of ipam.addresses) if (isJsonObject(a)) add(a.address, a.gateway, false);
  }
  return own;
}

/**
 * CNI433: an IPAM route to a destination ptp routes itself (its address's network, or the gateway's host
 * route). The IPAM routes go in first, so ptp's own is refused and ADD fails ("failed to add route … file
 * exists"): seen with Debian's 1.1.1 (IPv4 and IPv6); ptp adds both routes the same way up to 1.9. Other
 * interface plugins leave the kernel's route as it is and take such a route.
 */
function ptpRouteClash(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (p.entry?.type !== 'ptp' || !configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const caps = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  if (caps.ipRanges === true || caps.ips === true) return; // the addresses come from the runtime
  const own = ptpOwnRoutes(ipam, p.ipamType);
  ipam.routes.forEach((r, i) => {
    const dst = isJsonObject(r) && typeof r.dst === 'string' ? parseCidr(r.dst) : undefined;
    const key = dst && `${networkAddress(dst)}/${dst.prefix}`;
    const what = key && own.get(key);
    if (!what) return;
    out.push({
      code: 'CNI433',
      severity: 'error',
      message: `Route ${i} goes to ${key}, which ptp routes itself (${what}): the IPAM routes go in first, so ptp's own is refused and ADD fails ("failed to add route … file exists"). ptp already routes there; remove this route.`,
      pointer: `${p.pointer}/ipam/routes/${i}/dst`,
      fix: { title: 'Remove the route ptp adds itself', patch: [{ op: 'remove', path: `${p.pointer}/ipam/routes/${i}` }] },
    });
  });
}

/**
 * CNI434: bridge with isDefaultGateway adds a default route via its gateway unless the IPAM result already
 * has one with a gw (bridge.go calcGateways: `route.GW != nil && defaultNet == route.Dst`, 1.0 to 1.9). A
 * written default route without gw goes in first, via that same gateway (ipam.ConfigureIface), so bridge's
 * own is refused and ADD fails ("file exists"), for each family the interface gets an address of.
 */
function bridgeDefaultRoute(p: PluginView, ipam: JsonObject, out: Finding[], at: Pick<Finding, 'profile'>): void {
  if (p.entry?.type !== 'bridge' || p.conf.isDefaultGateway !== true || !configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const families = new Set(writtenNetworks(p)?.networks.map((n) => n.ip.family));
  const gateways = familyGateways(p, ipam);
  ipam.routes.forEach((r, i) => {
    const dst = isJsonObject(r) && typeof r.dst === 'string' && r.gw === undefined ? parseCidr(r.dst) : undefined;
    if (!dst || dst.prefix !== 0 || !families.has(dst.ip.family)) return;
    // bridge's own route (calcGateways): IPv4's zero address and its mask are Go's 16-byte forms.
    const own = dst.ip.family === 4 ? '{0.0.0.0 00000000000000000000ffff00000000}' : '{:: 00000000000000000000000000000000}';
    out.push({
      code: 'CNI434',
      severity: 'error',
      message: `Route ${i} is a default route with no "gw": it goes in via the bridge's gateway, and isDefaultGateway then adds the same route (bridge counts only a default route with a "gw" as one it has), so the kernel refuses it and ADD fails ("${routeExists(own, gateways.get(dst.ip.family), p.release)}"). Remove the route (isDefaultGateway adds it), or give it a "gw".`,
      pointer: `${p.pointer}/ipam/routes/${i}`,
      ...at,
      fix: { title: 'Remove the route isDefaultGateway adds', patch: [{ op: 'remove', path: `${p.pointer}/ipam/routes/${i}` }] },
    });
  });
}

/**
 * CNI661: bridge told not to be the gateway (neither isGateway nor isDefaultGateway) puts no address on the
 * bridge, yet the routes without "gw" go through the family's gateway (host-local gives the subnet's first
 * address when none is written). Unless something else on the bridge holds it (a router, a host address
 * added by hand), the container reaches nothing beyond its subnet: ADD works, and the route leads nowhere.
 * Podman writes such "internal" networks; the lab's ping of the gateway finds no one.
 */
function bridgeGatewayHeldByNone(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (p.entry?.type !== 'bridge' || p.conf.isGateway === true || p.conf.isDefaultGateway === true || !configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const gateways = familyGateways(p, ipam);
  const through = new Map<string, number[]>();
  ipam.routes.forEach((r, i) => {
    const dst = isJsonObject(r) && typeof r.dst === 'string' && r.gw === undefined ? parseCidr(r.dst) : undefined;
    const gw = dst && gateways.get(dst.ip.family);
    if (gw) through.set(gw, [...(through.get(gw) ?? []), i]);
  });
  for (const [gw, routes] of through) {
    out.push({
      code: 'CNI661',
      severity: 'info',
      message: `Route${routes.length > 1 ? 's' : ''} ${routes.join(', ')} go${routes.length > 1 ? '' : 'es'} through ${gw}, the gateway IPAM gives, but bridge is not the gateway here (no isGateway), so nothing this network makes holds ${gw}: unless something else on the bridge does (a router, an address of the host's), the container reaches nothing beyond its subnet. ADD works. Set "isGateway": true for the host to route it, or remove the route${routes.length > 1 ? 's' : ''} for a network meant to stay internal.`,
      pointer: `${p.pointer}/ipam/routes/${routes[0]}`,
    });
  }
}

/** Every route rule for one plugin's IPAM. */
/** A route's destination with its host bits cleared, as the fixes write it. */
export const clearedDst = (dst: ParsedCidr) => `${networkAddress(dst)}/${dst.prefix}`;

/**
 * CNI436: an IPv4 route's destination with host bits set ("10.99.1.1/16"): CNI's decoding keeps the address
 * as written (types.ParseCIDR), and the kernel refuses the route, so ADD fails (seen with Debian's 1.1.1).
 * IPv6 takes it, and CHECK then fails (check-behaviour.ts).
 */
function routeHostBits(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (!configuresIpam(p) || (p.ipamType !== 'host-local' && p.ipamType !== 'static') || !Array.isArray(ipam.routes)) return;
  const gateways = familyGateways(p, ipam);
  ipam.routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string') return;
    const dst = parseCidr(r.dst);
    if (!dst || dst.ip.family !== 4 || !hasHostBits(dst)) return;
    const gw = typeof r.gw === 'string' ? r.gw : gateways.has(4) ? (gateways.get(4) ?? '<nil>') : '…';
    out.push({
      code: 'CNI436',
      severity: 'error',
      message: `Route ${i}'s destination ${r.dst} has host bits set: ${p.entry!.type} adds it as written, and the kernel refuses it, so ADD fails ("failed to add route '${goDst(dst)} via ${gw} dev …': invalid argument"). For a /${dst.prefix} the network is ${clearedDst(dst)}.`,
      pointer: `${p.pointer}/ipam/routes/${i}/dst`,
      fix: { title: `Use ${clearedDst(dst)}`, patch: [{ op: 'replace', path: `${p.pointer}/ipam/routes/${i}/dst`, value: clearedDst(dst) }] },
    });
  });
}

export function routeRules(p: PluginView, ipam: JsonObject, out: Finding[], profile: RuntimeProfile): void {
  // The words CNI431 and CNI434 quote are the profile's release's.
  const at = p.release !== undefined ? { profile: describeProfile(profile) } : {};
  routeFamilies(p, ipam.routes, `${p.pointer}/ipam/routes`, out);
  routeHostBits(p, ipam, out);
  if (p.ipamType === 'host-local' || p.ipamType === 'static') duplicateRoutes(p, ipam, `${p.pointer}/ipam/routes`, out, at);
  routeGateways(p, ipam, out);
  ptpRouteClash(p, ipam, out);
  bridgeDefaultRoute(p, ipam, out, at);
  bridgeGatewayHeldByNone(p, ipam, out);
}

/**
 * Why ADD fails with this gateway outside its network (or of the other family), in the plugin's words; undefined
 * when nothing uses it (then it is only a warning).
 */
export function gatewayFailure(p: PluginView, gw: ParsedIp, network: ParsedCidr): string | undefined {
  if (!configuresIpam(p)) return undefined;
  const otherFamily = gw.family !== network.ip.family;
  const c = p.conf;
  if (otherFamily && p.entry!.type === 'ptp') return `ptp routes the gateway from the container's ${network.ip.family === 6 ? 'IPv6' : 'IPv4'} address: ADD fails ("failed to add route …: source and destination ip are not the same IP family")`;
  // An IPv4 gateway with an IPv6 network's prefix is refused; an IPv6 one takes an IPv4 network's prefix
  // (fd00::1/24 goes on the bridge, and ADD works: seen with Debian's 1.1.1).
  if (otherFamily && gw.family === 4 && network.prefix > 32 && p.entry!.type === 'bridge' && (c.isGateway === true || c.isDefaultGateway === true)) {
    const name = typeof c.bridge === 'string' ? c.bridge : 'cni0';
    return `bridge puts the gateway on the bridge with the ${network.ip.family === 6 ? 'IPv6' : 'IPv4'} prefix: ADD fails ("failed to set bridge addr: could not add IP address to "${name}": invalid argument")`;
  }
  const via = unreachable(gw);
  if (p.entry!.type === 'bridge' && c.isDefaultGateway === true) return `bridge's isDefaultGateway adds a default route through it: ${via}`;
  const routes = p.ipam && Array.isArray(p.ipam.routes) ? p.ipam.routes : [];
  const through = routes.find((r) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string') return false;
    const dst = parseCidr(r.dst);
    if (!dst) return false;
    const rgw = typeof r.gw === 'string' ? parseIp(r.gw) : undefined;
    // A route without gw goes through the gateway of its family.
    return rgw ? rgw.text === gw.text || (ipValue(rgw) === ipValue(gw) && rgw.family === gw.family) : dst.ip.family === gw.family;
  });
  if (through && isJsonObject(through)) return `the route to ${String(through.dst)} goes through it: ${via}`;
  return undefined;
}
