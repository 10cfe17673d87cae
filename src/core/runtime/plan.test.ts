import { describe, expect, it } from 'vitest';
import { buildEnv, buildStdin, plan } from './plan';
import { goMarshal } from './go-json';
import { DEFAULT_INPUTS, ifnameProblem, containerIdProblem, parseCapabilityArgs, parseCniArgs, type RuntimeInputs } from './inputs';
import { convertResult } from './predict';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import type { JsonObject, JsonValue } from '../model/types';
import { DEFAULT_PROFILE, type RuntimeProfile } from '../profiles/profile';

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

describe('runtime input parsing', () => {
  it('follows cnitool and skel', () => {
    expect(parseCniArgs('IgnoreUnknown=1;K8S_POD_NAME=web')).toEqual({ ok: true, pairs: [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'web']] });
    expect(parseCniArgs('A=b=c')).toMatchObject({ ok: false });
    expect(parseCniArgs('A=')).toMatchObject({ ok: false });
    expect(parseCapabilityArgs('{"mac": null}')).toEqual({ ok: true, value: { mac: null } }); // handed on inside runtimeConfig
    expect(parseCapabilityArgs('[1]')).toMatchObject({ ok: false });
    expect(ifnameProblem('eth0')).toBeUndefined();
    expect(ifnameProblem('é'.repeat(8))).toContain('longer than 15 bytes');
    expect(ifnameProblem('a b')).toContain('white space');
    expect(containerIdProblem('')).toContain('missing containerID');
  });
});

describe('keys in another case', () => {
  it('runs the plugin "Type" names, with its config as written, and injects what "Capabilities" declares', () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ Type: 'ptp', IPAM: { Type: 'static', addresses: [{ address: '10.1.0.5/24', gateway: '10.1.0.1' }] } }, { Type: 'tuning', Capabilities: { mac: true } }] };
    const p = plan(conflist, inputs({ capabilityArgs: { mac: 'c2:00:00:00:00:01' } }), 'ADD', { validator });
    expect(p.invocations.map((i) => i.type)).toEqual(['ptp', 'tuning']);
    // libcni passes the bytes as written (sorted), with its own keys added.
    expect(Object.keys(p.invocations[0]!.stdin)).toEqual(['IPAM', 'Type', 'cniVersion', 'name']);
    expect(p.invocations[1]!.stdin.runtimeConfig).toEqual({ mac: 'c2:00:00:00:00:01' });
    // Predicted from the config as ptp decodes it: the address static gives.
    expect(JSON.stringify(p.cachedResult)).toContain('10.1.0.5/24');
    expect(p.notes.filter((n) => n.severity !== 'info')).toEqual([]);
  });
});

describe('addresses static refuses', () => {
  const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', capabilities: { ips: true }, ipam: { type: 'static' } }] };
  const errors = (extra: Partial<RuntimeInputs>) => plan(conflist, inputs(extra), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  it('says what static says of an address without a prefix, and nothing about gateways it never reaches', () => {
    expect(errors({ capabilityArgs: { ips: ['10.1.0.5'] } })).toEqual([expect.stringContaining(`("an entry in the 'ips' field is NOT in CIDR notation, got: '10.1.0.5'")`)]);
    // CNI_ARGS IP= is parsed first, in its own words.
    expect(errors({ cniArgs: [['IP', '10.1.0.5/24, 10.1.0.6']], capabilityArgs: { ips: ['10.1.0.7'] } })).toEqual([expect.stringContaining(`("the 'ip' field is expected to be in CIDR notation, got: '10.1.0.6'")`)]);
    expect(errors({ capabilityArgs: { ips: ['10.1.0.5/24'] } })).toEqual([expect.stringContaining('without a gateway')]);
  });
});

describe('addresses host-local refuses (each seen on Debian 1.1.1)', () => {
  const conflist = (ranges: JsonObject[][]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', capabilities: { ips: true }, ipam: { type: 'host-local', ranges } }] });
  const errors = (ranges: JsonObject[][], ips: string[]) => plan(conflist(ranges), inputs({ capabilityArgs: { ips } }), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  const v4 = [[{ subnet: '10.1.0.0/24' }]];
  it('not the network address, nor the IPv4 broadcast: outside the range, which starts at .1 and ends before it', () => {
    expect(errors(v4, ['10.1.0.0/24'])).toEqual([expect.stringContaining('("failed to allocate all requested IPs: 10.1.0.0")')]);
    expect(errors(v4, ['10.1.0.255/24'])).toEqual([expect.stringContaining('("failed to allocate all requested IPs: 10.1.0.255")')]);
    expect(errors(v4, ['10.1.0.254/24'])).toEqual([]);
    // IPv6 has no broadcast: its last address is handed out; its network address is not. Go prints it short.
    expect(errors([[{ subnet: 'fd00::/120' }]], ['fd00::ff/120'])).toEqual([]);
    expect(errors([[{ subnet: 'fd00::/120' }]], ['fd00:0:0::0/120'])).toEqual([expect.stringContaining('("failed to allocate all requested IPs: fd00::")')]);
  });
  it("the gateway, the range's own or its default", () => {
    expect(errors(v4, ['10.1.0.1/24'])).toEqual([expect.stringContaining(`("failed to allocate for range 0: requested ip 10.1.0.1 is subnet's gateway")`)]);
    expect(errors([[{ subnet: '10.1.0.0/24', gateway: '10.1.0.254' }]], ['10.1.0.1/24'])).toEqual([]);
    expect(errors([[{ subnet: '10.2.0.0/24' }], [{ subnet: '10.1.0.0/24', gateway: '10.1.0.9' }]], ['10.1.0.9'])).toEqual([expect.stringContaining(`("failed to allocate for range 1: requested ip 10.1.0.9 is subnet's gateway")`)]);
  });
  it('one address per range set: a second one in the same set is left over', () => {
    expect(errors(v4, ['10.1.0.5/24', '10.1.0.6/24'])).toEqual([expect.stringContaining('("failed to allocate all requested IPs: 10.1.0.6")')]);
    const p = plan(conflist([[{ subnet: '10.2.0.0/16' }, { subnet: '10.1.0.0/24', gateway: '10.1.0.9' }]]), inputs({ capabilityArgs: { ips: ['10.1.0.5'] } }), 'ADD', { validator });
    // The address takes its own range's prefix and gateway, not the set's first range's.
    expect(JSON.stringify(p.cachedResult)).toContain('"address":"10.1.0.5/24","gateway":"10.1.0.9"');
  });
});

describe('ptp with runtime addresses sharing a gateway (seen on Debian 1.1.1)', () => {
  const errors = (conflist: JsonObject, cniArgs: [string, string][]) => plan(conflist, inputs({ cniArgs }), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  const bare: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'static' } }] };
  it('two CNI_ARGS IP= addresses under one GATEWAY= fail; each with its own does not', () => {
    expect(errors(bare, [['IP', '10.77.0.5/24,10.77.0.6/24'], ['GATEWAY', '10.77.0.1']])).toEqual([expect.stringContaining('("failed to add route {… Dst: 10.77.0.1/32 Src: 10.77.0.6 …}: file exists")')]);
    expect(errors(bare, [['IP', '10.77.0.5/24,10.78.0.5/24'], ['GATEWAY', '10.77.0.1,10.78.0.1']])).toEqual([]);
  });
  it("an IP= address with the gateway of the file's own address fails too; the file's own pair is CNI435's", () => {
    const withOne: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.77.0.5/24', gateway: '10.77.0.1' }] } }] };
    expect(errors(withOne, [['IP', '10.77.0.6/24'], ['GATEWAY', '10.77.0.1']])).toEqual([expect.stringContaining('10.77.0.5/24 and 10.77.0.6/24 with the same gateway 10.77.0.1')]);
    const pair: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.77.0.5/24', gateway: '10.77.0.1' }, { address: '10.78.0.6/24', gateway: '10.77.0.1' }] } }] };
    expect(errors(pair, [])).toEqual([]);
  });
});

describe('the MAC each plugin sets, from the sources it reads (loadConf, 1.1.1 to 1.9.1)', () => {
  const macs = (plugins: JsonObject[], extra: Partial<RuntimeInputs> = {}) => {
    const p = plan({ cniVersion: '1.0.0', name: 'n', plugins }, inputs(extra), 'ADD', { validator });
    // The container interface's MAC in each plugin's predicted result.
    return p.results.map((r) => ((r as JsonObject | undefined)?.interfaces as JsonObject[] | undefined)?.find((i) => i.name === 'eth0')?.mac);
  };
  const macvlan: JsonObject = { type: 'macvlan', master: 'eth1', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24' }] } };
  it('CNI_ARGS MAC= wins over the config\'s mac, for macvlan and tuning alike (an outside tester saw both results say it on Debian\'s 1.1.1)', () => {
    const cniArgs: [string, string][] = [['IgnoreUnknown', '1'], ['MAC', '02:33:44:55:66:77']];
    expect(macs([macvlan, { type: 'tuning', mac: '02:11:22:33:44:55' }], { cniArgs })).toEqual(['02:33:44:55:66:77', '02:33:44:55:66:77']);
    // runtimeConfig.mac wins over both; tuning's args.cni.mac over everything.
    expect(macs([{ ...macvlan, capabilities: { mac: true } }, { type: 'tuning', capabilities: { mac: true }, args: { cni: { mac: '02:00:00:00:00:09' } } }], { cniArgs, capabilityArgs: { mac: '02:00:00:00:00:08' } })).toEqual(['02:00:00:00:00:08', '02:00:00:00:00:09']);
  });
  it('a "mac" key a plugin has not is not its MAC: bridge reads only the runtime\'s and args.cni.mac, ptp none', () => {
    const ipam = { type: 'static', addresses: [{ address: '10.1.0.5/24', gateway: '10.1.0.1' }] };
    const [bridgeMac] = macs([{ type: 'bridge', mac: '02:00:00:00:00:07', ipam }]);
    expect(bridgeMac).not.toBe('02:00:00:00:00:07');
    expect(macs([{ type: 'bridge', args: { cni: { mac: '02:00:00:00:00:06' } }, ipam }])).toEqual(['02:00:00:00:00:06']);
    expect(macs([{ type: 'ptp', mac: '02:00:00:00:00:05', ipam }])[0]).not.toBe('02:00:00:00:00:05');
  });
});

describe('CNI_ARGS and runtime addresses as static and host-local 1.1.1 read them (each run against the binaries)', () => {
  const result = (conflist: JsonObject, extra: Partial<RuntimeInputs>) => plan(conflist, inputs(extra), 'ADD', { validator });
  const errors = (conflist: JsonObject, extra: Partial<RuntimeInputs>) => result(conflist, extra).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  const ips = (conflist: JsonObject, extra: Partial<RuntimeInputs>) => JSON.stringify(((result(conflist, extra).cachedResult as JsonObject).ips as JsonObject[]).map(({ address, gateway }) => ({ address, gateway })));
  const hostLocal: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', capabilities: { ips: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }] };
  const staticList = (addresses: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'static', addresses } }] });
  it('a repeated IP= is one request, the last (types.LoadArgs sets the field once per pair)', () => {
    const extra = { cniArgs: [['IgnoreUnknown', '1'], ['IP', '10.1.0.7'], ['IP', '10.1.0.8']] as [string, string][] };
    expect(errors(hostLocal, extra)).toEqual([]);
    expect(ips(hostLocal, extra)).toContain('10.1.0.8/24');
  });
  it("an address Go cannot decode fails the config's decoding, ADD and DEL alike", () => {
    expect(errors(hostLocal, { capabilityArgs: { ips: ['abc'] } })).toEqual([expect.stringContaining('("invalid IP address abc")')]);
  });
  it("static's GATEWAY= reaches the IP= addresses only: the configured ones are not parsed yet when it is read", () => {
    const extra = { cniArgs: [['IgnoreUnknown', '1'], ['GATEWAY', '10.99.36.254,10.99.38.1']] as [string, string][] };
    expect(ips(staticList([{ address: '10.99.36.5/24', gateway: '10.99.36.1' }, { address: '10.99.38.5/24' }]), extra)).toBe('[{"address":"10.99.36.5/24","gateway":"10.99.36.1"},{"address":"10.99.38.5/24"}]');
    expect(ips(staticList([{ address: '10.99.36.5/24' }]), { cniArgs: [['IgnoreUnknown', '1'], ['IP', '10.99.36.9/24'], ['GATEWAY', '10.99.36.254']] })).toBe('[{"address":"10.99.36.5/24"},{"address":"10.99.36.9/24","gateway":"10.99.36.254"}]');
    expect(errors(staticList([{ address: '10.99.36.5/24' }]), { cniArgs: [['IgnoreUnknown', '1'], ['IP', '10.99.36.9/24'], ['GATEWAY', 'bogus']] })).toEqual([expect.stringContaining('("invalid gateway address: bogus")')]);
  });
  it('two addresses asked in one range set: which one is left over is Go\'s map order, and a note says so', () => {
    const p = result(hostLocal, { capabilityArgs: { ips: ['10.1.0.50', '10.1.0.51'] } });
    expect(p.notes.map((n) => n.message).join('\n')).toContain("which one it takes follows Go's map order");
  });
});

describe('static with no address at all (seen with Debian 1.1.1)', () => {
  it('fails bridge\'s ADD when the runtime passes none either; not when it passes one', () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', capabilities: { ips: true }, ipam: { type: 'static' } }] };
    const errors = (extra: Partial<RuntimeInputs>) => plan(conflist, inputs(extra), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
    expect(errors({})).toEqual([expect.stringContaining('("IPAM plugin returned missing IP config")')]);
    expect(errors({ capabilityArgs: { ips: ['10.1.0.5/24'] } })).toEqual([]);
  });
});

describe("ptp with static addresses replaced by args.cni.ips (seen with Debian 1.1.1)", () => {
  it('fails as the runtime\'s bare addresses do: args.cni.ips drop the configured gateways', () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', args: { cni: { ips: ['10.99.37.7/24'] } }, ipam: { type: 'static', addresses: [{ address: '10.99.37.5/24', gateway: '10.99.37.1' }] } }] };
    expect(plan(conflist, inputs({}), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message)).toEqual([expect.stringContaining('gives ptp 10.99.37.7/24 from the runtime (or args.cni.ips) without a gateway')]);
  });
});

describe("the runtime's ipRanges as host-local loads them (an outside tester's runs on Debian 1.1.1)", () => {
  const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', capabilities: { ipRanges: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.20.0/24' }], [{ subnet: 'fd99:20::/64' }]] } }] };
  const errors = (ipRanges: JsonValue) => plan(conflist, inputs({ capabilityArgs: { ipRanges } }), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  it("refuses what Range.Canonicalize refuses, and a set overlapping another, in host-local's words", () => {
    expect(errors([[{ subnet: '10.99.20.0/25' }]])).toEqual([expect.stringContaining('("range set 0 overlaps with 1")')]);
    expect(errors([[{ subnet: '10.99.22.5/24' }]])).toEqual([expect.stringContaining('("invalid range set 0: Network has host bits set. For a subnet mask of length 24 the network address is 10.99.22.0")')]);
    expect(errors([[{ subnet: '10.99.22.0/24', rangeStart: '10.99.23.1' }]])).toEqual([expect.stringContaining('("invalid range set 0: RangeStart 10.99.23.1 not in network 10.99.22.0/24")')]);
    expect(errors([[]])).toEqual([expect.stringContaining('("invalid range set 0: empty range set")')]);
    expect(errors([{ subnet: '10.99.22.0/24' }])).toEqual([expect.stringContaining('("json: cannot unmarshal object into Go struct field .runtimeConfig.ipRanges of type allocator.RangeSet")')]);
    expect(errors([[{ subnet: '10.99.22.0/24' }]])).toEqual([]);
  });
});

describe('spec 0.2.0: one address per family, when the runtime gives the second (run against Debian 1.1.1)', () => {
  const errors = (conflist: JsonObject, extra: Partial<RuntimeInputs>, op: 'ADD' | 'DEL' = 'ADD') => plan(conflist, inputs(extra), op, { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  const refusal = '("CNI version 0.2.0 does not support more than 1 address per family")';
  it("static refuses a CNI_ARGS IP= beside the file's address; one address each of IPv4 and IPv6 is fine", () => {
    const conflist: JsonObject = { cniVersion: '0.2.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.9.0.2/24', gateway: '10.9.0.1' }] } }] };
    expect(errors(conflist, { cniArgs: [['IP', '10.9.1.2/24'], ['GATEWAY', '10.9.1.1']] })).toEqual([expect.stringContaining(refusal)]);
    expect(errors(conflist, { cniArgs: [['IP', 'fd00::2/64'], ['GATEWAY', 'fd00::1']] })).toEqual([]);
    // static's DEL reads nothing: it goes through.
    expect(errors(conflist, { cniArgs: [['IP', '10.9.1.2/24'], ['GATEWAY', '10.9.1.1']] }, 'DEL')).toEqual([]);
  });
  it("host-local refuses a runtime range set beside the file's, ADD and DEL alike (it counts sets as it loads its config)", () => {
    const conflist: JsonObject = { cniVersion: '0.2.0', name: 'n', plugins: [{ type: 'bridge', capabilities: { ipRanges: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.9.0.0/24' }]] } }] };
    const ipRanges = [[{ subnet: '10.9.1.0/24' }]];
    expect(errors(conflist, { capabilityArgs: { ipRanges } })).toEqual([expect.stringContaining(refusal)]);
    expect(errors(conflist, { capabilityArgs: { ipRanges } }, 'DEL')).toEqual([expect.stringMatching(/DEL fails as ADD does.*does not support more than 1 address/)]);
    expect(errors({ ...conflist, cniVersion: '0.3.1' }, { capabilityArgs: { ipRanges } })).toEqual([]);
  });
});

describe('what DEL meets of the inputs ADD refuses (run against Debian 1.1.1)', () => {
  const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', capabilities: { ips: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }] };
  const errors = (ips: string[], op: 'ADD' | 'DEL') => plan(conflist, inputs({ capabilityArgs: { ips } }), op, { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  it('an allocation refused fails ADD alone; an address Go cannot decode fails DEL too', () => {
    expect(errors(['10.1.0.1/24'], 'ADD')).toHaveLength(1);
    expect(errors(['10.1.0.1/24'], 'DEL')).toEqual([]);
    expect(errors(['abc'], 'DEL')).toEqual([expect.stringContaining('DEL fails as ADD does ("invalid IP address abc")')]);
  });
});

describe('ptp with a bare IPv6 address from the runtime (run against Debian 1.1.1)', () => {
  it("fails on the container's route to no gateway, before the IPv4 one reaches the host end", () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', capabilities: { ips: true }, ipam: { type: 'static' } }] };
    const errors = (ips: string[]) => plan(conflist, inputs({ capabilityArgs: { ips } }), 'ADD', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
    expect(errors(['10.9.0.2/24', 'fd00:0::2/64'])).toEqual([expect.stringContaining('("failed to add route {… Dst: <nil> Src: fd00::2 …}: invalid argument")')]);
    expect(errors(['10.9.0.2/24'])).toEqual([expect.stringContaining('numerical result out of range')]);
  });
});

describe("the runtime's port mappings as portmap and iptables take them (an outside tester's runs on Debian 1.1.1)", () => {
  const pm = (extra: JsonObject = {}): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true }, ...extra }] });
  const notes = (portMappings: JsonValue, conflist = pm(), profile?: RuntimeProfile) => plan(conflist, inputs({ capabilityArgs: { portMappings } }), 'ADD', { validator, ...(profile ? { profile } : {}) }).notes.filter((n) => n.field === 'capabilityArgs').map((n) => `${n.severity}: ${n.message}`);
  it('a value of the wrong JSON type fails the decoding, ADD, CHECK and DEL alike: an error', () => {
    expect(notes([{ hostPort: '18086', containerPort: 80, protocol: 'tcp' }])).toEqual([expect.stringMatching(/^error: portMappings\[0\]\.hostPort must be a whole number.*ADD, CHECK and DEL fail alike\.$/)]);
  });
  it('a port above 65535 passes portmap and fails in iptables, in its words', () => {
    expect(notes([{ hostPort: 70000, containerPort: 80, protocol: 'tcp' }])).toEqual([expect.stringContaining(`("unable to setup DNAT: … invalid port/service '70000' specified")`)]);
    expect(notes([{ hostPort: 18087, containerPort: 70000, protocol: 'tcp' }])).toEqual([expect.stringContaining(`("unable to setup DNAT: … Port '70000' not valid")`)]);
  });
  it('"TCP" works through iptables (a note); through the nftables backend of 1.6.0 on it fails', () => {
    expect(notes([{ hostPort: 18088, containerPort: 80, protocol: 'TCP' }])).toEqual([expect.stringMatching(/^info: .*iptables reads it as tcp, so this works/)]);
    const nft = { ...DEFAULT_PROFILE, plugins: '1.9.1' };
    expect(notes([{ hostPort: 18088, containerPort: 80, protocol: 'TCP' }], pm({ backend: 'nftables' }), nft)).toEqual([expect.stringMatching(/^error: .*nft knows only "tcp"/)]);
  });
  it('"6" is tcp to iptables (a security tester saw its DNAT rule made): a note, not a failure; the nftables backend fails on it', () => {
    expect(notes([{ hostPort: 18089, containerPort: 80, protocol: '6' }])).toEqual([expect.stringMatching(/^info: .*"6": iptables reads it as tcp, so this works/)]);
    expect(notes([{ hostPort: 18089, containerPort: 80, protocol: '6' }], pm({ backend: 'nftables' }), { ...DEFAULT_PROFILE, plugins: '1.9.1' })).toEqual([expect.stringMatching(/^error: .*nft knows only "tcp"/)]);
    expect(notes([{ hostPort: 18089, containerPort: 80, protocol: 'dccp' }])).toEqual([expect.stringContaining('is not tcp, udp or sctp')]);
  });
});

describe('CHECK failures that hang on the runtime (an outside tester\'s runs on Debian 1.1.1)', () => {
  const old = { libcni: '1.1.2', plugins: '1.1.1' };
  const errors = (plugins: JsonObject[], capabilityArgs: JsonObject, profile = old) => plan({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, ...plugins] }, inputs({ capabilityArgs }), 'CHECK', { validator, profile }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  it('bandwidth before 1.9.1 with no limits at all panics at CHECK; with limits passed, or in 1.9.1, it does not', () => {
    const bw = { type: 'bandwidth', capabilities: { bandwidth: true } };
    expect(errors([bw], {})).toEqual([expect.stringContaining('CHECK panics')]);
    expect(errors([bw], { bandwidth: { ingressRate: 1000000, ingressBurst: 100000 } })).toEqual([]);
    expect(errors([bw], {}, { libcni: '1.3.0', plugins: '1.9.1' })).toEqual([]);
  });
  it("bandwidth's limits in the file's own runtimeConfig are limits (the upstream chained-bridge-bandwidth test), unless the runtime's arguments replace it", () => {
    // Seen by an outside tester: cnitool 1.1.2 with Debian's 1.1.1, ADD, CHECK and DEL pass.
    const bw = { type: 'bandwidth', runtimeConfig: { bandWidth: { ingressRate: 8000, ingressBurst: 16000, egressRate: 16000, egressBurst: 16000 } } };
    expect(errors([bw], {})).toEqual([]);
    expect(errors([{ ...bw, capabilities: { bandwidth: true } }], {})).toEqual([]);
    // A capability of another name passed: libcni writes runtimeConfig anew, without the file's bandwidth.
    expect(errors([{ ...bw, capabilities: { portMappings: true } }], { portMappings: [] })).toEqual([expect.stringContaining("the runtime's arguments replace the file's runtimeConfig")]);
  });
  it('portmap before 1.3.0 given port mappings fails CHECK', () => {
    const pm = { type: 'portmap', capabilities: { portMappings: true } };
    expect(errors([pm], { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }] })).toEqual([expect.stringContaining('could not check ipv6 dnat')]);
    expect(errors([pm], {})).toEqual([]);
  });
});

describe("the runtime's port mappings at DEL (run against Debian 1.1.1's portmap)", () => {
  const pm: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }] };
  const errors = (portMappings: JsonValue) => plan(pm, inputs({ capabilityArgs: { portMappings } }), 'DEL', { validator }).notes.filter((n) => n.severity === 'error').map((n) => n.message);
  it('a port of 0 fails as portmap reads its config, DEL too; an unknown protocol is ADD\'s iptables rule alone', () => {
    expect(errors([{ hostPort: 0, containerPort: 80, protocol: 'tcp' }])).toEqual([expect.stringContaining('DEL fails as ADD does ("failed to parse config: Invalid host port number: 0")')]);
    expect(errors([{ hostPort: 18080, containerPort: 80, protocol: 'bogus' }])).toEqual([]);
    expect(errors([{ hostPort: 70000, containerPort: 80, protocol: 'tcp' }])).toEqual([]);
  });
});

describe("a list version the profile's plugins refuse (an outside tester: the preview showed the chain running)", () => {
  it('is an error note on each plugin that refuses it, for every operation', () => {
    const conflist: JsonObject = { cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'tuning' }] };
    const old = { libcni: '1.1.2', plugins: '1.1.1' };
    const notes = (op: 'ADD' | 'DEL') => plan(conflist, inputs(), op, { validator, profile: old }).notes.filter((n) => n.severity === 'error');
    expect(notes('ADD').map((n) => n.pluginIndex)).toEqual([undefined, 0, 0, 1]);
    expect(notes('ADD')[1]!.message).toContain('ptp 1.1.1 refuses spec 1.1.0: every call fails');
    // DEL meets the plugins' refusal, not libcni's reading of a result.
    expect(notes('DEL')).toHaveLength(3);
    expect(plan(conflist, inputs(), 'ADD', { validator, profile: { libcni: '1.3.0', plugins: '1.9.1' } }).notes.filter((n) => n.severity === 'error')).toEqual([]);
  });
});

describe('GC and STATUS the runtime refuses (an outside tester: notes about what would not run)', () => {
  it('keep only the errors, and no prediction notes', () => {
    const conflist: JsonObject = { cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }] };
    const gc = plan(conflist, inputs(), 'GC', { validator, profile: { libcni: '1.1.2', plugins: '1.9.1' } });
    expect(gc.skipped?.reason).toContain('libcni 1.1.2');
    expect(gc.notes.filter((n) => n.severity !== 'error')).toEqual([]);
    expect(gc.predictionNotes).toEqual([]);
    // Where it runs, they are there.
    expect(plan(conflist, inputs(), 'GC', { validator, profile: { libcni: '1.3.0', plugins: '1.9.1' } }).predictionNotes.length).toBeGreaterThan(0);
  });
});
