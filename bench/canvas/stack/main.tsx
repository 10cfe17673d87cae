// The canvas's floor: React Flow alone drawing a chain of the benchmark's shape (the app's layout, node sizes,
// pane and view, handed in by bench/canvas through localStorage) with the least a chain view needs: each
// plugin a box with its number and type, its IPAM a box below, plain edges between them, the dotted
// background, culling as the app culls, and no text selection (as the app has it: otherwise each pointer
// move hit-tests the page for one). None of the app's code: no store, no minimap, no labels on the edges,
// no badges or compact styles. What the app's frames drop beyond this page's is its own.
import { createRoot } from 'react-dom/client';
import { Background, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { FloorGeometry } from './geometry';

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

const geometry = JSON.parse(localStorage.getItem('canvas-floor.geometry') ?? 'null') as FloorGeometry | null;
if (!geometry) throw new Error('no geometry in localStorage (canvas-floor.geometry): bench/canvas hands it in');
const nodes: Node[] = geometry.nodes.map((n) => ({
  id: n.id,
  type: 'box',
  position: { x: n.x, y: n.y },
  width: n.width,
  height: n.height,
  data: { label: n.label, handles: n.handles },
  style: { border: '1px solid #888', borderRadius: 6, background: '#fff', font: '28px system-ui, sans-serif', padding: 8, boxSizing: 'border-box' },
}));
const edges: Edge[] = geometry.edges;
const { pane } = geometry;

createRoot(document.getElementById('root')!).render(
  <div className="floor-pane" style={{ position: 'absolute', left: pane.x, top: pane.y, width: pane.width, height: pane.height, userSelect: 'none' }}>
    <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} defaultViewport={geometry.viewport} minZoom={0.1} onlyRenderVisibleElements={nodes.length > 60}>
      <Background gap={24} />
    </ReactFlow>
  </div>,
);
