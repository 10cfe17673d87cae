import { describe, expect, it } from 'vitest';
import { unheldAddressRefusals } from './portmap-targets';
import type { JsonObject } from '../model/types';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins });
const portmap = { type: 'portmap', capabilities: { portMappings: true } };
const staticStep = { type: 'static', ipam: { type: 'static', addresses: [{ address: '198.51.100.7/24' }] } };

describe('port mappings to addresses no interface of the run holds', () => {
  it('are refused after an IPAM plugin as a chain step, first or later (its result replaces the one before)', () => {
    expect(unheldAddressRefusals(list(staticStep, portmap))).toEqual([expect.stringMatching(/^plugin 1 \(static\) is an IPAM plugin as a chain step: .* plugin 2 \(portmap\) would forward/)]);
    expect(unheldAddressRefusals(list({ type: 'bridge', ipam: { type: 'host-local' } }, { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] }, portmap))).toEqual([expect.stringContaining('plugin 2 (host-local) is an IPAM plugin as a chain step')]);
  });

  it('are not refused with the IPAM plugin where it belongs, nor with no portmap after the step', () => {
    expect(unheldAddressRefusals(list({ type: 'macvlan', master: 'eth1', ipam: staticStep.ipam }, portmap))).toEqual([]);
    expect(unheldAddressRefusals(list(staticStep, { type: 'tuning' }))).toEqual([]);
  });
});
