// The reachability checks of a run as one matrix per probe kind (rows: from, columns: to), each cell a
// verdict in colour and in words (IPv4 and IPv6 side by side), and a button that opens its evidence: the
// commands the helper ran and what they printed. Above them, the counts and whether the checks fail the run.
import { useEffect, useMemo, useRef, useState } from 'react';
import { checkTitle, checksFailed, reachabilityMatrices, TCP_PORT, verdictOf, type CheckKind, type LabEvent, type Verdict } from '../../core';
import './reachability.css';

export type CheckEventResult = Extract<LabEvent, { type: 'checks' }>['results'][number];

const KIND_TITLE: Record<CheckKind, string> = {
  ping: 'ping: ICMP echo',
  tcp: `tcp: connect to the helper's listener on port ${TCP_PORT}`,
  hostPort: 'hostPort: a client namespace connects through the host port',
  masquerade: 'masquerade: the source address the outside sees',
  mtu: "mtu: a don't-fragment ping at the interface's MTU",
  bandwidth: 'bandwidth: a 2-second transfer against the configured rate',
};

const MARK: Record<Verdict, string> = { passed: '✓', failed: '✗', 'failed by design': '✗', 'not applicable': '–' };
const verdictClass = (v: Verdict) => v.replaceAll(' ', '-');
const familyTag = (r: CheckEventResult) => (r.family === 'ipv6' ? 'v6' : r.family === 'ipv4' ? 'v4' : '');

export function ReachabilityMatrix({ results }: { results: readonly CheckEventResult[] }) {
  const matrices = useMemo(() => reachabilityMatrices(results), [results]);
  const [chosen, setSelected] = useState<CheckEventResult | null>(null);
  // A cell of an earlier run is not one of these results: nothing is selected then.
  const selected = chosen && results.includes(chosen) ? chosen : null;
  const evidence = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected) evidence.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const count = (v: Verdict) => results.filter((r) => verdictOf(r) === v).length;
  const byDesign = count('failed by design');
  const gates = checksFailed(results);
  return (
    <section className="reach" aria-labelledby="reach-title" data-testid="reachability">
      <h4 id="reach-title">Reachability with real traffic</h4>
      <p className={`reach-summary ${gates ? 'gates' : 'clear'}`} data-testid="reach-summary">
        <strong>
          {count('passed')} passed, {count('failed')} failed{byDesign ? `, ${byDesign} failed by design` : ''}, {count('not applicable')} not applicable.
        </strong>{' '}
        {gates ? 'A check failed that should have passed: the run fails.' : `Nothing failed that should have passed: the checks do not fail the run${byDesign ? ' (a failure by design is what the kernel does whatever the config)' : ''}.`}
      </p>
      <div className="reach-tables">
        {matrices.map((m) => (
          <table key={m.kind} className="reach-table" data-testid="reach-table" data-kind={m.kind}>
            <caption>{KIND_TITLE[m.kind]}</caption>
            <thead>
              <tr>
                <th scope="col">
                  from <span aria-hidden="true">╲</span> to
                </th>
                {m.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.rows.map((from) => (
                <tr key={from}>
                  <th scope="row">{from}</th>
                  {m.columns.map((to) => {
                    const cell = m.cell(from, to) as CheckEventResult[];
                    return (
                      <td key={to}>
                        {cell.length === 0 ? (
                          <span className="reach-none">not checked</span>
                        ) : (
                          cell.map((r, i) => {
                            const v = verdictOf(r);
                            return (
                              <button key={i} className={`reach-cell ${verdictClass(v)}`} aria-pressed={selected === r} aria-controls="reach-evidence" onClick={() => setSelected(selected === r ? null : r)} data-testid="reach-cell" data-from={from} data-to={to} data-family={r.family ?? ''} data-verdict={v}>
                                <span aria-hidden="true">{MARK[v]}</span> {familyTag(r) && <span className="reach-family">{familyTag(r)}</span>} {v}
                              </button>
                            );
                          })
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <div id="reach-evidence" ref={evidence} className="reach-evidence" aria-live="polite" data-testid="reach-evidence">
        {selected ? (
          <>
            <h5>
              {checkTitle(selected)}: {verdictOf(selected)}
            </h5>
            <p>{selected.detail}</p>
            <p className="hint">
              {selected.target ? `target ${selected.target} · ` : ''}
              {selected.ms} ms
            </p>
            {selected.evidence.length === 0 && <p className="hint">No command ran for this check.</p>}
            {selected.evidence.map((e, i) => (
              <pre key={i} tabIndex={0} className="json-view" data-testid="reach-evidence-command">
                {`$ ${e.command}\n${e.output || '(no output)'}`}
              </pre>
            ))}
          </>
        ) : (
          <p className="hint">Click a cell to see what the helper ran for it and what that printed.</p>
        )}
      </div>
    </section>
  );
}
