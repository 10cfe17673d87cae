// The plugins' invocations of a run, in the order they ran: each opens its stdin (beside the preview's
// prediction for ADD), stdout and stderr. In a run of several containers each line says which container.
import { Fragment } from 'react';
import { cleanupDelNote, machineLimit, pluginFailureNote, operationOf, serializeConflist, type LabOperation, type LabStep, type Plan } from '../../core';
import { containerName } from './ContainerTabs';

interface Props {
  /** Ended steps, each with its place in the whole run (what `open` refers to). */
  steps: { step: LabStep; at: number }[];
  /** The preview's ADD prediction for these steps' container, when there is one to compare with. */
  predicted?: Plan;
  several: boolean;
  open: number | null;
  onOpen: (at: number | null) => void;
  /** The operations the steps belong to (this container's), so each is named where it begins, and one that ran nothing says why. */
  operations?: readonly LabOperation[];
  /** The plugins (chain index) whose result first made a claim the namespace contradicts: their ADD is not a plain success. */
  contradicted?: ReadonlySet<number>;
}

/** An operation's heading: what the runtime was asked to do, and why it called no plugin when it did not. */
function OperationRow({ op }: { op: LabOperation }) {
  return (
    <li className={`op${op.skipped?.error ? ' failed' : ''}`} data-testid="lab-operation">
      <span className="op-name">{op.operation}</span>
      {op.skipped ? <span className="hint"> — no plugin called: {op.skipped.reason}</span> : null}
    </li>
  );
}

export function Timeline({ steps, predicted, several, open, onOpen, operations = [], contradicted }: Props) {
  // Each operation just before its first step (it began after the step before); those after the last step at the end.
  const between = (after: number, upTo: number) => operations.filter((op) => op.at > after && op.at <= upTo);
  const lastAt = steps.length ? steps[steps.length - 1]!.at : -1;
  return (
    <ol className="timeline" data-testid="lab-timeline">
      {steps.map(({ step: { start, end }, at: i }, n) => {
        const e = end!;
        const ops = between(n === 0 ? -1 : steps[n - 1]!.at, i);
        const gcDel = e.phase === 'run' && e.command === 'DEL' && operationOf({ operations }, i, e.container)?.operation === 'GC';
        const cleanup = cleanupDelNote(e);
        const limit = e.error ? machineLimit(e.pluginType, e.error.msg, start?.stdin) : undefined;
        const known = e.error ? pluginFailureNote(e.pluginType, e.command, e.error.msg) : undefined;
        const preview = e.phase === 'run' && e.command === 'ADD' ? predicted?.invocations[e.index] : undefined;
        const contradicts = e.ok && e.phase === 'run' && e.command === 'ADD' && contradicted?.has(e.index);
        return (
          <Fragment key={i}>
          {ops.map((op, k) => (
            <OperationRow key={`op-${k}`} op={op} />
          ))}
          <li className={contradicts ? 'contradicted' : e.ok ? 'ok' : 'failed'} data-testid="lab-step">
            <button onClick={() => onOpen(open === i ? null : i)}>
              {several && e.container !== undefined ? `${containerName(e.container)} · ` : ''}
              {e.phase !== 'run' ? `[${e.phase}] ` : ''}
              {gcDel ? 'GC: DEL of a stale attachment, ' : ''}
              {e.command} {e.index + 1}. {e.pluginType} — {contradicts ? 'ok, but its result does not match the namespace' : e.ok ? 'ok' : 'failed'}
              {/* A plugin that never started (not found, refused) has no time and no exit status to show. */}
              {e.exitCode != null ? ` · ${e.durationMs} ms · exit ${e.exitCode}` : e.signal ? ` · ${e.durationMs} ms · killed by ${e.signal}` : ' · not started'}
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
            {known && (
              <p className="hint" data-testid="lab-failure-note">
                {known}
              </p>
            )}
            {e.error?.runtime && (
              <p className="hint" data-testid="lab-runtime-error">
                The runtime reports: <code>{e.error.runtime}</code>
              </p>
            )}
            {cleanup && (
              <p className="hint" data-testid="lab-cleanup-note">
                {cleanup}
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
          </Fragment>
        );
      })}
      {operations
        .filter((op) => op.at > lastAt)
        .map((op, k) => (
          <OperationRow key={`op-end-${k}`} op={op} />
        ))}
    </ol>
  );
}
