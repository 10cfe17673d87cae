// The command palette's frame, the same for the palette and for its stand-in while its code arrives: a
// backdrop that closes it when pressed outside, and a dialog that Esc closes.
import type { ReactNode, Ref } from 'react';
import './actions.css';

export function PaletteFrame({ onClose, testId, busy = false, ref, children }: { onClose: () => void; testId: string; busy?: boolean; ref?: Ref<HTMLDivElement>; children: ReactNode }) {
  return (
    <div className="cmd-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className="cmd-palette"
        role="dialog"
        aria-modal="true"
        aria-label="Commands"
        aria-busy={busy || undefined}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}
