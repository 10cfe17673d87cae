// The floor's chain as React Flow draws it, for the plugins in a given order: the app's own layout of it
// (src/app/canvas/layout.ts, pure geometry), each plugin a box numbered by its place, its IPAM a box below,
// an edge from each plugin to the next, and on each node only the handles its edges use (as the app's nodes).
import type { Edge, Node } from '@xyflow/react';
import { IPAM_DY, layoutChain, NODE_HEIGHT, NODE_WIDTH, type ChainLayout } from '../../../src/app/canvas/layout';
import type { FloorGeometry } from './geometry';

export interface FloorGraph {
  layout: ChainLayout;
  nodes: Node<{ label: string; handles: string[] }>[];
  edges: Edge[];
}

/** `order`: indexes into the geometry's plugins, in chain order. A plugin keeps its node id (`p` + its first index). */
export function floorGraph({ plugins, columns }: Pick<FloorGeometry, 'plugins' | 'columns'>, order: readonly number[]): FloorGraph {
  const chain = order.map((k) => ({ k, ...plugins[k]! }));
  const layout = layoutChain(chain.map((p) => p.ipam !== undefined), columns);
  const nodes: FloorGraph['nodes'] = [];
  const edges: Edge[] = [];
  const box = (id: string, label: string, x: number, y: number) => nodes.push({ id, type: 'box', position: { x, y }, width: NODE_WIDTH, height: NODE_HEIGHT, data: { label, handles: [] } });
  layout.slots.forEach((slot, i) => {
    const p = chain[i]!;
    box(`p${p.k}`, `${i + 1} ${p.type}`, slot.x, slot.y);
    if (p.ipam) {
      box(`i${p.k}`, p.ipam, slot.x, slot.y + IPAM_DY);
      edges.push({ id: `e-i${p.k}`, source: `p${p.k}`, target: `i${p.k}`, sourceHandle: 'sb', targetHandle: 'tt' });
    }
    const next = layout.slots[i + 1];
    if (!next) return;
    const [from, to] = next.row !== slot.row ? ['sb', 'tt'] : slot.direction === 'ltr' ? ['sr', 'tl'] : ['sl', 'tr'];
    edges.push({ id: `e-p${p.k}-p${chain[i + 1]!.k}`, source: `p${p.k}`, target: `p${chain[i + 1]!.k}`, sourceHandle: from, targetHandle: to });
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    byId.get(e.source)!.data.handles.push(e.sourceHandle!);
    byId.get(e.target)!.data.handles.push(e.targetHandle!);
  }
  return { layout, nodes, edges };
}
