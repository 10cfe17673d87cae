// The canvas's floor: React Flow alone drawing a chain of the benchmark's shape (the app's layout, node sizes,
// pane and view, handed in by bench/canvas through localStorage) with the least a chain view needs: each
// plugin a box with its number and type, its IPAM a box below, plain edges between them, the dotted
// background, culling as the app culls, and no text selection (as the app has it: otherwise each pointer
// move hit-tests the page for one). A plugin dragged and let go takes the slot nearest its centre, as in the
// app: the chain is laid out again in its new order and every moved node, label and edge is drawn anew.
// None of the app's code but its layout's geometry: no store, no document, no checks, no minimap, no labels
// on the edges, no badges or compact styles. What the app's frames drop beyond this page's is its own.
import { useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { applyNodeChanges, Background, Handle, Position, ReactFlow, type Node, type NodeChange, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { nearestSlot, NODE_WIDTH, PLUGIN_HEIGHT } from '../../../src/app/canvas/layout';
import type { FloorGeometry } from './geometry';
import { floorGraph } from './graph';

const SIDES = { l: Position.Left, r: Position.Right, t: Position.Top, b: Position.Bottom } as const;

function Box({ data }: NodeProps<Node<{ label: string; handles: string[] }>>) {
  return (
    <>
      {data.handles.map((id) => (
        <Handle key={id} id={id} type={id[0] === 's' ? 'source' : 'target'} position={SIDES[id[1] as keyof typeof SIDES]} />
      ))}
      {data.label}
    </>
  );
}
const nodeTypes = { box: Box };
const BOX_STYLE = { border: '1px solid #888', borderRadius: 6, background: '#fff', font: '28px system-ui, sans-serif', padding: 8, boxSizing: 'border-box' } as const;

const geometry = JSON.parse(localStorage.getItem('canvas-floor.geometry') ?? 'null') as FloorGeometry | null;
if (!geometry) throw new Error('no geometry in localStorage (canvas-floor.geometry): bench/canvas hands it in');
const { pane } = geometry;
type Drawn = ReturnType<typeof floorGraph> & { order: number[] };
// A node or edge that draws as before keeps its object, so React Flow draws again only what moved or was
// renumbered (as any chain view over a long chain must; the app does the same).
const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
const drawn = (order: number[], before?: Drawn): Drawn => {
  const graph = floorGraph(geometry, order);
  const nodesBefore = new Map(before?.nodes.map((n) => [n.id, n]));
  const edgesBefore = new Map(before?.edges.map((e) => [e.id, e]));
  const nodes = graph.nodes.map((n) => {
    const old = nodesBefore.get(n.id);
    return old && old.position.x === n.position.x && old.position.y === n.position.y && same(old.data, n.data) ? old : { ...n, style: BOX_STYLE };
  });
  const edges = graph.edges.map((e) => {
    const old = edgesBefore.get(e.id);
    return old && same(old, e) ? old : e;
  });
  return { ...graph, nodes, edges, order };
};

function Floor() {
  const [chain, setChain] = useState(() => drawn(geometry!.plugins.map((_, k) => k)));
  const [nodes, setNodes] = useState<Node[]>(chain.nodes);
  const onNodesChange = useCallback((changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current)), []);
  const onNodeDragStop = useCallback(
    (_e: unknown, node: Node) => {
      if (!node.id.startsWith('p')) return;
      const k = Number(node.id.slice(1));
      const to = nearestSlot(chain.layout, { x: node.position.x + NODE_WIDTH / 2, y: node.position.y + PLUGIN_HEIGHT / 2 });
      const order = chain.order.filter((x) => x !== k);
      order.splice(to, 0, k);
      const next = drawn(order, chain);
      setChain(next);
      // React Flow's copies of the nodes that did not move keep their measurements.
      const kept = new Set(chain.nodes);
      const current = new Map(nodes.map((n) => [n.id, n]));
      setNodes(next.nodes.map((n) => (kept.has(n) ? (current.get(n.id) ?? n) : n)));
    },
    [chain, nodes],
  );
  return (
    <ReactFlow nodes={nodes} edges={chain.edges} onNodesChange={onNodesChange} onNodeDragStop={onNodeDragStop} nodeTypes={nodeTypes} defaultViewport={geometry!.viewport} minZoom={0.1} onlyRenderVisibleElements={nodes.length > 60}>
      <Background gap={24} />
    </ReactFlow>
  );
}

createRoot(document.getElementById('root')!).render(
  <div className="floor-pane" style={{ position: 'absolute', left: pane.x, top: pane.y, width: pane.width, height: pane.height, userSelect: 'none' }}>
    <Floor />
  </div>,
);
