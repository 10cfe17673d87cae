// The canvas's dot grid, drawn as React Flow's <Background> draws it, but still while the view pans. React
// Flow's moves its SVG pattern on every frame of a pan, so the browser paints and rasterises the whole pane
// again each frame (in software on a machine without a GPU). Here the pattern is drawn once per zoom on a
// layer one cell larger than the pane on each side, and a pan only translates that layer by the view's
// offset modulo one cell: a compositor transform, no paint.
import { useLayoutEffect, useRef } from 'react';
import { useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';

/** Where the grid's layer goes for a view: the view's offset modulo one cell, as React Flow's pattern x and y. */
export function gridShift(transform: readonly [number, number, number], gap: number): { x: number; y: number; cell: number } {
  const cell = gap * transform[2] || 1;
  return { x: transform[0] % cell, y: transform[1] % cell, cell };
}

const zoomOf = (s: ReactFlowState) => s.transform[2];

export function ChainBackground({ gap, dotSize = 1 }: { gap: number; dotSize?: number }) {
  const store = useStoreApi();
  const layer = useRef<SVGSVGElement>(null);
  const patternId = `chain-grid-${useStore((s) => s.rfId)}`;
  // Only a zoom draws the pattern again; a pan never renders this component.
  const zoom = useStore(zoomOf);
  const { cell } = gridShift([0, 0, zoom], gap);
  const radius = (dotSize * zoom) / 2;

  useLayoutEffect(() => {
    const follow = (s: ReactFlowState) => {
      const { x, y } = gridShift(s.transform, gap);
      if (layer.current) layer.current.style.transform = `translate(${x}px, ${y}px)`;
    };
    follow(store.getState());
    return store.subscribe(follow);
  }, [store, gap]);

  return (
    <div className="react-flow__background chain-background" data-testid="chain-background">
      <svg ref={layer} className="chain-background__layer" style={{ left: -cell, top: -cell, width: `calc(100% + ${2 * cell}px)`, height: `calc(100% + ${2 * cell}px)` }} aria-hidden="true">
        <pattern id={patternId} width={cell} height={cell} patternUnits="userSpaceOnUse" patternTransform={`translate(${-cell / 2},${-cell / 2})`}>
          <circle className="react-flow__background-pattern dots" cx={radius} cy={radius} r={radius} />
        </pattern>
        <rect width="100%" height="100%" fill={`url(#${patternId})`} />
      </svg>
    </div>
  );
}
