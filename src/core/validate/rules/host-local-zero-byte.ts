// CNI438: host-local before 1.2.0 counts addresses with math/big and turns the integer back into an
// address without padding it (pkg/ip's intToIP), so the next address after one whose first byte is zero
// comes out a few bytes long: an address Go cannot print. Seen with Debian's 1.1.1 on 0.0.0.0/24, ::/64,
// ::fffe:0:0/95 and 0:ff::/64. Plugins 1.2.0 pad it.
import { canonicalIp, cidrBounds, formatIp, hasHostBits, ipValue, parseIp, type ParsedCidr, type ParsedIp } from '../../net/ip';
import { releaseAtLeast } from '../../profiles/profile';
import type { Finding } from '../finding';
import type { RangeAt } from './ipam';

/** Go's hexString of the unpadded bytes math/big gives for a value: what net.IP's errors print. */
const goHex = (value: bigint) => {
  const hex = value.toString(16);
  return hex.length % 2 ? `0${hex}` : hex;
};

const same = (a: ParsedIp, b: ParsedIp) => a.family === b.family && ipValue(a) === ipValue(b);

const written = (text: unknown): ParsedIp | undefined => (typeof text === 'string' ? parseIp(text) : undefined);

/** Whether an address (as an integer) begins with a zero byte: such an address, made by 1.1's NextIP, comes out short. */
export const zeroFirstByte = (value: bigint, family: 4 | 6) => value < 1n << BigInt(family === 4 ? 24 : 120);

/** Whether the profile's host-local makes the subnet's default rangeStart (its second address) short: 1.1 on a network beginning with a zero byte. */
export const shortDefaultStart = (plugins: string, subnet: ParsedCidr) => !releaseAtLeast(plugins, '1.2.0') && zeroFirstByte(cidrBounds(subnet).first, subnet.ip.family);

/** How many bytes 1.1 holds a range's rangeStart in: 4 or 16, or the unpadded default's when it is short. */
const startLength = (r: RangeAt): number => (r.shortStart ? goHex(cidrBounds(r.cidr).first + 1n).length / 2 : r.cidr.ip.family === 4 ? 4 : 16);

/**
 * 1.1 tells a set's families apart by the length of each range's rangeStart, so a short default start
 * beside any other range makes the set "mixed" (seen: 0.0.0.0/24 beside 1.0.0.0/24).
 */
function mixedLengths(plugins: string, set: { index: number; ranges: readonly RangeAt[] }, out: Finding[]): boolean {
  const ranges = set.ranges.filter((r) => !r.refused);
  if (ranges.length < 2 || ranges.some((r) => r.cidr.ip.family !== ranges[0]!.cidr.ip.family)) return false;
  const odd = ranges.find((r) => startLength(r) !== startLength(ranges[0]!));
  if (!odd) return false;
  const short = startLength(ranges[0]!) < startLength(odd) ? ranges[0]! : odd;
  out.push({
    code: 'CNI438',
    severity: 'error',
    message: `host-local ${plugins} holds the default rangeStart of ${short.cidr.text} in too few bytes (the address after one whose first byte is zero comes out short; plugins 1.2.0 fixed it), and tells a range set's families apart by that length: it refuses the set ("invalid range set ${Math.max(set.index, 0)}: mixed address families"). Write rangeStart, use a subnet that does not begin with a zero byte, or plugins 1.2.0 or later.`,
    pointer: `${short.pointer}/subnet`,
  });
  return true;
}

export function zeroByteRanges(plugins: string, sets: readonly { index: number; ranges: readonly RangeAt[] }[], out: Finding[]): void {
  if (releaseAtLeast(plugins, '1.2.0')) return;
  for (const set of sets) {
    if (mixedLengths(plugins, set, out)) continue;
    set.ranges.forEach((r, k) => {
      const family = r.cidr.ip.family;
      const { first: network, last } = cidrBounds(r.cidr);
      if (r.refused || hasHostBits(r.cidr) || r.cidr.prefix > (family === 4 ? 30 : 126) || !zeroFirstByte(network, family)) return;
      const gateway = written(r.range.gateway);
      const start = written(r.range.rangeStart);
      const end = written(r.range.rangeEnd);
      const next = formatIp(family, network + 1n);
      // A range of one address (rangeStart on rangeEnd, written or its default) never steps past its start.
      const endValue = end ? ipValue(end) : family === 4 ? last - 1n : last;
      // What the first ADD meets in this range: the default gateway or start is short, or the step past the gateway.
      let failure: string | undefined;
      let which = '';
      if (!gateway && !start && network === 0n) {
        // The default start is the default gateway, which is skipped, and the address after a short one is itself.
        const rangeEnd = canonicalIp(end ? end.text : formatIp(family, family === 4 ? last - 1n : last));
        failure = `failed to allocate for range ${Math.max(set.index, 0)}: no IP addresses available in range set: ?01-${rangeEnd}${set.ranges.length > 1 ? ',…' : ''}`;
        which = `Its default gateway and rangeStart (${next}) are`;
      } else if (!gateway) {
        failure = `… MarshalText for type net.IP: address ${goHex(network + 1n)}: invalid IP address`;
        which = start ? `Its default gateway (${next}) is` : `Its default gateway and rangeStart (${next}) are`;
      } else if (!start) {
        failure = 'invalid CIDR address: <nil>';
        which = `Its default rangeStart (${next}) is`;
      } else if (same(start, gateway) && ipValue(start) !== endValue && zeroFirstByte(ipValue(gateway) + 1n, family)) {
        failure = 'invalid CIDR address: <nil>';
        which = `The address after its gateway ${gateway.text} is`;
      }
      // With both written, the first container gets rangeStart and the step past it comes out short.
      const later = !failure && ipValue(start!) !== endValue && zeroFirstByte(ipValue(start!) + 1n, family);
      if (!failure && !later) return;
      const why = `host-local ${plugins} cannot step through ${r.cidr.text}: the address after one whose first byte is zero comes out a few bytes short, an address Go cannot print (plugins 1.2.0 fixed it)`;
      const advice = 'Use a subnet that does not begin with a zero byte, or plugins 1.2.0 or later.';
      const pointer = `${r.pointer}/subnet`;
      if (k > 0) out.push({ code: 'CNI438', severity: 'warning', message: `${why}. Once the ranges before it in its set are used up, ADD fails. ${advice}`, pointer });
      else if (failure) out.push({ code: 'CNI438', severity: 'error', message: `${why}. ${which} such an address, so ADD fails ("${failure}"). ${advice}`, pointer });
      else {
        out.push({
          code: 'CNI438',
          severity: 'warning',
          message: `${why}. The first container gets rangeStart ${start!.text}; the address after it is such an address, so every later ADD fails ("invalid CIDR address: <nil>"). ${advice}`,
          pointer,
        });
      }
    });
  }
}
