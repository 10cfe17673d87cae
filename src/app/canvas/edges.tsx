// Canvas edge views: React Flow's bezier path, with the label ("prevResult", "delegates") drawn as plain SVG
// text. React Flow's own label measures its text (getBBox) when it mounts, to size a background box; a long
// chain mounts edges as they pan into view, and each measurement laid out the page again mid-frame.
import { memo } from 'react';
import { BaseEdge, getBezierPath, Position, type EdgeProps } from '@xyflow/react';

/**
 * An end's coordinate to a hundredth of a flow pixel. React Flow measures a node's handles again each time it
 * mounts, as nodes do when a pan brings them into view, and the same spot measured at another zoom differs in
 * the fifth decimal: drawn as it came, every edge of a node entering the view was written again and repainted.
 */
const settle = (v: number) => Math.round(v * 100) / 100;

export const LabelledEdge = memo(function LabelledEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition = Position.Bottom, targetPosition = Position.Top, label, style, markerEnd, interactionWidth }: EdgeProps) {
  const [path, labelX, labelY] = getBezierPath({ sourceX: settle(sourceX), sourceY: settle(sourceY), sourcePosition, targetX: settle(targetX), targetY: settle(targetY), targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} interactionWidth={interactionWidth} />
      {typeof label === 'string' && (
        // A halo in the canvas colour (stroke painted under the fill) keeps the label legible over the line.
        <text className="edge-label" x={labelX} y={labelY} textAnchor="middle" dominantBaseline="central">
          {label}
        </text>
      )}
    </>
  );
});

export const edgeTypes = { labelled: LabelledEdge };
