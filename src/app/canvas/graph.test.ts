// The canvas projection addresses plugins by id: findings, the live run's statuses and the teaching
// focus land on the right node whatever the chain order is now.
import { describe, expect, it } from 'vitest';
import { applyChange, createCatalog, readChain, type Finding } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { buildGraph } from './graph';

const catalog = createCatalog(loadSchemas());
const chain = readChain({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, { type: 'tuning' }, { type: 'portmap' }] }, (i) => ['b', 't', 'p'][i]!);
const finding = (pointer: string): Finding => ({ code: 'CNI999', severity: 'error', message: 'x', pointer });
const classOf = (g: ReturnType<typeof buildGraph>, id: string) => g.nodes.find((n) => n.id === id)?.className ?? '';

describe('buildGraph', () => {
  it('puts each finding on the part it is about: the plugin or its IPAM', () => {
    const g = buildGraph(chain, {}, [finding('/plugins/0/ipam/subnet'), finding('/plugins/2/snat'), finding('/name')], catalog, []);
    const counts = Object.fromEntries(g.nodes.map((n) => [n.id, n.data.counts.error]));
    expect(counts).toEqual({ b: 0, 'b#ipam': 1, t: 0, p: 1 });
  });

  it("lights the plugin a run reported, by id, after the chain was reordered", () => {
    const moved = applyChange(chain, { kind: 'move', id: 'p', to: 1 }, { catalog, newId: () => 'x' });
    if (!moved.ok) throw new Error(moved.reason);
    const lab = new Map([['p', 'failed' as const]]);
    const g = buildGraph(moved.chain, {}, [], catalog, [], undefined, lab);
    expect(classOf(g, 'p')).toBe('lab-failed');
    expect(classOf(g, 't')).toBe('');
    expect(g.nodes.find((n) => n.id === 'p')?.data).toMatchObject({ index: 1, ref: { pluginId: 'p', part: 'plugin' } });
  });

  it('marks the teaching focus by id and animates the edge that hands its result on', () => {
    const g = buildGraph(chain, {}, [], catalog, [{ pluginId: 't', part: 'plugin' }], { pluginId: 't', handsOn: true });
    expect(classOf(g, 't')).toBe('teaching-current');
    expect(g.nodes.find((n) => n.id === 't')?.selected).toBe(true);
    expect(g.edges.find((e) => e.source === 't' && e.target === 'p')?.animated).toBe(true);
  });
});
