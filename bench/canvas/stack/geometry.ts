// What bench/canvas hands the canvas's floor (main.tsx) through localStorage: the chain to draw and where.
export interface FloorGeometry {
  /** The app's canvas pane in the page, in CSS pixels. */
  pane: { x: number; y: number; width: number; height: number };
  /** The view the app's page shows: the floor starts from it. */
  viewport: { x: number; y: number; zoom: number };
  /** How many plugins a row holds, as the app wrapped the chain in that pane. */
  columns: number;
  /** The chain in its first order: each plugin's type and its IPAM plugin's, if any. */
  plugins: { type: string; ipam?: string }[];
}
