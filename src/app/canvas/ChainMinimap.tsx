// The chain's overview in the canvas's corner, pannable and zoomable as React Flow's MiniMap is. Its MiniMap
// draws a rect per node, each with a store subscription of its own: in a pan at 500 plugins that was 500
// selectors run and 500 rects repainted a frame. Here each colour's nodes are one path, rebuilt only when the
// nodes change; while the view moves, only the viewBox and the mask (the view's frame) follow it.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { Panel, useStore, useStoreApi, type Node, type ReactFlowState } from '@xyflow/react';
import { getBoundsOfRects, XYMinimap, type Rect, type XYMinimapInstance } from '@xyflow/system';

/** Each colour's nodes as one SVG path, and their bounds. */
export function minimapShapes(nodes: readonly Node[], positionOf: (n: Node) => { x: number; y: number }, colorOf: (n: Node) => string): { paths: { color: string; d: string }[]; bounds: Rect | undefined } {
  const byColor = new Map<string, string[]>();
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    if (n.hidden) continue;
    const w = n.measured?.width ?? n.width ?? n.initialWidth ?? 0;
    const h = n.measured?.height ?? n.height ?? n.initialHeight ?? 0;
    if (w <= 0 || h <= 0) continue;
    const { x, y } = positionOf(n);
    const color = colorOf(n);
    let parts = byColor.get(color);
    if (!parts) byColor.set(color, (parts = []));
    parts.push(`M${x},${y}h${w}v${h}h${-w}z`);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + w);
    y1 = Math.max(y1, y + h);
  }
  return { paths: [...byColor].map(([color, parts]) => ({ color, d: parts.join('') })), bounds: x0 === Infinity ? undefined : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } };
}

/** Whether two lists hold the same node objects: React Flow keeps a node's object while it does not change. */
const sameNodes = (a: readonly Node[], b: readonly Node[]) => a === b || (a.length === b.length && a.every((n, i) => n === b[i]));

/**
 * The nodes standing still and the ones being dragged, split again only when React Flow's node list changes:
 * every frame of a pan updates its store, and filtering 500 nodes twice for each was work and garbage for nothing.
 */
export function byDragging(): (s: Pick<ReactFlowState, 'nodes'>) => { still: Node[]; moving: Node[] } {
  let nodes: readonly Node[] | undefined;
  let split = { still: [] as Node[], moving: [] as Node[] };
  return (s) => {
    if (s.nodes !== nodes) {
      nodes = s.nodes;
      split = { still: s.nodes.filter((n) => !n.dragging), moving: s.nodes.filter((n) => n.dragging) };
    }
    return split;
  };
}

/** Two rects' bounds, either of them possibly absent. */
const union = (a: Rect | undefined, b: Rect | undefined): Rect | undefined => (a && b ? getBoundsOfRects(a, b) : (a ?? b));

/** The part of the flow in view, in flow coordinates. */
const viewOf = (s: ReactFlowState): Rect => ({ x: -s.transform[0] / s.transform[2], y: -s.transform[1] / s.transform[2], width: s.width / s.transform[2], height: s.height / s.transform[2] });
const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** One path per colour: drawn again only when the nodes change, never while the view moves. */
const Shapes = memo(function Shapes({ paths }: { paths: { color: string; d: string }[] }) {
  return paths.map((p) => <path key={p.color} className="chain-minimap-nodes" d={p.d} style={{ fill: p.color }} />);
});

export const ChainMinimap = memo(function ChainMinimap({ width, height, margin, ariaLabel, colorOf }: { width: number; height: number; margin: number; ariaLabel: string; colorOf: (n: Node) => string }) {
  const store = useStoreApi();
  const svg = useRef<SVGSVGElement>(null);
  const lookup = useStore((s) => s.nodeLookup);
  // A dragged node changes the nodes on every frame of its drag: the nodes standing still keep their paths
  // (at 500 plugins, rebuilding them all was a third of a drag frame's script), the dragged ones are drawn apart.
  const split = useMemo(byDragging, []);
  const still = useStore((s) => split(s).still, sameNodes);
  const moving = useStore((s) => split(s).moving, sameNodes);
  const positionOf = useCallback((n: Node) => lookup.get(n.id)?.internals.positionAbsolute ?? n.position, [lookup]);
  const stillShapes = useMemo(() => minimapShapes(still, positionOf, colorOf), [still, positionOf, colorOf]);
  const movingShapes = useMemo(() => (moving.length === 0 ? undefined : minimapShapes(moving, positionOf, colorOf)), [moving, positionOf, colorOf]);
  const bounds = union(stillShapes.bounds, movingShapes?.bounds);
  const view = useStore(viewOf, sameRect);
  const panZoom = useStore((s) => s.panZoom);
  const translateExtent = useStore((s) => s.translateExtent);
  const flowWidth = useStore((s) => s.width);
  const flowHeight = useStore((s) => s.height);

  // The viewBox frames the nodes and the view together, centred, with a margin (as React Flow's MiniMap).
  const frame = bounds ? getBoundsOfRects(bounds, view) : view;
  const viewScale = Math.max(frame.width / width, frame.height / height);
  const offset = 5 * viewScale;
  const boxWidth = viewScale * width + 2 * offset;
  const boxHeight = viewScale * height + 2 * offset;
  const x = frame.x - (viewScale * width - frame.width) / 2 - offset;
  const y = frame.y - (viewScale * height - frame.height) / 2 - offset;
  // The minimap's pan reads the scale when the pointer moves, after this render's commit.
  const viewScaleRef = useRef(viewScale);
  useLayoutEffect(() => {
    viewScaleRef.current = viewScale;
  }, [viewScale]);

  const minimap = useRef<XYMinimapInstance>(undefined);
  useEffect(() => {
    if (!svg.current || !panZoom) return;
    minimap.current = XYMinimap({ domNode: svg.current, panZoom, getTransform: () => store.getState().transform, getViewScale: () => viewScaleRef.current });
    return () => minimap.current?.destroy();
  }, [panZoom, store]);
  useEffect(() => {
    minimap.current?.update({ translateExtent, width: flowWidth, height: flowHeight, pannable: true, zoomable: true });
  }, [panZoom, translateExtent, flowWidth, flowHeight]);

  return (
    <Panel position="bottom-right" className="react-flow__minimap" style={{ width, height, margin }} data-testid="rf__minimap">
      <svg ref={svg} width={width} height={height} viewBox={`${x} ${y} ${boxWidth} ${boxHeight}`} className="react-flow__minimap-svg" role="img" aria-label={ariaLabel}>
        <Shapes paths={stillShapes.paths} />
        {movingShapes && <Shapes paths={movingShapes.paths} />}
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${boxWidth + 2 * offset}v${boxHeight + 2 * offset}h${-boxWidth - 2 * offset}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
});
