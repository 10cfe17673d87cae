// React Flow pans the view while a dragged node's pointer is within 40 px of the pane's edge. A plugin grabbed
// there (the first row of a long chain at Fit sits 20 px from the top) set the whole view moving the moment
// it was picked up, before the pointer went anywhere. Here a drag that starts in the band arms the pan once
// the pointer leaves the band or has moved as far as the band is wide: dragging towards an edge, or along
// it, still pans; grabbing a plugin near one does not.
import { useCallback, useRef, useState, type RefObject } from 'react';

/** React Flow's auto-pan band (calcAutoPan's distance), in screen pixels from the pane's edge. */
export const AUTO_PAN_BAND = 40;

/** Whether a client point lies in the band along a box's edges (or outside the box). */
export function inAutoPanBand(point: { clientX: number; clientY: number }, box: DOMRect, band = AUTO_PAN_BAND): boolean {
  const x = point.clientX - box.left;
  const y = point.clientY - box.top;
  return x < band || y < band || x > box.width - band || y > box.height - band;
}

/** The pointer of a drag event: a mouse (or pointer) event, or a touch's first finger. TouchEvent is read by
 * shape, not by class: desktop Safari and Firefox have no TouchEvent, and `instanceof` it would throw there. */
export function pointOf(e: unknown): { clientX: number; clientY: number } | undefined {
  if (typeof MouseEvent !== 'undefined' && e instanceof MouseEvent) return e;
  const touches = (e as { touches?: ArrayLike<{ clientX: number; clientY: number }> } | null)?.touches;
  return touches && touches.length > 0 ? touches[0] : undefined;
}

export function useArmedAutoPan(pane: RefObject<HTMLElement | null>) {
  const [armed, setArmed] = useState(true);
  // Where a drag that started in the band was grabbed; undefined once armed.
  const grabbed = useRef<{ clientX: number; clientY: number } | undefined>(undefined);
  const inBand = useCallback(
    (point: { clientX: number; clientY: number }) => {
      const box = pane.current?.getBoundingClientRect();
      return box !== undefined && inAutoPanBand(point, box);
    },
    [pane],
  );
  const onNodeDragStart = useCallback(
    (e: unknown) => {
      const point = pointOf(e);
      if (!point || !inBand(point)) return;
      grabbed.current = { clientX: point.clientX, clientY: point.clientY };
      setArmed(false);
    },
    [inBand],
  );
  const onNodeDrag = useCallback(
    (e: unknown) => {
      const from = grabbed.current;
      const point = pointOf(e);
      if (!from || !point) return;
      if (inBand(point) && Math.hypot(point.clientX - from.clientX, point.clientY - from.clientY) < AUTO_PAN_BAND) return;
      grabbed.current = undefined;
      setArmed(true);
    },
    [inBand],
  );
  const onNodeDragStop = useCallback(() => {
    grabbed.current = undefined;
    setArmed(true);
  }, []);
  return { autoPanOnNodeDrag: armed, onNodeDragStart, onNodeDrag, onNodeDragStop };
}
