// The live lab: connect to a helper, see what the machine offers, run the chain with the real plugins,
// and watch each plugin's stdin, output and time arrive; then what the namespace really looks like.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { allResultMismatches, conflistOf, foldLabEvents, runResultMismatches, LAB_LIMITS, labConflistProblem, plan, pluginList, probeWarnings, runTopologyModel, serializeConflist, sortKeys, type LabRunRequest, type Operation } from '../../core';
import { store, useActions, useApp, useConflist, useProfile } from '../state';
import { validator } from '../validator-full';
import { fetchProbe, initialConnection, servedByHelper, UnauthorizedError, type LabConnection, type ProbeAnswer } from './client';
import { browserStorage, devServerHelper, forgetToken, keepToken, onLinkConnection, pageHelper, refusedTokenMessage } from './connection';
import { openTab } from '../editor/active-tab';
import { Topology } from './Topology';
import { Maximize2 } from 'lucide-react';
import { Dialog } from '../components/Dialog';
import { DEFAULT_URL, labSession, setLabSession } from './session';
import { useStore } from 'zustand';
import { RUNS, RunControls } from './RunControls';
import { useLabStale } from './stale';
import { askRun, useLabRun } from './useLabRun';
import './lab.css';
import { useLabRunRequest } from './run-request';
import { containerFields, runRefusal } from './run-inputs';
import { ContainerTabs } from './ContainerTabs';
import { ObservedNamespace } from './ObservedNamespace';
import { ResultMismatches } from './ResultMismatches';
import { ReachabilityMatrix } from './ReachabilityMatrix';
import { Timeline } from './Timeline';
import { LabReplay } from './LabReplay';


const setConn = setLabSession('conn');
const setUrlEdited = setLabSession('urlEdited');
const setProbe = setLabSession('probe');
const setProblem = setLabSession('problem');
const setKeep = setLabSession('keep');
const setContainers = setLabSession('containers');
const setFirstPublishes = setLabSession('firstPublishes');
const setChecks = setLabSession('checks');

// A #lab= link opened in this tab after it loaded (npm start printed a new one after a restart): connect
// to it, as to the link the page was opened with.
onLinkConnection(({ url, token }) => {
  labSession.setState({ conn: { url, token }, urlEdited: false, autoConnected: false, problem: null });
  openTab('lab');
});

export function LabPanel() {
  const doc = useConflist();
  const runtime = useApp((s) => s.runtime);
  const profile = useProfile();
  const lab = useApp((s) => s.lab);
  const actions = useActions();
  const initial = useMemo(() => initialConnection(), []);
  const { conn, urlEdited, probe, problem, keep, containers, firstPublishes, checks, connecting, autoConnected } = useStore(labSession);
  const [open, setOpen] = useState<number | null>(null);
  const [shownContainer, setShownContainer] = useState(0);
  // The topology in a dialog as large as the window: readable whole on a laptop's 1280×720.
  const [large, setLarge] = useState(false);
  const stale = useLabStale();

  // A probe answer: what the machine offers, and its profile for the network settings to offer.
  const probed = useCallback(
    (answer: ProbeAnswer | null) => {
      setProbe(answer);
      actions.setLabProfile(answer?.profile);
    },
    [actions],
  );
  // The helper refused the token mid-session (it restarted with a new one): not connected any more, and why.
  const tokenRefused = useCallback(() => {
    probed(null);
    forgetToken(browserStorage(), labSession.getState().conn);
    setProblem('The helper refused the token: it may have restarted with a new one. Paste the token or the link it printed, then Connect.');
  }, [probed]);
  const runner = useLabRun(conn, tokenRefused);
  const setConnecting = (connecting: boolean) => labSession.setState({ connecting });
  const connect = async (c = conn) => {
    setConnecting(true);
    try {
      const answer = await fetchProbe(c);
      setProblem(null);
      probed(answer);
      // A token that works for the page's own helper (pasted after a restart) is kept, as a link's is.
      if (c.url.replace(/\/+$/, '') === pageHelper()) keepToken(browserStorage(), c);
    } catch (e) {
      probed(null);
      setProblem((e as Error).message);
    } finally {
      setConnecting(false);
    }
  };
  // Connect once with what the page was opened with (npm start's or the helper's link, or the token kept
  // from one), and again for a newer link opened in this tab. A token the helper refuses is forgotten, and
  // the panel says to open the newest link.
  useEffect(() => {
    const opened = initialConnection();
    if (!opened || autoConnected) return;
    const page: LabConnection = { url: opened.url, token: opened.token };
    labSession.setState({ autoConnected: true, connecting: true });
    fetchProbe(page)
      .then(
        (answer) => {
          setProblem(null);
          probed(answer);
        },
        (e: Error) => {
          probed(null);
          if (!(e instanceof UnauthorizedError)) return setProblem(e.message);
          forgetToken(browserStorage(), page);
          setProblem(refusedTokenMessage(page.url));
        },
      )
      .finally(() => labSession.setState({ connecting: false }));
  }, [autoConnected, probed]);
  // npm start's dev server names its helper (never its token): the URL is that helper's.
  useEffect(() => {
    const helper = devServerHelper();
    if (initial || urlEdited || !helper) return;
    setConn((c) => (c.url === DEFAULT_URL ? { ...c, url: helper } : c));
  }, [initial, urlEdited]);
  // A page the helper serves itself talks to that helper: its URL is this page's origin.
  useEffect(() => {
    if (initial || urlEdited) return;
    let gone = false;
    void servedByHelper().then((yes) => {
      if (yes && !gone) setConn((c) => (c.url === DEFAULT_URL ? { ...c, url: location.origin } : c));
    });
    return () => {
      gone = true;
    };
  }, [initial, urlEdited]);

  /** The request for the network as it is now, with the runtime inputs of the preview tab. */
  const requestNow = (operations: Operation[]): LabRunRequest => {
    const s = store.getState();
    return { conflist: conflistOf(s.chain), operations, ifname: s.runtime.ifname, cniArgs: s.runtime.cniArgs, capabilityArgs: s.runtime.capabilityArgs, keepSeconds: keep, timeoutMs: LAB_LIMITS.defaultTimeoutMs, libcni: profile.libcni, ...containerFields({ containers, firstPublishes, checks }, s.runtime.capabilityArgs) };
  };
  const run = (operations: Operation[], label: string) => void runner.run(askRun(requestNow(operations), label));
  const cannotRun = labConflistProblem(doc);
  const blocked = !probe ? (connecting ? `Connecting to the helper at ${conn.url}…` : 'Connect to a helper first.') : pluginList(doc).length === 0 ? 'Add a plugin first: the network has none.' : cannotRun ? `The network cannot run: ${cannotRun.message}.` : undefined;

  // A run asked for from the command palette.
  const requestNote = useLabRunRequest({ ready: probe !== null && !lab.running, waiting: initial !== undefined && probe === null && problem === null, run: (operations) => run(operations, RUNS.find((r) => r.operations.join() === operations.join())?.label ?? operations.join(' + ')) });

  const state = useMemo(() => foldLabEvents(lab.events), [lab.events]);
  const { start: runStart, end: runEnd, refused, teardown, observedAfterAdd: observed, finalResult } = state;
  // A run of several containers: one tab each (c1 first), its plugin results and observation.
  const runContainers = runStart?.containers ?? [];
  const several = runContainers.length > 1;
  const shown = Math.min(shownContainer, Math.max(0, runContainers.length - 1));
  const steps = state.steps.map((step, at) => ({ step, at })).filter(({ step }) => step.end && (!several || step.end.container === undefined || step.end.container === shown));
  const shownObserved = several ? state.observedByContainer?.get(shown) : observed;
  // What the final result claims that the namespace does not hold: the shown container's, and how many containers have any.
  const mismatches = useMemo(() => runResultMismatches(state, several ? shown : 0), [state, several, shown]);
  const mismatched = useMemo(() => allResultMismatches(state).length, [state]);
  const contradicted = useMemo(() => new Set(mismatches.flatMap((m) => (m.pluginIndex === undefined ? [] : [m.pluginIndex]))), [mismatches]);
  // The preview's prediction for the machine that ran it: its plugins' release, the run's libcni.
  const runProfile = useMemo(() => ({ ...(probe?.profile ?? profile), libcni: profile.libcni }), [probe, profile]);
  // Predicted for the list that ran (not the one shown, once they differ).
  const ran = lab.conflist ?? doc;
  const predicted = useMemo(() => (runStart ? plan(ran, { ...runtime, containerId: runStart.containerId, netns: runStart.netns, cniPath: runStart.cniPath }, 'ADD', { validator, profile: runProfile }) : undefined), [ran, runtime, runStart, runProfile]);
  // Every container's observation in order (the first alone in a run of one) and the checks' own namespaces.
  const topology = useMemo(() => {
    const observations = state.observedByContainer ? [...state.observedByContainer.entries()].sort(([a], [b]) => a - b).map(([, o]) => o) : observed ? [observed] : [];
    return observations.length ? runTopologyModel({ containers: observations, ...(state.wired ? { wired: state.wired } : {}) }) : undefined;
  }, [state.observedByContainer, observed, state.wired]);
  const operations = state.operations.filter((op) => !several || op.container === undefined || op.container === shown);
  const timeline = <Timeline steps={steps} operations={operations} predicted={shown === 0 ? predicted : undefined} several={several} open={open} onOpen={setOpen} contradicted={contradicted} />;
  const hasRun = lab.events.length > 0 || lab.error !== undefined;

  return (
    <div className="lab" data-testid="lab">
      <div className="lab-side">
        {/* A form: Enter in either field connects, and the token's password field has the form browsers expect. */}
        <form
          className="lab-connect-form"
          onSubmit={(e) => {
            e.preventDefault();
            void connect();
          }}
        >
          <label className="rt-field">
            <span>Helper URL</span>
            <input
              data-testid="lab-url"
              value={conn.url}
              onChange={(e) => {
                setUrlEdited(true);
                setConn({ ...conn, url: e.target.value });
              }}
            />
          </label>
          <label className="rt-field">
            <span>Token</span>
            <input data-testid="lab-token" type="password" autoComplete="off" value={conn.token} onChange={(e) => setConn({ ...conn, token: e.target.value })} />
          </label>
          {/* Connected, it connects again: after a new URL or token, or to read the helper's plugins anew. */}
          <button type="submit" data-testid="lab-connect" disabled={connecting} aria-busy={connecting} title={probe && !connecting ? 'Connected. Connect again (after changing the URL or token, or to read the helper\'s plugins anew).' : undefined}>
            {connecting ? 'Connecting…' : probe ? 'Reconnect' : 'Connect'}
          </button>
        </form>
        {problem && (
          <p className="rt-error" data-testid="lab-problem">
            {problem}
          </p>
        )}
        {!probe && !problem && !conn.token && devServerHelper() && (
          <p className="hint" data-testid="lab-token-hint">
            This page was opened without the lab helper&apos;s token. Open the link npm start printed (it carries the token), or paste the token it printed and Connect.
          </p>
        )}
        {requestNote && (
          <p className="hint" data-testid="lab-run-request">
            {requestNote}
          </p>
        )}
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
            {probeWarnings(doc, probe, validator.catalog).map((w) => (
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
        <fieldset className="lab-run-inputs">
          <legend>Containers and checks</legend>
          <label className="rt-field">
            <span>Containers (each its own namespace, 1–8)</span>
            <input type="number" min={1} max={LAB_LIMITS.maxContainers} value={containers} onChange={(e) => setContainers(Math.max(1, Math.min(LAB_LIMITS.maxContainers, Math.round(Number(e.target.value)) || 1)))} data-testid="lab-containers" />
          </label>
          {containers > 1 && (
            <label className="lab-check">
              <input type="checkbox" checked={firstPublishes} onChange={(e) => setFirstPublishes(e.target.checked)} data-testid="lab-first-publishes" />
              <span>Only the first container publishes the port mappings (a host port forwards to one container)</span>
            </label>
          )}
          <label className="lab-check">
            <input type="checkbox" checked={checks} onChange={(e) => setChecks(e.target.checked)} data-testid="lab-checks" />
            <span>Check reachability with real traffic</span>
          </label>
          {checks && <p className="hint">After ADD: ping and TCP between the containers and to the gateway, each host port from a client namespace, masquerade to an outside namespace, MTU, bandwidth.</p>}
        </fieldset>
        <RunControls
          phase={runner.phase}
          blocked={blocked}
          refusal={(operations) => runRefusal(operations, { containers }, profile.libcni)}
          onRun={run}
          onWait={runner.wait}
          onCancel={runner.cancel}
          onStop={runner.stop}
          onChoose={(which, asked) => void runner.run(which === 'asked' ? asked : askRun({ ...requestNow(asked.request.operations) }, asked.label))}
        />
        <p className="hint">Runs use the runtime inputs of the preview tab (ifname, CNI_ARGS, capability arguments). The helper creates a fresh namespace and removes everything afterwards.</p>
      </div>
      <div className={`lab-main${stale && hasRun ? ' lab-run-stale' : ''}`}>
        {stale && hasRun && (
          <div className="lab-stale-banner" role="status" data-testid="lab-stale">
            <p>
              <strong>Ran on an earlier version of this network — run again.</strong> What follows is that run, kept for reference; the canvas colours are muted.
            </p>
            <button className="primary" disabled={blocked !== undefined || runner.phase.kind !== 'idle'} title={blocked} onClick={() => run(lab.operations ?? ['ADD'], 'Run again')} data-testid="lab-run-again">
              Run again
            </button>
          </div>
        )}
        {lab.error && <p className="rt-error">{lab.error}</p>}
        {refused && <p className="rt-error">{refused}</p>}
        {runStart && (
          <p className="hint" data-testid="lab-run-status">
            {several ? `${runContainers.length} containers, each its own namespace` : `namespace ${runStart.netns} · container id ${runStart.containerId}`} {lab.running ? '· running…' : runEnd ? (runEnd.ok ? (mismatched ? `· succeeded, but ${!several ? 'its result does not match the namespace' : mismatched === 1 ? "one container's result does not match its namespace" : `${mismatched} containers' results do not match their namespaces`}` : '· succeeded') : '· failed') : ''}
          </p>
        )}
        <LabReplay />
        {several ? (
          <ContainerTabs
            containers={runContainers}
            shown={shown}
            onShow={(c) => {
              setShownContainer(c);
              setOpen(null);
            }}
          >
            {timeline}
            <ResultMismatches mismatches={mismatches} />
            {shownObserved && <ObservedNamespace observed={shownObserved} />}
          </ContainerTabs>
        ) : (
          timeline
        )}
        {state.checks && <ReachabilityMatrix results={state.checks} />}
        {observed && (
          <div className="lab-observed" data-testid="lab-observed">
            <h4 className="lab-observed-title">
              {several ? 'The namespaces after ADD' : 'The namespace after ADD'}
              {topology && (
                <button className="icon-button" onClick={() => setLarge(true)} data-testid="topology-large">
                  <Maximize2 size={14} aria-hidden /> View large
                </button>
              )}
            </h4>
            {topology && <Topology model={topology} />}
            {topology && large && (
              <Dialog title={several ? 'The namespaces after ADD' : 'The namespace after ADD'} onClose={() => setLarge(false)} testId="topology-dialog" wide>
                <div className="topo-large">
                  <Topology model={topology} />
                </div>
              </Dialog>
            )}
            {!several && <ResultMismatches mismatches={mismatches} />}
            {!several && <ObservedNamespace observed={observed} />}
            {observed.firewallChains.length > 0 && !observed.firewallRules && <p className="hint">Firewall chains the run added: {observed.firewallChains.join(', ')}</p>}
            {finalResult && (
              <details>
                <summary>Final result (what the runtime caches)</summary>
                <pre tabIndex={0} className="json-view">{serializeConflist(sortKeys(finalResult))}</pre>
              </details>
            )}
          </div>
        )}
        {state.kept && !teardown && (
          <p className="hint" data-testid="lab-kept">
            The namespace is kept for inspection until {new Date(state.kept).toLocaleTimeString()}, then torn down; Stop tears it down now.
          </p>
        )}
        {state.notKept && (
          <p className="lab-warning" data-testid="lab-not-kept">
            Not kept: {state.notKept}.
          </p>
        )}
        {teardown && (
          <p className="hint" data-testid="lab-teardown">
            Teardown removed namespace {teardown.removedNamespace}
            {teardown.removedLinks.length ? ` and ${teardown.removedLinks.join(', ')}` : ''}.{teardown.untouchedLinks?.length ? ` Appeared during the run, not touched: ${teardown.untouchedLinks.join(', ')}.` : ''}{teardown.keptByDesign.length ? ` Shared chains kept by design: ${teardown.keptByDesign.join(', ')}.` : ''}
            {teardown.removedFiles?.length ? ` It removed what the run made in the IPAM's lease folders: ${teardown.removedFiles.join(', ')}.` : ''}
            {teardown.removedRules?.length ? ` The run's firewall rules its DELs left (${teardown.removedRules.length}): ${teardown.removedRules.join('; ')}.` : ''}
            {teardown.restoredSysctls?.length ? ` The machine's switches the run turned on (forwarding, route_localnet), given back: ${teardown.restoredSysctls.join(', ')}.` : ''}
            {teardown.leftovers.length ? ` Left behind: ${teardown.leftovers.join(', ')}.` : ''}
            {teardown.missingRules?.length ? ` CNI rules this machine had before the run are gone (the run's DELs, or another tool meanwhile): ${teardown.missingRules.join('; ')}.` : ''}
          </p>
        )}
      </div>
    </div>
  );
}
