// The live lab: connect to a helper, see what the machine offers, run the chain with the real plugins,
// and watch each plugin's stdin, output and time arrive; then what the namespace really looks like.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isJsonObject, plan, serializeConflist, sortKeys, type JsonObject, type LabEvent, type LabRunRequest, type Operation } from '../../core';
import { useActions, useApp } from '../state';
import { validator } from '../validator';
import { fetchProbe, initialConnection, streamRun, type LabConnection, type ProbeAnswer } from './client';
import { Topology } from './Topology';

type End = Extract<LabEvent, { type: 'invocation-end' }>;
type Start = Extract<LabEvent, { type: 'invocation-start' }>;

const RUNS: { label: string; operations: Operation[] }[] = [
  { label: 'Live ADD', operations: ['ADD'] },
  { label: 'ADD + CHECK', operations: ['ADD', 'CHECK'] },
  { label: 'Full cycle', operations: ['ADD', 'CHECK', 'DEL'] },
];

function versionWarnings(doc: JsonObject, probe: ProbeAnswer): string[] {
  const version = typeof doc.cniVersion === 'string' ? doc.cniVersion : '';
  const out: string[] = [];
  for (const p of Array.isArray(doc.plugins) ? doc.plugins : []) {
    if (!isJsonObject(p)) continue;
    for (const type of [p.type, isJsonObject(p.ipam) ? p.ipam.type : undefined]) {
      if (typeof type !== 'string') continue;
      const found = probe.plugins.find((x) => x.type === type);
      if (!found) {
        if (!['flannel', 'calico', 'cilium-cni', 'multus'].includes(type)) out.push(`${type} is not installed in ${probe.cniPath.join(':')} on the lab machine.`);
        continue;
      }
      const versions = found.supportedVersions ?? [];
      if (versions.length && !versions.includes(version)) out.push(`${type} here accepts up to ${versions[versions.length - 1]}; this conflist says ${version || '(none)'}.`);
    }
  }
  return [...new Set(out)];
}

export function LabPanel() {
  const doc = useApp((s) => s.doc);
  const runtime = useApp((s) => s.runtime);
  const lab = useApp((s) => s.lab);
  const actions = useActions();
  const initial = useMemo(() => initialConnection(), []);
  const [conn, setConn] = useState<LabConnection>(initial ?? { url: 'http://127.0.0.1:7478', token: '' });
  const [probe, setProbe] = useState<ProbeAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [keep, setKeep] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);

  const connect = async (c = conn) => {
    try {
      const answer = await fetchProbe(c);
      setProblem(null);
      setProbe(answer);
    } catch (e) {
      setProbe(null);
      setProblem((e as Error).message);
    }
  };
  // Connect once with what the page was opened with (the helper's link, or npm start).
  useEffect(() => {
    if (!initial) return;
    fetchProbe(initial).then(setProbe, (e: Error) => setProblem(e.message));
  }, [initial]);

  const run = async (operations: Operation[]) => {
    const request: LabRunRequest = { conflist: doc, operations, ifname: runtime.ifname, cniArgs: runtime.cniArgs, capabilityArgs: runtime.capabilityArgs, keepSeconds: keep, timeoutMs: 15_000 };
    abort.current = new AbortController();
    actions.labStart();
    try {
      await streamRun(conn, request, (e) => actions.labEvent(e), abort.current.signal);
      actions.labEnd();
    } catch (e) {
      actions.labEnd((e as Error).message);
    }
  };

  const starts = lab.events.filter((e): e is Start => e.type === 'invocation-start');
  const ends = lab.events.filter((e): e is End => e.type === 'invocation-end');
  const observed = [...lab.events].reverse().find((e) => e.type === 'observed' && e.after === 'ADD') as Extract<LabEvent, { type: 'observed' }> | undefined;
  const teardown = lab.events.find((e) => e.type === 'teardown') as Extract<LabEvent, { type: 'teardown' }> | undefined;
  const runEnd = lab.events.find((e) => e.type === 'run-end') as Extract<LabEvent, { type: 'run-end' }> | undefined;
  const runStart = lab.events.find((e) => e.type === 'run-start') as Extract<LabEvent, { type: 'run-start' }> | undefined;
  const refused = lab.events.find((e) => e.type === 'refused') as Extract<LabEvent, { type: 'refused' }> | undefined;
  const predicted = useMemo(() => (runStart ? plan(doc, { ...runtime, containerId: runStart.containerId, netns: runStart.netns, cniPath: runStart.cniPath }, 'ADD', { validator }) : undefined), [doc, runtime, runStart]);
  const finalResult = [...ends].reverse().find((e) => e.command === 'ADD' && e.phase === 'run' && e.result)?.result;

  return (
    <div className="lab" data-testid="lab">
      <div className="lab-side">
        <label className="rt-field">
          <span>Helper URL</span>
          <input data-testid="lab-url" value={conn.url} onChange={(e) => setConn({ ...conn, url: e.target.value })} />
        </label>
        <label className="rt-field">
          <span>Token</span>
          <input data-testid="lab-token" type="password" value={conn.token} onChange={(e) => setConn({ ...conn, token: e.target.value })} />
        </label>
        <button onClick={() => void connect()} data-testid="lab-connect">
          Connect
        </button>
        {problem && <p className="rt-error">{problem}</p>}
        {probe && (
          <div className="lab-probe" data-testid="lab-probe">
            <p>
              {probe.root ? 'root' : 'not root'} · {probe.plugins.length} plugins in {probe.cniPath.join(':')} · {probe.iptables ? 'iptables' : probe.nftables ? 'nftables' : 'no firewall tool'}
            </p>
            {probe.missing.map((m) => (
              <p key={m} className="rt-error">
                {m}
              </p>
            ))}
            {versionWarnings(doc, probe).map((w) => (
              <p key={w} className="lab-warning">
                {w}
              </p>
            ))}
            <details>
              <summary>Plugins and the versions they accept</summary>
              <ul>
                {probe.plugins.map((p) => (
                  <li key={p.type}>
                    <code>{p.type}</code> {p.supportedVersions?.join(', ') ?? p.versionError}
                  </li>
                ))}
              </ul>
            </details>
          </div>
        )}
        <label className="rt-field">
          <span>Keep the namespace for (seconds, then cleaned up)</span>
          <input type="number" min={0} max={600} value={keep} onChange={(e) => setKeep(Math.max(0, Math.min(600, Number(e.target.value))))} />
        </label>
        <div className="button-row wrap">
          {RUNS.map((r) => (
            <button key={r.label} className="primary" disabled={!probe || lab.running} onClick={() => void run(r.operations)} data-testid={`lab-run-${r.operations.join('-')}`}>
              {r.label}
            </button>
          ))}
          {lab.running && <button onClick={() => abort.current?.abort()}>Stop</button>}
        </div>
        <p className="hint">Runs use the runtime inputs of the preview tab (ifname, CNI_ARGS, capability arguments). The helper creates a fresh namespace and removes everything afterwards.</p>
      </div>
      <div className="lab-main">
        {lab.error && <p className="rt-error">{lab.error}</p>}
        {refused && <p className="rt-error">{refused.reason}</p>}
        {runStart && (
          <p className="hint">
            namespace {runStart.netns} · container id {runStart.containerId} {lab.running ? '· running…' : runEnd ? (runEnd.ok ? '· succeeded' : '· failed') : ''}
          </p>
        )}
        <ol className="timeline" data-testid="lab-timeline">
          {ends.map((e, i) => {
            const start = starts.filter((s) => s.phase === e.phase && s.index === e.index && s.command === e.command).at(-1);
            const preview = e.phase === 'run' && e.command === 'ADD' ? predicted?.invocations[e.index] : undefined;
            return (
              <li key={i} className={e.ok ? 'ok' : 'failed'} data-testid="lab-step">
                <button onClick={() => setOpen(open === i ? null : i)}>
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
                {e.survivors?.length ? <p className="rt-error">Left processes running after it ended (killed): pid {e.survivors.join(', ')}</p> : null}
                {open === i && (
                  <div className="lab-detail">
                    {preview && start ? (
                      <div className="compare">
                        <div>
                          <h4>Preview predicted</h4>
                          <pre className="json-view">{serializeConflist(preview.stdin)}</pre>
                        </div>
                        <div>
                          <h4>The plugin received</h4>
                          <pre className="json-view">{serializeConflist(start.stdin)}</pre>
                        </div>
                      </div>
                    ) : (
                      start && <pre className="json-view">{serializeConflist(start.stdin)}</pre>
                    )}
                    <h4>stdout</h4>
                    <pre className="json-view">{e.stdout || '(empty)'}</pre>
                    {e.stderr && (
                      <>
                        <h4>stderr</h4>
                        <pre className="json-view">{e.stderr}</pre>
                      </>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
        {observed && (
          <div className="lab-observed" data-testid="lab-observed">
            <h4>The namespace after ADD</h4>
            <Topology addresses={observed.namespace.addresses as never} hostLinks={observed.hostLinks as never} routes={observed.namespace.routes as never} />
            <ul className="observed-addresses" data-testid="observed-addresses">
              {(observed.namespace.addresses as { ifname: string; addr_info?: { local: string; prefixlen: number }[] }[]).map((a) => (
                <li key={a.ifname}>
                  <code>{a.ifname}</code> {(a.addr_info ?? []).map((x) => `${x.local}/${x.prefixlen}`).join(' ')}
                </li>
              ))}
            </ul>
            {observed.firewallChains.length > 0 && <p className="hint">Firewall chains the run added: {observed.firewallChains.join(', ')}</p>}
            {Object.keys(observed.sysctls).length > 0 && (
              <p className="hint">
                Sysctls in the namespace: {Object.entries(observed.sysctls).map(([k, v]) => `${k} = ${v}`).join(', ')}
              </p>
            )}
            {finalResult && (
              <details>
                <summary>Final result (what the runtime caches)</summary>
                <pre className="json-view">{serializeConflist(sortKeys(finalResult))}</pre>
              </details>
            )}
          </div>
        )}
        {teardown && (
          <p className="hint" data-testid="lab-teardown">
            Teardown removed namespace {teardown.removedNamespace}
            {teardown.removedLinks.length ? ` and ${teardown.removedLinks.join(', ')}` : ''}.{teardown.untouchedLinks?.length ? ` Appeared during the run, not touched: ${teardown.untouchedLinks.join(', ')}.` : ''}{teardown.keptByDesign.length ? ` Shared chains kept by design: ${teardown.keptByDesign.join(', ')}.` : ''}
            {teardown.leftovers.length ? ` Left behind: ${teardown.leftovers.join(', ')}.` : ''}
          </p>
        )}
      </div>
    </div>
  );
}
