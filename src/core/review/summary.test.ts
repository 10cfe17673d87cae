import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog';
import { loadSchemas } from '../../node/schemas';
import { semanticDiff } from './diff';
import { summarizeDiff } from './summary';
import type { JsonObject } from '../model/types';

const catalog = createCatalog(loadSchemas());
const list = (name: string, plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name, plugins });

describe('summarizeDiff', () => {
  it('says what was added, removed, moved and changed, in that order', () => {
    const before = list('a', [{ type: 'bridge', mtu: 1500 }, { type: 'tuning' }, { type: 'portmap', capabilities: { portMappings: true } }]);
    const after = list('b', [{ type: 'bridge', mtu: 1400, ipam: { type: 'host-local', ranges: [[{ subnet: '10.0.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'bandwidth' }]);
    expect(summarizeDiff(semanticDiff(before, after, catalog))).toEqual(['added bandwidth', 'removed tuning', 'bridge: mtu, ipam', 'name']);
  });

  it('names a moved plugin with both places, and shortens deep fields', () => {
    const after = list('a', [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.0.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning' }]);
    const before = list('a', [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'tuning' }, { type: 'portmap', capabilities: { portMappings: true } }]);
    expect(summarizeDiff(semanticDiff(before, after, catalog))[0]).toMatch(/^moved (tuning 2 → 3|portmap 3 → 2)$/);
    expect(summarizeDiff(semanticDiff(before, after, catalog))).toContain('bridge: ipam…subnet');
  });

  it('is empty when nothing changed', () => {
    const same = list('a', [{ type: 'bridge' }]);
    expect(summarizeDiff(semanticDiff(same, structuredClone(same), catalog))).toEqual([]);
  });
});
