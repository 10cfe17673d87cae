// A port mapping's "protocol" as iptables reads what portmap hands it (`-p <protocol>`), shared by the
// plan's notes on the runtime's mappings and the lab's check of the machine's listening ports.
import type { JsonValue } from '../model/types';

/** The port protocols portmap maps and a listener of the machine can have. */
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** The protocols iptables knows by number that a listener can have (/etc/protocols). */
const BY_NUMBER: ReadonlyMap<number, PortProtocol> = new Map([[6, 'tcp'], [17, 'udp'], [132, 'sctp']]);

/**
 * The protocol a mapping's "protocol" is to iptables, which portmap hands it to as `-p <protocol>`: iptables
 * lowers its case, reads a number as C's strtoul does in base 0 ("6", "0x6", "06", " +6"), and a name through
 * getprotobyname. undefined: one that is none of tcp, udp and sctp ("all" or 0 is every protocol, another
 * name or number one no listener read here has), so no listener's protocol can be ruled out. A mapping
 * without one is read as tcp (iptables refuses `-p ""`, so nothing is mapped).
 */
export function iptablesProtocol(protocol: JsonValue | undefined): PortProtocol | undefined {
  if (protocol === undefined || protocol === null || protocol === '') return 'tcp';
  if (typeof protocol !== 'string') return undefined;
  const text = protocol.toLowerCase();
  if (text === 'tcp' || text === 'udp' || text === 'sctp') return text;
  const number = /^\s*\+?(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(text)?.[1];
  if (number === undefined) return undefined;
  const value = number.startsWith('0x') ? parseInt(number.slice(2), 16) : number.startsWith('0') ? parseInt(number, 8) : parseInt(number, 10);
  return BY_NUMBER.get(value);
}
