// The canvas's dot grid, drawn as React Flow's <Background> draws it, but still while the view pans. React
// Flow's moves its SVG pattern on every frame of a pan, so the browser paints and rasterises the whole pane
// again each frame (in software on a machine without a GPU). Here the pattern is drawn once per zoom on a
// layer one cell larger than the pane on each side, and a pan only translates that layer by the view's
// offset modulo one cell: a compositor transform, no paint.
import { memo, useLayoutEffect, useRef } from 'react';
import { useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';

/** One cell of the grid on screen at a zoom. */
const cellOf = (gap: number, zoom: number) => gap * zoom || 1;

const zoomOf = (s: ReactFlowState) => s.transform[2];

/** A dot grid of `gap` flow units, dots of one unit, as React Flow's default dots. */
export const ChainBackground = memo(function ChainBackground({ gap }: { gap: number }) {
  const store = useStoreApi();
  const layer = useRef<SVGSVGElement>(null);
  const patternId = `chain-grid-${useStore((s) => s.rfId)}`;
  // Only a zoom draws the pattern again; a pan never renders this component.
  const zoom = useStore(zoomOf);
  const cell = cellOf(gap, zoom);
  const radius = zoom / 2;

  useLayoutEffect(() => {
    // The view's offset modulo one cell, as React Flow's pattern x and y.
    const follow = ([x, y, z]: readonly [number, number, number]) => {
      const c = cellOf(gap, z);
      if (layer.current) layer.current.style.transform = `translate(${x % c}px, ${y % c}px)`;
    };
    follow(store.getState().transform);
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform) follow(s.transform);
    });
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
});
