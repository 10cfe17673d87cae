// The minimal keyboard binding of the layout actions (outside text fields and editors, and not while a
// dialog is open), until a shared action registry binds them with every other action.
import { useEffect } from 'react';
import { isTextTarget } from '../keyboard';
import { LAYOUT_ACTIONS } from './actions';

export function useLayoutShortcuts(modalOpen: boolean): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modalOpen || e.defaultPrevented || isTextTarget(e.target)) return;
      const action = LAYOUT_ACTIONS.find((a) => a.matches(e));
      if (!action) return;
      e.preventDefault();
      action.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modalOpen]);
}
