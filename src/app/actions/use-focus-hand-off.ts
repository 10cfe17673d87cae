// The focus handed on by a control that its own press takes out (a fixed finding's row) or swaps for
// another (Step through → Next step): named before the change, given in the commit that makes it, and only
// if the focus was left on the page's body. Nothing changed within a second: nothing is handed on (the
// Problems panel draws a change a few frames after it, from deferred values, so not by the next frame).
import { useCallback, useLayoutEffect, useRef } from 'react';

type Target = () => HTMLElement | null | undefined;

const HAND_OFF_MS = 1000;

export function useFocusHandOff(): (target: Target) => void {
  const pending = useRef<Target | undefined>(undefined);
  useLayoutEffect(() => {
    const target = pending.current;
    if (!target || (document.activeElement !== document.body && document.activeElement !== null)) return;
    pending.current = undefined;
    target()?.focus();
  });
  return useCallback((target: Target) => {
    pending.current = target;
    setTimeout(() => {
      if (pending.current === target) pending.current = undefined;
    }, HAND_OFF_MS);
  }, []);
}
