// CNI423, CNI424: what host-local hands out of an IPv4 subnet's ends, as Debian's 1.1.1 did it (the same
// iterator in 1.9.1), several ADDs per case.
import { formatIp, ipValue, parseIp, type ParsedCidr, type ParsedIp } from '../../net/ip';
import type { JsonObject } from '../../model/types';
import { releaseAtLeast } from '../../profiles/profile';
import type { Finding } from '../finding';
import { zeroFirstByte } from './host-local-zero-byte';

/**
 * What host-local hands out of an IPv4 subnet's ends (seen with Debian's 1.1.1, the same in 1.9.1). Its
 * iterator steps from rangeStart to rangeEnd without looking at the subnet: a rangeStart on the broadcast,
 * past the default rangeEnd (the address before it), never meets the end and walks on out of the subnet
 * (CNI423); a range written to include the network or broadcast address gives it out like any other (CNI424).
 */
export function pastTheEnds(range: JsonObject, pointer: string, subnet: ParsedCidr, start: ParsedIp | undefined, end: ParsedIp | undefined, network: bigint, broadcast: bigint, plugins: string, out: Finding[]): void {
  const brd = formatIp(4, broadcast);
  // host-local never hands out the gateway, whatever the range.
  const gateway = typeof range.gateway === 'string' ? parseIp(range.gateway) : undefined;
  const handsOut = (value: bigint) => !gateway || gateway.family !== 4 || ipValue(gateway) !== value;
  if (start && !end && ipValue(start) === broadcast) {
    // 1.1 makes the addresses past a broadcast whose next address begins with a zero byte short: CNI438 says what then fails.
    if (!releaseAtLeast(plugins, '1.2.0') && zeroFirstByte(broadcast + 1n, 4)) return;
    const overflow = broadcast + 1n >= 1n << 32n;
    const later = overflow
      ? `${handsOut(broadcast) ? `the first container gets ${brd}, and each later ADD fails` : 'every ADD fails'}: the address after it is past the end of IPv4`
      : `${handsOut(broadcast) ? `the first container gets ${brd}, and each later one` : 'each container gets'} an address past the subnet (${formatIp(4, broadcast + 1n)}, ${formatIp(4, broadcast + 2n)}, …)`;
    out.push({
      code: 'CNI423',
      // ADD fails only past the end of IPv4; otherwise host-local hands out addresses no container should have.
      severity: overflow ? 'error' : 'warning',
      message: `rangeStart ${start.text} is the broadcast address of ${subnet.text}, past host-local's default rangeEnd ${formatIp(4, broadcast - 1n)}: ${later}, since host-local steps on until it meets rangeEnd.`,
      pointer: `${pointer}/rangeStart`,
      fix: { title: 'Remove rangeStart', patch: [{ op: 'remove', path: `${pointer}/rangeStart` }] },
    });
    return;
  }
  const ends: { key: 'rangeStart' | 'rangeEnd'; what: string; to: string }[] = [];
  if (start && ipValue(start) === network && handsOut(network)) ends.push({ key: 'rangeStart', what: 'the network address', to: formatIp(4, network + 1n) });
  if (end && ipValue(end) === broadcast && handsOut(broadcast)) ends.push({ key: 'rangeEnd', what: 'the broadcast address', to: formatIp(4, broadcast - 1n) });
  for (const e of ends) {
    out.push({
      code: 'CNI424',
      severity: 'warning',
      message: `${e.key} ${String(range[e.key])} is ${e.what} of ${subnet.text}: host-local hands it out to a container like any other address (its default ${e.key} leaves it out).`,
      pointer: `${pointer}/${e.key}`,
      fix: { title: `Use ${e.to}`, patch: [{ op: 'replace', path: `${pointer}/${e.key}`, value: e.to }] },
    });
  }
}
