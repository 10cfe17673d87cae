// The runtime's inputs (CNI_ARGS, capability args, runtime addresses and port mappings) as the real plugins
// take them, and what the plan says when they would refuse them: each case seen against the binaries
// (Debian's 1.1.1, and an outside tester's runs). plan.test.ts has stdin, the environment and the walk.
import { describe, expect, it } from 'vitest';
import { plan } from './plan';
import { DEFAULT_INPUTS, ifnameProblem, containerIdProblem, parseCapabilityArgs, parseCniArgs, type RuntimeInputs } from './inputs';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import type { JsonObject, JsonValue } from '../model/types';
import { DEFAULT_PROFILE, type RuntimeProfile } from '../profiles/profile';

const validator = createValidator(loadSchemas());
const inputs = (extra: Partial<RuntimeInputs> = {}): RuntimeInputs => ({ ...DEFAULT_INPUTS, ...extra });



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
