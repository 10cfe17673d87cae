// The ports the lab machine listens on (TCP listeners, unconnected UDP sockets), from /proc: a file per
// family and protocol, no process. A run whose port mapping would take one is refused (core's
// hostPortRefusals).
import { readFile } from 'node:fs/promises';
import type { Listener } from '../core';

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/** The listeners in /proc/net/{tcp,udp}{,6}'s text: `sl local_address rem_address st …`, hexadecimal, a header first. */
export function listenersIn(text: string, protocol: Listener['protocol']): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (!local || state !== (protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED)) continue;
    const port = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (port > 0 && !out.some((l) => l.port === port)) out.push({ protocol, port });
  }
  return out;
}

export async function listeningPorts(): Promise<Listener[]> {
  const read = (name: string) => readFile(`/proc/net/${name}`, 'utf8').catch(() => '');
  const [tcp, tcp6, udp, udp6] = await Promise.all(['tcp', 'tcp6', 'udp', 'udp6'].map(read));
  const all = [...listenersIn(tcp!, 'tcp'), ...listenersIn(tcp6!, 'tcp'), ...listenersIn(udp!, 'udp'), ...listenersIn(udp6!, 'udp')];
  return all.filter((l, i) => all.findIndex((x) => x.port === l.port && x.protocol === l.protocol) === i);
}
