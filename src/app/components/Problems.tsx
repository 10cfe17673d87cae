import { countBySeverity, type Finding } from '../../core';

export function Problems({ findings }: { findings: readonly Finding[] }) {
  const counts = countBySeverity(findings);
  return (
    <aside className="problems" aria-label="Problems">
      <h2 className="panel-title">
        Problems{' '}
        <span className="counts" data-testid="problem-counts">
          {counts.error} errors · {counts.warning} warnings · {counts.info} notes
        </span>
      </h2>
      {findings.length === 0 ? (
        <p className="empty">No problems: a runtime would accept this configuration.</p>
      ) : (
        <ul>
          {findings.map((f, i) => (
            <li key={i} className={`finding severity-${f.severity}`} data-testid="finding" data-code={f.code}>
              <span className="where">
                {f.line !== undefined ? `${f.line}:${f.column}` : ''} {f.pointer || '/'}
              </span>
              <span className="code">{f.code}</span>
              <span className="message">{f.message}</span>
              {f.fix && <span className="fix">Fix: {f.fix.title}</span>}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
