// The machine's own addresses and routes, which a run must not take over. bridge and ptp put the run's
// networks on the machine's side (the bridge's gateway address and its connected route, ptp's gateway on the
// host end of each veth and its host routes to each container address): one that holds the machine's
// gateway, one of its addresses, or a network it routes elsewhere, sends the machine's own traffic into the
// run's links while it lasts (its gateway, its DNS server, the workstation at the other end of an SSH tunnel).
// It judges the list as the plugins decode it (lab/go-view.ts: "Ranges", "SUBNET" and the like) and the
// runtimeConfig they receive (the runtime's capability arguments, or the one written in the file).
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { pluginList } from '../model/chain';
import { goIpamType, goPluginType } from '../model/go-keys';
import { cidrContains, cidrsOverlap, isLinkLocal, isLoopbackIp, networkAddress, nthAddress, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from '../net/ip';
import { predictIpam } from '../runtime/predict';
import { ipamBehaviour, pluginBehaviour } from '../plugins';
import { receivedRuntimeConfig } from '../plugins/shared';
import type { RuntimeInputs } from '../runtime/inputs';
import type { ObservedNamespace } from './observed';

/** Whether a plugin's networks reach the machine's routing table (bridge, ptp: their modules say what they put there). */
export const reachesHostRoutes = (plugin: JsonValue | undefined): boolean => isJsonObject(plugin) && pluginBehaviour(goPluginType(plugin))?.hostSide !== undefined;

/** A route's destination as a network ("192.0.2.0/24", a bare address as a host route); undefined for the default. */
const routeNetwork = (dst: string): ParsedCidr | undefined => (dst === 'default' ? undefined : (parseCidr(dst) ?? parseCidr(`${dst}/${dst.includes(':') ? 128 : 32}`)));

/**
 * Why the run's addresses would take over the machine's traffic (one reason per plugin and network): [] when
 * they would not. Links the run may use (`lab serve --host-links`, made for tests) are the run's to share:
 * their addresses and routes do not count. `conflist`: the list as the plugins decode it (labView).
 */
export function hostRouteRefusals(conflist: JsonObject, inputs: readonly RuntimeInputs[], observed: Pick<ObservedNamespace, 'addresses' | 'routes'>, testLinks: readonly string[] = []): string[] {
  const refusals = new Set<string>();
  const mine = new Set(testLinks);
  const host = { addresses: observed.addresses.filter((a) => !mine.has(a.ifname)), routes: observed.routes.filter((r) => r.dev === undefined || !mine.has(r.dev)) };
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p) || !reachesHostRoutes(p) || !isJsonObject(p.ipam)) return;
    const type = goPluginType(p);
    const refuse = (what: string, why: string) =>
      refusals.add(`plugin ${i + 1} (${type}) puts ${what} on this machine's side, which ${why}: while the run lasts the machine's own traffic there would go into the run's links`);
    // Addresses the lab cannot know before the run (dhcp, a third-party IPAM): where the plugin would put one
    // on the machine's side (a gateway bridge, ptp), it could be any network the machine routes.
    // Whether it does is asked of its module with a documentation address standing in for the unknown one.
    const ipamType = goIpamType(p);
    const unknown = typeof ipamType === 'string' && ipamType !== '' && !ipamBehaviour(ipamType)?.predict;
    const side = unknown ? pluginBehaviour(type)!.hostSide!(p, { address: '192.0.2.5/24', gateway: '192.0.2.1' })[0] : undefined;
    if (side) {
      refusals.add(
        `plugin ${i + 1} (${type}) takes its addresses from ${ipamType}, which the lab cannot know before the run, and puts each gateway ${side.on}: on this machine's side, where it could take a network the machine routes, its gateway or one of its addresses. In the lab use host-local or static with the addresses your nodes get${type === 'bridge' ? ', or a bridge that is not the gateway' : ''}`,
      );
      return;
    }
    for (const input of inputs) {
      for (const ip of predictIpam(p, input).ips) {
        const network = typeof ip.address === 'string' ? parseCidr(ip.address) : undefined;
        if (!network) continue;
        const why = takenOver(network, host);
        if (why) refuse(`${networkAddress(network)}/${network.prefix} (${from(p, input, network.ip, false)})`, why);
        for (const side of pluginBehaviour(type)!.hostSide!(p, ip)) {
          const cidr = parseCidr(side.cidr);
          // Within a network refused already, it adds nothing to say.
          if (!cidr || (why && cidr.prefix >= network.prefix && cidrContains(network, cidr.ip))) continue;
          const whyGateway = takenOver(cidr, host, true);
          if (whyGateway) refuse(`${side.cidr} (its gateway ${side.gateway}, ${from(p, input, cidr.ip, true, network)}, ${side.on})`, whyGateway);
        }
      }
    }
  });
  return [...refusals];
}

/**
 * Where the plugin's config, as it reads it, sets an address (`ipam.ranges[0][0].gateway`), for a refusal to
 * name; else where it comes from. `gateway`: the address is a gateway (a key named so is preferred, and one
 * not written is the first address of `network`, the default).
 */
function from(plugin: JsonObject, inputs: RuntimeInputs, ip: ParsedIp, gateway: boolean, network?: ParsedCidr): string {
  const found: string[] = [];
  const walk = (value: JsonValue | undefined, path: string) => {
    if (typeof value === 'string') {
      const cidr = parseCidr(value);
      const written = parseIp(value) ?? cidr?.ip;
      const same = written && written.family === ip.family && written.bytes.every((b, k) => b === ip.bytes[k]);
      if (same || (!gateway && cidr && cidrContains(cidr, ip))) found.push(path);
    } else if (Array.isArray(value)) value.forEach((item, k) => walk(item, `${path}[${k}]`));
    else if (isJsonObject(value)) for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
  };
  const { runtimeConfig, injected } = receivedRuntimeConfig(plugin, inputs);
  walk(plugin.ipam, 'ipam');
  walk(runtimeConfig, 'runtimeConfig');
  walk(plugin.args, 'args');
  const named = found.find((path) => (gateway ? path.endsWith('.gateway') : /\.(subnet|address)$/.test(path)));
  const first = gateway && network && ip.bytes.join() === parseIp(nthAddress(network, 1n))!.bytes.join();
  const path = named ?? (first ? undefined : found[0]);
  if (path !== undefined) return `from ${injected && path.startsWith('runtimeConfig') ? "the runtime's capability argument" : 'its'} "${path}"`;
  if (first) return `the first address of ${networkAddress(network)}/${network.prefix}, its default`;
  return "from the runtime's arguments (CNI_ARGS)";
}

/**
 * What of the machine's a network on its side would take, or undefined. `address`: it is an address put on a
 * host link, so it may not be one of the machine's own even where every machine has it (loopback,
 * link-local), nor lie in a host route of the machine (a cloud's metadata server's 169.254.169.254).
 */
function takenOver(network: ParsedCidr, host: Pick<ObservedNamespace, 'addresses' | 'routes'>, address = false): string | undefined {
  if (isLoopbackIp(network.ip) || cidrsOverlap(network, network.ip.family === 4 ? LOOPBACK_4 : LOOPBACK_6)) return `overlaps this machine's loopback (${network.ip.family === 4 ? '127.0.0.0/8' : '::1'})`;
  for (const route of host.routes) {
    const gateway = route.gateway !== undefined ? parseIp(route.gateway) : undefined;
    if (gateway && gateway.family === network.ip.family && cidrContains(network, gateway)) return `holds ${route.gateway}, this machine's gateway (${route.dst} via ${route.dev ?? '?'})`;
  }
  for (const a of host.addresses) {
    for (const info of a.addr_info ?? []) {
      const own = parseIp(info.local);
      if (own && own.family === network.ip.family && (address || !local(own)) && cidrContains(network, own)) return `holds ${info.local}, an address of this machine (${a.ifname})`;
    }
  }
  for (const route of host.routes) {
    const dst = routeNetwork(route.dst);
    const hostRoute = dst !== undefined && dst.prefix === (dst.ip.family === 4 ? 32 : 128);
    if (dst && dst.ip.family === network.ip.family && (!local(dst.ip) || (address && hostRoute)) && cidrsOverlap(network, dst)) return `overlaps its route to ${route.dst}${route.dev ? ` (${route.dev})` : ''}`;
  }
  return undefined;
}

const LOOPBACK_4 = parseCidr('127.0.0.0/8')!;
const LOOPBACK_6 = parseCidr('::1/128')!;

/** Loopback and link-local: every machine has them, and no run's network reaches them. */
const local = (ip: ParsedIp) => isLoopbackIp(ip) || isLinkLocal(ip);
