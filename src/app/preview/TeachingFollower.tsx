// Inside the canvas: while stepping through, the view follows the plugin running now. It moves only when
// that node is (partly) out of sight or too small to read, so a chain that fits stays still.
import { useEffect } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import { useTeachingFocus } from './teaching';

/** Below this zoom a node's words are specks: the view zooms in on the step. */
const READABLE_ZOOM = 0.55;
// Fully in sight is enough: a fitted chain sits within FIT_PADDING of the edges and must not move.
const MARGIN = 2;

export function TeachingFollower() {
  const flow = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const id = useTeachingFocus()?.pluginId;

  useEffect(() => {
    if (!id || width === 0 || height === 0) return;
    const node = flow.getInternalNode(id);
    if (!node) return;
    const { x: nx, y: ny } = node.internals.positionAbsolute;
    const w = node.measured.width ?? 220;
    const h = node.measured.height ?? 100;
    const { x, y, zoom } = flow.getViewport();
    const left = nx * zoom + x;
    const top = ny * zoom + y;
    const inside = left >= MARGIN && top >= MARGIN && left + w * zoom <= width - MARGIN && top + h * zoom <= height - MARGIN;
    if (inside && zoom >= READABLE_ZOOM) return;
    void flow.setCenter(nx + w / 2, ny + h / 2, { zoom: Math.max(zoom, READABLE_ZOOM), duration: 250 });
  }, [id, flow, width, height]);
  return null;
}
