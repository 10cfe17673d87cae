// Checks a bandwidth limit stops whatever else the network does: tbf drops every packet longer than what its
// burst passes at its rate (tbfLargestPacket, lint's CNI658). A check whose probe must send such a packet
// through a shaped direction fails for that, and its failure says so, naming the limit; nowhere else.
import { ETHERNET_HEADER as ETHERNET, tbfLargestPacket } from '../plugins/bandwidth';
import type { CheckContainer, CheckFamily, PlannedCheck } from './checks';

/** The limits the bandwidth plugin shapes a container's veth with (bits per second, bits). */
export interface BandwidthLimits {
  ingressRate?: number;
  ingressBurst?: number;
  egressRate?: number;
  egressBurst?: number;
}

/** ping's echo request and reply: its default 56 bytes of data, ICMP's 8 and the IP header (with tbf at 97 bytes ping fails, at 98 it passes). */
const PING_FRAME: Record<CheckFamily, number> = { ipv4: 98, ipv6: 118 };
/** A connection's SYN (and SYN-ACK) from Linux, with MSS, SACK, timestamps and window scale: 60 and 80 bytes of IP (iptables' length match). */
const SYN_FRAME: Record<CheckFamily, number> = { ipv4: 74, ipv6: 94 };

type Direction = 'ingress' | 'egress';

/** One way a probe's packets go through a container's shaping: into it (ingress) or out of it (egress). */
interface Leg {
  container: CheckContainer;
  dir: Direction;
  size: number;
  /** The packets, in words, and whether that is one packet (a SYN) or many. */
  what: string;
  one?: true;
}

/**
 * The ways a check's packets go, in order: the request from its sender and into its receiver, then the
 * answer back; for a bandwidth transfer, then its full-size data in the shaped direction.
 */
function legsOf(c: PlannedCheck, containers: readonly CheckContainer[]): Leg[] {
  const family = c.family ?? 'ipv4';
  const named = (name: string) => containers.find((x) => x.name === name.split(':')[0]);
  const from = named(c.from);
  const to = named(c.to);
  const way = (request: string, answer: string, size: number, one?: true): Leg[] => [
    ...(from ? [{ container: from, dir: 'egress' as const, size, what: request, ...(one ? { one } : {}) }] : []),
    ...(to ? [{ container: to, dir: 'ingress' as const, size, what: request, ...(one ? { one } : {}) }] : []),
    ...(to ? [{ container: to, dir: 'egress' as const, size, what: answer, ...(one ? { one } : {}) }] : []),
    ...(from ? [{ container: from, dir: 'ingress' as const, size, what: answer, ...(one ? { one } : {}) }] : []),
  ];
  if (c.kind === 'ping') return way('its echo requests', 'the echo replies', PING_FRAME[family]);
  if (c.kind === 'mtu') return c.mtu === undefined ? [] : way('its MTU-sized echo requests', 'the MTU-sized echo replies', c.mtu + ETHERNET);
  const connect = way("the connection's SYN", 'its SYN-ACK', SYN_FRAME[family], true);
  if (c.kind !== 'bandwidth') return connect;
  const shaped = to ?? from;
  return shaped ? [...connect, { container: shaped, dir: to ? 'ingress' : 'egress', size: (shaped.mtu ?? 1500) + ETHERNET, what: 'its full-size data packets' }] : connect;
}

/**
 * Why the check's probe cannot pass the bandwidth limit of a container on its way, or undefined when tbf
 * lets its packets through: the first way, in the order they go, whose burst passes shorter packets.
 */
export function shapingDrop(c: PlannedCheck, containers: readonly CheckContainer[]): string | undefined {
  for (const leg of legsOf(c, containers)) {
    const rate = leg.container.bandwidth?.[`${leg.dir}Rate`];
    const burst = leg.container.bandwidth?.[`${leg.dir}Burst`];
    if (!rate || !burst) continue;
    const largest = tbfLargestPacket(rate, burst);
    if (largest === undefined || largest >= leg.size) continue;
    return `bandwidth's ${leg.dir}Burst of ${burst} bits at ${rate} bits/s passes packets of at most ${largest} bytes ${leg.dir === 'ingress' ? 'into' : 'out of'} ${leg.container.name}, and ${leg.what} ${leg.one ? 'is' : 'are'} ${leg.size} bytes with Ethernet's header: tbf drops ${leg.one ? 'it' : 'them'} (see CNI658)`;
  }
  return undefined;
}
