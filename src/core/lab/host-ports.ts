// The host ports a run's port mappings would take from the lab machine. portmap DNATs a host port for
// every destination address of the machine (loopback too), so while the run lasts new connections to a
// service listening on it (sshd, the lab helper itself) would reach the container instead.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { buildStdin } from '../runtime/plan';
import { goField, goPluginType } from '../model/go-keys';
import type { RuntimeInputs } from '../runtime/inputs';
import { iptablesProtocol, type PortProtocol } from '../net/protocol';

/** A socket of the machine that takes new traffic on a port: a TCP listener, a bound UDP socket, an SCTP endpoint. */
export interface Listener {
  protocol: PortProtocol;
  port: number;
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
