// The links of the lab machine's default routes, as macvlan and ipvlan find their master when a config
// names none: read from /proc (a file each, no process), IPv4 and IPv6.
import { readFile } from 'node:fs/promises';

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;

/** The links default routes leave through, from /proc/net/route's and /proc/net/ipv6_route's text. */
export function defaultRouteLinksIn(route4: string, route6: string): string[] {
  const links: string[] = [];
  // Iface Destination Gateway Flags RefCnt Use Metric Mask …, hexadecimal, a header line first.
  for (const line of route4.split('\n').slice(1)) {
    const [iface, dst, , flags, , , , mask] = line.trim().split(/\s+/);
    if (iface && dst === '00000000' && mask === '00000000' && (parseInt(flags ?? '0', 16) & RTF_UP) !== 0) links.push(iface);
  }
  // dst dst_len src src_len next_hop metric refcnt use flags iface; no header. A "reject" default is no way out.
  for (const line of route6.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const flags = parseInt(f[8]!, 16);
    if (/^0{32}$/.test(f[0]!) && f[1] === '00' && (flags & RTF_UP) !== 0 && (flags & RTF_REJECT) === 0 && f[9] !== 'lo') links.push(f[9]!);
  }
  return [...new Set(links)];
}

export async function defaultRouteLinks(): Promise<string[]> {
  const read = (path: string) => readFile(path, 'utf8').catch(() => '');
  const [route4, route6] = await Promise.all([read('/proc/net/route'), read('/proc/net/ipv6_route')]);
  return defaultRouteLinksIn(route4, route6);
}
