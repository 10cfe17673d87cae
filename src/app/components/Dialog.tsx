// A modal dialog: focus moves in and Tab keeps it there, Escape or the backdrop closes it (unless it asks for a choice).
import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab past the last control goes to the first, Shift+Tab before the first to the last: never behind the dialog. */
function keepFocusIn(dialog: HTMLElement | null, e: KeyboardEvent): void {
  if (!dialog) return;
  const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const at = document.activeElement;
  if (e.shiftKey && (at === first || at === dialog)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || at === dialog)) {
    e.preventDefault();
    first.focus();
  }
}

export function Dialog({
  title,
  onClose,
  children,
  testId,
  wide,
  dismissable = true,
  unprompted = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
  /** False: only the dialog's own buttons close it (a choice that must be made). */
  dismissable?: boolean;
  /**
   * Shown without the user asking (another tab's change, while they type): the focus goes to the dialog
   * itself, never to a button, so a key typed for the editor (a space) cannot press one.
   */
  unprompted?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // In the commit that shows it: a key pressed the moment it is drawn (Escape) already goes to the dialog.
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = unprompted ? null : ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    (first ?? ref.current)?.focus();
    return () => previous?.focus?.();
    // Once, when it is drawn: a dialog does not change how it was opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
          } else if (e.key === 'Tab') keepFocusIn(ref.current, e);
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
