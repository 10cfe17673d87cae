// The plugins' invocations of a run, in the order they ran: each opens its stdin (beside the preview's
// prediction for ADD), stdout and stderr. In a run of several containers each line says which container.
import { machineLimit, serializeConflist, type LabStep, type Plan } from '../../core';
import { containerName } from './ContainerTabs';

interface Props {
  /** Ended steps, each with its place in the whole run (what `open` refers to). */
  steps: { step: LabStep; at: number }[];
  /** The preview's ADD prediction for these steps' container, when there is one to compare with. */
  predicted?: Plan;
  several: boolean;
  open: number | null;
  onOpen: (at: number | null) => void;
}

export function Timeline({ steps, predicted, several, open, onOpen }: Props) {
  return (
    <ol className="timeline" data-testid="lab-timeline">
      {steps.map(({ step: { start, end }, at: i }) => {
        const e = end!;
        const limit = e.error ? machineLimit(e.pluginType, e.error.msg, start?.stdin) : undefined;
        const preview = e.phase === 'run' && e.command === 'ADD' ? predicted?.invocations[e.index] : undefined;
        return (
          <li key={i} className={e.ok ? 'ok' : 'failed'} data-testid="lab-step">
            <button onClick={() => onOpen(open === i ? null : i)}>
              {several && e.container !== undefined ? `${containerName(e.container)} · ` : ''}
              {e.phase !== 'run' ? `[${e.phase}] ` : ''}
              {e.command} {e.index + 1}. {e.pluginType} — {e.ok ? 'ok' : 'failed'} · {e.durationMs} ms · exit {e.exitCode ?? e.signal}
            </button>
            {e.error && (
              <p className="rt-error">
                {e.error.code ? `code ${e.error.code} (${e.error.words}): ` : ''}
                {e.error.msg}
                {e.error.details ? `; ${e.error.details}` : ''}
              </p>
            )}
            {limit && (
              <p className="hint" data-testid="lab-machine-limit">
                {limit}
              </p>
            )}
            {e.error?.runtime && (
              <p className="hint" data-testid="lab-runtime-error">
                The runtime reports: <code>{e.error.runtime}</code>
              </p>
            )}
            {e.survivors?.length ? <p className="rt-error">Left processes running after it ended (killed): pid {e.survivors.join(', ')}</p> : null}
            {open === i && (
              <div className="lab-detail">
                {preview && start ? (
                  <div className="compare">
                    <div>
                      <h4>Preview predicted</h4>
                      <pre tabIndex={0} className="json-view">{serializeConflist(preview.stdin)}</pre>
                    </div>
                    <div>
                      <h4>The plugin received</h4>
                      <pre tabIndex={0} className="json-view">{serializeConflist(start.stdin)}</pre>
                    </div>
                  </div>
                ) : (
                  start && <pre tabIndex={0} className="json-view">{serializeConflist(start.stdin)}</pre>
                )}
                <h4>stdout</h4>
                <pre tabIndex={0} className="json-view">{e.stdout || '(empty)'}</pre>
                {e.stderr && (
                  <>
                    <h4>stderr</h4>
                    <pre tabIndex={0} className="json-view">{e.stderr}</pre>
                  </>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
