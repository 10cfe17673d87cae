import { describe, expect, it } from 'vitest';
import { buildEnv, buildStdin, plan } from './plan';
import { goMarshal } from './go-json';
import { DEFAULT_INPUTS, type RuntimeInputs } from './inputs';
import { convertResult } from './predict';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import type { JsonObject } from '../model/types';

const validator = createValidator(loadSchemas());
const inputs = (extra: Partial<RuntimeInputs> = {}): RuntimeInputs => ({ ...DEFAULT_INPUTS, ...extra });

// cni-reference §4.1, the worked example (libcni v1.3.0).
const NET1: JsonObject = {
  cniVersion: '1.0.0',
  name: 'net1',
  plugins: [
    { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.22.0.0/16' } },
    { type: 'portmap', capabilities: { portMappings: true }, snat: true },
  ],
};
const CAPS = { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }], mac: 'c2:00:00:00:00:01' };

describe('buildStdin (libcni buildOneConfig)', () => {
  it('keeps a -0 as libcni re-encodes it (Go writes -0; a JSON round trip in JavaScript writes 0)', () => {
    const list = JSON.parse('{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"loopback","args":{"neg":-0}}]}') as JsonObject;
    expect(buildStdin(list, 0, inputs(), undefined).stdinText).toBe('{"args":{"neg":-0},"cniVersion":"1.0.0","name":"n","type":"loopback"}');
  });
  it('matches libcni byte for byte on the worked example', () => {
    const bridge = buildStdin(NET1, 0, inputs({ capabilityArgs: CAPS }), undefined);
    expect(bridge.stdinText).toBe('{"bridge":"cni0","cniVersion":"1.0.0","ipam":{"subnet":"10.22.0.0/16","type":"host-local"},"name":"net1","type":"bridge"}');
    const prev = { cniVersion: '1.0.0', interfaces: [{ name: 'cni0' }], ips: [{ address: '10.22.0.2/16', interface: 0 }] };
    const portmap = buildStdin(NET1, 1, inputs({ capabilityArgs: CAPS }), prev);
    expect(portmap.stdinText).toBe(
      `{"capabilities":{"portMappings":true},"cniVersion":"1.0.0","name":"net1","prevResult":${goMarshal(prev)},"runtimeConfig":{"portMappings":[{"containerPort":80,"hostPort":8080,"protocol":"tcp"}]},"snat":true,"type":"portmap"}`,
    );
    expect(portmap.injected.map((i) => `${i.pointer} ← ${i.source}`)).toEqual(['/name ← list name', '/cniVersion ← list version', '/prevResult ← previous plugin', '/runtimeConfig/portMappings ← capability portMappings']);
  });

  it('keeps "capabilities" (libcni passes it through; the spec says a runtime removes it)', () => {
    expect(buildStdin(NET1, 1, inputs(), undefined).stdin).toHaveProperty('capabilities', { portMappings: true });
  });

  it('injects only capabilities declared true and supplied; replaces a written runtimeConfig only then', () => {
    const doc: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'x', capabilities: { mac: false, ips: true }, runtimeConfig: { written: 1 } }] };
    expect(buildStdin(doc, 0, inputs({ capabilityArgs: { mac: 'c2:00:00:00:00:01' } }), undefined).stdin.runtimeConfig).toEqual({ written: 1 });
    expect(buildStdin(doc, 0, inputs({ capabilityArgs: { ips: ['10.1.0.5/24'] } }), undefined).stdin.runtimeConfig).toEqual({ ips: ['10.1.0.5/24'] });
  });

  it('overwrites name and cniVersion, leaves a written prevResult alone when there is none to hand on, never adds args', () => {
    const doc: JsonObject = { cniVersion: '0.4.0', name: 'n', plugins: [{ type: 'x', name: 'mine', cniVersion: '0.3.1', prevResult: { cniVersion: '0.4.0' } }] };
    const s = buildStdin(doc, 0, inputs(), undefined).stdin;
    expect(s).toMatchObject({ name: 'n', cniVersion: '0.4.0', prevResult: { cniVersion: '0.4.0' } });
    expect(s).not.toHaveProperty('args');
    expect(buildStdin({ plugins: [{ type: 'x' }] }, 0, inputs(), undefined).stdin).toMatchObject({ name: '', cniVersion: '' });
  });

  it('marshals like Go: sorted keys at every level, HTML characters escaped', () => {
    expect(goMarshal({ b: { z: 1, a: [{ y: '<&>', x: '\u2028' }] }, a: 1.5 })).toBe('{"a":1.5,"b":{"a":[{"x":"\\u2028","y":"\\u003c\\u0026\\u003e"}],"z":1}}');
  });
});

describe('buildEnv', () => {
  it('sets all six variables, CNI_ARGS and CNI_PATH joined', () => {
    expect(buildEnv('DEL', inputs({ cniArgs: [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'web']], cniPath: ['/opt/cni/bin', '/usr/lib/cni'] }))).toEqual({
      CNI_COMMAND: 'DEL',
      CNI_CONTAINERID: 'cni-studio-example',
      CNI_NETNS: '/run/netns/cni-studio-example',
      CNI_IFNAME: 'eth0',
      CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=web',
      CNI_PATH: '/opt/cni/bin:/usr/lib/cni',
    });
  });
});

describe('plan', () => {
  const chain: JsonObject = { cniVersion: '1.0.0', name: 'lab', plugins: [{ type: 'bridge', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning' }] };

  it('runs ADD forward, handing each predicted result on', () => {
    const p = plan(chain, inputs(), 'ADD', { validator });
    expect(p.invocations.map((i) => [i.type, i.command])).toEqual([['bridge', 'ADD'], ['portmap', 'ADD'], ['tuning', 'ADD']]);
    expect(p.invocations[0]!.stdin).not.toHaveProperty('prevResult');
    expect(p.invocations[1]!.prevResultPredicted).toBe(true);
    const prev = p.invocations[1]!.stdin.prevResult as JsonObject;
    expect(prev).toMatchObject({ cniVersion: '1.0.0', ips: [{ address: '10.22.0.2/16', gateway: '10.22.0.1', interface: 2 }], routes: [{ dst: '0.0.0.0/0' }] });
    expect((prev.interfaces as JsonObject[]).map((i) => i.name)).toEqual(['cni0', 'veth00000000', 'eth0']);
    expect(p.invocations[2]!.stdin.prevResult).toEqual(p.results[1]);
  });

  it('runs DEL in reverse with the cached ADD result for every plugin (0.4.0+), none before', () => {
    const p = plan(chain, inputs(), 'DEL', { validator });
    expect(p.invocations.map((i) => i.type)).toEqual(['tuning', 'portmap', 'bridge']);
    for (const i of p.invocations) expect(i.stdin.prevResult).toEqual(p.cachedResult);
    expect(p.invocations[0]!.injected.find((x) => x.pointer === '/prevResult')!.source).toBe('cached ADD result');
    const old = plan({ ...chain, cniVersion: '0.3.1' }, inputs(), 'DEL', { validator });
    for (const i of old.invocations) expect(i.stdin).not.toHaveProperty('prevResult');
  });

  it('runs CHECK forward with the cached result; refuses it below 0.4.0; skips it when disabled', () => {
    expect(plan(chain, inputs(), 'CHECK', { validator }).invocations.map((i) => i.type)).toEqual(['bridge', 'portmap', 'tuning']);
    expect(plan({ ...chain, cniVersion: '0.3.1' }, inputs(), 'CHECK', { validator }).skipped).toEqual({ reason: 'configuration version "0.3.1" does not support the CHECK command (CHECK needs spec 0.4.0 or newer).', error: true });
    expect(plan({ ...chain, disableCheck: 'True' }, inputs(), 'CHECK', { validator }).skipped?.error).toBe(false);
    // libcni checks the version before disableCheck.
    expect(plan({ ...chain, cniVersion: '0.3.1', disableCheck: true }, inputs(), 'CHECK', { validator }).skipped?.error).toBe(true);
  });

  it('uses a real cached result when the caller has one, not marked predicted', () => {
    const real = { cniVersion: '1.0.0', ips: [{ address: '10.22.0.9/16' }] };
    const p = plan(chain, inputs(), 'CHECK', { validator, cachedResult: real });
    expect(p.invocations[0]!.stdin.prevResult).toEqual(real);
    expect(p.invocations[0]!.prevResultPredicted).toBe(false);
  });

  it('negotiates the list version from cniVersions like libcni 1.2+', () => {
    const p = plan({ ...chain, cniVersion: '0.4.0', cniVersions: ['0.4.0', '1.1.0'] }, inputs(), 'ADD', { validator });
    expect(p.listVersion).toBe('1.1.0');
    expect(p.invocations.every((i) => i.stdin.cniVersion === '1.1.0')).toBe(true);
  });

  it('refuses ADD for inputs libcni rejects, naming why', () => {
    expect(plan(chain, inputs({ containerId: 'bad id' }), 'ADD', { validator }).skipped?.reason).toContain('invalid characters in containerID');
    expect(plan(chain, inputs({ ifname: 'a-very-long-ifname0' }), 'ADD', { validator }).skipped?.reason).toContain('too long');
    // In libcni's words, as cnitool prints them (1.1.2 and 1.3.0), wrapped as the first plugin's failure.
    expect(plan({ ...chain, name: 'my net' }, inputs(), 'ADD', { validator }).skipped?.reason).toContain(`plugin type="${String((chain.plugins as JsonObject[])[0]!.type)}" failed (add): invalid characters found in network name; my net`);
    expect(plan({ ...chain, name: '' }, inputs(), 'ADD', { validator }).skipped?.reason).toContain(`plugin type="${String((chain.plugins as JsonObject[])[0]!.type)}" failed (add): missing network name:`);
    expect(plan(chain, inputs({ containerId: 'bad id' }), 'DEL', { validator }).notes.some((n) => n.severity === 'error' && n.field === 'containerId')).toBe(true);
  });

  it('accepts capability arguments with the PascalCase keys containerd sends, and injects them as given', () => {
    const caps = { portMappings: [{ HostPort: 8080, ContainerPort: 80, Protocol: 'tcp', HostIP: '' }] };
    const p = plan(chain, inputs({ capabilityArgs: caps }), 'ADD', { validator });
    expect(p.notes.filter((n) => n.field === 'capabilityArgs')).toEqual([]);
    expect((p.invocations[1]!.stdin.runtimeConfig as JsonObject).portMappings).toEqual(caps.portMappings);
    const half = plan(chain, inputs({ capabilityArgs: { bandwidth: { IngressRate: 1000 } } }), 'ADD', { validator });
    expect(half.notes.map((n) => n.message).join('\n')).toContain('ingressRate is set without ingressBurst');
    const bad = plan(chain, inputs({ capabilityArgs: { portMappings: [{ hostPort: 'x', containerPort: 80 }] } }), 'ADD', { validator });
    expect(bad.notes.map((n) => n.message).join('\n')).toContain('hostPort must be a whole number');
  });

  it('warns about capabilities supplied but undeclared, declared but not supplied, and strict CNI_ARGS', () => {
    const p = plan(chain, inputs({ capabilityArgs: { bandwidth: { ingressRate: 1000, ingressBurst: 1000 } }, cniArgs: [['K8S_POD_NAME', 'web']] }), 'ADD', { validator });
    const text = p.notes.map((n) => `${n.severity}: ${n.message}`).join('\n');
    expect(text).toContain('warning: "bandwidth" is supplied but no plugin declares the capability');
    expect(text).toContain('info: portmap (2) declares the "portMappings" capability, but the runtime supplies none here.');
    expect(text).toContain('bridge parses CNI_ARGS strictly and fails with "ARGS: unknown args ["K8S_POD_NAME=web"]"');
    expect(text).toContain('host-local parses CNI_ARGS strictly');
    const ok = plan(chain, inputs({ cniArgs: [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'web']] }), 'ADD', { validator });
    expect(ok.notes.filter((n) => n.field === 'cniArgs')).toEqual([]);
    // IgnoreUnknown is a boolean as the CNI library reads one: "TRUE" is true; "yes" fails the parse itself.
    const upper = plan(chain, inputs({ cniArgs: [['IgnoreUnknown', 'TRUE'], ['FOO', 'bar']] }), 'ADD', { validator });
    expect(upper.notes.filter((n) => n.field === 'cniArgs')).toEqual([]);
    const yes = plan(chain, inputs({ cniArgs: [['IgnoreUnknown', 'yes'], ['FOO', 'bar']] }), 'ADD', { validator });
    expect(yes.notes.filter((n) => n.field === 'cniArgs').map((n) => n.message)).toEqual([
      expect.stringContaining('bridge parses CNI_ARGS strictly and fails with "ARGS: error parsing value of pair "IgnoreUnknown=yes": boolean unmarshal error: invalid input yes"'),
      expect.stringContaining('host-local parses CNI_ARGS strictly and fails with "ARGS: error parsing value of pair'),
      expect.stringContaining('tuning parses CNI_ARGS strictly and fails with "ARGS: error parsing value of pair'),
    ]);
    // Port mappings the runtime passes: no protocol fails ADD; a host port taken twice is never reached.
    const pm: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }] };
    const noProtocol = plan(pm, inputs({ capabilityArgs: { portMappings: [{ hostPort: 18080, containerPort: 80 }] } }), 'ADD', { validator }).notes;
    expect(noProtocol.filter((n) => n.field === 'capabilityArgs').map((n) => `${n.severity} ${n.message}`)).toEqual([expect.stringMatching(/^error portMappings\[0\] has no protocol.*unknown protocol/)]);
    const twice = plan(pm, inputs({ capabilityArgs: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }, { hostPort: 18080, containerPort: 81, protocol: 'tcp' }] } }), 'ADD', { validator }).notes;
    expect(twice.filter((n) => n.field === 'capabilityArgs').map((n) => n.severity)).toEqual(['warning']);
    // A MAC= Go cannot parse.
    const zz = plan(chain, inputs({ cniArgs: [['IgnoreUnknown', '1'], ['MAC', 'zz:zz']] }), 'ADD', { validator }).notes;
    expect(zz.filter((n) => n.field === 'cniArgs').map((n) => n.message)).toEqual([
      expect.stringContaining('CNI_ARGS MAC= gives bridge "zz:zz", which is no MAC address: ADD fails ("address zz:zz: invalid MAC address")'),
      expect.stringContaining('CNI_ARGS MAC= gives tuning "zz:zz"'),
    ]);
    // A negative bandwidth limit fails the decoding, in Go's words.
    const bw: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'bandwidth', capabilities: { bandwidth: true } }] };
    expect(plan(bw, inputs({ capabilityArgs: { bandwidth: { egressRate: -5, egressBurst: 100 } } }), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message)).toEqual([expect.stringContaining('cannot unmarshal number -5 into Go struct field BandwidthEntry.runtimeConfig.bandwidth.egressRate of type uint64')]);
    // An interface name Linux gives no new link: the interface plugin fails ADD.
    const lo = plan(chain, inputs({ ifname: 'lo' }), 'ADD', { validator });
    expect(lo.notes.filter((n) => n.field === 'ifname').map((n) => n.message)).toEqual([expect.stringContaining('bridge makes the container\'s interface as "lo", and every network namespace already has lo: ADD fails ("container veth name provided (lo) already exists")')]);
    expect(plan(chain, inputs({ ifname: 'all' }), 'ADD', { validator }).notes.some((n) => n.field === 'ifname' && n.message.includes('invalid argument'))).toBe(true);
    expect(plan(chain, inputs({ ifname: 'net1' }), 'ADD', { validator }).notes.filter((n) => n.field === 'ifname')).toEqual([]);
    // The last one written decides.
    expect(plan(chain, inputs({ cniArgs: [['IgnoreUnknown', '1'], ['IgnoreUnknown', '0'], ['FOO', 'bar']] }), 'ADD', { validator }).notes.some((n) => n.message.includes('unknown args'))).toBe(true);
  });
});

describe('predicted results', () => {
  const addResult = (doc: JsonObject, extra: Partial<RuntimeInputs> = {}) => plan(doc, inputs(extra), 'ADD', { validator }).cachedResult!;
  it('static and requested IPs, and runtime ipRanges come first', () => {
    expect(addResult({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.10.0.5/24', gateway: '10.10.0.1' }] } }] }).ips).toEqual([{ address: '10.10.0.5/24', gateway: '10.10.0.1', interface: 0 }]);
    const hl = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', capabilities: { ips: true, ipRanges: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }] };
    expect((addResult(hl, { capabilityArgs: { ips: ['10.1.0.42'] } }).ips as JsonObject[])[0]!.address).toBe('10.1.0.42/24');
    expect((addResult(hl, { capabilityArgs: { ipRanges: [[{ subnet: '192.168.7.0/24' }]] } }).ips as JsonObject[]).map((i) => i.address)).toEqual(['192.168.7.2/24', '10.1.0.2/24']);
  });
  it('a passthru macvlan gets its master\'s MAC, not the one it asks for (Linux sets it when the link is made)', () => {
    const doc = (mode: string) => ({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'macvlan', master: 'eth1', mode, mac: '02:00:00:00:00:09' }] });
    expect((addResult(doc('bridge')).interfaces as JsonObject[])[0]!.mac).toBe('02:00:00:00:00:09');
    const p = plan(doc('passthru'), inputs(), 'ADD', { validator });
    expect((p.cachedResult!.interfaces as JsonObject[])[0]!.mac).not.toBe('02:00:00:00:00:09');
    expect(JSON.stringify(p)).toContain("The MAC is the master's (eth1): a passthru macvlan takes it from its master, so 02:00:00:00:00:09 is not applied.");
  });
  it('host-local\'s resolvConf: dns shown empty, with a note saying who keeps the file\'s at run time', () => {
    const doc = (type: string, extra: JsonObject = {}) => ({ cniVersion: '1.0.0', name: 'n', plugins: [{ type, master: 'eth0', ...extra, ipam: { type: 'host-local', subnet: '10.201.9.0/24', resolvConf: '/etc/resolv.conf' } }] });
    const text = (d: JsonObject, profile?: { libcni: string; plugins: string }) => plan(d, inputs(), 'ADD', { validator, ...(profile ? { profile } : {}) }).predictionNotes.join('\n');
    expect(addResult(doc('ptp')).dns ?? {}).toEqual({});
    expect(text(doc('ptp'))).toContain('host-local fills dns from /etc/resolv.conf at run time (its nameservers, domain, search and options), and ptp keeps it in its result');
    expect(text(doc('bridge'))).toContain('and bridge keeps it in its result');
    expect(text(doc('bridge'), { libcni: '1.1.2', plugins: '1.1.1' })).toContain('but bridge returns only its own "dns": the file\'s is dropped');
    expect(text(doc('macvlan'))).toContain('but macvlan returns only its own');
    expect(text(doc('ptp', { dns: { nameservers: ['10.0.0.53'] } }))).toContain('but ptp returns its own "dns", as it sets one');
    expect(text({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.201.9.0/24' } }] })).not.toContain('fills dns');
  });
  it('leave out what a broken config does not give (found by the fuzz test)', () => {
    // A static address without "address", and bridge as default gateway with no gateway given: it takes
    // the first address of the network, as bridge's calcGateways does (the real plugins agree: fidelity.test.ts).
    const doc: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', isDefaultGateway: true, ipam: { type: 'static', addresses: [{ gateway: '10.10.0.1' }, { address: '10.10.0.5/24' }] } }] };
    for (const op of ['ADD', 'CHECK', 'DEL'] as const) {
      const p = plan(doc, inputs(), op, { validator });
      for (const i of p.invocations) expect(i.stdinText).not.toContain('undefined');
    }
    expect(addResult(doc).ips).toEqual([{ address: '10.10.0.5/24', gateway: '10.10.0.1', interface: 2 }]);
    expect(addResult(doc).routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.10.0.1' }]);
  });
  it('are shaped for the list version', () => {
    const r: JsonObject = { interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.2/24', gateway: '10.1.0.1', interface: 0 }, { address: 'fd00::2/64', interface: 0 }], dns: {} };
    expect(convertResult(r, '0.4.0').ips).toEqual([{ version: '4', address: '10.1.0.2/24', gateway: '10.1.0.1', interface: 0 }, { version: '6', address: 'fd00::2/64', interface: 0 }]);
    expect(convertResult(r, '0.2.0')).toEqual({ cniVersion: '0.2.0', ip4: { ip: '10.1.0.2/24', gateway: '10.1.0.1' }, ip6: { ip: 'fd00::2/64' }, dns: {} });
  });
});
