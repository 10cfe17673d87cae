// What bench/canvas hands the canvas's floor (main.tsx) through localStorage: the chain to draw and where.
export interface FloorGeometry {
  /** The app's canvas pane in the page, in CSS pixels. */
  pane: { x: number; y: number; width: number; height: number };
  /** The view the app's page shows: the floor starts from it. */
  viewport: { x: number; y: number; zoom: number };
  /** `handles`: the ids of the handles its edges use, a type and a side each (`sr`: source, right). */
  nodes: { id: string; label: string; x: number; y: number; width: number; height: number; handles: string[] }[];
  edges: { id: string; source: string; target: string; sourceHandle: string; targetHandle: string }[];
}
