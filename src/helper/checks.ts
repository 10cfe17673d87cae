// The reachability checks of a run (issue 14): core plans them from what each container got; this makes
// each probe from the namespace it starts in (the helper's own for "host"), with listeners started in the
// containers for the tcp checks and always stopped. A probe kind this helper does not make yet is reported
// as not run, with that reason, never as passed.
import { planChecks, TCP_PORT, type CheckContainer, type CheckContext, type LabEvent, type PlannedCheck } from '../core';
import { spawnExecutor, type Executor } from './executor';
import { findTool, mtuProbe, ping, startListener, tcpProbe, type PingRequest, type ProbeOutcome } from './probes';

type Result = Extract<LabEvent, { type: 'checks' }>['results'][number];

/** How checks reach the machine (the real probes, or a fake in engine tests). */
export interface Prober {
  pingInstalled(): boolean;
  ping(ns: string | undefined, request: PingRequest): Promise<ProbeOutcome>;
  mtu(ns: string | undefined, request: { family: 'ipv4' | 'ipv6'; target: string; mtu: number }): Promise<ProbeOutcome>;
  tcp(ns: string | undefined, request: { host: string; port: number }): Promise<ProbeOutcome>;
  listen(ns: string, port: number): Promise<{ stop(): Promise<void> }>;
}

export const linuxProber = (exec: Executor = spawnExecutor): Prober => ({
  pingInstalled: () => findTool('ping') !== undefined,
  ping: (ns, r) => ping(exec, ns, r),
  mtu: (ns, r) => mtuProbe(exec, ns, r),
  tcp: (ns, r) => tcpProbe(exec, ns, r),
  listen: (ns, port) => startListener(ns, port),
});

/** Kinds this helper probes; the others are planned by core and reported as not run yet. */
const MADE = new Set<PlannedCheck['kind']>(['ping', 'tcp', 'mtu']);

/** The whole set's time limit: probes are bounded one by one, and the set stops starting new ones after this. */
export const CHECKS_LIMIT_MS = 120_000;

export async function runChecks(containers: { ns: string; check: CheckContainer }[], bandwidth: CheckContext['bandwidth'], prober: Prober, signal?: AbortSignal): Promise<Result[]> {
  const plan = planChecks({ containers: containers.map((c) => c.check), ping: prober.pingInstalled(), ...(bandwidth ? { bandwidth } : {}) });
  const nsOf = (name: string) => (name === 'host' ? undefined : containers.find((c) => c.check.name === name)?.ns);
  const started = Date.now();
  const results: Result[] = [];
  const listeners: { stop(): Promise<void> }[] = [];
  const base = (c: PlannedCheck) => ({ kind: c.kind, from: c.from, to: c.to, ...(c.family ? { family: c.family } : {}), ...(c.target ? { target: c.target } : {}) });
  try {
    if (plan.some((c) => c.kind === 'tcp' && !c.notApplicable)) for (const c of containers) listeners.push(await prober.listen(c.ns, TCP_PORT));
    for (const c of plan) {
      if (c.notApplicable) {
        results.push({ ...base(c), ok: null, detail: c.notApplicable, ms: 0, evidence: [] });
        continue;
      }
      if (!MADE.has(c.kind)) {
        results.push({ ...base(c), ok: null, detail: `not run: this helper does not make ${c.kind} probes yet`, ms: 0, evidence: [] });
        continue;
      }
      if (signal?.aborted || Date.now() - started > CHECKS_LIMIT_MS) {
        results.push({ ...base(c), ok: null, detail: signal?.aborted ? 'not run: the run was stopped' : `not run: the checks' time limit (${CHECKS_LIMIT_MS / 1000} s) was reached`, ms: 0, evidence: [] });
        continue;
      }
      const outcome = await probe(c, nsOf(c.from), prober);
      results.push({ ...base(c), ok: outcome.ok, detail: c.expectation ? `${outcome.detail}. ${c.expectation}` : outcome.detail, ms: outcome.ms, evidence: outcome.evidence });
    }
  } finally {
    for (const l of listeners) await l.stop();
  }
  return results;
}

function probe(c: PlannedCheck, ns: string | undefined, prober: Prober): Promise<ProbeOutcome> {
  const family = c.family ?? 'ipv4';
  if (c.kind === 'ping') return prober.ping(ns, { family, target: c.target! });
  if (c.kind === 'mtu') return prober.mtu(ns, { family, target: c.target!, mtu: c.mtu! });
  // tcp: "address:port", the address possibly IPv6.
  const at = c.target!.lastIndexOf(':');
  return prober.tcp(ns, { host: c.target!.slice(0, at), port: Number(c.target!.slice(at + 1)) });
}
