// Rules about static IPAM: the addresses it returns as written (repeated, gateways, per-family counts) and
// none at all.
import { canonicalIp, cidrContains, parseCidr, parseIp } from '../../net/ip';
import { isJsonObject, type JsonObject } from '../../model/types';
import { versionAtLeast } from '../../model/versions';
import { releaseAtLeast } from '../../profiles/profile';
import type { Finding } from '../finding';
import type { PluginView } from '../context';
import { configuresIpam, gatewayFailure } from './ipam-routes';

/** Interface plugins that fail ADD when their IPAM returns no address, and since when (bridge.go and others: "IPAM plugin returned missing IP config"). */
const NEEDS_AN_ADDRESS: Record<string, string> = { bridge: '1.0.0', 'host-device': '1.0.0', ipvlan: '1.0.0', macvlan: '1.0.0', ptp: '1.0.0', vlan: '1.0.0', dummy: '1.2.0', tap: '1.3.0' };

/**
 * CNI425: static with no addresses returns none unless the runtime passes them (the ips capability,
 * args.cni.ips, CNI_ARGS IP=…), and the interface plugin fails ADD (seen with Debian's bridge 1.1.1).
 */
function staticWithoutAddresses(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  const since = p.type === undefined ? undefined : NEEDS_AN_ADDRESS[p.type];
  if (!since || !configuresIpam(p) || (p.release !== undefined && !releaseAtLeast(p.release, since))) return;
  if (Array.isArray(ipam.addresses) && ipam.addresses.length > 0) return;
  const capabilities = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  const args = isJsonObject(p.conf.args) && isJsonObject(p.conf.args.cni) ? p.conf.args.cni : {};
  if (capabilities.ips === true || (Array.isArray(args.ips) && args.ips.length > 0)) return;
  out.push({
    code: 'CNI425',
    severity: 'warning',
    message: `static has no addresses: it returns none unless the runtime passes them in CNI_ARGS ("IP=…"), and ${p.type} then fails ADD ("IPAM plugin returned missing IP config"). Write "addresses", or declare the "ips" capability for a runtime that passes them.`,
    pointer: `${p.pointer}/ipam`,
    target: 'key',
  });
}

export function staticIpam(p: PluginView, ipam: JsonObject, version: string, out: Finding[]): void {
  staticWithoutAddresses(p, ipam, out);
  const addresses = ipam.addresses;
  if (!Array.isArray(addresses)) return;
  const perFamily = new Map<number, number>();
  // Addresses as the kernel tells them apart: IPv4 by address and prefix length, IPv6 by address alone.
  const seen = new Map<string, number>();
  // ptp's host route to each address's gateway: one per gateway (CNI435).
  const gateways = new Map<string, number>();
  addresses.forEach((a, i) => {
    if (!isJsonObject(a) || typeof a.address !== 'string') return;
    const cidr = parseCidr(a.address);
    if (!cidr) return;
    perFamily.set(cidr.ip.family, (perFamily.get(cidr.ip.family) ?? 0) + 1);
    const key = cidr.ip.family === 4 ? `${canonicalIp(cidr.ip.text)}/${cidr.prefix}` : canonicalIp(cidr.ip.text);
    const earlier = seen.get(key);
    if (earlier !== undefined && configuresIpam(p)) {
      out.push({ code: 'CNI422', severity: 'error', message: `Address ${a.address} is given again (address ${earlier} is ${key}${cidr.ip.family === 6 ? ', whatever the prefix length' : ''}): ${p.entry!.type} adds each, and the kernel refuses the second, so ADD fails ("failed to add IP addr … file exists").`, pointer: `${p.pointer}/ipam/addresses/${i}/address`, fix: { title: 'Remove the repeated address', patch: [{ op: 'remove', path: `${p.pointer}/ipam/addresses/${i}` }] } });
    } else if (earlier === undefined) seen.set(key, i);
    const gwOf = typeof a.gateway === 'string' ? parseIp(a.gateway) : undefined;
    if (p.entry?.type === 'ptp' && gwOf && gwOf.family === cidr.ip.family) {
      const shared = gateways.get(canonicalIp(gwOf.text));
      if (shared !== undefined) {
        out.push({ code: 'CNI435', severity: 'error', message: `Addresses ${shared} and ${i} share the gateway ${a.gateway}: ptp adds a host route to each address's gateway, and the kernel refuses the second to the same gateway, so ADD fails ("failed to add route … ${canonicalIp(gwOf.text)}/${gwOf.family === 4 ? 32 : 128} … file exists"). Give ptp one address per family, or each its own gateway.`, pointer: `${p.pointer}/ipam/addresses/${i}/gateway` });
      } else gateways.set(canonicalIp(gwOf.text), i);
    }
    if (typeof a.gateway === 'string') {
      const gw = parseIp(a.gateway);
      if (gw && (gw.family !== cidr.ip.family || !cidrContains(cidr, gw))) {
        const failure = gatewayFailure(p, gw, cidr);
        const what = `Gateway ${a.gateway} is ${gw.family !== cidr.ip.family ? 'of another address family than' : 'outside the network of'} ${a.address}`;
        out.push({ code: 'CNI420', severity: failure ? 'error' : 'warning', message: failure ? `${what}, and ${failure}.` : `${what}.`, pointer: `${p.pointer}/ipam/addresses/${i}/gateway` });
      }
    }
  });
  if (!versionAtLeast(version, '0.3.0') && [...perFamily.values()].some((n) => n > 1)) {
    out.push({ code: 'CNI421', severity: 'error', message: `Spec ${version || '0.1.0'} results carry one address per family; static fails with more. Use cniVersion 0.3.0 or newer.`, pointer: `${p.pointer}/ipam/addresses` });
  }
}
