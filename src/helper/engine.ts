// A live run: the real plugin binaries against a fresh network namespace, driven by the runtime loop the
// preview uses (core's walkChain), with a step that runs each binary and hands on its real result. Teardown always happens: DEL through the
// chain if ADD ran and DEL did not, then the namespace and the host links the run can prove it created
// are removed (ownership.ts); links that merely appeared meanwhile are reported and left alone.
import { randomBytes } from 'node:crypto';
import { cniErrorText, configuredHostLinks, DEFAULT_PROFILE, libcniNewTypes, libcniReadsResult, ifbName, goPluginType, listVersionOf, sortKeys, libcniFailure, pluginList, isJsonObject, observedSysctls, shownSysctls, addedRules, cniChainsIn, resultAddresses, pluginBehaviour, walkAsync, walkChain, idleOperationReason, leaseFolders, type HostLink, type Invocation, type JsonObject, type LabEvent, type LabRunRequest, type Operation, type RuntimeInputs, type RuntimeProfile, type StepAnswer, type ObservedNamespace, type FirewallRule, checkContainerOf, bandwidthOf, checksFailed, gatewayNote, observedPaths, type ObservedPaths, labView, respelledNote, reachesHostRoutes, hostSwitches, adminChainsNamed } from '../core';
import type { Executor } from './executor';
import { readPluginOutput, RUN_OUTPUT_LIMIT } from './plugin-output';

export { RUN_OUTPUT_LIMIT };

import type { Link } from './netns';
import { hostVethPeers, identityOf, type LinkIdentity, type OwnedLink } from './ownership';
import { linuxHost, type LabHost } from './host';
import { linuxProber, runChecks, type Prober } from './checks';
import type { RunJournal } from './run-journal';
import { notFoundInPath, pluginProblems } from './plugin-binaries';
import { runRefusals } from './run-refusals';
import { removeRunLeftovers } from './teardown';
import { localnetExposed } from './host-switches';

export interface EngineDeps {
  cniPath: string[];
  executor: Executor;
  /** The machine's namespaces, links, firewall and sysctls (default: this Linux host). */
  host?: LabHost;
  /** Aborting (client gone, helper shutting down) stops waiting and goes straight to teardown. */
  signal?: AbortSignal;
  /** The runtime profile the run follows (its libcni release gates GC and STATUS); the request's libcni wins. */
  profile?: RuntimeProfile;
  /** How reachability checks reach the machine (default: the real probes through `executor`). */
  prober?: Prober;
  /** Links of the machine, there before a run, that its plugins may act on (a test NIC, a master for macvlan); none by default. */
  hostLinks?: readonly string[];
  /** The release of the machine's plugins, as probed (from 1.3.0 they honour linkInContainer); unknown, they are taken not to. */
  machinePlugins?: string;
  /** Where the run notes what it would remove, for a helper started after this one is killed (run-journal.ts); none by default. */
  journal?: RunJournal;
}

type Phase = 'run' | 'rollback' | 'teardown';

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** One container of a run: its namespace, its runtime inputs, and where its ADD and DEL stand. */
interface Attachment {
  at: number;
  /** The namespace as observed after its ADD (its interface's kind and MTU, for the checks). */
  observed?: ObservedNamespace;
  /** The host links that had appeared when it was observed after ADD (its veth peer, the bridge). */
  hostLinks?: string[];
  /** Where its traffic can go, as observed after ADD: its routes, and who holds addresses on its host side (for the checks). */
  paths?: ObservedPaths;
  ns: { name: string; path: string };
  inputs: RuntimeInputs;
  /** The result the runtime caches after ADD, handed to CHECK, DEL and GC. */
  cached?: JsonObject;
  /** The run's count of changes when it was last observed (see `changes`). */
  seenAt?: number;
  addRan: boolean;
  delDone: boolean;
}

export async function runLab(request: LabRunRequest, deps: EngineDeps, emit: (event: LabEvent) => void): Promise<boolean> {
  const { conflist } = request;
  const host = deps.host ?? linuxHost;
  // What the safety checks read: the list as the plugins decode it ({"Device": "eth0"} is host-device's
  // device). The contract refuses a list this fails for; the engine refuses it too, whoever called it.
  const view = labView(conflist);
  const unsafe = view.ok ? pluginProblems(conflist, deps.cniPath, host).refusals : [view.message];
  if (!view.ok || unsafe.length) {
    emit({ type: 'refused', reason: `Refused before running anything: ${unsafe.join('; ')}.` });
    emit({ type: 'run-end', ok: false, message: 'refused' });
    return false;
  }
  const decoded = view.conflist;
  const profile: RuntimeProfile = { ...(deps.profile ?? DEFAULT_PROFILE), ...(request.libcni ? { libcni: request.libcni } : {}) };
  const runId = randomBytes(4).toString('hex');
  const count = request.containers ?? 1;
  const multi = count > 1;
  /** Events of a run with several containers say which one they are about. */
  const tag = (a: Attachment) => (multi ? { container: a.at } : {});
  // The host as it was (what the run adds is told from it) and the namespaces, all at once: none depends
  // on another, and each is a process or two.
  const net = host.reader();
  // The host's links are asked first: the namespaces are made through the same ip session (a line each,
  // then its loopback up through its own), and a session that fails their check answers nothing after it.
  const linksRead = net.hostLinks();
  const making = Array.from({ length: count }, () => net.createNetns());
  const firewallRead = host.firewallRules();
  // nftables, which iptables-save does not show (bridge's macspoofchk keeps a table there): compared at teardown.
  const nftRead = host.nftRuleset().catch(() => undefined);
  // The ports the machine listens on, which a port mapping must not take (read with the rest, only for portmap).
  const listening = pluginList(decoded).some((p) => isJsonObject(p) && p.type === 'portmap') ? host.listeningPorts().catch((e: Error) => e) : undefined;
  // The machine's addresses and routes, which the run's networks must leave alone (read only for bridge and ptp, which reach them).
  const routing = pluginList(decoded).some((p) => reachesHostRoutes(p) && isJsonObject((p as JsonObject).ipam)) ? net.observeHost().catch((e: Error) => e) : undefined;
  const [links0, rules0, ...created] = await Promise.allSettled([linksRead, firewallRead, ...making]);
  const namespaces = created.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
  /** Nothing has run: the namespaces go, and the client hears why. */
  const refuse = async (reason: string) => {
    net.close();
    for (const ns of namespaces) await host.deleteNetns(ns.name).catch(() => {});
    emit({ type: 'refused', reason });
    emit({ type: 'run-end', ok: false, message: 'refused' });
    return false;
  };
  if (links0.status === 'rejected' || rules0.status === 'rejected' || namespaces.length < count) {
    const failed = [links0, rules0, ...created].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    return refuse(`Could not prepare the run: ${(failed?.reason as Error | undefined)?.message}`);
  }
  const linksBefore = new Map(links0.value.map((l) => [l.ifname, l.ifindex]));
  const rulesBefore = rules0.value;
  const chainsBefore = new Set(cniChainsIn(rulesBefore));
  const attachments: Attachment[] = namespaces.map((ns, at) => {
    const capabilityArgs = request.containerInputs?.[at]?.capabilityArgs ?? request.capabilityArgs;
    const containerId = `cnistudio-${runId}${multi ? `-${at + 1}` : ''}`;
    return { at, ns, inputs: { containerId, netns: ns.path, ifname: request.ifname, cniArgs: request.cniArgs, cniPath: deps.cniPath, capabilityArgs }, addRan: false, delDone: false };
  });
  // What of the machine's the run would take (run-refusals.ts): nothing has run yet.
  const { refusals, unprepared } = await runRefusals(
    { decoded, written: conflist, inputs: attachments.map((a) => a.inputs), libcni: profile.libcni, ...(deps.machinePlugins ? { machinePlugins: deps.machinePlugins } : {}), hostLinks: deps.hostLinks ?? [] },
    { links: links0.value, rules: rulesBefore, ...(listening ? { listening } : {}), ...(routing ? { routing } : {}) },
    host,
  );
  if (unprepared) return refuse(`Could not prepare the run: ${unprepared}`);
  if (refusals.length) return refuse(`Refused before running anything: ${refusals.join('; ')}${respelledNote(view.respelled)}.`);
  const first = attachments[0]!;
  // host-local's lease folders as they are now: what the run makes there (the folder, its lock) goes at its end.
  const leaseFolderState = leaseFolders(decoded).map((dir) => host.leaseFolderBefore(dir));
  // The machine's switches its plugins turn on and never off (forwarding; route_localnet on whichever link
  // routes a container, the machine's own too): read now, given back at the end.
  const switchKinds = hostSwitches(pluginList(decoded));
  const switchesBefore = switchKinds.length ? host.readSwitches(switchKinds) : undefined;
  // What proves a new host link is the run's own: veth peers seen from the container, links results reported.
  const veths: OwnedLink[] = [];
  const reported: HostLink[] = [];
  const notePeers = (container: readonly Link[], host: readonly Link[]) => {
    for (const v of hostVethPeers(container, host)) if (!veths.some((x) => x.ifname === v.ifname && x.ifindex === v.ifindex)) veths.push(v);
  };
  const containment = deps.executor.containment?.();
  emit({ type: 'run-start', runId, netns: first.ns.path, containerId: first.inputs.containerId, cniPath: deps.cniPath, ...(multi ? { containers: attachments.map((a) => ({ netns: a.ns.path, containerId: a.inputs.containerId })) } : {}), ...(containment ? { containment } : {}) });
  const plugins = pluginList(conflist);
  /** The plugins as they decode themselves: what observation and the checks read. */
  const decodedPlugins = pluginList(decoded);
  // Before the first plugin: what a helper started after this one is killed would remove in its place.
  // bandwidth's ifb devices too: named after the network and the run's own container ids, so a killed run's are known.
  const journalled: HostLink[] = [...configuredHostLinks(decodedPlugins, request.ifname), ...(decodedPlugins.some((p) => goPluginType(p) === 'bandwidth') ? attachments.map((a) => ({ name: ifbName(typeof decoded.name === 'string' ? decoded.name : '', a.inputs.containerId), kind: 'ifb' })) : [])];
  // Admin chains the list names that the machine does not have: its firewall plugins' to make, so the run's.
  const adminChainsMade = adminChainsNamed(decoded).filter((c) => !rulesBefore.some((r) => r.table === 'filter' && r.rule === `:${c}`));
  deps.journal?.begin({
    runId,
    linksBefore: [...linksBefore],
    configured: journalled,
    leases: leaseFolderState.map((before) => ({ ...before, containerIds: attachments.map((a) => a.inputs.containerId) })),
    containerIds: attachments.map((a) => a.inputs.containerId),
    ifname: request.ifname,
    ...(adminChainsMade.length ? { adminChains: adminChainsMade } : {}),
    ...(switchesBefore ? { switchesBefore } : {}),
  });
  /**
   * The host links the run has seen its plugins make (of a name and kind the note names, absent before the
   * run), noted by identity after each ADD call: recovery removes only a link still that one, never one a
   * tool makes under the same name once this helper is gone.
   */
  const madeSeen: LinkIdentity[] = [];
  const noteMadeLinks = async () => {
    const links = await net.hostLinks().catch(() => undefined);
    const fresh = (links ?? [])
      .filter((l) => !linksBefore.has(l.ifname) && journalled.some((h) => h.name === l.ifname && h.kind === l.linkinfo?.info_kind))
      .map(identityOf)
      .filter((id) => !madeSeen.some((m) => m.name === id.name && m.kind === id.kind && m.ifindex === id.ifindex));
    if (fresh.length === 0) return;
    madeSeen.push(...fresh);
    deps.journal?.made(madeSeen);
  };
  /**
   * What may have changed the machine so far (plugin calls, checks, a keep), counted: teardown trusts the
   * last observation instead of reading again only when nothing happened since.
   */
  let changes = 0;
  let seen: { at: number; links: Link[]; firewall: () => Promise<FirewallRule[]> } | undefined;
  let ok = true;
  let crash: string | undefined;
  /** The run's last observation, its firewall still to read: teardown makes and emits it before its own event. */
  let pending: (() => Promise<LabEvent>) | undefined;
  /** The addresses the run's ADDs reported: the firewall plugin's rules for them name no container. */
  const addresses = new Set<string>();
  /** Bytes of plugin output the run has kept (each call's, in its events): bounded, as the helper's memory must be. */
  let outputKept = 0;

  // How libcni reads what each ADD prints: by the list's version, with its library's result types.
  const listVersion = listVersionOf(conflist, profile.libcni);
  const newTypes = libcniNewTypes(profile.libcni);

  /** Runs one invocation the walk asks for, and reports it. */
  const invoke = async (inv: Invocation, phase: Phase, a: Attachment): Promise<StepAnswer> => {
    const { index, command } = inv;
    changes++;
    emit({ type: 'invocation-start', phase, index, pluginType: inv.type, command, env: inv.env, stdin: inv.stdin, stdinText: inv.stdinText, ...tag(a) });
    const binary = host.findPlugin(inv.type, deps.cniPath);
    // Not in CNI_PATH: libcni fails the call before starting anything, in its own words.
    if (binary === undefined) {
      const msg = notFoundInPath(inv.type, deps.cniPath);
      const error = { code: 0, msg, words: 'the plugin is not in CNI_PATH', runtime: libcniFailure(plugins[index] ?? {}, command, msg) };
      emit({ type: 'invocation-end', phase, index, ...tag(a), pluginType: inv.type, command, ok: false, exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0, timedOut: false, error });
      return { ok: false, code: 0 };
    }
    // Teardown DELs must run to the end even after an abort; run-phase plugins are killed by it.
    const r = await deps.executor.run({ binary, env: { ...inv.env }, stdin: inv.stdinText, timeoutMs: request.timeoutMs, ...(phase === 'run' ? { signal: deps.signal } : {}) });
    // A link it made is noted by identity at once, before anything else can kill this helper.
    if (command === 'ADD' && deps.journal && journalled.length) await noteMadeLinks();
    // Every call's output stays in the run's events: counted, as the helper's memory must be bounded.
    const overRun = !r.spawnError && r.stdoutBytes === undefined && (outputKept += r.stdout.length + r.stderr.length) > RUN_OUTPUT_LIMIT && phase === 'run';
    const { result, error, printedTooDeep, describedOnly } = readPluginOutput(r, command, { listVersion, newTypes, libcni: profile.libcni, timeoutMs: request.timeoutMs, overRun, outputKept });
    // libcni names the plugin by its own keys in the file (its `name`, not the list's).
    if (error && !describedOnly) error.runtime = libcniFailure(plugins[index] ?? {}, command, cniErrorText(error));
    if (result) reported.push(...(pluginBehaviour(inv.type)?.resultHostLinks?.(result, isJsonObject(inv.stdin.prevResult) ? inv.stdin.prevResult : undefined) ?? []));
    if (result) for (const address of resultAddresses(result)) addresses.add(address);
    // What libcni hands on is the result as its library reads it (a version filled in, types it knows),
    // not the bytes the plugin printed.
    const handedOn = result && !error ? libcniReadsResult(result, listVersion, newTypes) : undefined;
    const differs = handedOn !== undefined && JSON.stringify(sortKeys(handedOn)) !== JSON.stringify(sortKeys(result!));
    emit({ type: 'invocation-end', phase, index, ...tag(a), pluginType: inv.type, command, ok: !error, exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: Math.round(r.durationMs), timedOut: r.timedOut, ...(result ? { result } : {}), ...(printedTooDeep ? { printedTooDeep } : {}), ...(differs ? { handedOn } : {}), ...(error ? { error } : {}), ...(r.survivors?.length ? { survivors: r.survivors } : {}) });
    return error ? { ok: false, code: error.code } : { ok: true, ...(handedOn ? { result: handedOn } : {}) };
  };

  /** The step the runtime loop calls: run-phase plugins are not started once the run is aborted. */
  const step = (phase: Phase, a: Attachment, before?: () => void) => async (inv: Invocation): Promise<StepAnswer> => {
    if (phase === 'run' && deps.signal?.aborted) return { ok: false };
    before?.();
    before = undefined;
    return invoke(inv, phase, a);
  };

  /**
   * What the namespace and the host look like now: what the run added. The reads are independent: all at
   * once. Resolves once those that need the namespace are done (links, addresses, routes, sysctls) with
   * what makes the event, which waits for the firewall's read too. After the run's last DEL that read is
   * left to teardown (`firewallLater`), which starts it after removing the namespace and links (neither
   * changes the host's iptables; see `operate`): the removal, the longest, starts first.
   */
  const look = async (after: Operation, a: Attachment, firewallLater = false): Promise<() => Promise<LabEvent>> => {
    const namespaceRead = net.observeNetns(a.ns.name);
    const hostRead = net.observeHost();
    let read: Promise<FirewallRule[]> | undefined;
    const firewall = () => (read ??= host.firewallRules());
    if (!firewallLater) firewall().catch(() => {}); // a failure is met where the event is made
    const [namespace, onHost, sysctls] = await Promise.all([namespaceRead, hostRead, host.readSysctls(a.ns.name, observedSysctls(decodedPlugins, a.inputs.ifname))]);
    notePeers(namespace.links, onHost.links);
    const appeared = onHost.links.filter((l) => linksBefore.get(l.ifname) !== l.ifindex);
    const made = new Set(appeared.map((l) => l.ifname));
    a.seenAt = changes;
    seen = { at: changes, links: onHost.links, firewall };
    return () =>
      firewall().then((rulesNow): LabEvent => {
        const chains = cniChainsIn(rulesNow);
        const rules = addedRules(rulesBefore, rulesNow, a.inputs.containerId);
        return {
          type: 'observed',
          after,
          ...tag(a),
          namespace,
          hostLinks: appeared,
          hostAddresses: onHost.addresses.filter((x) => made.has(x.ifname)),
          hostRoutes: onHost.routes.filter((r) => r.dev !== undefined && made.has(r.dev)),
          firewallChains: chains.filter((c) => !chainsBefore.has(c)),
          firewallRules: rules.rules,
          ...(rules.omitted ? { firewallRulesOmitted: rules.omitted } : {}),
          sysctls: shownSysctls(sysctls, a.inputs.ifname, namespace.links),
        };
      });
  };
  const observe = async (after: Operation, a: Attachment): Promise<LabEvent> => (await look(after, a))();

  /**
   * The lab's own cleanup: DEL through the whole chain in reverse, going on past failures (libcni would
   * stop at the first; here the rest of the chain must still remove what it made).
   */
  const cleanUp = (phase: Phase, a: Attachment) => walkAsync(walkChain(conflist, 'DEL', a.inputs, { cached: a.cached, keepGoing: true, profile }), step(phase, a));

  /**
   * The valid attachments a GC of the run gets: its own attachment while a later operation of the run still
   * needs it (CHECK, DEL or another GC); the last GC with nothing after it finds it stale, as a runtime's GC
   * finds a container that is gone, and DELs it first.
   */
  const gcInputs = (at: number, a: Attachment): RuntimeInputs => {
    const needed = request.operations.slice(at + 1).some((o) => o === 'CHECK' || o === 'DEL' || o === 'GC');
    return { ...a.inputs, validAttachments: needed ? [{ containerID: a.inputs.containerId, ifname: a.inputs.ifname }] : [] };
  };

  /** One operation for one container; false when the run must stop there (libcni's answer was an error). */
  const operate = async (at: number, operation: Operation, a: Attachment): Promise<boolean> => {
    let began = false;
    // Owed a DEL from its first ADD call on: a fault of the helper's mid-ADD still leaves teardown to DEL it.
    if (operation === 'ADD') {
      a.addRan = true;
      a.delDone = false;
    }
    const end = await walkAsync(
      walkChain(conflist, operation, operation === 'GC' ? gcInputs(at, a) : a.inputs, { cached: a.cached, profile }),
      step('run', a, () => {
        began = true;
        emit({ type: 'operation-start', operation, ...tag(a) });
      }),
    );
    if (end.skipped) {
      emit({ type: 'operation-skipped', operation, reason: end.skipped.reason, error: end.skipped.error, ...tag(a) });
      return !end.skipped.error;
    }
    // Gone through without calling a plugin (a GC with nothing stale below spec 1.1.0): said, not silent.
    if (!began && end.ok) emit({ type: 'operation-skipped', operation, reason: idleOperationReason(conflist, operation, profile.libcni), error: false, ...tag(a) });
    if (operation === 'ADD') {
      if (!end.ok || deps.signal?.aborted) {
        // No cached result exists for a failed ADD: the runtime DELs the whole chain without one.
        a.cached = undefined;
        await cleanUp('rollback', a);
        a.delDone = true; // the rollback was the DEL; teardown does not run it again
        return false;
      }
      a.cached = end.result;
      const seen = await observe('ADD', a);
      if (seen.type === 'observed') {
        a.observed = seen.namespace;
        a.hostLinks = seen.hostLinks.map((l) => l.ifname);
        a.paths = observedPaths(seen.namespace, seen.hostLinks, seen.hostAddresses ?? [], a.inputs.ifname);
      }
      emit(seen);
      return true;
    }
    if (operation === 'CHECK' || operation === 'STATUS') return end.ok;
    if (operation === 'GC') {
      // Its DEL of the stale attachment removed the cache entry; a failed one kept it for teardown.
      if (end.collected?.some((c) => c.containerID === a.inputs.containerId && c.ifname === a.inputs.ifname)) {
        a.delDone = true;
        a.cached = undefined;
        emit(await observe('GC', a));
      }
      return end.ok;
    }
    // DEL: a failure stops libcni at the failing plugin with its cache kept; teardown DELs the chain again.
    if (!end.ok) return false;
    a.delDone = true;
    a.cached = undefined;
    // The run's last step (nothing kept, no operation or container after it): teardown removes the namespace
    // and links once they are read, reads the firewall meanwhile, and emits this event before its own.
    const last = at === request.operations.length - 1 && a === attachments.at(-1) && !(request.keepSeconds > 0);
    const event = await look('DEL', a, last);
    if (last) pending = event;
    else emit(await event());
    return true;
  };

  try {
    // Each operation for every container in turn, as a runtime starting several pods on one node would.
    let checked = false;
    run: for (const [at, operation] of request.operations.entries()) {
      for (const a of attachments) {
        if (deps.signal?.aborted) break run;
        if (!(await operate(at, operation, a))) {
          ok = false;
          break run;
        }
      }
      // Every container is attached: real traffic between them, the gateway and the host, once.
      if (operation === 'ADD' && request.checks && !checked) {
        checked = true;
        changes++;
        // Each container's own limits: the runtime may give each its own bandwidth capability.
        const shapedBy = (a: Attachment) => {
          const limits = bandwidthOf(decodedPlugins, a.inputs.capabilityArgs);
          return limits ? { bandwidth: limits } : {};
        };
        const containers = attachments.map((a) => ({ ns: a.ns.name, check: { ...checkContainerOf(`c${a.at + 1}`, a.inputs.ifname, a.cached, a.observed?.links ?? [], a.inputs.capabilityArgs), ...a.paths, ...shapedBy(a) } }));
        const ipMasq = decodedPlugins.some((p) => isJsonObject(p) && p.ipMasq === true);
        const bandwidth = bandwidthOf(decodedPlugins, first.inputs.capabilityArgs);
        // The links the network may send through: those the run created (as observed) and those its config names.
        const ownLinks = [...attachments.flatMap((a) => a.hostLinks ?? []), ...configuredHostLinks(decodedPlugins, request.ifname).map((l) => l.name), ...decodedPlugins.flatMap((p) => (isJsonObject(p) && typeof p.master === 'string' ? [p.master] : []))];
        const gateway = gatewayNote(decodedPlugins);
        const { results, wired } = await runChecks(containers, { ipMasq, hostLinks: ownLinks, ...(bandwidth ? { bandwidth } : {}), ...(gateway ? { gatewayNote: gateway } : {}) }, deps.prober ?? linuxProber(deps.executor), deps.signal);
        emit({ type: 'checks', results, ...(wired.length ? { wired } : {}) });
        if (checksFailed(results)) ok = false;
      }
    }
    // Kept for inspection, but not with the machine's localhost open to its network (portmap's route_localnet on its link).
    const exposed = request.keepSeconds > 0 && switchesBefore ? localnetExposed(switchesBefore, host.readSwitches(switchKinds), new Set(linksBefore.keys())) : [];
    if (exposed.length) {
      emit({ type: 'not-kept', reason: `the plugins turned route_localnet on on ${exposed.join(', ')}, ${exposed.length > 1 ? 'links' : 'a link'} of this machine, which lets hosts of its network reach the machine's services bound to 127.0.0.1 (CVE-2020-8558): torn down now instead of after ${request.keepSeconds} s (portmap does this for a container address the machine routes through its own link: "snat": false, or a network the run makes, keeps it off)` });
    } else if (request.keepSeconds > 0 && !deps.signal?.aborted) {
      changes++; // the namespace is the user's to inspect meanwhile
      emit({ type: 'kept', until: new Date(Date.now() + request.keepSeconds * 1000).toISOString() });
      await sleep(request.keepSeconds * 1000, deps.signal);
    }
  } catch (e) {
    // A fault of the helper itself: the run failed, teardown still follows, and one run-end says why.
    ok = false;
    crash = (e as Error).message;
  } finally {
    /** Emits the last observation once its firewall is read; a failure is the run's, as when awaited in the run. */
    const settle = async () => {
      const event = pending;
      pending = undefined;
      await event?.().then(emit, (e: unknown) => {
        ok = false;
        crash ??= (e as Error).message;
      });
    };
    // Only the namespaces and links may go before that read (neither changes the host's iptables): a DEL
    // teardown still owes waits for it.
    if (attachments.some((a) => a.addRan && !a.delDone)) await settle();
    // Last container first: what a later ADD built on (a shared bridge) goes after those that use it.
    for (const a of [...attachments].reverse()) if (a.addRan && !a.delDone) await cleanUp('teardown', a).catch(() => undefined);
    // Nothing happened since the last observation: the links and chains it saw are the machine's now, and it
    // noted its namespace's veth peers.
    const fresh = seen?.at === changes ? seen : undefined;
    const left = await removeRunLeftovers(
      {
        host,
        net,
        containers: attachments.map((a) => ({ ns: a.ns, containerId: a.inputs.containerId, fresh: a.seenAt === changes })),
        fresh,
        notePeers,
        linksBefore,
        veths,
        reported,
        decoded,
        ifname: request.ifname,
        leaseFolders: leaseFolderState,
        switchesBefore,
        rulesBefore,
        chainsBefore,
        addresses,
        nftBefore: nftRead,
      },
      settle,
    );
    emit({ type: 'teardown', removedNamespace: first.ns.name, ...(multi ? { removedNamespaces: attachments.map((a) => a.ns.name) } : {}), ...left });
    deps.journal?.end();
    emit({ type: 'run-end', ok, message: crash ? `failed: helper error: ${crash}` : ok ? 'done' : 'failed' });
  }
  return ok;
}
