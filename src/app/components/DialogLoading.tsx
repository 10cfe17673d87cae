// What stands in for a dialog whose code is still loading (on a slow link, the first time, before the idle
// prefetch got to it): Escape cancels the dialog then, as it would close it once open (it used to be lost,
// and the dialog opened anyway). After a moment it says it is loading, so the click did not seem ignored.
import { useEffect, useState } from 'react';

/** How long a load may take before it is announced: the idle prefetch makes most take none. */
export const LOADING_NOTE_MS = 400;

export function DialogLoading({ onCancel }: { onCancel: () => void }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), LOADING_NOTE_MS);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    };
    // Capture: before the canvas or an editor acts on the key.
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, { capture: true });
    };
  }, [onCancel]);
  return slow ? (
    <div className="dialog-loading" role="status" data-testid="dialog-loading">
      Loading… Escape cancels.
    </div>
  ) : null;
}
