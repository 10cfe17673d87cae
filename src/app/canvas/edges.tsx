// Canvas edge views: React Flow's bezier path, with the label ("prevResult", "delegates") drawn as plain SVG
// text. React Flow's own label measures its text (getBBox) when it mounts, to size a background box; a long
// chain mounts edges as they pan into view, and each measurement laid out the page again mid-frame.
import { memo } from 'react';
import { BaseEdge, getBezierPath, Position, type EdgeProps } from '@xyflow/react';

export const LabelledEdge = memo(function LabelledEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition = Position.Bottom, targetPosition = Position.Top, label, style, markerEnd, interactionWidth }: EdgeProps) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
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
