// The ports the lab machine listens on (TCP listeners, unconnected UDP sockets, SCTP endpoints), from /proc:
// a file per family and protocol, no process. A run whose port mapping would take one is refused (core's
// hostPortRefusals).
import { readFile } from 'node:fs/promises';
import type { Listener } from '../core';

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/** The listeners in /proc/net/{tcp,udp}{,6}'s text: `sl local_address rem_address st …`, hexadecimal, a header first. */
export function listenersIn(text: string, protocol: 'tcp' | 'udp'): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (!local || state !== (protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED)) continue;
    const port = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (port > 0 && !out.some((l) => l.port === port)) out.push({ protocol, port });
  }
  return out;
}

/**
 * The SCTP endpoints in /proc/net/sctp/eps's text (`ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS`, the port
 * in decimal, both families): every one counts, since a one-to-many socket takes new associations once
 * bound, without listen().
 */
export function sctpEndpointsIn(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const port = Number(line.trim().split(/\s+/)[5]);
    if (Number.isInteger(port) && port > 0 && !out.some((l) => l.port === port)) out.push({ protocol: 'sctp', port });
  }
  return out;
}

/** Read from /proc/net; a file that is not there has no sockets (no IPv6, no sctp module loaded). */
export async function listeningPorts(): Promise<Listener[]> {
  const read = (name: string) => readFile(`/proc/net/${name}`, 'utf8').catch(() => '');
  const [tcp, tcp6, udp, udp6, sctp] = await Promise.all(['tcp', 'tcp6', 'udp', 'udp6', 'sctp/eps'].map(read));
  const all = [...listenersIn(tcp!, 'tcp'), ...listenersIn(tcp6!, 'tcp'), ...listenersIn(udp!, 'udp'), ...listenersIn(udp6!, 'udp'), ...sctpEndpointsIn(sctp!)];
  return all.filter((l, i) => all.findIndex((x) => x.port === l.port && x.protocol === l.protocol) === i);
}
