// A modal dialog: focus moves in, Escape or the backdrop closes it (unless it asks for a choice).
import { useLayoutEffect, useRef, type ReactNode } from 'react';

export function Dialog({
  title,
  onClose,
  children,
  testId,
  wide,
  dismissable = true,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
  /** False: only the dialog's own buttons close it (a choice that must be made). */
  dismissable?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // In the commit that shows it: a key pressed the moment it is drawn (Escape) already goes to the dialog.
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    (first ?? ref.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="backdrop" onMouseDown={(e) => dismissable && e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            if (dismissable) onClose();
          }
        }}
      >
        <header>
          <h2>{title}</h2>
          {dismissable && (
            <button className="dialog-close" aria-label="Close" onClick={onClose}>
              ×
            </button>
          )}
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}
