// Export: the findings first; with errors, downloading needs an explicit choice.
import type { Finding } from '../../core';
import { Dialog } from './Dialog';

interface Props {
  fileName: string;
  findings: readonly Finding[];
  onDownload: () => void;
  onCopy: () => void;
  onClose: () => void;
}

export function ExportDialog({ fileName, findings, onDownload, onCopy, onClose }: Props) {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  return (
    <Dialog title={`Export ${fileName}`} onClose={onClose} testId="export-dialog">
      {errors.length > 0 ? (
        <>
          <p className="export-warning">
            This configuration has {errors.length} error{errors.length > 1 ? 's' : ''}: a runtime would refuse it or fail at ADD.
          </p>
          <ul className="export-errors">
            {errors.map((f, i) => (
              <li key={i}>
                <code>{f.code}</code> {f.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No errors{warnings.length ? `, ${warnings.length} warning${warnings.length > 1 ? 's' : ''} (see Problems)` : ''}: strict JSON, 2-space indent.</p>
      )}
      <div className="dialog-buttons">
        <button onClick={onCopy} data-testid="export-copy">
          Copy to clipboard
        </button>
        <button className={errors.length ? 'danger' : 'primary'} onClick={onDownload} data-testid="export-download">
          {errors.length ? 'Download anyway' : `Download ${fileName}`}
        </button>
      </div>
    </Dialog>
  );
}
