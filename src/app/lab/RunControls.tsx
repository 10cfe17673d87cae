// The run buttons, each saying why when it cannot be used, and the busy helper's offer: wait and run when
// it is free (with Cancel), or, if the network changed while waiting, which version to run.
import type { Operation } from '../../core';
import type { AskedRun, RunPhase } from './useLabRun';

export const RUNS: { label: string; operations: Operation[] }[] = [
  { label: 'Live ADD', operations: ['ADD'] },
  { label: 'ADD + CHECK', operations: ['ADD', 'CHECK'] },
  { label: 'Full cycle', operations: ['ADD', 'CHECK', 'DEL'] },
  // STATUS, then GC with this attachment valid and GC with it stale: the second GC DELs it first.
  { label: 'STATUS + GC', operations: ['ADD', 'STATUS', 'GC', 'GC'] },
];

interface Props {
  phase: RunPhase;
  /** Why no run can start now, or undefined. */
  blocked: string | undefined;
  /** Why one kind of run cannot be asked for with the run's choices (GC with several containers), or undefined. */
  refusal?: (operations: Operation[]) => string | undefined;
  onRun: (operations: Operation[], label: string) => void;
  onWait: (run: AskedRun) => void;
  onCancel: () => void;
  onStop: () => void;
  /** The network changed while waiting: run the one asked for, or the current one. */
  onChoose: (which: 'asked' | 'current', run: AskedRun) => void;
}

const networkOf = (run: AskedRun) => `"${String(run.request.conflist.name ?? '')}" (${Array.isArray(run.request.conflist.plugins) ? run.request.conflist.plugins.length : 0} plugins) as it was when you clicked`;

export function RunControls({ phase, blocked, refusal, onRun, onWait, onCancel, onStop, onChoose }: Props) {
  // The busy offer leaves the buttons free (another click asks the helper again); a wait or a choice does not.
  const why = blocked ?? (phase.kind === 'running' ? 'A run is in progress.' : phase.kind === 'waiting' ? 'Waiting for the helper: cancel the wait to start another run.' : phase.kind === 'changed' ? 'Choose which network to run below, or cancel.' : undefined);
  const refused = why ? [] : [...new Set(RUNS.map((r) => refusal?.(r.operations)).filter((x): x is string => x !== undefined))];
  return (
    <div className="lab-runs">
      <div className="button-row wrap">
        {RUNS.map((r) => {
          const own = why ?? refusal?.(r.operations);
          const describedBy = why ? 'lab-run-why' : own ? `lab-run-refused-${refused.indexOf(own)}` : undefined;
          return (
            <button key={r.label} className="primary" disabled={own !== undefined} aria-describedby={describedBy} title={own} onClick={() => onRun(r.operations, r.label)} data-testid={`lab-run-${r.operations.join('-')}`}>
              {r.label}
            </button>
          );
        })}
        {phase.kind === 'running' && (
          <button onClick={onStop} data-testid="lab-stop">
            Stop
          </button>
        )}
      </div>
      {why && (
        <p className="hint" id="lab-run-why" data-testid="lab-run-why">
          {why}
        </p>
      )}
      {refused.map((r, i) => (
        <p key={r} className="hint" id={`lab-run-refused-${i}`} data-testid="lab-run-refused">
          {r}
        </p>
      ))}
      {phase.kind === 'busy' && (
        <div className="lab-wait" role="status" data-testid="lab-busy">
          <p>{phase.message}</p>
          <div className="button-row">
            <button className="primary" onClick={() => onWait(phase.run)} data-testid="lab-wait">
              Wait and run when free
            </button>
            <button onClick={onCancel}>Cancel</button>
          </div>
        </div>
      )}
      {phase.kind === 'waiting' && (
        <div className="lab-wait" role="status" data-testid="lab-waiting">
          <p>
            <span className="lab-spinner" aria-hidden="true" /> Waiting for the helper to finish its current run, then {phase.run.label} of {networkOf(phase.run)}.
            {phase.checks > 0 ? ` Checked ${phase.checks + 1} times.` : ''}
          </p>
          <button onClick={onCancel} data-testid="lab-wait-cancel">
            Cancel
          </button>
        </div>
      )}
      {phase.kind === 'changed' && (
        <div className="lab-wait" role="alert" data-testid="lab-changed">
          <p>The helper is free, but the network changed while you waited. Which version should run?</p>
          <div className="button-row wrap">
            <button className="primary" onClick={() => onChoose('current', phase.run)} data-testid="lab-run-current">
              The current network
            </button>
            <button onClick={() => onChoose('asked', phase.run)} data-testid="lab-run-asked">
              The one from when I clicked
            </button>
            <button onClick={onCancel}>Cancel</button>
          </div>
        </div>
      )}
    </div>
  );
}
