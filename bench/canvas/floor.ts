// The chain the canvas's floor (stack/main.tsx) draws for a benchmark's document: the app's own layout of
// it (src/app/canvas/layout.ts, pure geometry), in the pane and view the app's page showed.
import { IPAM_DY, layoutChain, NODE_HEIGHT, NODE_WIDTH, wrapChain } from '../../src/app/canvas/layout';
import { longChain } from '../support/long-chain';
import type { FloorGeometry } from './stack/geometry';

/** The floor's chain for `size` plugins: the app's layout in the app's pane and view (read from the app's page). */
export function floorGeometry(size: number, seen: Pick<FloorGeometry, 'pane' | 'viewport'>): FloorGeometry {
  const plugins = longChain(size).plugins as { type: string; ipam?: { type: string } }[];
  const hasIpam = plugins.map((p) => p.ipam !== undefined);
  const { slots } = layoutChain(hasIpam, wrapChain(hasIpam, seen.pane).columns);
  const nodes: FloorGeometry['nodes'] = [];
  const edges: FloorGeometry['edges'] = [];
  slots.forEach((slot, i) => {
    nodes.push({ id: `p${i}`, label: `${i + 1} ${plugins[i]!.type}`, x: slot.x, y: slot.y, width: NODE_WIDTH, height: NODE_HEIGHT, handles: [] });
    if (plugins[i]!.ipam) {
      nodes.push({ id: `i${i}`, label: plugins[i]!.ipam!.type, x: slot.x, y: slot.y + IPAM_DY, width: NODE_WIDTH, height: NODE_HEIGHT, handles: [] });
      edges.push({ id: `e-i${i}`, source: `p${i}`, target: `i${i}`, sourceHandle: 'sb', targetHandle: 'tt' });
    }
    const next = slots[i + 1];
    if (!next) return;
    const [from, to] = next.row !== slot.row ? ['sb', 'tt'] : slot.direction === 'ltr' ? ['sr', 'tl'] : ['sl', 'tr'];
    edges.push({ id: `e-p${i}`, source: `p${i}`, target: `p${i + 1}`, sourceHandle: from!, targetHandle: to! });
  });
  // Each node has only the handles its edges use, as the app's nodes do.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    byId.get(e.source)!.handles.push(e.sourceHandle);
    byId.get(e.target)!.handles.push(e.targetHandle);
  }
  return { ...seen, nodes, edges };
}
