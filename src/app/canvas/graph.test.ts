// The canvas projection addresses plugins by id: findings, the live run's statuses and the teaching
// focus land on the right node whatever the chain order is now.
import { describe, expect, it } from 'vitest';
import { applyChange, createCatalog, readChain, type Finding } from '../../core';
import { loadSchemas } from '../../node/schemas';
import { buildGraph, keepUnchanged, reproject } from './graph';

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

  it('draws the IPAM the plugin reads under another spelling ("IPAM"), with its findings, and none for a null', () => {
    const spelled = readChain({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', IPAM: { Type: 'host-local', subnet: '10.1.0.0/24' } }, { type: 'ptp', IPAM: null }] }, (i) => ['b', 'q'][i]!);
    const g = buildGraph(spelled, {}, [finding('/plugins/0/IPAM/subnet'), finding('/plugins/1/IPAM')], catalog, []);
    const ipam = g.nodes.find((n) => n.id === 'b#ipam');
    expect(ipam?.data).toMatchObject({ type: 'host-local' });
    expect(Object.fromEntries(g.nodes.map((n) => [n.id, n.data.counts.error]))).toEqual({ b: 0, 'b#ipam': 1, q: 1 });
  });

  it('gives every node its size and handles before it is measured: the result enters on the side its row comes from', () => {
    // Two columns: bridge and tuning left to right, portmap below tuning, right to left.
    const g = buildGraph(chain, {}, [], catalog, [], undefined, undefined, undefined, 2);
    const handles = (id: string) => Object.fromEntries((g.nodes.find((n) => n.id === id)?.handles ?? []).map((h) => [h.id ?? 'top', `${h.type} ${h.position} ${h.x},${h.y}`]));
    expect(handles('b')).toEqual({ in: 'target left -2,48.5', out: 'source right 206,48.5', ipam: 'source bottom 102,96' });
    expect(handles('t')).toEqual({ in: 'target left -2,48.5', out: 'source right 206,48.5' });
    expect(handles('p')).toEqual({ in: 'target right 206,48.5', out: 'source left -2,48.5' });
    expect(handles('b#ipam')).toEqual({ top: 'target top 102,-3' });
    expect(new Set(g.nodes.map((n) => `${n.initialWidth}x${n.initialHeight}`))).toEqual(new Set(['210x100']));
    // Every edge's ends are handles its nodes declare.
    for (const e of g.edges) {
      expect(g.nodes.find((n) => n.id === e.source)?.handles?.some((h) => h.type === 'source' && (h.id ?? null) === (e.sourceHandle ?? null))).toBe(true);
      // No target handle named: React Flow takes the node's one target handle.
      expect(g.nodes.find((n) => n.id === e.target)?.handles?.filter((h) => h.type === 'target')).toHaveLength(1);
    }
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

  it('makes the same objects again for a plugin that projects as before, and new ones for what changed', () => {
    const long = readChain({ cniVersion: '1.0.0', name: 'n', plugins: ['bridge', 'tuning', 'portmap', 'bandwidth', 'firewall', 'sbr'].map((type) => ({ type })) }, (i) => `q${i}`);
    const before = buildGraph(long, {}, [], catalog, []);
    // q1 moves to the end: q2..q5 shift left a slot (new places); q0 keeps its place, node and edges.
    const moved = applyChange(long, { kind: 'move', id: 'q1', to: 5 }, { catalog, newId: () => 'x' });
    if (!moved.ok) throw new Error(moved.reason);
    const after = buildGraph(moved.chain, {}, [finding('/plugins/0/mtu')], catalog, []);
    const node = (g: typeof before, id: string) => g.nodes.find((n) => n.id === id)!;
    expect(node(after, 'q0')).not.toBe(node(before, 'q0')); // its finding count changed
    expect(node(after, 'q0').data.counts.error).toBe(1);
    expect(node(after, 'q3')).not.toBe(node(before, 'q3'));
    expect(node(after, 'q3').data.index).toBe(2);
    const again = buildGraph(moved.chain, {}, [finding('/plugins/0/mtu')], catalog, []);
    expect(again.nodes.every((n, i) => n === after.nodes[i])).toBe(true);
    expect(again.edges.every((e, i) => e === after.edges[i])).toBe(true);
    // Selected, it is drawn anew; the others stay.
    const selected = buildGraph(moved.chain, {}, [finding('/plugins/0/mtu')], catalog, [{ pluginId: 'q4', part: 'plugin' }]);
    expect(selected.nodes.filter((n, i) => n !== after.nodes[i]).map((n) => n.id)).toEqual(['q4']);
    expect(node(selected, 'q4').selected).toBe(true);
    // A new config object for a plugin (an edit) is projected from it.
    const plain = buildGraph(moved.chain, {}, [finding('/plugins/0/mtu')], catalog, []);
    const edited = applyChange(moved.chain, { kind: 'replace-plugin', id: 'q2', conf: { type: 'portmap', snat: false } }, { catalog, newId: () => 'x' });
    if (!edited.ok) throw new Error(edited.reason);
    const changed = buildGraph(edited.chain, {}, [finding('/plugins/0/mtu')], catalog, []);
    expect(changed.nodes.filter((n, i) => n !== plain.nodes[i]).map((n) => n.id)).toEqual(['q2']);
  });

  it('marks the teaching focus by id and animates the edge that hands its result on', () => {
    const g = buildGraph(chain, {}, [], catalog, [{ pluginId: 't', part: 'plugin' }], { pluginId: 't', handsOn: true });
    expect(classOf(g, 't')).toBe('teaching-current');
    expect(g.nodes.find((n) => n.id === 't')?.selected).toBe(true);
    expect(g.edges.find((e) => e.source === 't' && e.target === 'p')?.animated).toBe(true);
  });
});

describe('keepUnchanged', () => {
  const base = buildGraph(chain, {}, [], catalog, []);
  const same = (a: { id: string }[], b: { id: string }[]) => a.filter((x, i) => x === b[i]).map((x) => x.id);

  it('gives back the previous graph itself when the new projection is the same', () => {
    expect(keepUnchanged(base, buildGraph(chain, {}, [], catalog, []))).toBe(base);
    expect(keepUnchanged(undefined, base)).toBe(base);
  });

  it('renews only the node a selection or a finding is about', () => {
    const selected = keepUnchanged(base, buildGraph(chain, {}, [], catalog, [{ pluginId: 't', part: 'plugin' }]));
    expect(same(selected.nodes, base.nodes)).toEqual(['b', 'b#ipam', 'p']);
    expect(selected.nodes.find((n) => n.id === 't')?.selected).toBe(true);
    expect(selected.edges).toBe(base.edges);
    const found = keepUnchanged(base, buildGraph(chain, {}, [finding('/plugins/0/ipam/subnet')], catalog, []));
    expect(same(found.nodes, base.nodes)).toEqual(['b', 't', 'p']);
    expect(found.nodes.find((n) => n.id === 'b#ipam')?.data.counts.error).toBe(1);
  });

  it("renews a node whose name alone changed (a live run's contradiction going stale, and back)", () => {
    const lab = new Map([['t', 'contradicted' as const]]);
    const live = buildGraph(chain, {}, [], catalog, [], undefined, lab);
    const stale = keepUnchanged(live, buildGraph(chain, {}, [], catalog, [], undefined, lab, undefined, Infinity, undefined, true));
    expect(stale.nodes.find((n) => n.id === 't')?.ariaLabel).toContain('on an earlier version of this network');
    expect(keepUnchanged(stale, buildGraph(chain, {}, [], catalog, [], undefined, lab)).nodes.find((n) => n.id === 't')?.ariaLabel).toBe('Plugin 2: tuning, its result in the live run does not match the namespace');
  });

  it('keeps the nodes a new plugin did not move, and renews those it did', () => {
    const added = applyChange(chain, { kind: 'insert', at: 1, plugins: [{ id: 'w', conf: { type: 'bandwidth' } }] }, { catalog, newId: () => 'x' });
    if (!added.ok) throw new Error(added.reason);
    const next = keepUnchanged(base, buildGraph(added.chain, {}, [], catalog, []));
    const kept = next.nodes.filter((n) => base.nodes.includes(n)).map((n) => n.id);
    // bridge and its IPAM stand where they stood; tuning and portmap moved one slot along (index and position).
    expect(kept).toEqual(['b', 'b#ipam']);
    expect(next.nodes.map((n) => n.id)).toEqual(['b', 'b#ipam', 'w', 't', 'p']);
    expect(next.edges.find((e) => e.id === 'd-b')).toBe(base.edges.find((e) => e.id === 'd-b'));
    expect(next.edges.find((e) => e.id === 'e-b-w')).toBeDefined();
  });
});

describe('reproject', () => {
  const base = buildGraph(chain, {}, [], catalog, []);
  // React Flow's copies: measured, and bridge's dragged off its slot.
  const current = base.nodes.map((n) => ({ ...n, measured: { width: 210, height: 100 }, ...(n.id === 'b' ? { position: { x: 40, y: 90 } } : {}) }));

  it("keeps React Flow's copy of a node projected as before, where the projection puts it", () => {
    const next = keepUnchanged(base, buildGraph(chain, {}, [finding('/plugins/2/snat')], catalog, []));
    const out = reproject(base.nodes, next.nodes, current);
    const byId = new Map(out.map((n) => [n.id, n]));
    expect(byId.get('t')).toBe(current.find((n) => n.id === 't'));
    expect(byId.get('b#ipam')).toBe(current.find((n) => n.id === 'b#ipam'));
    // Left off its slot by a drag: back where the projection puts it, measurements kept.
    expect(byId.get('b')).toMatchObject({ position: base.nodes.find((n) => n.id === 'b')!.position, measured: { width: 210, height: 100 } });
    // Changed (a finding): the new projection, with the measurements React Flow has.
    expect(byId.get('p')).toMatchObject({ data: { counts: { error: 1 } }, measured: { width: 210, height: 100 } });
    expect(byId.get('p')).not.toBe(current.find((n) => n.id === 'p'));
  });
});
