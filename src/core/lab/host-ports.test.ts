import { describe, expect, it } from 'vitest';
import { hostPortRefusals } from './host-ports';
import { iptablesProtocol } from '../net/protocol';
import { DEFAULT_INPUTS } from '../runtime/inputs';
import type { JsonObject, JsonValue } from '../model/types';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins });

describe('host ports a run may not map', () => {
  const inputs = (capabilityArgs: JsonObject) => ({ ...DEFAULT_INPUTS, capabilityArgs });
  const chain = list({ type: 'ptp' }, { type: 'portmap', capabilities: { portMappings: true } });
  const listening = [{ protocol: 'tcp' as const, port: 22 }, { protocol: 'udp' as const, port: 53 }];
  it('a port the machine listens on, by protocol (tcp when none is said), in any container, Go spelling too', () => {
    const taken = (...maps: JsonObject[]) => hostPortRefusals(chain, [inputs({}), inputs({ portMappings: maps })], '1.3.0', listening);
    expect(taken({ hostPort: 22, containerPort: 80 })).toEqual(['plugin 2 (portmap) would take host port 22/tcp, where a process of this machine listens: while the run lasts its new connections would reach the container instead; map another host port']);
    expect(taken({ HostPort: 53, containerPort: 53, Protocol: 'UDP' })).toHaveLength(1);
    expect(taken({ hostPort: 53, containerPort: 53, protocol: 'tcp' }, { hostPort: 8080, containerPort: 80 })).toEqual([]);
  });

  it('a runtimeConfig written in the file counts, but only where no capability replaces it', () => {
    const written = list({ type: 'ptp' }, { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 22, containerPort: 80 }] } });
    expect(hostPortRefusals(written, [inputs({})], '1.3.0', listening)).toHaveLength(1);
    const replaced = list({ type: 'ptp' }, { type: 'portmap', capabilities: { portMappings: true }, runtimeConfig: { portMappings: [{ hostPort: 22, containerPort: 80 }] } });
    expect(hostPortRefusals(replaced, [inputs({ portMappings: [{ hostPort: 2222, containerPort: 80 }] })], '1.3.0', listening)).toEqual([]);
  });

  it('reads the protocol as iptables does (portmap passes it as -p): any case, a number in any base strtoul reads, sctp', () => {
    const withSctp = [...listening, { protocol: 'sctp' as const, port: 2905 }];
    const taken = (...maps: JsonObject[]) => hostPortRefusals(chain, [inputs({ portMappings: maps })], '1.3.0', withSctp);
    expect(taken({ hostPort: 22, containerPort: 22, protocol: '6' })).toEqual(['plugin 2 (portmap) would take host port 22/tcp (its "protocol" "6", which iptables reads as tcp), where a process of this machine listens: while the run lasts its new connections would reach the container instead; map another host port']);
    for (const protocol of ['TCP', 'Tcp', '0x6', '06', ' +6']) expect(taken({ hostPort: 22, containerPort: 22, protocol })).toHaveLength(1);
    expect(taken({ hostPort: 53, containerPort: 53, protocol: '17' })).toEqual([expect.stringContaining('host port 53/udp (its "protocol" "17", which iptables reads as udp)')]);
    expect(taken({ hostPort: 2905, containerPort: 2905, protocol: 'sctp' })).toEqual([expect.stringContaining('host port 2905/sctp, where')]);
    expect(taken({ hostPort: 2905, containerPort: 2905, protocol: '132' })).toHaveLength(1);
    // Another protocol on the port is not taken from the listener.
    expect(taken({ hostPort: 22, containerPort: 22, protocol: '17' }, { hostPort: 53, containerPort: 53, protocol: 'SCTP' })).toEqual([]);
  });

  it('refuses to vouch for a protocol it cannot tell from a listener\'s: "all", 0, another name, one iptables refuses', () => {
    const taken = (protocol: JsonValue) => hostPortRefusals(chain, [inputs({ portMappings: [{ hostPort: 22, containerPort: 22, protocol }] })], '1.3.0', listening);
    expect(taken('all')).toEqual(['plugin 2 (portmap) would map host port 22 (its "protocol" "all"), a protocol the lab cannot tell apart from 22/tcp, where a process of this machine listens: while the run lasts its new connections could reach the container instead; map another host port, or name tcp, udp or sctp']);
    for (const protocol of ['0', 'dccp', '33', ' tcp', 'tcp ', '999', 6] as JsonValue[]) expect(taken(protocol)).toHaveLength(1);
    expect(hostPortRefusals(chain, [inputs({ portMappings: [{ hostPort: 8080, containerPort: 22, protocol: 'all' }] })], '1.3.0', listening)).toEqual([]);
    expect([iptablesProtocol('0x84'), iptablesProtocol('0204'), iptablesProtocol('UDP'), iptablesProtocol(undefined), iptablesProtocol('0x')]).toEqual(['sctp', 'sctp', 'udp', 'tcp', undefined]);
  });
});
