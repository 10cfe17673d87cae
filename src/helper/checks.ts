// The reachability checks of a run (issue 14): core plans them from what each container got; this makes
// each probe from the namespace it starts in (the helper's own for "host"), with listeners started in the
// containers (and in an "outside" namespace) and always stopped, and a client and an outside namespace
// wired to the host for the hostPort and masquerade checks (IPv4 and IPv6), always removed. A probe that
// cannot be made is reported as not run, with the reason, never as passed.
import { freeWiredRange, notApplicableResult, planChecks, sameIp, TCP_PORT, type CheckContainer, type CheckContext, type LabEvent, type PlannedCheck, type WiredNamespace } from '../core';
import { randomBytes } from 'node:crypto';
import { spawnExecutor, type Executor } from './executor';
import { createWiredNetns, deleteNetns, machineNetworks } from './netns';
import { bandwidthProbe, findTool, mtuProbe, ping, routeOf, startListener, tcpProbe, type PingRequest, type ProbeOutcome } from './probes';

type Result = Extract<LabEvent, { type: 'checks' }>['results'][number];

/** How checks reach the machine (the real probes, or a fake in engine tests). */
export interface Prober {
  pingInstalled(): boolean;
  ping(ns: string | undefined, request: PingRequest): Promise<ProbeOutcome>;
  mtu(ns: string | undefined, request: { family: 'ipv4' | 'ipv6'; target: string; mtu: number }): Promise<ProbeOutcome>;
  tcp(ns: string | undefined, request: { host: string; port: number }): Promise<ProbeOutcome>;
  listen(ns: string | undefined, port: number, bind?: string): Promise<{ stop(): Promise<void> }>;
  bandwidth(ns: string | undefined, request: { host: string; port: number; configuredBps: number }): Promise<ProbeOutcome>;
  /**
   * A namespace of the run's own wired to the host by a veth pair: the hostPort checks' client, or the
   * "outside" the containers leave the node for. `release()` deletes it (and with it both veth ends).
   */
  wire(role: 'client' | 'outside'): Promise<Wired>;
  /** The host link the host's kernel would send a packet for `target` through, with the evidence. */
  route(target: string): Promise<{ dev?: string; evidence: { command: string; output: string } }>;
}

export interface Wired {
  ns: string;
  /** The veth pair's host end. */
  hostLink: string;
  /** The host end's address (where the client connects for a host port; the source masquerade gives). */
  hostAddress: string;
  nsAddress: string;
  /** The same in IPv6, when the pair has IPv6 (the outside does: IPv6 masquerade is probed there). */
  hostAddress6?: string;
  nsAddress6?: string;
  release(): Promise<void>;
}

/**
 * Benchmarking addresses (core's wiredRange: 198.18.0.0/15, 2001:2::/48), in a range the machine neither
 * routes nor holds an address in (a proxy's fake-ip mode routes 198.18.0.0/15): none free, and the checks
 * that need the namespace are not run, with why.
 */
async function wireLinux(role: 'client' | 'outside'): Promise<Wired> {
  const range = freeWiredRange(await machineNetworks(), role, randomBytes(1)[0]!);
  if (!range) throw new Error(`every range of 198.18.0.0/16 and 2001:2::/48 the checks' ${role} namespace could take is one this machine routes or has an address in: its own route would take the machine's traffic there`);
  const six = role === 'outside' ? { hostCidr: range.hostCidr6, nsCidr: range.nsCidr6 } : undefined;
  const hostLink = `cnistudio${role[0]}${randomBytes(2).toString('hex')}`;
  const ns = await createWiredNetns(hostLink, range.hostCidr, range.nsCidr, six);
  return { ns: ns.name, hostLink, hostAddress: range.hostAddress, nsAddress: range.nsAddress, ...(six ? { hostAddress6: range.hostAddress6, nsAddress6: range.nsAddress6 } : {}), release: () => deleteNetns(ns.name) };
}

/** What the event says of a wired namespace (the topology draws it beside the containers). */
const wiredOf = (role: WiredNamespace['role'], w: Wired): WiredNamespace => ({
  role,
  netns: w.ns,
  hostLink: w.hostLink,
  hostAddresses: [w.hostAddress, ...(w.hostAddress6 ? [w.hostAddress6] : [])],
  nsAddresses: [w.nsAddress, ...(w.nsAddress6 ? [w.nsAddress6] : [])],
});

export const linuxProber = (exec: Executor = spawnExecutor): Prober => ({
  pingInstalled: () => findTool('ping') !== undefined,
  ping: (ns, r) => ping(exec, ns, r),
  mtu: (ns, r) => mtuProbe(exec, ns, r),
  tcp: (ns, r) => tcpProbe(exec, ns, r),
  listen: (ns, port, bind) => startListener(ns, port, bind),
  bandwidth: (ns, r) => bandwidthProbe(exec, ns, r),
  wire: wireLinux,
  route: (target) => routeOf(exec, undefined, target),
});

/** The whole set's time limit: probes are bounded one by one, and the set stops starting new ones after this. */
export const CHECKS_LIMIT_MS = 120_000;

/** What the run's chain means to do, for the verdicts: whether its interface plugin masquerades. */
export interface ChecksIntent {
  bandwidth?: CheckContext['bandwidth'];
  gatewayNote?: CheckContext['gatewayNote'];
  ipMasq: boolean;
  /**
   * The host links the network's traffic may use: those the run created and those its config names (a
   * bridge, a macvlan master). A probe from the host is sent only when its route leaves through one of
   * them; otherwise it would leave the lab machine (toward its default route), and is not sent.
   */
  hostLinks: readonly string[];
}

export interface ChecksOutcome {
  results: Result[];
  wired: WiredNamespace[];
}

export async function runChecks(containers: { ns: string; check: CheckContainer }[], intent: ChecksIntent, prober: Prober, signal?: AbortSignal): Promise<ChecksOutcome> {
  const { bandwidth, gatewayNote } = intent;
  const plan = planChecks({ containers: containers.map((c) => c.check), ping: prober.pingInstalled(), ...(bandwidth ? { bandwidth } : {}), ...(gatewayNote ? { gatewayNote } : {}) });
  const nsOf = (name: string) => (name === 'host' ? undefined : containers.find((c) => c.check.name === name)?.ns);
  const started = Date.now();
  const results: Result[] = [];
  const listeners: { stop(): Promise<void> }[] = [];
  const wired: Wired[] = [];
  const described: WiredNamespace[] = [];
  let client: Wired | undefined;
  let outside: (Wired & { peers(): string[] }) | undefined;
  const unwired: Partial<Record<'client' | 'outside', string>> = {};
  const runs = (kind: PlannedCheck['kind'], family?: string) => plan.some((c) => c.kind === kind && !c.notApplicable && (family === undefined || c.family === family));
  // A check that was not made: core's not-applicable result, with what the probe aimed at and no evidence.
  const notRun = (c: PlannedCheck, why: string): Result => ({ ...base(c), ...notApplicableResult({ ...c, notApplicable: why }), evidence: [] });
  /**
   * A failure's words, with the bandwidth limit that drops the probe's packets where there is one: a ping
   * tbf drops on the host's side of the link sends nothing (the host's qdisc refuses it), which is said so.
   */
  const failed = (c: PlannedCheck, ok: boolean, detail: string) => {
    if (ok || !c.shaping) return detail;
    const lead = c.from === 'host' && detail.startsWith('ping sent no echo request') ? 'no echo request left the host' : detail;
    return `${lead}: ${c.shaping}`;
  };
  const base = (c: PlannedCheck) => ({ kind: c.kind, from: c.from, to: c.to, ...(c.family ? { family: c.family } : {}), ...(c.target ? { target: c.target } : {}) });
  /** The address a probe from the host aims at: ping's target, tcp's without its port, bandwidth's container. */
  const hostTarget = (c: PlannedCheck) =>
    c.kind === 'tcp' ? c.target!.slice(0, c.target!.lastIndexOf(':')) : c.kind === 'bandwidth' ? containers.find((x) => x.check.name === c.to)?.check.addresses.find((a) => a.family === 'ipv4')?.address : c.target;
  /** Why a packet from the host to `target` would not stay on the network's links, or undefined when it would. */
  const offNetwork = async (target: string) => {
    const { dev, evidence } = await prober.route(target);
    if (dev && (intent.hostLinks.includes(dev) || wired.some((w) => w.hostLink === dev))) return undefined;
    return { evidence, detail: `the host has no route to ${target} through this network's links (${dev ? `its route leaves through ${dev}` : 'no route at all'}): not sent, so nothing leaves the lab machine` };
  };
  try {
    const listening = new Set<string>();
    const listen = async (ns: string | undefined, port: number, bind?: string) => {
      if (listening.has(`${ns}:${port}`)) return;
      listening.add(`${ns}:${port}`);
      const l = await prober.listen(ns, port, bind);
      listeners.push(l);
      return l;
    };
    if (runs('tcp')) for (const c of containers) await listen(c.ns, TCP_PORT);
    /** A namespace wired to the host, or why there is none (the checks that need it are then not run). */
    const wire = (role: 'client' | 'outside') =>
      prober.wire(role).catch((e: Error) => {
        unwired[role] = `not run: ${e.message}`;
        return undefined;
      });
    if (runs('hostPort')) client = await wire('client');
    if (client) {
      wired.push(client);
      described.push(wiredOf('client', client));
      // Listeners only for the mappings the plan probes (it bounds how many).
      for (const c of plan.filter((x) => x.kind === 'hostPort' && !x.notApplicable)) await listen(nsOf(c.to.split(':')[0]!), Number(c.to.split(':')[1]));
    }
    const w = runs('masquerade') ? await wire('outside') : undefined;
    if (w) {
      wired.push(w);
      described.push(wiredOf('outside', w));
      const l = (await prober.listen(w.ns, TCP_PORT)) as { stop(): Promise<void>; peers?: () => string[] };
      listeners.push(l);
      outside = { ...w, peers: () => l.peers?.() ?? [] };
    }
    for (const c of plan) {
      if (c.notApplicable) {
        results.push(notRun(c, c.notApplicable));
        continue;
      }
      if (signal?.aborted || Date.now() - started > CHECKS_LIMIT_MS) {
        results.push(notRun(c, signal?.aborted ? 'not run: the run was stopped' : `not run: the checks' time limit (${CHECKS_LIMIT_MS / 1000} s) was reached`));
        continue;
      }
      if ((c.kind === 'hostPort' && !client) || (c.kind === 'masquerade' && !outside)) {
        results.push(notRun(c, unwired[c.kind === 'hostPort' ? 'client' : 'outside'] ?? 'not run: no namespace to probe from'));
        continue;
      }
      if (c.kind === 'hostPort') {
        // From the client namespace to the host's own address on the host port: only portmap's DNAT reaches the container.
        const outcome = await prober.tcp(client!.ns, { host: client!.hostAddress, port: Number(c.target!.split(':')[1]) });
        // The listener says its own address: another container answering means the mapping does not reach this one.
        const own = containers.find((x) => x.check.name === c.to.split(':')[0])!.check.addresses.map((a) => a.address);
        const answeredAt = outcome.answeredAt;
        // The address and the port: two mappings of one host port to two ports of one container reach only the first.
        const wantedPort = Number(c.to.split(':')[1]);
        const otherPort = outcome.answeredPort !== undefined && Number.isInteger(wantedPort) && outcome.answeredPort !== wantedPort;
        const elsewhere = outcome.ok && ((answeredAt !== undefined && !own.some((a) => sameIp(a, answeredAt))) || otherPort);
        const reached = `${answeredAt ?? '?'}${outcome.answeredPort !== undefined ? `:${outcome.answeredPort}` : ''}`;
        const detail = !outcome.ok ? failed(c, false, outcome.detail) : elsewhere ? `the host port forwards to ${reached}, not to ${c.to} (another mapping of the same host port takes it)` : `the host port forwards to ${c.to}: ${outcome.detail}`;
        results.push({ ...base(c), target: `${client!.hostAddress}:${c.target!.split(':')[1]}`, ok: outcome.ok && !elsewhere, detail, ms: outcome.ms, evidence: outcome.evidence });
        continue;
      }
      // From the host, only through the network's own links: never toward the lab machine's other networks.
      if (c.from === 'host') {
        const target = hostTarget(c);
        const off = target ? await offNetwork(target) : undefined;
        if (off) {
          // Not sent where it would fail anyway by design (the host and its own macvlan children): nothing to fail on.
          results.push({ ...base(c), ok: c.kind === 'bandwidth' || c.expectation ? null : false, detail: c.expectation ? `${off.detail}. ${c.expectation}` : off.detail, ms: 0, evidence: [off.evidence] });
          continue;
        }
      }
      if (c.kind === 'bandwidth') {
        // Into the container (ingress) from the host, or out of it (egress) to the host's side of its link.
        const ingress = c.from === 'host';
        const container = containers.find((x) => x.check.name === (ingress ? c.to : c.from))!;
        const configuredBps = (ingress ? bandwidth?.ingressRate : bandwidth?.egressRate)!;
        const address = ingress ? container.check.addresses.find((a) => a.family === 'ipv4')?.address : container.check.gateways.find((g) => g.family === 'ipv4')?.address;
        if (!address) {
          results.push(notRun(c, ingress ? `${c.to} has no IPv4 address to send to` : `${c.from} has no IPv4 gateway on the host to send to`));
          continue;
        }
        const port = ingress ? TCP_PORT : TCP_PORT + 1;
        // The host's listener binds the host's own address on the container's link only.
        await listen(ingress ? container.ns : undefined, port, ingress ? undefined : address);
        const outcome = await prober.bandwidth(ingress ? undefined : container.ns, { host: address, port, configuredBps });
        results.push({ ...base(c), target: `${address}:${port}`, ok: outcome.ok, detail: `${ingress ? 'ingress (into the container)' : 'egress (out of the container)'}: ${failed(c, outcome.ok, outcome.detail)}`, ms: outcome.ms, evidence: outcome.evidence });
        continue;
      }
      if (c.kind === 'masquerade') {
        const six = c.family === 'ipv6';
        const [there, hostSide] = six ? [outside?.nsAddress6, outside?.hostAddress6] : [outside?.nsAddress, outside?.hostAddress];
        if (!outside || !there || !hostSide) {
          results.push(notRun(c, `not run: the outside namespace has no ${six ? 'IPv6' : 'IPv4'} address`));
          continue;
        }
        const own = containers.find((x) => x.check.name === c.from)!.check.addresses.find((a) => a.family === c.family)!.address;
        const outcome = await prober.tcp(nsOf(c.from), { host: there, port: TCP_PORT });
        const seen = outcome.seenFrom;
        // Compared as addresses, not as text: one may be written compressed and the other not.
        const masqueraded = seen !== undefined && sameIp(seen, hostSide);
        const ok = outcome.ok && masqueraded === intent.ipMasq;
        const detail = !outcome.ok
          ? `${c.from} did not reach the outside namespace (${there}): ${failed(c, false, outcome.detail)}`
          : `the outside saw ${seen}: ${masqueraded ? 'masqueraded to the host address' : `the container's own address (not masqueraded)`}; ipMasq is ${intent.ipMasq ? 'on' : 'off'}${ok ? '' : `, so ${intent.ipMasq ? 'masquerading was expected' : 'no masquerading was expected'}`}${!masqueraded && (seen === undefined || !sameIp(seen, own)) ? ` (expected ${own} or ${hostSide})` : ''}`;
        results.push({ ...base(c), target: six ? `[${there}]:${TCP_PORT}` : `${there}:${TCP_PORT}`, ok, detail, ms: outcome.ms, evidence: outcome.evidence });
        continue;
      }
      // An MTU is only measured against a gateway that answers at all: otherwise its silence says nothing of the MTU.
      const silent = c.kind === 'mtu' && results.find((r) => r.kind === 'ping' && r.from === c.from && r.to === 'gateway' && r.family === c.family && r.ok === false);
      if (silent) {
        results.push(notRun(c, `not measured: ${c.from}'s gateway ${c.target} did not answer a plain ping`));
        continue;
      }
      const outcome = await probe(c, nsOf(c.from), prober);
      // An expected failure (macvlan's host isolation) is reported as failed, with why, and gates nothing.
      const detail = c.expectation ? `${outcome.detail}. ${outcome.ok ? `Expected to fail (${c.expectation}), yet it passed.` : c.expectation}` : failed(c, outcome.ok, outcome.detail);
      results.push({ ...base(c), ok: outcome.ok, detail, ms: outcome.ms, evidence: outcome.evidence, ...(c.expectation && !outcome.ok ? { byDesign: true } : {}) });
    }
  } finally {
    for (const l of listeners) await l.stop().catch(() => {});
    for (const w of wired) await w.release().catch(() => {});
  }
  return { results, wired: described };
}

function probe(c: PlannedCheck, ns: string | undefined, prober: Prober): Promise<ProbeOutcome> {
  const family = c.family ?? 'ipv4';
  if (c.kind === 'ping') return prober.ping(ns, { family, target: c.target! });
  if (c.kind === 'mtu') return prober.mtu(ns, { family, target: c.target!, mtu: c.mtu! });
  // tcp: "address:port", the address possibly IPv6.
  const at = c.target!.lastIndexOf(':');
  return prober.tcp(ns, { host: c.target!.slice(0, at), port: Number(c.target!.slice(at + 1)) });
}
