// What the run's final result claims that the namespace after ADD does not hold (core's comparison):
// libcni took the result, and the next plugin and the runtime would build on it.
import type { ResultMismatch } from '../../core';

export function ResultMismatches({ mismatches }: { mismatches: readonly ResultMismatch[] }) {
  if (mismatches.length === 0) return null;
  return (
    <div className="rt-error result-mismatches" data-testid="result-mismatches">
      <p>
        The final result does not match the namespace: libcni took it, and the runtime caches it and hands it to CHECK and DEL, but the plugins did not do what it says ({mismatches.length} claim
        {mismatches.length === 1 ? '' : 's'}).
      </p>
      <ul>
        {mismatches.map((m) => (
          <li key={m.pointer} data-testid="result-mismatch">
            <code>{m.pointer}</code> {m.message}
            {m.pluginIndex !== undefined && (
              <span className="claimed-by">
                {' '}
                First claimed by plugin {m.pluginIndex + 1} ({m.pluginType}).
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
