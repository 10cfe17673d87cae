// Inside the canvas: a problem clicked in the list brings its node into view (in a long chain it may be
// far off screen, or culled), the way a step being taught does.
import { useEffect, useSyncExternalStore } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import type { PartRef } from '../../core';
import { nodeId } from './graph';
import { bringIntoView } from './into-view';

let asked: { ref: PartRef; n: number } | undefined;
let count = 0;
const listeners = new Set<() => void>();

/** Asks the canvas to bring the node of `ref` into view (each call is one request, even for the same part). */
export function showPartOnCanvas(ref: PartRef): void {
  asked = { ref, n: ++count };
  for (const l of listeners) l();
}

function useShownPart() {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => asked,
  );
}

export function ShownPartFollower() {
  const flow = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const shown = useShownPart();
  useEffect(() => {
    if (shown) bringIntoView(flow, nodeId(shown.ref), width, height);
    // Only a new request moves the view: a resize later does not bring the old one back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, flow]);
  return null;
}
