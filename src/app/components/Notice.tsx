import { useEffect } from 'react';
import type { Notice as NoticeT } from '../store/store';

export function Notice({ notice, onClose }: { notice: NoticeT | null; onClose: () => void }) {
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(onClose, 6000);
    return () => clearTimeout(t);
  }, [notice, onClose]);
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
