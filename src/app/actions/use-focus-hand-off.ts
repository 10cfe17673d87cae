// The focus handed on by a control that its own press takes out (a fixed finding's row) or swaps for
// another (Step through → Next step): named before the change, given in the commit that makes it, and only
// if the focus was left on the page's body. Nothing changed by the next frame: nothing is handed on.
import { useCallback, useLayoutEffect, useRef } from 'react';

type Target = () => HTMLElement | null | undefined;

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
    requestAnimationFrame(() => {
      if (pending.current === target) pending.current = undefined;
    });
  }, []);
}
