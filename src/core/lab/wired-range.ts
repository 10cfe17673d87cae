// The addresses of the checks' client and outside namespaces: a /30 of 198.18.0.0/15 (RFC 2544's
// benchmarking range) per namespace and, for the outside, a /126 of 2001:2::/48 (RFC 5180). A machine may
// route them all the same (a proxy's fake-ip mode sends 198.18.0.0/15 to its gateway or tunnel): the
// namespace's own, more specific route would then take the machine's traffic to those addresses while the
// checks last, so a range the machine routes, or holds an address in, is never used.
import { canonicalIp, cidrsOverlap, parseCidr, type ParsedCidr } from '../net/ip';

export interface WiredRange {
  hostAddress: string;
  nsAddress: string;
  /** Each with its prefix, as the veth pair's ends get them. */
  hostCidr: string;
  nsCidr: string;
  hostAddress6: string;
  nsAddress6: string;
  hostCidr6: string;
  nsCidr6: string;
}

/** The machine's networks a range must leave alone: its routes' destinations (every table) and its addresses with their prefixes. */
export interface MachineNetworks {
  routes: readonly string[];
  addresses: readonly string[];
}

/** Range `n` (0 to 255) of a namespace of `role`: 198.18.n.1/30 and .2 for the client, .5 and .6 for the outside (2001:2:0:n::… alike). */
export function wiredRange(n: number, role: 'client' | 'outside'): WiredRange {
  const base = role === 'client' ? 0 : 4;
  const [hostAddress, nsAddress] = [`198.18.${n}.${base + 1}`, `198.18.${n}.${base + 2}`];
  // Compressed as sockets print them (n = 0 is 2001:2::5): the outside's listener reports its peer so.
  const six = (k: number) => canonicalIp(`2001:2:0:${n.toString(16)}::${k}`);
  const [hostAddress6, nsAddress6] = [six(base + 1), six(base + 2)];
  return { hostAddress, nsAddress, hostCidr: `${hostAddress}/30`, nsCidr: `${nsAddress}/30`, hostAddress6, nsAddress6, hostCidr6: `${hostAddress6}/126`, nsCidr6: `${nsAddress6}/126` };
}

/** A route's destination as a network; undefined for a default route, and for the halves of one (0.0.0.0/1, a VPN's), which route everything. */
function routed(dst: string): ParsedCidr | undefined {
  if (dst === 'default') return undefined;
  const network = parseCidr(dst) ?? parseCidr(`${dst}/${dst.includes(':') ? 128 : 32}`);
  return network && network.prefix > 1 ? network : undefined;
}

/**
 * The first range from `start` on (wrapping round the 256) that no route of the machine other than a default
 * one reaches and that holds none of its addresses, for both families; undefined when there is none.
 */
export function freeWiredRange(machine: MachineNetworks, role: 'client' | 'outside', start = 0): WiredRange | undefined {
  const used = [...machine.routes.map(routed), ...machine.addresses.map((a) => parseCidr(a))].filter((n): n is ParsedCidr => n !== undefined);
  for (let k = 0; k < 256; k++) {
    const range = wiredRange((start + k) % 256, role);
    const own = [range.hostCidr, range.hostCidr6].map((c) => parseCidr(c)!);
    if (!own.some((mine) => used.some((n) => cidrsOverlap(mine, n)))) return range;
  }
  return undefined;
}
