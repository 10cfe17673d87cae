// The lab contract's pure parts: the fold of a run's events, the topology from real link data, and
// what a probe means for a conflist.
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog';
import { loadSchemas } from '../../node/schemas';
import { addFailure, foldLabEvents, runSummary } from './run-state';
import { topologyOf, type ObservedLink } from './observed';
import { probedProfile, probeWarnings, releaseFromBanner, releaseFromVersions, upstreamRelease, type ProbeAnswer } from './probe';
import type { LabEvent } from './contract';
import type { JsonObject } from '../model/types';

const env = { CNI_COMMAND: 'ADD' as const, CNI_CONTAINERID: 'c', CNI_NETNS: '/run/netns/x', CNI_IFNAME: 'eth0', CNI_ARGS: '', CNI_PATH: '/usr/lib/cni' };
const start = (phase: 'run' | 'rollback' | 'teardown', index: number, command: 'ADD' | 'DEL', pluginType: string): LabEvent => ({ type: 'invocation-start', phase, index, pluginType, command, env: { ...env, CNI_COMMAND: command }, stdin: {}, stdinText: '{}' });
const end = (phase: 'run' | 'rollback' | 'teardown', index: number, command: 'ADD' | 'DEL', pluginType: string, ok: boolean, result?: JsonObject): LabEvent => ({ type: 'invocation-end', phase, index, pluginType, command, ok, exitCode: ok ? 0 : 1, signal: null, stdout: '', stderr: '', durationMs: 3, timedOut: false, ...(result ? { result } : {}) });

describe('foldLabEvents', () => {
  it('pairs each start with its end, keeps run-phase statuses by plugin, and the final ADD result', () => {
    const events: LabEvent[] = [
      { type: 'run-start', runId: 'r', netns: '/run/netns/x', containerId: 'c', cniPath: [] },
      { type: 'operation-start', operation: 'ADD' },
      start('run', 0, 'ADD', 'bridge'),
      end('run', 0, 'ADD', 'bridge', true, { ips: [1] }),
      start('run', 1, 'ADD', 'firewall'),
    ];
    const running = foldLabEvents(events);
    expect([...running.status]).toEqual([
      [0, 'ok'],
      [1, 'running'],
    ]);
    expect(running.steps.map((s) => [s.start.pluginType, s.end?.ok])).toEqual([
      ['bridge', true],
      ['firewall', undefined],
    ]);
    const done = foldLabEvents([...events, end('run', 1, 'ADD', 'firewall', false), start('rollback', 1, 'DEL', 'firewall'), end('rollback', 1, 'DEL', 'firewall', true), start('rollback', 0, 'DEL', 'bridge'), end('rollback', 0, 'DEL', 'bridge', true), { type: 'run-end', ok: false, message: 'failed' }]);
    // Rollback does not relight the nodes: firewall stays failed, bridge ok.
    expect([...done.status]).toEqual([
      [0, 'ok'],
      [1, 'failed'],
    ]);
    expect(done.finalResult).toEqual({ ips: [1] });
    expect(runSummary(done)).toEqual({ ran: 4, failed: 1, ok: false });
  });
});

describe('addFailure', () => {
  it("is a run-phase ADD's failure, or the runtime refusing ADD before any plugin ran; a rollback's or a DEL's is not", () => {
    const failed: LabEvent = { ...end('run', 1, 'ADD', 'firewall', false), error: { code: 7, msg: 'missing prevResult', words: 'x' } } as LabEvent;
    expect(addFailure([start('run', 0, 'ADD', 'bridge'), end('run', 0, 'ADD', 'bridge', true), failed])).toBe('missing prevResult');
    expect(addFailure([{ type: 'operation-skipped', operation: 'ADD', reason: 'missing network name.', error: true }])).toBe('missing network name.');
    expect(addFailure([{ type: 'operation-skipped', operation: 'CHECK', reason: 'disableCheck is set', error: false }, end('rollback', 0, 'DEL', 'bridge', false), end('run', 0, 'DEL', 'bridge', false)])).toBeUndefined();
    expect(addFailure([{ type: 'operation-skipped', operation: 'ADD', reason: 'skipped by configuration', error: false }])).toBeUndefined();
  });
});

describe('topologyOf', () => {
  // Shapes as `ip -j -d link show` printed them for a real bridge ADD (Debian plugins 1.1.1).
  const namespace = {
    links: [
      { ifindex: 1, ifname: 'lo' },
      { ifindex: 2, ifname: 'eth0', link_index: 18, link_netnsid: 0, linkinfo: { info_kind: 'veth' } },
      { ifindex: 3, ifname: 'net1', link_index: 21, link_netnsid: 0, linkinfo: { info_kind: 'veth' } },
    ],
    addresses: [
      { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.88.0.2', prefixlen: 16 }, { family: 'inet6', local: 'fe80::1', prefixlen: 64 }] },
    ],
    routes: [{ dst: 'default', gateway: '10.88.0.1', dev: 'eth0' }],
  };
  const host: ObservedLink[] = [
    { ifindex: 17, ifname: 'cni0', linkinfo: { info_kind: 'bridge' } },
    { ifindex: 21, ifname: 'vethb', link_index: 3, link_netnsid: 4, master: 'cni0', linkinfo: { info_kind: 'veth' } },
    { ifindex: 18, ifname: 'vetha', link_index: 2, link_netnsid: 4, master: 'cni0', linkinfo: { info_kind: 'veth' } },
  ];

  it('wires each container interface to its real veth peer, whatever the order', () => {
    const t = topologyOf(namespace, host);
    expect(t.wires).toEqual([
      { host: 'vetha', container: 'eth0' },
      { host: 'vethb', container: 'net1' },
    ]);
    expect(t.masters).toEqual([
      { link: 'vethb', master: 'cni0' },
      { link: 'vetha', master: 'cni0' },
    ]);
    expect(t.container).toEqual([
      { ifname: 'eth0', addresses: ['10.88.0.2/16'] },
      { ifname: 'net1', addresses: [] },
    ]);
    expect(t.defaultRoute).toEqual({ via: '10.88.0.1', dev: 'eth0' });
  });

  it('draws no wire where there is no proof (macvlan: no host peer)', () => {
    expect(topologyOf({ ...namespace, links: [{ ifindex: 2, ifname: 'eth0', link_index: 4, linkinfo: { info_kind: 'macvlan' } }] }, host).wires).toEqual([]);
  });
});

describe('probeWarnings', () => {
  const catalog = createCatalog(loadSchemas());
  const probe: ProbeAnswer = { root: true, ip: true, cniPath: ['/usr/lib/cni'], plugins: [{ type: 'bridge', path: '/usr/lib/cni/bridge', supportedVersions: ['0.3.1', '0.4.0', '1.0.0'] }], iptables: true, nftables: false, dhcpSocket: false, missing: [] };

  it('names what is not installed (third-party plugins said so) and versions the machine refuses', () => {
    expect(probeWarnings({ cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'whereabouts' } }, { type: 'toString' }] }, probe, catalog)).toEqual([
      'bridge here accepts up to 1.0.0; this conflist says 1.1.0.',
      'whereabouts (third-party, from its own project) is not installed in /usr/lib/cni on the lab machine.',
      'toString is not installed in /usr/lib/cni on the lab machine.',
    ]);
  });

  it("names a master or device the helper was not started with --host-links for (a bridge is the run's own)", () => {
    const plugins = ['bridge', 'macvlan', 'host-device'].map((type) => ({ type, path: `/usr/lib/cni/${type}`, supportedVersions: ['1.0.0'] }));
    const helper: ProbeAnswer = { ...probe, plugins, hostLinks: ['lab0'] };
    const list = (...p: JsonObject[]) => ({ cniVersion: '1.0.0', name: 'n', plugins: p });
    expect(probeWarnings(list({ type: 'macvlan', master: 'eth0' }), helper, catalog)).toEqual(['macvlan (plugin 1) works on the link eth0 ("master"): the helper runs plugins only on links of its machine it was started with --host-links for (it allows lab0), so unless that link is one of them the run is refused, or fails where the machine has no such link.']);
    expect(probeWarnings(list({ type: 'macvlan' }), helper, catalog)[0]).toContain("works on the link of the lab machine's default route");
    expect(probeWarnings(list({ type: 'host-device', pciBusID: '0000:00:03.0' }), helper, catalog)[0]).toContain('host-device (plugin 1) works on the network link of the device "0000:00:03.0" ("pciBusID")');
    expect(probeWarnings(list({ type: 'macvlan', master: 'lab0' }), helper, catalog)).toEqual([]);
    expect(probeWarnings(list({ type: 'bridge', bridge: 'cni0' }), helper, catalog)).toEqual([]);
    // A probe answer without the list (the command line's) says nothing about links.
    expect(probeWarnings(list({ type: 'host-device', device: 'eth1' }), { ...probe, plugins }, catalog)).toEqual([]);
  });
});

describe('the lab machine profile', () => {
  it('reads the release from the banner, a package version, or the spec versions', () => {
    expect(releaseFromBanner('CNI bridge plugin v1.6.2\nCNI protocol versions supported: 0.1.0, 1.1.0\n', 'bridge')).toBe('1.6.2');
    expect(releaseFromBanner('CNI bridge plugin version unknown\n', 'bridge')).toBe('unknown');
    expect(releaseFromBanner('CNI bridge plugin v1.6.2', 'ptp')).toBeUndefined();
    expect(releaseFromBanner('usage: whereabouts', 'whereabouts')).toBeUndefined();
    expect(upstreamRelease('1.1.1+ds1-3+b5')).toBe('1.1.1');
    expect(upstreamRelease('1:1.4.0-2.el9')).toBe('1.4.0');
    expect(releaseFromVersions(['0.1.0', '1.0.0'])).toBe('1.5.1');
    expect(releaseFromVersions(['0.1.0', '1.0.0', '1.1.0'])).toBe('1.9.1');
  });

  it('takes the release most plugins come from, names the others, and says how it knows', () => {
    const plugin = (type: string, release: string, releaseFrom: 'banner' | 'package' | 'versions') => ({ type, path: `/x/${type}`, release, releaseFrom });
    expect(probedProfile([plugin('bridge', '1.1.1', 'package'), plugin('ptp', '1.1.1', 'package'), { type: 'whereabouts', path: '/x/w' }], '1.3.0')).toEqual({ profile: { libcni: '1.3.0', plugins: '1.1.1' }, how: 'from the package that installed them' });
    expect(probedProfile([plugin('bridge', '1.6.2', 'banner'), plugin('ptp', '1.6.2', 'banner'), plugin('tap', '1.7.1', 'banner')], '1.3.0')).toEqual({ profile: { libcni: '1.3.0', plugins: '1.6.2', pluginReleases: [['tap', '1.7.1']] }, how: "from the plugins' banners" });
    expect(probedProfile([plugin('bridge', '1.5.1', 'versions')], '1.3.0')?.how).toContain('inferred');
    expect(probedProfile([{ type: 'x', path: '/x/x' }], '1.3.0')).toBeUndefined();
    // Debian's 1.1.1 beside a newer portmap whose release only its spec versions tell (a mixed CNI_PATH): named, as a guess.
    const v = (type: string, release: string, releaseFrom: 'package' | 'versions', supportedVersions: string[]) => ({ ...plugin(type, release, releaseFrom), supportedVersions });
    const old = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'];
    const mixed = probedProfile([v('bridge', '1.1.1', 'package', old), v('ptp', '1.1.1', 'package', old), v('portmap', '1.9.1', 'versions', [...old, '1.1.0']), v('tuning', '1.5.1', 'versions', old)], '1.3.0')!;
    expect(mixed.profile).toEqual({ libcni: '1.3.0', plugins: '1.1.1', pluginReleases: [['portmap', '1.9.1']] });
    expect(mixed.how).toContain('portmap accepts other spec versions (up to 1.1.0), so it comes from another release');
  });
});

describe('the fold of a keep', () => {
  it('keeps until when a run is kept, and why when a keep asked for did not happen', () => {
    const begun: LabEvent[] = [{ type: 'run-start', runId: 'r', netns: '/run/netns/x', containerId: 'c', cniPath: [] }];
    expect(foldLabEvents([...begun, { type: 'kept', until: '2026-12-08T01:00:00.000Z' }])).toMatchObject({ kept: '2026-12-08T01:00:00.000Z' });
    const refused = foldLabEvents([...begun, { type: 'not-kept', reason: 'the plugins turned route_localnet on on eth0' }]);
    expect(refused.notKept).toBe('the plugins turned route_localnet on on eth0');
    expect(refused.kept).toBeUndefined();
  });
});

describe('the fold of a run with several containers', () => {
  const ns = { links: [], addresses: [], routes: [] };
  const observed = (container: number) => ({ type: 'observed' as const, after: 'ADD' as const, container, namespace: ns, hostLinks: [], firewallChains: [], sysctls: {} });
  const end = (container: number, ok: boolean, result?: object) => ({ type: 'invocation-end' as const, phase: 'run' as const, index: 0, container, pluginType: 'bridge', command: 'ADD' as const, ok, exitCode: ok ? 0 : 1, signal: null, stdout: '', stderr: '', durationMs: 1, timedOut: false, ...(result ? { result: result as never } : {}) });
  const start = (container: number) => ({ type: 'invocation-start' as const, phase: 'run' as const, index: 0, container, pluginType: 'bridge', command: 'ADD' as const, env: {} as never, stdin: {}, stdinText: '{}' });

  it("keeps the first container's result and observation as the run's, each container's observation by container, and a failure of any", () => {
    const state = foldLabEvents([start(0), end(0, true, { ips: [{ address: '10.0.0.2/24' }] }), observed(0), start(1), end(1, false), observed(1)]);
    expect(state.finalResult).toEqual({ ips: [{ address: '10.0.0.2/24' }] });
    expect(state.observedAfterAdd?.container).toBe(0);
    expect([...state.observedByContainer!.keys()]).toEqual([0, 1]);
    expect(state.status.get(0)).toBe('failed');
    expect(runSummary(state)).toMatchObject({ ran: 2, failed: 1 });
    // Each container's own status of each plugin: the canvas shows c1 ok and c2 failed, not only the last.
    expect([...state.statusByContainer!].map(([c, m]) => [c, m.get(0)])).toEqual([[0, 'ok'], [1, 'failed']]);
    expect(foldLabEvents([start(0), end(0, true)]).statusByContainer?.get(0)?.get(0)).toBe('ok');
  });

  it('keeps the checks and the namespaces they wired', () => {
    const wired = [{ role: 'client' as const, netns: 'cnistudio-1-a', hostLink: 'cnistudioc0001', hostAddresses: ['198.18.0.1'], nsAddresses: ['198.18.0.2'] }];
    const result = { kind: 'ping' as const, from: 'c1', to: 'c2', ok: true, detail: '3 of 3 replies', ms: 5, evidence: [] };
    const state = foldLabEvents([observed(0), observed(1), { type: 'checks', results: [result], wired }]);
    expect(state.checks).toEqual([result]);
    expect(state.wired).toEqual(wired);
    expect(foldLabEvents([{ type: 'checks', results: [] }]).wired).toBeUndefined();
  });
});
