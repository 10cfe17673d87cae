// The chain the canvas's floor (stack/main.tsx) draws for a benchmark's document: its plugins and the
// columns the app's layout wraps them to (src/app/canvas/layout.ts, pure geometry), in the pane and view
// the app's page showed. The floor lays them out itself (stack/graph.ts), again after a drop reorders them.
import { wrapChain } from '../../src/app/canvas/layout';
import { longChain } from '../support/long-chain';
import type { FloorGeometry } from './stack/geometry';

/** The floor's chain for `size` plugins, in the app's pane and view (read from the app's page). */
export function floorGeometry(size: number, seen: Pick<FloorGeometry, 'pane' | 'viewport'>): FloorGeometry {
  const plugins = (longChain(size).plugins as { type: string; ipam?: { type: string } }[]).map((p) => ({ type: p.type, ...(p.ipam ? { ipam: p.ipam.type } : {}) }));
  const { columns } = wrapChain(
    plugins.map((p) => p.ipam !== undefined),
    seen.pane,
  );
  return { ...seen, columns, plugins };
}
