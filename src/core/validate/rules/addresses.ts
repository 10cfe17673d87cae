// What bridge and ptp do with several addresses from one IPAM result: bridge puts each address's gateway
// on the bridge (one IPv4 address per bridge), masquerading is set up and torn down per address. Each was
// seen on the real plugins (Debian's 1.1.1) while the validator had passed the config.
import { isJsonObject } from '../../model/types';
import { canonicalIp, ipValue, nthAddress, parseCidr, parseIp, cidrContains, type ParsedCidr } from '../../net/ip';
import { hostLocalRangeSets } from '../../plugins';
import { describeProfile, releaseAtLeast, type RuntimeProfile } from '../../profiles/profile';
import type { Finding } from '../finding';
import type { PluginView, Rule } from '../context';
import { reads } from './releases';

/** One address the IPAM written in the file hands out: its network (host-local) or address (static), and its gateway. */
interface Given {
  cidr: ParsedCidr;
  /** Canonical text; undefined when none is given, null when it depends on the range the address comes from. */
  gateway: string | undefined | null;
  pointer: string;
}

/**
 * The addresses host-local (one per range set) or static (one per entry) written in the file hands out, in
 * the result's order; undefined for another IPAM or when the runtime may send others (ipRanges, ips).
 */
function givenAddresses(p: PluginView): Given[] | undefined {
  const ipam = p.ipam;
  const caps = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  if (!ipam || caps.ipRanges === true || caps.ips === true) return undefined;
  const gatewayOf = (gateway: unknown) => (typeof gateway === 'string' && parseIp(gateway) ? canonicalIp(gateway) : undefined);
  if (p.ipamType === 'host-local') {
    const out: Given[] = [];
    hostLocalRangeSets(ipam).forEach((set, i) => {
      // host-local's gateway: the range's own, else its subnet's first address (range.go Canonicalize).
      const each = set.map((r) => {
        const cidr = typeof r.subnet === 'string' ? parseCidr(r.subnet) : undefined;
        return cidr && { cidr, gateway: gatewayOf(r.gateway) ?? nthAddress(cidr, 1n) };
      });
      const first = each[0];
      if (!first || each.some((x) => !x)) return;
      const same = each.every((x) => x!.cidr.prefix === first.cidr.prefix && x!.gateway === first.gateway);
      out.push({ cidr: first.cidr, gateway: same ? first.gateway : null, pointer: `${p.pointer}/ipam/ranges/${i}` });
    });
    return out;
  }
  if (p.ipamType === 'static' && Array.isArray(ipam.addresses)) {
    const out: Given[] = [];
    ipam.addresses.forEach((a, i) => {
      const cidr = isJsonObject(a) && typeof a.address === 'string' ? parseCidr(a.address) : undefined;
      if (cidr) out.push({ cidr, gateway: gatewayOf((a as { gateway?: unknown }).gateway), pointer: `${p.pointer}/ipam/addresses/${i}` });
    });
    return out;
  }
  return undefined;
}

/** The first address of an address's network: bridge's gateway for an address the IPAM gives none (calcGatewayIP). */
const networkFirst = (cidr: ParsedCidr) => nthAddress(cidr, 1n);

/**
 * CNI635: with isGateway bridge puts each address's gateway (with the address's prefix) on the bridge, IPv4
 * first (ensureAddr, 1.0 to 1.9). An IPv4 address different from the one the bridge has is refused ("already
 * has an IP address different from …"), so a second IPv4 network fails ADD; with forceAddress it replaces
 * the first, whose containers lose their gateway. IPv6 takes several, unless one's network holds the other.
 * CNI640: a static address that is the gateway bridge computes: the container and the bridge share it.
 */
function bridgeGateways(p: PluginView, out: Finding[]): void {
  if (p.type !== 'bridge' || (p.conf.isGateway !== true && p.conf.isDefaultGateway !== true)) return;
  const given = givenAddresses(p);
  if (!given) return;
  const nets = given.map((g) => (g.gateway === null ? undefined : { cidr: g.cidr, gateway: g.gateway, pointer: g.pointer, gw: g.gateway ?? networkFirst(g.cidr) }));
  if (p.ipamType === 'static') {
    for (const n of nets) {
      if (!n || ipValue(n.cidr.ip) !== ipValue(parseIp(n.gw)!)) continue;
      out.push({
        code: 'CNI640',
        severity: 'warning',
        message: `Static address ${n.cidr.text} is the gateway bridge puts on the bridge with isGateway (${n.gateway ? 'its "gateway"' : 'the first address of its network, as no "gateway" is given'}): the container and the bridge get the same address, and the container cannot reach its gateway. ADD works. Give the container another address, or "gateway" another one.`,
        pointer: `${n.pointer}/address`,
      });
    }
  }
  if (nets.some((n) => !n)) return; // a gateway that depends on the range host-local picks
  const force = p.conf.forceAddress === true;
  const name = typeof p.conf.bridge === 'string' && p.conf.bridge !== '' ? p.conf.bridge : 'cni0';
  const vlan = typeof p.conf.vlan === 'number' && p.conf.vlan !== 0;
  // What bridge's ensureAddr leaves on the link after each gateway, IPv4's then IPv6's.
  for (const family of [4, 6] as const) {
    const onBridge: { text: string; cidr: ParsedCidr }[] = [];
    for (const n of nets.filter((x) => x!.cidr.ip.family === family)) {
      const text = `${n!.gw}/${n!.cidr.prefix}`;
      const cidr = parseCidr(text)!;
      if (onBridge.some((a) => a.text === text)) continue;
      const clashes = onBridge.filter((a) => family === 4 || cidrContains(a.cidr, cidr.ip) || cidrContains(cidr, a.cidr.ip));
      if (clashes.length && !force) {
        const words = vlan ? `failed to set vlan interface for bridge with addr: "…" already has an IP address different from ${text}` : `failed to set bridge addr: "${name}" already has an IP address different from ${text}`;
        out.push({
          code: 'CNI635',
          severity: 'error',
          message: `bridge with isGateway puts each address's gateway on the bridge, and ${family === 4 ? 'a bridge takes one IPv4 address' : "an IPv6 one whose network holds another's is refused"}: it has ${clashes[0]!.text} when ${text} comes, so ADD fails ("${words}"). Give ${family === 4 ? 'the IPv4 addresses' : 'them'} one gateway, or use one bridge per network.`,
          pointer: n!.pointer,
        });
        break;
      }
      if (clashes.length) {
        out.push({
          code: 'CNI635',
          severity: 'warning',
          message: `bridge with isGateway puts each address's gateway on the bridge, and forceAddress replaces ${clashes.map((a) => a.text).join(' and ')} with ${text}: ADD works, but the bridge keeps only the last, and the containers' routes through ${clashes.map((a) => a.text.split('/')[0]).join(' and ')} lead nowhere. Give ${family === 4 ? 'the IPv4 addresses' : 'them'} one gateway, or use one bridge per network.`,
          pointer: n!.pointer,
        });
      }
      for (const a of clashes) onBridge.splice(onBridge.indexOf(a), 1);
      onBridge.push({ text, cidr });
    }
  }
}

/**
 * CNI636: masquerading is torn down per address, each removing its POSTROUTING rule and then the chain
 * they share (ip.TeardownIPMasq): with a second address of the same family the chain is still in use, and
 * iptables refuses ("CHAIN_DEL failed (Device or resource busy)"). bridge returns that error (before 1.7.0
 * at once, leaving the next address's rule and the chain on the host); ptp before 1.7.0 returns the last
 * address's outcome only, which succeeds; from 1.7.0 both collect every error. Not with ipMasqBackend
 * "nftables" (1.6.0 on), whose teardown is one transaction.
 */
function masqTeardown(p: PluginView, profile: RuntimeProfile, out: Finding[]): void {
  if ((p.type !== 'bridge' && p.type !== 'ptp') || p.conf.ipMasq !== true) return;
  if (p.type === 'ptp' && (p.release === undefined || !releaseAtLeast(p.release, '1.7.0'))) return;
  if (p.conf.ipMasqBackend === 'nftables' && reads(p, 'ipMasqBackend')) return;
  const given = givenAddresses(p);
  if (!given) return;
  const family = ([4, 6] as const).find((f) => given.filter((g) => g.cidr.ip.family === f).length > 1);
  if (family === undefined) return;
  const tool = family === 4 ? 'iptables' : 'ip6tables';
  const early = p.release !== undefined && !releaseAtLeast(p.release, '1.7.0');
  out.push({
    code: 'CNI636',
    severity: 'warning',
    message: `${p.type} with ipMasq removes the masquerade per address, each time deleting the chain the addresses share, and this network gives two ${family === 4 ? 'IPv4' : 'IPv6'} addresses: the chain is still in use after the first, so the first DEL fails ("running [… ${tool} -t nat -X CNI-… --wait]: exit status …: … (Device or resource busy)"). ADD and CHECK work, a retried DEL succeeds${early ? `, but ${p.release} stops at the error and leaves the second address's rule and the empty chain on the host` : ''}. Give the network one address per family${releaseAtLeast(p.release ?? '1.6.0', '1.6.0') ? ', or set "ipMasqBackend": "nftables"' : ''}.`,
    pointer: `${p.pointer}/ipMasq`,
    ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
  });
}

export const addressRules: Rule = ({ plugins, profile }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    if (p.entry?.thirdParty) continue;
    bridgeGateways(p, out);
    masqTeardown(p, profile, out);
  }
  return out;
};
