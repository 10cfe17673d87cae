// The machine's own addresses and routes, which a run must not take over. bridge and ptp put the run's
// networks on the machine's side (the bridge's gateway address and its connected route, ptp's host routes to
// each container address): one that holds the machine's gateway, one of its addresses, or a network it
// routes elsewhere, sends the machine's own traffic into the run's links while it lasts (its gateway, its
// DNS server, the workstation at the other end of an SSH tunnel).
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { goPluginType } from '../model/go-keys';
import { cidrContains, cidrsOverlap, isLinkLocal, isLoopbackIp, networkAddress, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from '../net/ip';
import { predictIpam } from '../runtime/predict';
import type { RuntimeInputs } from '../runtime/inputs';
import type { ObservedNamespace } from './observed';

/** Plugins whose networks reach the machine's routing table. */
const ON_THE_HOST = new Set(['bridge', 'ptp']);

/** A route's destination as a network ("192.0.2.0/24", a bare address as a host route); undefined for the default. */
const routeNetwork = (dst: string): ParsedCidr | undefined => (dst === 'default' ? undefined : (parseCidr(dst) ?? parseCidr(`${dst}/${dst.includes(':') ? 128 : 32}`)));

/**
 * Why the run's addresses would take over the machine's traffic (one reason per plugin and network): [] when
 * they would not. Links the run may use (`lab serve --host-links`, made for tests) are the run's to share:
 * their addresses and routes do not count.
 */
export function hostRouteRefusals(conflist: JsonObject, inputs: readonly RuntimeInputs[], observed: Pick<ObservedNamespace, 'addresses' | 'routes'>, testLinks: readonly string[] = []): string[] {
  const refusals = new Set<string>();
  const mine = new Set(testLinks);
  const host = { addresses: observed.addresses.filter((a) => !mine.has(a.ifname)), routes: observed.routes.filter((r) => r.dev === undefined || !mine.has(r.dev)) };
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p) || !ON_THE_HOST.has(goPluginType(p)) || !isJsonObject(p.ipam)) return;
    for (const input of inputs) {
      for (const ip of predictIpam(p, input).ips) {
        const network = typeof ip.address === 'string' ? parseCidr(ip.address) : undefined;
        if (!network) continue;
        const why = takenOver(network, host);
        if (why) refusals.add(`plugin ${i + 1} (${goPluginType(p)}) puts ${networkAddress(network)}/${network.prefix} on this machine's side, which ${why}: while the run lasts the machine's own traffic there would go into the run's links`);
      }
    }
  });
  return [...refusals];
}

function takenOver(network: ParsedCidr, host: Pick<ObservedNamespace, 'addresses' | 'routes'>): string | undefined {
  for (const route of host.routes) {
    const gateway = route.gateway !== undefined ? parseIp(route.gateway) : undefined;
    if (gateway && gateway.family === network.ip.family && cidrContains(network, gateway)) return `holds ${route.gateway}, this machine's gateway (${route.dst} via ${route.dev ?? '?'})`;
  }
  for (const a of host.addresses) {
    for (const info of a.addr_info ?? []) {
      const own = parseIp(info.local);
      if (own && own.family === network.ip.family && !local(own) && cidrContains(network, own)) return `holds ${info.local}, an address of this machine (${a.ifname})`;
    }
  }
  for (const route of host.routes) {
    const dst = routeNetwork(route.dst);
    if (dst && dst.ip.family === network.ip.family && !local(dst.ip) && cidrsOverlap(network, dst)) return `overlaps its route to ${route.dst}${route.dev ? ` (${route.dev})` : ''}`;
  }
  return undefined;
}

/** Loopback and link-local: every machine has them, and no run's network reaches them. */
const local = (ip: ParsedIp) => isLoopbackIp(ip) || isLinkLocal(ip);
