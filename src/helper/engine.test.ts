// The engine's control flow through a recording fake of the machine: runs on any machine, no root.
// (lab.test.ts runs the same engine against the real plugins as root.)
import { describe, expect, it } from 'vitest';
import { cleanupDelNote, isJsonObject, parseLabRequest, type JsonObject, type LabEvent } from '../core';
import { runLab } from './engine';
import { pluginProblems } from './plugin-binaries';
import type { LabHost } from './host';
import type { RunJournal } from './run-journal';
import { failsWith, fakeExecutor, fakeHost, fakeMachine, hangs, passThrough, runFake as run, vethPlugin, type FakePlugin } from './testing';


const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'fake', plugins });
const plugins = { bridge: vethPlugin('veth0001', 'cni9'), portmap: passThrough, tuning: passThrough };

describe('engine control flow (fake machine)', () => {
  it('ADD forward, CHECK forward, DEL in reverse; the namespace and the bridge it made are removed', async () => {
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap' }, { type: 'tuning' }), plugins);
    expect(r.ok).toBe(true);
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD portmap ok', 'ADD tuning ok', 'CHECK bridge ok', 'CHECK portmap ok', 'CHECK tuning ok', 'DEL tuning ok', 'DEL portmap ok', 'DEL bridge ok']);
    expect(r.teardown).toMatchObject({ removedLinks: ['cni9'], untouchedLinks: [] });
    expect(r.machine.namespaces.size).toBe(0);
    expect(r.events.filter((e) => e.type === 'run-end')).toEqual([{ type: 'run-end', ok: true, message: 'done' }]);
  });

  it('DEL gets the cached final result; a failed ADD rolls back without one and is not DELed again', async () => {
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap' }, { type: 'tuning' }), { ...plugins, tuning: (req, m) => (req.env.CNI_COMMAND === 'ADD' ? failsWith(11, 'try again')(req, m) : {}) }, { operations: ['ADD', 'DEL'] });
    expect(r.ok).toBe(false);
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD portmap ok', 'ADD tuning failed', 'rollback DEL tuning ok', 'rollback DEL portmap ok', 'rollback DEL bridge ok']);
    const rollback = r.events.filter((e) => e.type === 'invocation-start' && e.phase === 'rollback') as Extract<LabEvent, { type: 'invocation-start' }>[];
    expect(rollback.every((e) => e.stdin.prevResult === undefined)).toBe(true);
    expect((r.events.find((e) => e.type === 'invocation-end' && !e.ok) as { error: { words: string } }).error.words).toBe('try again later');
  });

  it('ADD without DEL: teardown DELs with the cached result, then removes the host side of the veth it proves', async () => {
    // A plugin whose DEL leaves its host veth behind: teardown still removes it, by peer index.
    const leaky: FakePlugin = (req, m) => (req.env.CNI_COMMAND === 'DEL' ? {} : vethPlugin('vethleak')(req, m));
    const r = await run(list({ type: 'leaky' }), { leaky }, { operations: ['ADD'] });
    expect(r.steps).toEqual(['ADD leaky ok', 'teardown DEL leaky ok']);
    const del = r.events.find((e) => e.type === 'invocation-start' && e.phase === 'teardown') as Extract<LabEvent, { type: 'invocation-start' }>;
    expect((del.stdin.prevResult as JsonObject).ips).toEqual([{ address: '10.1.0.2/24', interface: 1 }]);
    expect(r.teardown).toMatchObject({ removedLinks: ['vethleak'], untouchedLinks: [] });
  });

  it('links that appear during the run but are not provably its own are left and reported', async () => {
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }), plugins, { operations: ['ADD'] }, {
      during: (m) => {
        if (!m.links.some((l) => l.ifname === 'x')) m.links.push({ ifname: 'x', ifindex: 500, linkinfo: { info_kind: 'bridge' } });
      },
    });
    expect(r.teardown).toMatchObject({ removedLinks: ['cni9'], untouchedLinks: ['x'] });
    expect(r.machine.links.map((l) => l.ifname)).toContain('x');
    expect(r.machine.calls).not.toContain('deleteHostLink x');
  });

  it('a DEL that fails stops the walk as libcni does; teardown then DELs the whole chain, going on past failures', async () => {
    let fails = 1;
    const flaky: FakePlugin = (req) => (req.env.CNI_COMMAND === 'DEL' && fails-- > 0 ? { exitCode: 1, stdout: JSON.stringify({ code: 11, msg: 'busy' }) } : passThrough(req, fakeMachine()));
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'flaky' }, { type: 'tuning' }), { ...plugins, flaky }, { operations: ['ADD', 'DEL'] });
    expect(r.ok).toBe(false);
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD flaky ok', 'ADD tuning ok', 'DEL tuning ok', 'DEL flaky failed', 'teardown DEL tuning ok', 'teardown DEL flaky ok', 'teardown DEL bridge ok']);
    // The cache was kept: teardown's DELs still get the final ADD result.
    const teardown = r.events.filter((e) => e.type === 'invocation-start' && e.phase === 'teardown') as Extract<LabEvent, { type: 'invocation-start' }>[];
    expect(teardown.every((e) => isJsonObject(e.stdin.prevResult))).toBe(true);
  });

  it('a spec 0.3.1 list: DEL gets no cached result, and CHECK is refused before any plugin runs', async () => {
    const old = { ...list({ type: 'bridge', bridge: 'cni9' }), cniVersion: '0.3.1' };
    const r = await run(old, plugins);
    expect(r.events.find((e) => e.type === 'operation-skipped')).toMatchObject({ operation: 'CHECK', error: true });
    expect(r.steps).toEqual(['ADD bridge ok', 'teardown DEL bridge ok']);
    const del = r.events.find((e) => e.type === 'invocation-start' && e.command === 'DEL') as Extract<LabEvent, { type: 'invocation-start' }>;
    expect(del.stdin.prevResult).toBeUndefined();
  });

  it('a plugin past its time limit fails as timed out and the chain is rolled back', async () => {
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'slow' }), { ...plugins, slow: (req) => (req.env.CNI_COMMAND === 'ADD' ? hangs(req, fakeMachine()) : {}) }, { timeoutMs: 1000 });
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD slow failed', 'rollback DEL slow ok', 'rollback DEL bridge ok']);
    expect(r.events.find((e) => e.type === 'invocation-end' && !e.ok)).toMatchObject({ timedOut: true, error: { msg: 'netplugin failed with no error message: signal: killed', words: 'the plugin did not finish in time (killed after 1000 ms)', runtime: 'plugin type="slow" failed (add): netplugin failed with no error message: signal: killed' } });
  });

  it('an abort kills the running plugin, skips the rest, and teardown still runs in full', async () => {
    const controller = new AbortController();
    const slow: FakePlugin = (req) => {
      if (req.env.CNI_COMMAND !== 'ADD') return {};
      setTimeout(() => controller.abort(), 10);
      return hangs(req, fakeMachine());
    };
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'slow' }, { type: 'tuning' }), { ...plugins, slow }, { timeoutMs: 60_000 }, { signal: controller.signal });
    expect(r.ok).toBe(false);
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD slow failed', 'rollback DEL tuning ok', 'rollback DEL slow ok', 'rollback DEL bridge ok']);
    expect(r.machine.namespaces.size).toBe(0);
  });

  it('keeps the namespace for inspection, and an abort ends the wait', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }), plugins, { operations: ['ADD'], keepSeconds: 600 }, { signal: controller.signal });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.events.map((e) => e.type)).toContain('kept');
    expect(r.steps).toEqual(['ADD bridge ok', 'teardown DEL bridge ok']);
  });

  it('a fault inside the run ends it with one run-end that says so, after teardown', async () => {
    const machine = fakeMachine();
    const fake = fakeHost(machine, plugins);
    const host: LabHost = { ...fake, reader: () => ({ ...fake.reader(), observeNetns: () => Promise.reject(new Error('ip: broken pipe')) }) };
    const events: LabEvent[] = [];
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }), operations: ['ADD'] });
    if (!parsed.ok) throw new Error(parsed.message);
    const ok = await runLab(parsed.request, { cniPath: [], executor: fakeExecutor(machine, plugins), host }, (e) => events.push(e));
    expect(ok).toBe(false);
    expect(events.filter((e) => e.type === 'run-end')).toEqual([{ type: 'run-end', ok: false, message: 'failed: helper error: ip: broken pipe' }]);
    expect(machine.calls.filter((c) => c.startsWith('exec') || c.startsWith('deleteNetns')).map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['exec bridge ADD', 'exec bridge DEL', `deleteNetns ${[...machine.calls].find((c) => c.startsWith('createNetns'))!.split(' ')[1]}`]);
  });

  it('after the last DEL, teardown removes the namespace and links while the firewall is read; the observation still comes before teardown', async () => {
    const machine = fakeMachine();
    const fake = fakeHost(machine, plugins);
    let reads = 0;
    // The third read (after DEL) answers only once the namespace is gone (or after a second, to fail the test rather than hang).
    const waitForDelete = () => new Promise<void>((resolve) => {
      const t0 = Date.now();
      const poll = () => (machine.calls.some((c) => c.startsWith('deleteNetns')) || Date.now() - t0 > 1000 ? resolve() : setTimeout(poll, 1));
      poll();
    });
    const host: LabHost = { ...fake, firewallRules: async () => (++reads === 3 ? (await waitForDelete(), [...machine.rules, { family: 'ipv4', table: 'nat', rule: ':CNI-DN-late' }]) : fake.firewallRules()) };
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }), operations: ['ADD', 'DEL'] });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    const emitted: string[] = [];
    expect(await runLab(parsed.request, { cniPath: [], executor: fakeExecutor(machine, plugins), host }, (e) => (events.push(e), emitted.push(`${e.type} ${machine.calls.some((c) => c.startsWith('deleteNetns')) ? 'after' : 'before'} deleteNetns`)))).toBe(true);
    expect(events.filter((e) => e.type === 'observed').map((e) => (e as { after: string }).after)).toEqual(['ADD', 'DEL']);
    expect(events.slice(-3).map((e) => e.type)).toEqual(['observed', 'teardown', 'run-end']);
    expect(events.at(-3)).toMatchObject({ after: 'DEL', firewallChains: ['nat/CNI-DN-late'] });
    expect(events.at(-2)).toMatchObject({ removedLinks: ['cni9'], leftovers: ['nat/CNI-DN-late'] });
    // The observation after ADD was emitted at once; the one after DEL once its read was done, the namespace gone.
    expect(emitted.filter((e) => e.startsWith('observed'))).toEqual(['observed before deleteNetns', 'observed after deleteNetns']);
  });

  it('a firewall read failing after the last DEL fails the run with its message; teardown still removes everything', async () => {
    const machine = fakeMachine();
    const fake = fakeHost(machine, plugins);
    let reads = 0;
    const host: LabHost = { ...fake, firewallRules: async () => (++reads === 3 ? Promise.reject(new Error('iptables-save: broken')) : fake.firewallRules()) };
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }), operations: ['ADD', 'DEL'] });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    expect(await runLab(parsed.request, { cniPath: [], executor: fakeExecutor(machine, plugins), host }, (e) => events.push(e))).toBe(false);
    expect(events.filter((e) => e.type === 'observed').map((e) => (e as { after: string }).after)).toEqual(['ADD']);
    expect(events.slice(-2)).toMatchObject([{ type: 'teardown', removedLinks: ['cni9'] }, { type: 'run-end', ok: false, message: 'failed: helper error: iptables-save: broken' }]);
    expect(machine.namespaces.size).toBe(0);
  });

  it('observes the sysctls the tuning module names, with the interface name put in for IFNAME', async () => {
    const tuning = { type: 'tuning', sysctl: { 'net.core.somaxconn': '512', 'net.ipv4.conf.IFNAME.arp_filter': '1' } };
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, tuning), plugins, { operations: ['ADD'], ifname: 'net1' });
    const observed = r.events.find((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed');
    expect(Object.keys(observed!.sysctls)).toEqual(['net.core.somaxconn', 'net.ipv4.conf.net1.arp_filter']);
  });

  it('reads the host once before the run and once per observation; teardown after an observed DEL trusts it and reads nothing again (it reads that observation’s firewall after starting the removal)', async () => {
    const machine = fakeMachine();
    const calls: string[] = [];
    const fake = fakeHost(machine, plugins);
    const counted = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).map(([name, f]: [string, (...a: unknown[]) => unknown]) => [name, (...a: unknown[]) => (calls.push(name), f(...a))])) as T;
    const host: LabHost = { ...counted(fake), reader: () => counted(fake.reader()) };
    // portmap's DEL leaves its per-container chain: teardown reports it from the observation after DEL.
    const chains: FakePlugin = (req, m) => {
      if (req.env.CNI_COMMAND === 'ADD') m.rules.push({ family: 'ipv4', table: 'nat', rule: ':CNI-HOSTPORT-DNAT' }, { family: 'ipv4', table: 'nat', rule: ':CNI-DN-1' });
      return passThrough(req, m);
    };
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap' }), operations: ['ADD', 'DEL'] });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    expect(await runLab(parsed.request, { cniPath: [], executor: fakeExecutor(machine, { ...plugins, portmap: chains }), host }, (e) => events.push(e))).toBe(true);
    const reads = calls.filter((c) => c !== 'findPlugin' && c !== 'replaceable'); // looking plugins up is not reading the host
    // The last DEL's observation reads the firewall once teardown has started removing what the run made.
    // nftables is read before the run, and again at teardown only when it could be read then (here nft is missing).
    // bridge turns the machine's forwarding on, portmap route_localnet: those switches are read before the run and after (a file each, no process).
    expect(reads).toEqual(['hostLinks', 'createNetns', 'firewallRules', 'nftRuleset', 'listeningPorts', 'readSwitches', 'observeNetns', 'observeHost', 'firewallRules', 'readSysctls', 'observeNetns', 'observeHost', 'readSysctls', 'release', 'deleteNetns', 'deleteHostLink', 'firewallRules', 'close', 'readSwitches']);
    expect(events.find((e) => e.type === 'teardown')).toMatchObject({ removedLinks: ['cni9'], leftovers: ['nat/CNI-DN-1'], keptByDesign: ['nat/CNI-HOSTPORT-DNAT'] });
    expect(machine.namespaces.size).toBe(0);
  });

  it("removes the run's rules its DELs left: a firewall DEL that failed, same-bridge isolation of the bridge it removed; never a rule there before", async () => {
    const machine = fakeMachine();
    const filter = (rule: string) => ({ family: 'ipv4' as const, table: 'filter', rule });
    const forwarding = (a: string) => [filter(`-A CNI-FORWARD -d ${a}/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`), filter(`-A CNI-FORWARD -s ${a}/32 -j ACCEPT`)];
    const isolation = (b: string) => [filter(`-A CNI-ISOLATION-STAGE-1 -i ${b} ! -o ${b} -j CNI-ISOLATION-STAGE-2`), filter(`-A CNI-ISOLATION-STAGE-2 -o ${b} -j DROP`)];
    // The same address's rules once before the run (counted: one copy stays).
    const before = [filter(':CNI-FORWARD'), filter(':CNI-ISOLATION-STAGE-1'), filter(':CNI-ISOLATION-STAGE-2'), ...forwarding('10.1.0.2')];
    machine.rules.push(...before);
    // firewall 1.1.1 with an ingressPolicy it does not know: its rules in, then ADD and DEL fail.
    const firewall: FakePlugin = (req, m) => {
      if (req.env.CNI_COMMAND === 'ADD') m.rules.push(...forwarding('10.1.0.2'), ...isolation('cni9'));
      return { exitCode: 1, stdout: JSON.stringify({ code: 999, msg: 'unknown ingress policy: "isolated"' }) };
    };
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'firewall' }), { ...plugins, firewall }, { operations: ['ADD'] }, { machine });
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD firewall failed', 'rollback DEL firewall failed', 'rollback DEL bridge ok']);
    // Past what libcni does (DelNetworkList returns at the failed DEL), and said so on that DEL; not on the last one.
    const ends = r.events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end');
    expect(ends.map((e) => cleanupDelNote(e) !== undefined)).toEqual([false, false, true, false]);
    expect(r.teardown).toMatchObject({ removedLinks: expect.arrayContaining(['cni9']), leftovers: [] });
    expect(r.teardown!.removedRules).toEqual([...forwarding('10.1.0.2'), ...isolation('cni9')].map((x) => `ipv4 filter: ${x.rule}`));
    expect(machine.rules).toEqual(before);
  });

  it("says which of the machine's CNI rules, there before the run, are gone after it (another container's, which a firewall DEL found by its address)", async () => {
    const machine = fakeMachine();
    const filter = (rule: string) => ({ family: 'ipv4' as const, table: 'filter', rule });
    const theirs = [filter('-A CNI-FORWARD -d 10.1.0.9/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'), filter('-A CNI-FORWARD -s 10.1.0.9/32 -j ACCEPT')];
    machine.rules.push(filter(':CNI-FORWARD'), ...theirs);
    // Handed 10.1.0.9 at run time (an IPAM the lab cannot predict): ADD finds the rules there, DEL removes them.
    const firewall: FakePlugin = (req, m) => {
      if (req.env.CNI_COMMAND === 'DEL') m.rules = m.rules.filter((r) => !theirs.some((x) => x.rule === r.rule));
      return passThrough(req, m);
    };
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'firewall' }), { ...plugins, firewall }, {}, { machine });
    expect(r.teardown?.missingRules).toEqual(theirs.map((x) => `ipv4 filter: ${x.rule}`));
    // Nothing gone: nothing said.
    const quiet = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'firewall' }), { ...plugins, firewall: passThrough }, {}, { machine });
    expect(quiet.teardown?.missingRules).toBeUndefined();
  });

  it('notes in its journal, right after the ADD call that made it, the bridge it made by name, kind and ifindex (what recovery after a kill goes by)', async () => {
    const machine = fakeMachine();
    // Noted among the machine's calls, to show when.
    const notes = machine.calls;
    const journal: RunJournal = { begin: (e) => notes.push(`begin ${e.configured.map((l) => l.name).join(',')}`), made: (links) => notes.push(`made ${links.map((l) => `${l.name} ${l.kind} ${l.ifindex}`).join(',')}`), end: () => notes.push('end') };
    // A bridge of another name appears during the run: not the config's, never noted.
    const tuning: FakePlugin = (req, m) => {
      if (req.env.CNI_COMMAND === 'ADD') m.links.push({ ifname: 'docker0', ifindex: 300, linkinfo: { info_kind: 'bridge' } });
      return passThrough(req, m);
    };
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }, { type: 'tuning' }) });
    if (!parsed.ok) throw new Error(parsed.message);
    const all = { ...plugins, tuning };
    await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, all), host: fakeHost(machine, all), journal }, () => {});
    // The bridge is the first link the fake machine makes (index 100), noted once, before the next plugin ran.
    expect(notes.filter((c) => /^(begin|made|end|exec \S+ ADD)/.test(c))).toEqual(['begin cni9', 'exec bridge ADD', 'made cni9 bridge 100', 'exec tuning ADD', 'end']);
  });

  it('reports the firewall lines the run added (not what was there before) and the bridge address on the host', async () => {
    const machine = fakeMachine();
    machine.rules.push({ family: 'ipv4', table: 'nat', rule: ':CNI-HOSTPORT-DNAT' });
    const addRules: FakePlugin = (req, m) => {
      if (req.env.CNI_COMMAND === 'ADD') m.rules.push({ family: 'ipv4', table: 'nat', rule: ':CNI-DN-1' }, { family: 'ipv4', table: 'nat', rule: '-A CNI-DN-1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80' }, { family: 'ipv4', table: 'filter', rule: '-A INPUT -j ACCEPT' });
      return passThrough(req, m);
    };
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap' }), { ...plugins, portmap: addRules }, { operations: ['ADD'] }, { machine });
    const observed = r.events.find((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed')!;
    expect(observed.firewallRules).toEqual([
      { family: 'ipv4', table: 'nat', rule: ':CNI-DN-1' },
      { family: 'ipv4', table: 'nat', rule: '-A CNI-DN-1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80' },
    ]);
    expect(observed.hostAddresses).toEqual([{ ifname: 'cni9', addr_info: [{ family: 'inet', local: '10.1.0.1', prefixlen: 24 }] }]);
  });
});

describe('runs with several containers (fake machine)', () => {
  // Each container's veth is named after its container id, so the fake host tells them apart.
  const perContainer: FakePlugin = (req, m) => vethPlugin(`veth-c${req.env.CNI_CONTAINERID!.split('-').pop()}`, 'cni9')(req, m);
  const labelled = (events: LabEvent[]) =>
    events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end').map((e) => `${e.phase === 'run' ? '' : `${e.phase} `}${e.command} ${e.pluginType} c${(e.container ?? 0) + 1}`);

  it('attaches each container in turn with its own namespace, id and inputs, and DELs all of them, last first', async () => {
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap', capabilities: { portMappings: true } }), { bridge: perContainer, portmap: passThrough }, {
      operations: ['ADD', 'CHECK'],
      containers: 2,
      capabilityArgs: {},
      containerInputs: [{ capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } }],
    });
    expect(r.ok).toBe(true);
    expect(labelled(r.events)).toEqual(['ADD bridge c1', 'ADD portmap c1', 'ADD bridge c2', 'ADD portmap c2', 'CHECK bridge c1', 'CHECK portmap c1', 'CHECK bridge c2', 'CHECK portmap c2', 'teardown DEL portmap c2', 'teardown DEL bridge c2', 'teardown DEL portmap c1', 'teardown DEL bridge c1']);
    const start = r.events.find((e) => e.type === 'run-start') as Extract<LabEvent, { type: 'run-start' }>;
    expect(start.containers).toHaveLength(2);
    expect(new Set(start.containers!.map((c) => c.netns)).size).toBe(2);
    expect(start.containers!.map((c) => c.containerId)).toEqual([`${start.containerId}`, start.containerId.replace(/-1$/, '-2')]);
    // Only the first container publishes the port: portmap's stdin carries it for c1 and not for c2.
    const portmapAdds = r.events.filter((e): e is Extract<LabEvent, { type: 'invocation-start' }> => e.type === 'invocation-start' && e.pluginType === 'portmap' && e.command === 'ADD');
    expect(portmapAdds.map((e) => (e.stdin.runtimeConfig as JsonObject | undefined)?.portMappings)).toEqual([[{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }], undefined]);
    expect(r.events.filter((e) => e.type === 'observed').map((e) => (e as { container?: number }).container)).toEqual([0, 1]);
    expect(r.teardown).toMatchObject({ removedNamespaces: start.containers!.map((c) => c.netns.split('/').pop()), removedLinks: ['cni9'] });
    expect(r.machine.namespaces.size).toBe(0);
  });

  it("a failed ADD of the second container rolls that one back, and teardown still DELs the first", async () => {
    const secondFails: FakePlugin = (req, m) => (req.env.CNI_COMMAND === 'ADD' && req.env.CNI_CONTAINERID!.endsWith('-2') ? failsWith(11, 'no more addresses')(req, m) : passThrough(req, m));
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'tuning' }), { bridge: perContainer, tuning: secondFails }, { operations: ['ADD', 'DEL'], containers: 2 });
    expect(r.ok).toBe(false);
    expect(labelled(r.events)).toEqual(['ADD bridge c1', 'ADD tuning c1', 'ADD bridge c2', 'ADD tuning c2', 'rollback DEL tuning c2', 'rollback DEL bridge c2', 'teardown DEL tuning c1', 'teardown DEL bridge c1']);
    expect(r.machine.namespaces.size).toBe(0);
    expect(r.machine.links.some((l) => l.ifname.startsWith('veth-'))).toBe(false);
  });
});

describe('which binaries must be in CNI_PATH', () => {
  const host = fakeHost(fakeMachine(), { ptp: passThrough, 'host-local': passThrough });
  it('the plugin libcni runs, by the spelling Go reads; every spelling of an IPAM type the plugin may read', () => {
    const missingPlugins = (...args: Parameters<typeof pluginProblems>) => {
      const { refusals, absent } = pluginProblems(...args);
      return [...refusals, ...absent.map((type) => `"${type}" is not in /fake/bin`)];
    };
    expect(missingPlugins(list({ Type: 'ptp', IPAM: { Type: 'host-local' } }), ['/fake/bin'], host)).toEqual([]);
    // "Type" sorts after "TYPE": ptp runs, and the other name is never looked up (the contract keeps it a bare name).
    expect(missingPlugins(list({ TYPE: 'nosuch', Type: 'ptp' }), ['/fake/bin'], host)).toEqual([]);
    expect(missingPlugins(list({ TYPE: 'ptp', Type: 'nosuch' }), ['/fake/bin'], host)).toEqual(['"nosuch" is not in /fake/bin']);
    // "IPAM" and "ipam" are decoded into one struct in turn: either may leave its type there.
    expect(missingPlugins(list({ type: 'ptp', IPAM: { type: 'nosuch' }, ipam: { subnet: '10.1.0.0/24' } }), ['/fake/bin'], host)).toEqual(['"nosuch" is not in /fake/bin']);
    expect(missingPlugins(list({ subnet: 'x' }), ['/fake/bin'], host)).toEqual(['null is not a bare plugin name']);
    // A null spelling names nothing (Go skips it): the other one is looked up.
    expect(missingPlugins(list({ Type: 'ptp', type: null, ipam: { type: 'host-local', TYPE: null } }), ['/fake/bin'], host)).toEqual([]);
  });
});
