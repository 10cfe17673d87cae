// Moving the view to one node, only when it is (partly) out of sight or too small to read, so a chain
// that fits stays still: the teaching step's node, and the node of a problem clicked in the list.
import type { ReactFlowInstance } from '@xyflow/react';

/** Below this zoom a node's words are specks: the view zooms in on it. */
const READABLE_ZOOM = 0.55;
// Fully in sight is enough: a fitted chain sits within FIT_PADDING of the edges and must not move.
const MARGIN = 2;

/** Centres the view on node `id` when it is not fully in the pane (width × height) or not readable. */
export function bringIntoView(flow: ReactFlowInstance, id: string, width: number, height: number): void {
  if (width === 0 || height === 0) return;
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
}
