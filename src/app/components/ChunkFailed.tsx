// In place of a part of the app whose code did not arrive (after retries): what failed, and a way to try
// again, instead of the workbench's crash screen. A dialog's part keeps the dialog's frame and its Close.
// Trying again asks for the part's code anew (retry.ts); a module it imports that failed stays failed until
// the page reloads in browsers before whatwg/html#10327 (Chromium 156), and Safari names no failed module,
// so reloading is offered too (the work is saved in this browser as it is typed).
import { useState } from 'react';
import { Dialog } from './Dialog';

export function ChunkFailed({ what, error, onRetry, onClose }: { what: string; error: Error | undefined; onRetry: () => Promise<unknown>; onClose?: () => void }) {
  const [trying, setTrying] = useState(false);
  const retry = () => {
    setTrying(true);
    // On success the part replaces this; on failure the message stays, with the new error.
    void onRetry().finally(() => setTrying(false));
  };
  const title = `${what[0]!.toUpperCase()}${what.slice(1)} could not be loaded`;
  const cause = error ? ` (${error.message})` : '';
  const body = (
    <div className="chunk-failed" role="alert" data-testid="chunk-failed">
      {/* In a dialog, its title says what failed. */}
      <p>{onClose ? `Its code did not arrive${cause}. Your work is unchanged.` : `${title}${cause}. Your work is unchanged.`}</p>
      <p>If trying again does not bring it, reload the page: your work is saved in this browser.</p>
      <div className="dialog-buttons">
        {onClose && <button onClick={onClose}>Close</button>}
        <button onClick={() => location.reload()} data-testid="chunk-reload">
          Reload the page
        </button>
        <button className="primary" onClick={retry} disabled={trying} data-testid="chunk-retry">
          {trying ? 'Trying…' : 'Try again'}
        </button>
      </div>
    </div>
  );
  if (!onClose) return body;
  return (
    <Dialog title={title} onClose={onClose} testId="chunk-failed-dialog">
      {body}
    </Dialog>
  );
}
