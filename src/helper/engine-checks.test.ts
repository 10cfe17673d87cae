// The engine's reachability checks after ADD, through a recording fake of the machine and a fake prober:
// which checks run, what they are told, and how their results end the run. Runs on any machine, no root.
import { describe, expect, it } from 'vitest';
import { parseLabRequest, type JsonObject, type LabEvent } from '../core';
import { runLab } from './engine';
import type { Prober } from './checks';
import { fakeExecutor, fakeHost, fakeMachine, vethPlugin, type FakePlugin } from './testing';


const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'fake', plugins });


describe('reachability checks after ADD (fake machine and prober)', () => {
  const perContainer: FakePlugin = (req, m) => vethPlugin(`veth-c${req.env.CNI_CONTAINERID!.split('-').pop()}`, 'cni9')(req, m);
  const fakeProber = (failing: (ns: string | undefined, target: string) => boolean, routeDev = 'cni9') => {
    const calls: string[] = [];
    let listening = 0;
    let started = 0;
    const outcome = (ok: boolean) => ({ ok, detail: ok ? 'answered' : 'no reply', evidence: [{ command: 'probe', output: ok ? 'ok' : 'lost' }], ms: 1 });
    const prober: Prober = {
      pingInstalled: () => true,
      ping: async (ns, r) => (calls.push(`ping ${ns ? 'ns' : 'host'} ${r.target}`), outcome(!failing(ns, r.target))),
      mtu: async (ns, r) => (calls.push(`mtu ${r.mtu}`), outcome(true)),
      tcp: async (ns, r) => (calls.push(`tcp ${r.host}:${r.port}`), outcome(!failing(ns, r.host))),
      listen: async () => {
        listening++;
        started++;
        return { stop: async () => void listening-- };
      },
      bandwidth: async () => outcome(true),
      wire: async (role) => {
        listening++;
        return { ns: `wired-${role}`, hostLink: `cnistudio${role[0]}0000`, hostAddress: '198.18.0.1', nsAddress: '198.18.0.2', hostAddress6: '2001:2::1', nsAddress6: '2001:2::2', release: async () => void listening-- };
      },
      route: async (target) => ({ dev: routeDev, evidence: { command: `ip -j route get ${target}`, output: `[{"dst":"${target}","dev":"${routeDev}"}]` } }),
    };
    return { prober, calls, listening: () => listening, started: () => started };
  };

  async function checked(prober: Prober, extra: JsonObject = {}) {
    const machine = fakeMachine();
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }), operations: ['ADD', 'DEL'], containers: 2, checks: true, ...extra });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    const ok = await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, { bridge: perContainer }), host: fakeHost(machine, { bridge: perContainer }), prober }, (e) => events.push(e));
    const checks = events.find((e): e is Extract<LabEvent, { type: 'checks' }> => e.type === 'checks');
    return { ok, events, machine, checks };
  }

  it('probes after every container is attached and before DEL, reports what it could not probe, and stops its listeners', async () => {
    const fake = fakeProber(() => false);
    const r = await checked(fake.prober);
    expect(r.ok).toBe(true);
    const at = (test: (e: LabEvent) => boolean) => r.events.findIndex(test);
    const checksAt = at((e) => e.type === 'checks');
    expect(checksAt).toBeGreaterThan(at((e) => e.type === 'observed' && e.after === 'ADD' && e.container === 1));
    expect(checksAt).toBeLessThan(at((e) => e.type === 'operation-start' && e.operation === 'DEL'));
    const byKind = (kind: string) => r.checks!.results.filter((x) => x.kind === kind);
    // The fake result names no gateway: said, not passed.
    expect(byKind('ping').filter((x) => x.to === 'gateway').map((x) => [x.ok, x.detail])).toEqual([
      [null, 'the IPv4 result of c1 names no gateway'],
      [null, 'c1 has no IPv6 address (the result names none on eth0)'],
      [null, 'the IPv4 result of c2 names no gateway'],
      [null, 'c2 has no IPv6 address (the result names none on eth0)'],
    ]);
    expect(byKind('ping').filter((x) => x.ok === true).map((x) => `${x.from}→${x.to}`)).toEqual(['c1→c2', 'c2→c1', 'host→c1', 'host→c2']);
    expect(byKind('tcp').every((x) => x.ok === true && x.evidence.length === 1)).toBe(true);
    expect(byKind('masquerade').every((x) => x.ok === null)).toBe(true);
    expect(byKind('bandwidth')[0]).toMatchObject({ ok: null, detail: 'no bandwidth plugin in the chain' });
    expect(fake.listening()).toBe(0);
    expect(r.machine.namespaces.size).toBe(0);
  });

  it('a failed check fails the run (the CLI exits 1), with its evidence, and teardown still follows', async () => {
    const fake = fakeProber((ns) => ns === undefined); // the host reaches nobody
    const r = await checked(fake.prober);
    expect(r.ok).toBe(false);
    const failed = r.checks!.results.filter((x) => x.ok === false);
    expect(failed.map((x) => `${x.kind} ${x.from}→${x.to}`)).toEqual(['ping host→c1', 'tcp host→c1', 'ping host→c2', 'tcp host→c2']);
    expect(failed[0]!.evidence).toEqual([{ command: 'probe', output: 'lost' }]);
    expect(r.events.some((e) => e.type === 'teardown')).toBe(true);
    expect(r.machine.namespaces.size).toBe(0);
  });

  it("sends nothing from the host whose route would leave through a link that is not the network's (the lab machine's own uplink): fails, with the route as evidence", async () => {
    const fake = fakeProber(() => false, 'eth0');
    const r = await checked(fake.prober);
    const fromHost = r.checks!.results.filter((x) => x.from === 'host' && x.kind !== 'bandwidth');
    expect(fromHost.length).toBe(4);
    for (const x of fromHost) {
      expect(x.ok).toBe(false);
      expect(x.detail).toMatch(/^the host has no route to \S+ through this network's links \(its route leaves through eth0\): not sent, so nothing leaves the lab machine$/);
      expect(x.evidence[0]!.command).toMatch(/^ip -j route get /);
    }
    // Not one probe from the host was made; the containers' own probes were.
    expect(fake.calls.filter((c) => c.startsWith('ping host'))).toEqual([]);
    expect(fake.calls.some((c) => c.startsWith('ping ns'))).toBe(true);
    expect(r.ok).toBe(false);
  });

  it('a request with hundreds of port mappings starts a bounded number of listeners (the rest are said not to be probed)', async () => {
    const fake = fakeProber(() => false);
    const portMappings = Array.from({ length: 300 }, (_, i) => ({ hostPort: 20_000 + i, containerPort: 1000 + i, protocol: 'tcp' }));
    const r = await checked(fake.prober, { capabilityArgs: { portMappings } });
    // Both containers' tcp listeners, at most 16 for the host ports, and the outside's.
    expect(fake.started()).toBeLessThanOrEqual(2 + 16 + 1);
    expect(r.checks!.results.filter((x) => x.kind === 'hostPort' && x.ok === null)).toHaveLength(600 - 16);
    expect(fake.listening()).toBe(0);
  });

  it('a masquerade check compares the source the outside saw as an address: the compressed spelling of the host end still counts as masqueraded', async () => {
    // Both families, each container its own addresses and the bridge's gateways, as the bridge plugin prints them.
    const dualStack: FakePlugin = async (req, m) => {
      const n = Number(req.env.CNI_CONTAINERID!.split('-').pop());
      const out = await vethPlugin(`veth-c${n}`, 'cni9')(req, m);
      if (req.env.CNI_COMMAND !== 'ADD') return out;
      const result = JSON.parse(out.stdout!) as JsonObject;
      return { stdout: JSON.stringify({ ...result, ips: [{ address: `10.1.0.${n + 1}/24`, gateway: '10.1.0.1', interface: 1 }, { address: `fd00::${n + 1}/64`, gateway: 'fd00::1', interface: 1 }] }) };
    };
    const fake = fakeProber(() => false);
    // The host end as the helper once wrote it for n = 0; the outside's listener reports its peer compressed.
    fake.prober.wire = async (role) => ({ ns: `wired-${role}`, hostLink: `cnistudio${role[0]}0000`, hostAddress: '198.18.0.5', nsAddress: '198.18.0.6', hostAddress6: '2001:2:0:0::5', nsAddress6: '2001:2:0:0::6', release: async () => {} });
    fake.prober.tcp = async (_ns, r) => ({ ok: true, detail: 'answered', evidence: [], ms: 1, seenFrom: r.host.includes(':') ? '2001:2::5' : '198.18.0.5' });
    const machine = fakeMachine();
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9', isGateway: true, ipMasq: true }), operations: ['ADD', 'DEL'], containers: 2, checks: true });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, { bridge: dualStack }), host: fakeHost(machine, { bridge: dualStack }), prober: fake.prober }, (e) => events.push(e));
    const checks = events.find((e): e is Extract<LabEvent, { type: 'checks' }> => e.type === 'checks')!;
    const masquerade = checks.results.filter((x) => x.kind === 'masquerade');
    expect(masquerade.map((x) => [x.from, x.family, x.ok, x.detail])).toEqual([
      ['c1', 'ipv4', true, 'the outside saw 198.18.0.5: masqueraded to the host address; ipMasq is on'],
      ['c1', 'ipv6', true, 'the outside saw 2001:2::5: masqueraded to the host address; ipMasq is on'],
      ['c2', 'ipv4', true, 'the outside saw 198.18.0.5: masqueraded to the host address; ipMasq is on'],
      ['c2', 'ipv6', true, 'the outside saw 2001:2::5: masqueraded to the host address; ipMasq is on'],
    ]);
  });

  it("reports the checks a wired namespace is needed for as not run, with why, when none can be made (the machine routes every range it could take)", async () => {
    const fake = fakeProber(() => false);
    fake.prober.wire = async () => {
      throw new Error('every range of 198.18.0.0/16 and 2001:2::/48 the checks\' outside namespace could take is one this machine routes');
    };
    const gatewayed: FakePlugin = async (req, m) => {
      const out = await vethPlugin('veth-c1', 'cni9')(req, m);
      if (req.env.CNI_COMMAND !== 'ADD') return out;
      return { stdout: JSON.stringify({ ...(JSON.parse(out.stdout!) as JsonObject), ips: [{ address: '10.1.0.2/24', gateway: '10.1.0.1', interface: 1 }] }) };
    };
    const machine = fakeMachine();
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9', isGateway: true, ipMasq: true }), operations: ['ADD', 'DEL'], checks: true });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, { bridge: gatewayed }), host: fakeHost(machine, { bridge: gatewayed }), prober: fake.prober }, (e) => events.push(e));
    const checks = events.find((e): e is Extract<LabEvent, { type: 'checks' }> => e.type === 'checks')!;
    expect(checks.results.filter((x) => x.kind === 'masquerade').map((x) => [x.ok, x.detail])).toEqual([[null, "not run: every range of 198.18.0.0/16 and 2001:2::/48 the checks' outside namespace could take is one this machine routes"]]);
    expect(checks.wired ?? []).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', ok: true });
  });

  it('refuses checks without ADD', () => {
    expect(parseLabRequest({ conflist: list({ type: 'bridge' }), operations: ['STATUS'], checks: true })).toEqual({ ok: false, message: '"checks" probe after ADD: include ADD in "operations"' });
  });
});
