import { describe, expect, it } from 'vitest';
import { conflistFingerprint, isStaleRun } from './fingerprint';
import type { JsonObject } from '../model/types';

const bridge = { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]] } };
const list: JsonObject & { plugins: JsonObject[] } = { cniVersion: '1.0.0', name: 'net', plugins: [bridge, { type: 'portmap', capabilities: { portMappings: true } }] };

describe('conflistFingerprint', () => {
  it('is the same for the same content, whatever the key order', () => {
    const reordered: JsonObject = { plugins: [{ ipam: { ranges: [[{ subnet: '10.88.0.0/16' }]], type: 'host-local' }, bridge: 'cni0', type: 'bridge' }, { capabilities: { portMappings: true }, type: 'portmap' }], name: 'net', cniVersion: '1.0.0' };
    expect(conflistFingerprint(reordered)).toBe(conflistFingerprint(list));
    expect(conflistFingerprint(structuredClone(list))).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs for any other value, a plugin order, a type (1 vs "1") or a key added', () => {
    const base = conflistFingerprint(list);
    expect(conflistFingerprint({ ...list, plugins: [bridge, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning' }] })).not.toBe(base);
    expect(conflistFingerprint({ ...list, plugins: [...list.plugins].reverse() })).not.toBe(base);
    expect(conflistFingerprint({ ...list, plugins: [{ ...bridge, mtu: 1400 }, list.plugins[1]!] })).not.toBe(conflistFingerprint({ ...list, plugins: [{ ...bridge, mtu: '1400' }, list.plugins[1]!] }));
    expect(conflistFingerprint({ ...list, name: 'other' })).not.toBe(base);
  });

  it('says a run is stale only when it ran on another version', () => {
    const ran = conflistFingerprint(list);
    expect(isStaleRun(undefined, list)).toBe(false); // no run yet
    expect(isStaleRun(ran, structuredClone(list))).toBe(false);
    expect(isStaleRun(ran, { ...list, name: 'edited' })).toBe(true);
  });
});
