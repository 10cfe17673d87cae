import { useEffect, useRef } from 'react';
import type { Notice as NoticeT } from '../store/store';

export function Notice({ notice, onClose }: { notice: NoticeT | null; onClose: () => void }) {
  // Six seconds from when the notice appeared: the parent's re-renders (a new onClose each time, lab
  // events arriving) must not restart the clock, or a busy page keeps the notice over its content.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(() => close.current(), 6000);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'info' ? 'status' : 'alert'} data-testid="notice">
      <span>{notice.text}</span>
      <button aria-label="Dismiss" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
