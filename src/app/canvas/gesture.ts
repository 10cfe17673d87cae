// A pan or a node drag that started in the canvas is the canvas's gesture: its pointer moves are marked
// handled, so the workbench's panel library (which skips handled moves) does not look for a resize handle
// under the pointer on each of them. It did so by reading every panel's box, which laid the page out a
// second time in each frame of a pan. A separator's drag starts outside the canvas and is left alone.
// While it lasts the pane carries `in-gesture`, which keeps the nodes' layers (canvas.css) when the pointer
// goes past the pane's edge: Chromium may then take the pane's :hover away mid-pan, and the layers with it.
import { useCallback, useEffect, useRef, type PointerEvent } from 'react';

/** Handlers for the canvas pane: `start` on its pointer-down (capture), `claim` on its pointer moves. */
export function useCanvasGesture(): { start: (e: PointerEvent) => void; claim: (e: PointerEvent) => void } {
  const gesture = useRef(false);
  const pane = useRef<Element | null>(null);
  const start = useCallback((e: PointerEvent) => {
    gesture.current = true;
    pane.current = e.currentTarget;
    e.currentTarget.classList.add('in-gesture');
    // A pan (pressed on the empty pane) keeps the pointer until it is let go: captured, its moves are not
    // hit-tested against the nodes and edges under them (at 500 plugins, less than half the hit testing).
    const target = e.target;
    if (!(target instanceof Element) || !target.classList.contains('react-flow__pane')) return;
    try {
      target.setPointerCapture(e.pointerId);
    } catch {
      // not an active pointer (a synthetic event): nothing to capture, the pan works as before
    }
  }, []);
  const claim = useCallback((e: PointerEvent) => {
    if (gesture.current && e.buttons !== 0) e.preventDefault();
  }, []);
  useEffect(() => {
    // Any press starts as nobody's gesture (the window hears it before the canvas claims its own), and a
    // release, a cancel or leaving the window ends it: a release outside the window is never heard.
    const end = () => {
      gesture.current = false;
      pane.current?.classList.remove('in-gesture');
      pane.current = null;
    };
    const events = ['pointerdown', 'pointerup', 'pointercancel'] as const;
    for (const e of events) window.addEventListener(e, end, true);
    // The window's own blur only (listening in the capture phase would hear every element's).
    window.addEventListener('blur', end);
    return () => {
      for (const e of events) window.removeEventListener(e, end, true);
      window.removeEventListener('blur', end);
    };
  }, []);
  return { start, claim };
}
