import { describe, expect, it } from 'vitest';
import { hostPortRefusals } from './host-ports';
import { DEFAULT_INPUTS } from '../runtime/inputs';
import type { JsonObject } from '../model/types';

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
});
