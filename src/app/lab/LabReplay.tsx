// The Live lab's replay of its last run, step by step like the preview's teaching mode (issue 14): each plugin
// call in the order it ran, with what it received and printed and what it did in words, then the traffic the
// checks sent. The canvas rings the call's plugin (lab/replay-state.ts); same keys as the preview's.
import { Suspense, useEffect, useMemo, useRef } from 'react';
import { ChevronLeft, ChevronRight, RotateCcw, X } from 'lucide-react';
import { checkLine, containerName, focusInjection, machineLimit, pluginFailureNote, replayInjected, replayTitle, replayWords, serializeConflist, sortKeys, verdictOf, type ReplayCall, type ReplayTraffic } from '../../core';
import { store, useActions, useApp, useConflist } from '../state';
import { isTextTarget } from '../keyboard';
import { useLabReplay } from './replay-state';
import { useFocusHandOff } from '../actions/use-focus-hand-off';
import { useLabStale } from './stale';
import { StdinView } from '../later';
import './replay.css';

/** The page's theme, for the stdin's Monaco view (the app sets it on the root element). */
const pageTheme = () => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

function Call({ step }: { step: ReplayCall }) {
  const doc = useConflist();
  const ran = useApp((s) => s.lab.conflist) ?? doc;
  const { start, end } = step.call;
  const injected = useMemo(() => replayInjected(step, ran), [step, ran]);
  const first = focusInjection(injected)?.pointer;
  const focus = useMemo(() => (first ? { pointer: first, nonce: 0 } : undefined), [first]);
  const stdin = useMemo(() => serializeConflist(start.stdin), [start]);
  const printed = end?.result && end.ok ? serializeConflist(sortKeys(end.result)) : end?.stdout || '(nothing)';
  const limit = end?.error ? machineLimit(start.pluginType, end.error.msg, start.stdin) : undefined;
  const known = end?.error ? pluginFailureNote(start.pluginType, start.command, end.error.msg) : undefined;
  return (
    <div className="replay-call">
      <p className="teach-explain" data-testid="replay-words">
        {replayWords(step, ran)}
      </p>
      <p className="replay-facts" data-testid="replay-facts">
        <span className={end?.ok ? 'replay-ok' : 'replay-failed'}>{end ? (end.ok ? 'succeeded' : 'failed') : 'did not finish'}</span>
        {end && ` · exit ${end.exitCode ?? end.signal} · ${end.durationMs} ms`}
        {` · ${step.phase === 'run' ? 'run' : step.phase} · ${start.command} · container ${containerName(step.container)} (${start.env.CNI_CONTAINERID}, ${start.env.CNI_NETNS}, ${start.env.CNI_IFNAME})`}
      </p>
      <div className="replay-columns">
        <div className="replay-stdin">
          <h4>What it received on stdin</h4>
          <Suspense fallback={<pre tabIndex={0} className="json-view">{stdin}</pre>}>
            <StdinView text={stdin} injected={injected} focus={focus} theme={pageTheme()} />
          </Suspense>
        </div>
        <div className="replay-printed" data-testid="replay-printed">
          <h4>What it printed{end?.error ? ' (its error)' : ''}</h4>
          {end?.error && (
            <p className="rt-error">
              {end.error.code ? `code ${end.error.code} (${end.error.words}): ` : ''}
              {end.error.msg}
              {end.error.details ? `; ${end.error.details}` : ''}
            </p>
          )}
          {limit && (
            <p className="hint" data-testid="replay-machine-limit">
              {limit}
            </p>
          )}
          {known && (
            <p className="hint" data-testid="replay-failure-note">
              {known}
            </p>
          )}
          <pre tabIndex={0} className="json-view">{printed}</pre>
          {end?.stderr && (
            <>
              <h4>stderr</h4>
              <pre tabIndex={0} className="json-view">{end.stderr}</pre>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

const MARK: Record<ReturnType<typeof verdictOf>, string> = { passed: '✓', failed: '✗', 'failed by design': '✗', 'not applicable': '–' };

function Traffic({ step }: { step: ReplayTraffic }) {
  const counts = new Map<string, number>();
  for (const c of step.checks) counts.set(verdictOf(c), (counts.get(verdictOf(c)) ?? 0) + 1);
  return (
    <div className="replay-traffic">
      <p className="teach-explain" data-testid="replay-words">
        Every container had its ADD: the helper sent real traffic between them, the gateway, the host and an outside namespace ({[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}). Each check's evidence is the commands it ran and what they printed.
      </p>
      <ul className="replay-checks" data-testid="replay-checks">
        {step.checks.map((c, i) => (
          <li key={i} className={`verdict-${verdictOf(c).replace(/ /g, '-')}`} data-testid="replay-check">
            <span className="verdict-mark" aria-hidden="true">
              {MARK[verdictOf(c)]}
            </span>
            <span>{checkLine(c)}</span>
            {c.evidence.length > 0 && (
              <details>
                <summary>Evidence</summary>
                {c.evidence.map((ev, j) => (
                  <div key={j}>
                    <code>$ {ev.command}</code>
                    <pre tabIndex={0} className="json-view">{ev.output || '(no output)'}</pre>
                  </div>
                ))}
              </details>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LabReplay() {
  const running = useApp((s) => s.lab.running);
  const source = useApp((s) => s.teaching?.source);
  const actions = useActions();
  const { state, steps, containers, position, step } = useLabReplay(true);
  const stale = useLabStale();
  const startButton = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  const open = position !== undefined;
  const go = (to: number) => actions.setTeaching({ source: 'lab', position: Math.max(0, Math.min(to, steps.length - 1)) });
  // Opening or leaving the replay swaps its controls, often the one pressed among them: the focus goes to
  // the control that now stands there (Next step; Replay step by step) in the commit that swaps them.
  const handFocus = useFocusHandOff();
  const handFocusTo = (target: typeof startButton) => handFocus(() => target.current);
  const close = () => {
    handFocusTo(startButton);
    actions.setTeaching(null);
  };

  // A new run replaces the one replayed; leaving the Live lab leaves the replay.
  useEffect(() => {
    if (running && source === 'lab') actions.setTeaching(null);
  }, [running, source, actions]);
  useEffect(() => () => {
    if (store.getState().teaching?.source === 'lab') store.getState().actions.setTeaching(null);
  }, []);

  // The preview's keys: → or n next, ← or p previous, Home or r restart, Escape leaves.
  useEffect(() => {
    if (position === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTextTarget(e.target) || e.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      if (e.key === 'ArrowRight' || e.key === 'n') go(position + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'p') go(position - 1);
      else if (e.key === 'Home' || e.key === 'r') go(0);
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!state.end || running || steps.length === 0) return null;
  if (!open || !step) {
    return (
      <div className="lab-replay-start">
        <button
          ref={startButton}
          onClick={() => {
            handFocusTo(next);
            go(0);
          }}
          data-testid="lab-replay-start"
          title="Walk the run's plugin calls in the order they ran, then the traffic (← → Home, Escape leaves)"
        >
          Replay step by step
        </button>
      </div>
    );
  }
  return (
    <section className="lab-replay" aria-label="Replay of the last run" data-testid="lab-replay">
      <div className="replay-toolbar">
        <button className="icon-button" onClick={() => go(position - 1)} aria-label="Previous step" title="Previous step (←)" data-testid="replay-prev">
          <ChevronLeft size={16} aria-hidden="true" />
        </button>
        <span className="teach-now" role="status" data-testid="replay-now">
          {replayTitle(step, containers)}
        </span>
        <button ref={next} className="icon-button" onClick={() => go(position + 1)} aria-label="Next step" title="Next step (→)" data-testid="replay-next">
          <ChevronRight size={16} aria-hidden="true" />
        </button>
        <span className="teach-position hint" data-testid="replay-position">
          Step {position + 1} of {steps.length}
        </span>
        <span className="replay-tools">
          <button className="replay-tool" onClick={() => go(0)} aria-label="Restart the replay" title="Restart (Home)">
            <RotateCcw size={14} aria-hidden="true" />
          </button>
          <button className="replay-tool" onClick={close} title="Close the replay (Escape)" data-testid="replay-close">
            <X size={14} aria-hidden="true" /> Close
          </button>
        </span>
      </div>
      {stale && (
        <p className="hint replay-stale" data-testid="replay-stale">
          This replays the run on an earlier version of this network: the canvas marks only the plugins it still has.
        </p>
      )}
      {step.kind === 'call' ? <Call step={step} /> : <Traffic step={step} />}
    </section>
  );
}
