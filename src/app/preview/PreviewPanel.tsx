// The runtime preview: what each plugin receives for ADD, CHECK, DEL, GC and STATUS, as libcni builds it,
// and a step-through of the chain for teaching (ADD, DEL, then GC's two phases).
import { Suspense, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { cnitoolCommand, focusInjection, goJsonSyntaxError, injectedKeys, libcniLoadList, libcniLoadText, utf8Bytes, explainStep, gcPhaseWords, invocationShellLine, isJsonObject, listHasGcAndStatus, OPERATIONS, plan, pluginList, serializeConflist, sortKeys, type Invocation, type JsonObject, type JsonValue, type Operation } from '../../core';
import { store, useActions, useApp, useConflist, useIds, useProfile } from '../state';
import { validator } from '../validator-full';
import { isTextTarget } from '../keyboard';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { RuntimeInputsForm } from './RuntimeInputsForm';
import { useFocusHandOff } from '../actions/use-focus-hand-off';
import { TAUGHT, usePreviewTeaching, useTeachingOrders } from './teaching';
import { CapabilityExplainer } from './CapabilityExplainer';
import type { StdinFocus } from './StdinView';
import { StdinView } from '../later';
import './teaching.css';

function copy(text: string, what: string) {
  void navigator.clipboard.writeText(text).then(
    () => store.getState().actions.notify({ kind: 'info', text: `Copied ${what}.` }),
    () => store.getState().actions.notify({ kind: 'error', text: 'The browser refused clipboard access.' }),
  );
}

function Detail({ inv, own, result, theme }: { inv: Invocation; own: JsonValue | undefined; result?: JsonObject; theme: 'light' | 'dark' }) {
  const pretty = useMemo(() => serializeConflist(inv.stdin), [inv]);
  // What the runtime put into this stdin, and the key to show first (the step's own data).
  const keys = useMemo(() => injectedKeys(own, inv.stdin, inv.injected), [own, inv]);
  const first = focusInjection(keys)?.pointer;
  // A key asked for (from the list) is shown until the step changes; otherwise the step's own data.
  const [asked, setAsked] = useState<{ inv: Invocation; focus: StdinFocus } | null>(null);
  const focus = useMemo<StdinFocus | undefined>(() => (asked?.inv === inv ? asked.focus : first ? { pointer: first, nonce: 0 } : undefined), [asked, inv, first]);
  return (
    <div className="invocation-detail" data-testid="invocation-detail">
      <div className="button-row">
        <button onClick={() => copy(inv.stdinText, 'the stdin')} data-testid="copy-stdin">
          Copy stdin
        </button>
        <button onClick={() => copy(invocationShellLine(inv), 'the shell line')} data-testid="copy-shell">
          Copy shell line
        </button>
        {inv.prevResultPredicted && <span className="hint">prevResult is predicted (MACs and veth names are placeholders)</span>}
      </div>
      <div className="detail-columns">
      <div className="detail-text">
      <table className="env">
        <caption className="visually-hidden">Environment of this call</caption>
        <tbody>
          {Object.entries(inv.env).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v === '' ? <em>(empty)</em> : v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="injections" data-testid="injections" aria-label="Injected by the runtime (choose one to show it in the stdin)">
        {inv.injected.map((i) => (
          <li key={i.pointer}>
            <button className={`inject-link${focus?.pointer === i.pointer ? ' current' : ''}`} onClick={() => setAsked({ inv, focus: { pointer: i.pointer, nonce: Date.now() } })} title="Show it in the stdin">
              <code>{i.pointer}</code> ← {i.source}
            </button>
          </li>
        ))}
      </ul>
      {result && (
        <details className="returns">
          <summary>Returns (predicted)</summary>
          <pre tabIndex={0} className="json-view">{serializeConflist(sortKeys(result))}</pre>
        </details>
      )}
      </div>
      <div className="detail-stdin">
        <Suspense fallback={<pre tabIndex={0} className="json-view">{pretty}</pre>}>
          <StdinView text={pretty} injected={keys} focus={focus} theme={theme} />
        </Suspense>
      </div>
      </div>
    </div>
  );
}

const isTaughtOp = (op: Operation): op is (typeof TAUGHT)[number] => (TAUGHT as readonly string[]).includes(op);

export function PreviewPanel({ theme }: { theme: 'light' | 'dark' }) {
  // The whole chain is planned again for each edit (a few hundred milliseconds at 1,000 plugins): the edit is
  // drawn first, and the plan of the chain as it is now follows, in a render of its own.
  const doc = useDeferredValue(useConflist());
  const runtime = useApp((s) => s.runtime);
  const teaching = usePreviewTeaching();
  const actions = useActions();
  const [chosenOp, setOp] = useState<Operation>('ADD');
  const [chosen, setChosen] = useState(0);
  const [showInputs, setShowInputs] = useState(false);
  const op = teaching?.operation ?? chosenOp;
  const profile = useProfile();
  const p = useMemo(() => plan(doc, runtime, op, { validator, profile }), [doc, runtime, op, profile]);
  // The runtime starts from what its libcni loads: a list it refuses runs no plugin at all.
  const load = useMemo(() => libcniLoadList(doc, profile.libcni), [doc, profile]);
  // Editor text not in the document yet: the runtime would read that text, not the document shown here.
  const drafts = useApp((s) => s.drafts);
  const ids = useIds();
  const pending = useMemo(
    () =>
      Object.entries(drafts).flatMap(([key, text]) => {
        if (key === 'nad') return [];
        const loaded = key === 'document' ? libcniLoadText(text, 'conflist', profile.libcni) : undefined;
        const syntax = key === 'document' ? (loaded && !loaded.ok ? loaded.error : undefined) : goJsonSyntaxError(utf8Bytes(text));
        const what = key === 'document' ? 'the whole-conflist text' : `plugin ${ids.indexOf(key) + 1}'s text`;
        return syntax ? [`${what} in the editor is not what runs: libcni ${profile.libcni} would not load it (${syntax}); this shows the last list that does.`] : [];
      }),
    [drafts, ids, profile],
  );
  const selected = Math.min(teaching?.step ?? chosen, Math.max(0, p.invocations.length - 1));
  const inv = p.invocations[selected];
  const plugins = pluginList(doc);
  // Teaching: ADD forward, DEL in reverse, then GC's stale DELs and GC calls (the canvas marks the same walk); arrows move, Home restarts.
  // GC's order is a plan of its own: made only while stepping through (the steps before it are ADD's and DEL's).
  const orders = useTeachingOrders(teaching !== undefined);
  const steps = useMemo(() => TAUGHT.flatMap((operation) => orders[operation].map((index, step) => ({ operation, step, index }))), [orders]);
  const position = teaching ? steps.findIndex((s) => s.operation === teaching.operation && s.step === teaching.step) : -1;
  useEffect(() => {
    if (!teaching) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTextTarget(e.target)) return;
      const at = steps.findIndex((s) => s.operation === teaching.operation && s.step === teaching.step);
      if (e.key === 'ArrowRight' || e.key === 'n') actions.setTeaching(steps[Math.min(at + 1, steps.length - 1)] ?? null);
      else if (e.key === 'ArrowLeft' || e.key === 'p') actions.setTeaching(steps[Math.max(at - 1, 0)] ?? null);
      else if (e.key === 'Home' || e.key === 'r') actions.setTeaching(steps[0] ?? null);
      else if (e.key === 'Escape') actions.setTeaching(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [teaching, steps, actions]);

  const plugin = inv && isJsonObject(plugins[inv.index]) ? (plugins[inv.index] as JsonObject) : undefined;
  /** Pixels of the stdin kept in sight while stepping. */
  const STDIN_IN_SIGHT = 150;
  // Stepping: each step scrolls the panel to its explanation, just below the (sticky) step controls; its stdin follows.
  const main = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  // Starting or stopping the walk swaps the toolbar's buttons, the one pressed among them: the focus goes
  // to the control that now stands there (Next step; Step through).
  const handFocus = useFocusHandOff();
  const handFocusTo = (testId: string) => handFocus(() => toolbar.current?.querySelector<HTMLElement>(`[data-testid="${testId}"]`));
  useEffect(() => {
    if (!teaching || !main.current || !wrap.current) return;
    const m = main.current;
    const within = (el: Element) => el.getBoundingClientRect().top - m.getBoundingClientRect().top + m.scrollTop;
    const explanation = within(wrap.current) - (toolbar.current?.offsetHeight ?? 0) - 6;
    // In a short panel (1280×720 keeps the canvas at half the window) the stdin must still show its first
    // lines, where the injected part is scrolled to: the explanation then scrolls up as far as needed.
    const stdin = wrap.current.querySelector('.detail-stdin');
    const stdinInSight = stdin ? within(stdin) - m.clientHeight + STDIN_IN_SIGHT : 0;
    m.scrollTop = Math.max(0, explanation, Math.min(stdinInSight, within(wrap.current) + wrap.current.scrollHeight));
  }, [teaching]);
  return (
    <div className={`preview${teaching && !showInputs ? ' stepping' : ''}`} data-testid="preview">
      {(!teaching || showInputs) && <RuntimeInputsForm inputs={runtime} onChange={(next) => actions.setRuntime(next)} />}
      <div className="preview-main" ref={main}>
        <div className="preview-toolbar" ref={toolbar}>
          {/* Stepping: the operation is the step's (the canvas and the pill say which); the toolbar is the step's controls. */}
          {!teaching && (
            <div className="segmented" role="radiogroup" aria-label="Operation">
              {OPERATIONS.map((o) => (
                <button key={o} role="radio" aria-checked={op === o} onClick={() => setOp(o)} data-testid={`op-${o}`}>
                  {o}
                </button>
              ))}
            </div>
          )}
          {teaching ? (
            <>
              <button className="icon-button" onClick={() => actions.setTeaching(steps[Math.max(position - 1, 0)] ?? null)} aria-label="Previous step" title="Previous step (←)">
                <ChevronLeft size={16} aria-hidden="true" />
              </button>
              {inv && (
                <span className="teach-now" role="status" data-testid="teach-now">
                  Now running: {inv.type} ({inv.index + 1}), step {(teaching.step ?? 0) + 1} of {isTaughtOp(op) ? orders[op].length : p.invocations.length} · {op}
                </span>
              )}
              <button className="icon-button" onClick={() => actions.setTeaching(steps[Math.min(position + 1, steps.length - 1)] ?? null)} aria-label="Next step" title="Next step (→)" data-testid="teach-next">
                <ChevronRight size={16} aria-hidden="true" />
              </button>
              <span className="teach-position hint" data-testid="teach-position">
                {/* The whole tour's count, beside the pill's count within the operation. */}
                Step {position + 1} of {steps.length} in all: {inv ? `${inv.type} ${inv.command}` : ''}
              </span>
              <button onClick={() => actions.setTeaching(steps[0] ?? null)}>Restart</button>
              <button
                onClick={() => {
                  handFocusTo('teach-start');
                  actions.setTeaching(null);
                }}
              >
                Stop
              </button>
              {/* While stepping, the inputs give their room to the step; they stay one click away. */}
              <button aria-pressed={showInputs} onClick={() => setShowInputs((v) => !v)} data-testid="teach-inputs">
                {showInputs ? 'Hide inputs' : 'Show inputs'}
              </button>
            </>
          ) : (
            <button
              onClick={() => {
                if (!steps[0]) return;
                handFocusTo('teach-next');
                actions.setTeaching(steps[0]);
              }}
              disabled={steps.length === 0}
              data-testid="teach-start"
              title="Walk ADD, DEL, then GC's two phases one plugin at a time (← → Home)">
              Step through
            </button>
          )}
          {!teaching && (
            <button onClick={() => copy(cnitoolCommand(doc, runtime, op), 'the cnitool command')} data-testid="copy-cnitool" title="cnitool derives its own container id from the netns path">
              Copy cnitool command
            </button>
          )}
        </div>
        {pending.map((message) => (
          <p key={message} className="hint" data-testid="plan-editor-differs">
            {message.charAt(0).toUpperCase() + message.slice(1)}
          </p>
        ))}
        {!load.ok && (
          <p className="rt-error" data-testid="plan-load-refused">
            libcni {profile.libcni} refuses to load this list, so no plugin would run: <code>{load.error}</code>. The steps below show what the plugins would get once it loads.
          </p>
        )}
        {p.skipped && (
          <p className={p.skipped.error ? 'rt-error' : 'hint'} data-testid="plan-skipped">
            {p.skipped.error ? 'The runtime refuses: ' : ''}
            {p.skipped.reason}
          </p>
        )}
        {p.notes.length > 0 && (
          <ul className="plan-notes" data-testid="plan-notes">
            {p.notes.map((n, i) => (
              <li key={i} className={`severity-${n.severity}`}>
                {n.message}
              </li>
            ))}
          </ul>
        )}
        <div className="preview-body">
          <ol className="invocations" data-testid="invocations">
            {p.invocations.map((x, i) => (
              <li key={`${x.command}-${x.index}`}>
                <button aria-current={i === selected} onClick={() => (teaching ? actions.setTeaching({ operation: op, step: i, index: x.index }) : setChosen(i))} data-testid={`invocation-${i}`}>
                  {x.index + 1}. {x.type} <span className="hint">{x.command}</span>
                  {x.stale && <span className="hint"> stale {`${x.stale.containerID}/${x.stale.ifname}`}</span>}
                </button>
              </li>
            ))}
          </ol>
          {inv && (
            <div className="invocation-wrap" ref={wrap}>
              {teaching && plugin && (
                <p className="teach-explain" data-testid="teach-explain">
                  {op === 'GC' && <strong data-testid="teach-gc-phase">{gcPhaseWords(inv, listHasGcAndStatus(doc, profile.libcni))} </strong>}
                  {explainStep(plugin, inv.command, inv.stale?.ifname ?? runtime.ifname)}
                </p>
              )}
              <CapabilityExplainer relevant={isJsonObject(inv.stdin.runtimeConfig) || (plugin !== undefined && isJsonObject(plugin.capabilities) && Object.keys(plugin.capabilities).length > 0)} />
              <Detail inv={inv} own={plugins[inv.index]} result={op === 'ADD' ? p.results[inv.index] : undefined} theme={theme} />
            </div>
          )}
        </div>
        {p.predictionNotes.length > 0 && <p className="hint">{p.predictionNotes.join(' ')}</p>}
      </div>
    </div>
  );
}
