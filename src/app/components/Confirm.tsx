import type { ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirm: string;
  onConfirm: () => void;
}

export function Confirm({ request, onClose }: { request: ConfirmRequest; onClose: () => void }) {
  return (
    <Dialog title={request.title} onClose={onClose} testId="confirm">
      <div>{request.body}</div>
      <div className="dialog-buttons">
        <button onClick={onClose}>Cancel</button>
        <button
          className="primary"
          data-testid="confirm-ok"
          onClick={() => {
            request.onConfirm();
            onClose();
          }}
        >
          {request.confirm}
        </button>
      </div>
    </Dialog>
  );
}
