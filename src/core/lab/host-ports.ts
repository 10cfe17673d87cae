// The host ports a run's port mappings would take from the lab machine. portmap DNATs a host port for
// every destination address of the machine (loopback too), so while the run lasts new connections to a
// service listening on it (sshd, the lab helper itself) would reach the container instead.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { pluginList } from '../model/chain';
import { buildStdin } from '../runtime/plan';
import { goField, goPluginType } from '../model/go-keys';
import type { RuntimeInputs } from '../runtime/inputs';

/** A socket of the machine that takes new traffic on a port: a TCP listener, a bound UDP socket, an SCTP endpoint. */
export interface Listener {
  protocol: 'tcp' | 'udp' | 'sctp';
  port: number;
}

/** The protocols iptables knows by number that a listener can have (/etc/protocols). */
const BY_NUMBER: ReadonlyMap<number, Listener['protocol']> = new Map([[6, 'tcp'], [17, 'udp'], [132, 'sctp']]);

/**
 * The protocol a mapping's "protocol" is to iptables, which portmap hands it to as `-p <protocol>`: iptables
 * lowers its case, reads a number as C's strtoul does in base 0 ("6", "0x6", "06", " +6"), and a name through
 * getprotobyname. undefined: one that is none of tcp, udp and sctp ("all" or 0 is every protocol, another
 * name or number one no listener read here has), so no listener's protocol can be ruled out. A mapping
 * without one is read as tcp (iptables refuses `-p ""`, so nothing is mapped).
 */
export function iptablesProtocol(protocol: JsonValue | undefined): Listener['protocol'] | undefined {
  if (protocol === undefined || protocol === null || protocol === '') return 'tcp';
  if (typeof protocol !== 'string') return undefined;
  const text = protocol.toLowerCase();
  if (text === 'tcp' || text === 'udp' || text === 'sctp') return text;
  const number = /^\s*\+?(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(text)?.[1];
  if (number === undefined) return undefined;
  const value = number.startsWith('0x') ? parseInt(number.slice(2), 16) : number.startsWith('0') ? parseInt(number, 8) : parseInt(number, 10);
  return BY_NUMBER.get(value);
}

/** Why the run may not map these host ports: [] when none is one the machine listens on. */
export function hostPortRefusals(conflist: JsonObject, containers: readonly RuntimeInputs[], libcni: string, listening: readonly Listener[]): string[] {
  const refusals = new Set<string>();
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p) || goPluginType(p) !== 'portmap') return;
    for (const inputs of containers) {
      // What portmap receives: the capability's mappings injected, or a runtimeConfig written in the file.
      const rc = buildStdin(conflist, i, inputs, undefined, undefined, [], libcni).stdin.runtimeConfig;
      const mappings = isJsonObject(rc) ? goField(rc, 'portMappings') : undefined;
      for (const m of Array.isArray(mappings) ? mappings : []) {
        if (!isJsonObject(m)) continue;
        const port = goField(m, 'hostPort');
        if (typeof port !== 'number') continue;
        const written = goField(m, 'protocol');
        const proto = iptablesProtocol(written);
        const taken = listening.filter((l) => l.port === port && (proto === undefined || l.protocol === proto));
        if (taken.length === 0) continue;
        const as = typeof written === 'string' && written !== proto ? ` (its "protocol" ${JSON.stringify(written)}${proto ? `, which iptables reads as ${proto}` : ''})` : '';
        if (proto) refusals.add(`plugin ${i + 1} (portmap) would take host port ${port}/${proto}${as}, where a process of this machine listens: while the run lasts its new connections would reach the container instead; map another host port`);
        else refusals.add(`plugin ${i + 1} (portmap) would map host port ${port}${as || ` (its "protocol" ${JSON.stringify(written)})`}, a protocol the lab cannot tell apart from ${taken.map((l) => `${port}/${l.protocol}`).join(' and ')}, where a process of this machine listens: while the run lasts its new connections could reach the container instead; map another host port, or name tcp, udp or sctp`);
      }
    }
  });
  return [...refusals];
}
