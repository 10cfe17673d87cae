// Results as Go's typed Result structs print them and libcni reads them, and the predictions built on that
// (measured against Debian's plugins 1.1.1; cni-reference §3.5).
import { describe, expect, it } from 'vitest';
import { convertTypedResult, libcniReadsResult, typedResult, undecodableResult, unreadableResult } from './go-result';
import { plan } from './plan';
import { DEFAULT_INPUTS } from './inputs';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import type { JsonObject } from '../model/types';
import { ifbName } from '../plugins/bandwidth';

const validator = createValidator(loadSchemas());
const debian = { libcni: '1.1.2', plugins: '1.1.1' };

describe('typed results', () => {
  it('leave out unknown keys and empty lists; dns by library generation', () => {
    const r = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mac: '', mtu: 1400, extra: 1 }], ips: [], routes: [{ dst: '0.0.0.0/0', priority: 5 }], extra: true };
    expect(typedResult(r, '1.0.0', false)).toEqual({ cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], routes: [{ dst: '0.0.0.0/0' }], dns: {} });
    expect(typedResult(r, '1.0.0', true)).toEqual({ cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mtu: 1400 }], routes: [{ dst: '0.0.0.0/0', priority: 5 }] });
    // 0.x results always print dns, whatever the library.
    expect(typedResult({ cniVersion: '0.4.0' }, '0.4.0', true)).toEqual({ cniVersion: '0.4.0', dns: {} });
  });

  it('the 1.2+ library prints 1.x results with every key in byte order (a Go map), the older one in struct order (measured with cnitool 1.1.2 and 1.2.3)', () => {
    const r = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mac: 'a6:37:a4:e1:54:91', sandbox: '/run/netns/x' }], ips: [{ interface: 0, address: '10.1.0.2/24', gateway: '10.1.0.1' }], dns: { nameservers: ['10.1.0.1'] } };
    const keys = (x: JsonObject) => JSON.stringify(x).match(/"\w+":/g)!.join('');
    expect(keys(typedResult(r, '1.0.0', true))).toBe('"cniVersion":"dns":"nameservers":"interfaces":"mac":"name":"sandbox":"ips":"address":"gateway":"interface":');
    expect(keys(typedResult(r, '1.0.0', false))).toBe('"cniVersion":"interfaces":"name":"mac":"sandbox":"ips":"interface":"address":"gateway":"dns":"nameservers":');
  });

  it('print addresses as Go decodes and prints them (measured with plugins 1.9.1: host-local hands on its routes so)', () => {
    const r = { cniVersion: '1.0.0', ips: [{ address: 'FD00:0:0:0::5/64', gateway: 'fd00:0::1', interface: 0 }, { address: '10.1.0.5/16' }], routes: [{ dst: '3ffe:ffff:0:01ff::1/64' }, { dst: '192.168.0.0/16', gw: '10.10.5.1' }, { dst: '::/0', gw: '3ffe:ffff:0:01ff:0:0:0:1' }, { dst: 'not an address' }] } as JsonObject;
    for (const newTypes of [false, true]) {
      const t = typedResult(r, '1.0.0', newTypes);
      expect(t.ips).toEqual([{ address: 'fd00::5/64', gateway: 'fd00::1', interface: 0 }, { address: '10.1.0.5/16' }]);
      // An IPNet keeps its host bits; one zero group is not compressed.
      expect(t.routes).toEqual([{ dst: '3ffe:ffff:0:1ff::1/64' }, { dst: '192.168.0.0/16', gw: '10.10.5.1' }, { dst: '::/0', gw: '3ffe:ffff:0:1ff::1' }, { dst: 'not an address' }]);
    }
    expect(typedResult({ cniVersion: '0.2.0', ip6: { ip: 'fd00:0::5/64', gateway: 'fd00:0::1', routes: [{ dst: 'fd01:0::/64' }] } }, '0.2.0', false).ip6).toEqual({ ip: 'fd00::5/64', gateway: 'fd00::1', routes: [{ dst: 'fd01::/64' }] });
  });
  it('convert between versions as pkg/types does', () => {
    const current: JsonObject = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', sandbox: '/x' }], ips: [{ interface: 0, address: '10.1.0.2/24', gateway: '10.1.0.1' }, { interface: 0, address: 'fd00::2/64' }], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }] };
    expect(convertTypedResult(current, '0.4.0', false).ips).toEqual([{ version: '4', interface: 0, address: '10.1.0.2/24', gateway: '10.1.0.1' }, { version: '6', interface: 0, address: 'fd00::2/64' }]);
    expect(convertTypedResult(current, '0.2.0', false)).toEqual({ cniVersion: '0.2.0', ip4: { ip: '10.1.0.2/24', gateway: '10.1.0.1', routes: [{ dst: '0.0.0.0/0' }] }, ip6: { ip: 'fd00::2/64', routes: [{ dst: '::/0' }] }, dns: {} });
    expect(convertTypedResult({ cniVersion: '0.4.0', ips: [{ version: '', address: '10.1.0.2/24' }] }, '1.0.0', true)).toEqual({ cniVersion: '1.0.0', ips: [{ address: '10.1.0.2/24' }] });
  });

  it('libcni reads an unconverted 1.x shape labelled 0.4.0 with "version": ""', () => {
    expect(libcniReadsResult({ cniVersion: '0.4.0', ips: [{ interface: 0, address: '127.0.0.1/8' }], dns: {} }, '0.4.0', true).ips).toEqual([{ version: '', interface: 0, address: '127.0.0.1/8' }]);
    // An empty cniVersion is the config's.
    expect(libcniReadsResult({ ips: [{ address: '10.1.0.2/24' }] }, '1.0.0', false)).toEqual({ cniVersion: '1.0.0', ips: [{ address: '10.1.0.2/24' }], dns: {} });
  });

  it("libcni fails on a result of a version its library does not implement (measured with real libcni 1.1.2 and plugins 1.6.2)", () => {
    // 1.1.x: results up to 1.0.0; 1.2 and newer: 1.1.0 too. The result's own version decides, else the config's.
    expect(unreadableResult({ cniVersion: '1.1.0' }, '1.1.0', false)).toBe('unsupported CNI result version "1.1.0"');
    expect(unreadableResult({ cniVersion: '1.1.0' }, '1.1.0', true)).toBeUndefined();
    expect(unreadableResult({}, '1.1.0', false)).toBe('unsupported CNI result version "1.1.0"');
    expect(unreadableResult({ cniVersion: '1.0.0' }, '1.1.0', false)).toBeUndefined();
    expect(unreadableResult({ cniVersion: '0.5.0' }, '1.0.0', true)).toBe('unsupported CNI result version "0.5.0"');
    expect(unreadableResult({ cniVersion: 7 } as unknown as JsonObject, '0.4.0', false)).toBeUndefined();
  });
});

const addPlan = (plugins: JsonObject[], cniVersion: string, profile = debian, extra = {}) => plan({ cniVersion, name: 'net', plugins }, { ...DEFAULT_INPUTS, containerId: 'ctr1', netns: '/run/netns/x', ...extra }, 'ADD', { validator, profile });

describe("prevResult's bytes in stdin, as real libcni sends them (recorded from cnitool 1.1.2 and 1.3.0)", () => {
  const prev = (p: ReturnType<typeof addPlan>) => /"prevResult":(\{.*\}),"type"/.exec(p.invocations[1]!.stdinText)![1]!;
  it('libcni 1.1 marshals the Result type: its struct order, dns last', () => {
    expect(prev(addPlan([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, { type: 'tuning' }], '1.0.0'))).toMatch(/^\{"cniVersion":"1.0.0","interfaces":\[\{"name":"veth00000000","mac":[^}]*\},\{"name":"eth0","mac":"[^"]*","sandbox":"\/run\/netns\/x"\}\],"ips":\[\{"interface":1,"address":"10.1.0.2\/24","gateway":"10.1.0.1"\}\],"dns":\{\}\}$/);
  });
  it('libcni 1.2+ marshals a 1.x Result through a map: sorted', () => {
    expect(prev(addPlan([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, { type: 'tuning' }], '1.0.0', { libcni: '1.3.0', plugins: '1.6.2' }))).toMatch(/^\{"cniVersion":"1.0.0","interfaces":\[\{"mac":"[^"]*","name":"veth00000000"\},\{"mac":"[^"]*","name":"eth0","sandbox":"\/run\/netns\/x"\}\],"ips":\[\{"address":"10.1.0.2\/24","gateway":"10.1.0.1","interface":1\}\]\}$/);
  });
  it('when it injects runtimeConfig it marshals the whole config again as a map: prevResult sorted too', () => {
    const p = addPlan([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, { type: 'tuning', capabilities: { mac: true } }], '1.0.0', debian, { capabilityArgs: { mac: '02:00:00:00:00:aa' } });
    expect(/"prevResult":(\{.*\}),"runtimeConfig"/.exec(p.invocations[1]!.stdinText)![1]).toMatch(/^\{"cniVersion":"1.0.0","dns":\{\},"interfaces":\[\{"mac":/);
  });
});

describe('predictions as the real plugins print them (Debian 1.1.1 measured)', () => {
  it('loopback: its own 1.x shape under the config version; libcni hands on "version": ""', () => {
    const p = addPlan([{ type: 'loopback' }, { type: 'portmap' }], '0.4.0');
    expect(p.results[0]).toEqual({ cniVersion: '0.4.0', interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: '/run/netns/x' }], ips: [{ interface: 0, address: '127.0.0.1/8' }, { interface: 0, address: '::1/128' }], dns: {} });
    expect((p.invocations[1]!.stdin.prevResult as JsonObject).ips).toEqual([{ version: '', interface: 0, address: '127.0.0.1/8' }, { version: '', interface: 0, address: '::1/128' }]);
    // Under 0.2.0 libcni finds no ip4/ip6 in it.
    expect(addPlan([{ type: 'loopback' }, { type: 'portmap' }], '0.2.0').invocations[1]!.stdin.prevResult).toEqual({ cniVersion: '0.2.0', dns: {} });
  });

  it('bridge without IPAM: no ips key at all', () => {
    const r = addPlan([{ type: 'bridge', bridge: 'br9' }], '1.0.0').results[0]!;
    expect(r).not.toHaveProperty('ips');
    expect(r).toMatchObject({ cniVersion: '1.0.0', dns: {} });
    // Plugins 1.6.0 and newer leave the empty dns out of 1.x results.
    expect(addPlan([{ type: 'bridge', bridge: 'br9' }], '1.0.0', { libcni: '1.3.0', plugins: '1.9.1' }).results[0]).not.toHaveProperty('dns');
  });

  it('bandwidth with egress shaping appends its ifb device, named from network and container id', () => {
    expect(ifbName('net', 'ctr1')).toMatch(/^bwp[0-9a-f]{12}$/);
    const plugins: JsonObject[] = [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'bandwidth', egressRate: 1000000, egressBurst: 100000 }];
    const r = addPlan(plugins, '0.4.0').results[1]!;
    expect((r.interfaces as JsonObject[]).map((i) => i.name)).toEqual(['veth00000000', 'eth0', ifbName('net', 'ctr1')]);
    // Ingress only: no ifb; no limits at all: the previous result printed back.
    expect((addPlan([plugins[0]!, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }], '0.4.0').results[1]!.interfaces as JsonObject[]).length).toBe(2);
  });

  it("result DNS: the config's for macvlan (the IPAM's dropped), the IPAM's for ptp unless the config sets one, bridge by release", () => {
    const ipam = { type: 'static', addresses: [{ address: '10.1.0.5/24' }], dns: { nameservers: ['9.9.9.9'] } };
    expect(addPlan([{ type: 'macvlan', master: 'eth0', ipam }], '1.0.0').results[0]!.dns).toEqual({});
    expect(addPlan([{ type: 'ptp', ipam }], '1.0.0').results[0]!.dns).toEqual({ nameservers: ['9.9.9.9'] });
    expect(addPlan([{ type: 'bridge', ipam }], '1.0.0').results[0]!.dns).toEqual({});
    expect(addPlan([{ type: 'bridge', ipam }], '1.0.0', { libcni: '1.3.0', plugins: '1.2.0' }).results[0]!.dns).toEqual({ nameservers: ['9.9.9.9'] });
  });

  it('tuning with a MAC converts the result and sets it on the interface of that name', () => {
    const r = addPlan([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'tuning', mac: 'c2:00:00:00:00:09' }], '1.0.0').results[1]!;
    expect((r.interfaces as JsonObject[]).find((i) => i.name === 'eth0')!.mac).toBe('c2:00:00:00:00:09');
  });
});

describe('libcni decoding the addresses of a printed result', () => {
  // types.IPNet and net.IP decode by parsing; the ADD fails in Go's words, the first field in printed order.
  it('fails on an address Go does not parse, as libcni does after the plugin did its work', () => {
    expect(undecodableResult({ cniVersion: '1.0.0', ips: [{ address: '127.000.000.001/8' }] }, '1.0.0', true)).toEqual({ msg: 'invalid CIDR address: 127.000.000.001/8', goWords: true });
    expect(undecodableResult({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.01' }] }, '1.0.0', true)?.msg).toBe('invalid IP address: 10.0.0.01');
    expect(undecodableResult({ cniVersion: '0.4.0', routes: [{ dst: '0.0.0.0/0', gw: 'x' }], ips: [{ version: '4', address: '10.0.0.2' }] }, '0.4.0', true)?.msg).toBe('invalid IP address: x');
    expect(undecodableResult({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.0.0.2' }], routes: [{ dst: '0.0.0.0/0', gw: 'x' }] }, '0.4.0', true)?.msg).toBe('invalid CIDR address: 10.0.0.2');
    expect(undecodableResult({ cniVersion: '0.2.0', ip4: { ip: '10.0.0.2/33' } }, '0.2.0', true)?.msg).toBe('invalid CIDR address: 10.0.0.2/33');
    expect(undecodableResult({ ips: [{ Address: 7 }] }, '1.0.0', true)).toEqual({ msg: "an address is a number, where Go's types.IPNet decodes a string", goWords: false });
    expect(undecodableResult({ cniVersion: '1.0.0', ips: [{ address: null }] }, '1.0.0', true)?.msg).toBe('invalid CIDR address: ');
  });
  it('fails a value of a JSON type its Go field cannot take, after every address parsed (described, not in Go words)', () => {
    const typed = (r: JsonObject, v = '1.0.0', newTypes = true) => undecodableResult(r, v, newTypes);
    expect(typed({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24', interface: '0' }] })).toEqual({ msg: "/ips/0/interface is a string, where libcni's types100 result has an integer", goWords: false });
    expect(typed({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24', gateway: 5 }] })?.msg).toBe("/ips/0/gateway is the number 5, where libcni's types100 result has an address (net.IP, a string)");
    expect(typed({ cniVersion: '0.4.0', ips: [{ version: 4, address: '10.0.0.2/24' }] }, '0.4.0')?.msg).toBe("/ips/0/version is the number 4, where libcni's types040 result has a string");
    expect(typed({ cniVersion: '1.0.0', ips: {} })?.msg).toBe("/ips is an object, where libcni's types100 result has a list");
    expect(typed({ cniVersion: '1.0.0', ips: [5] })?.msg).toBe("/ips/0 is the number 5, where libcni's types100 result has an object (IPConfig)");
    expect(typed({ cniVersion: '1.0.0', interfaces: [{ name: 5 }] })?.msg).toBe("/interfaces/0/name is the number 5, where libcni's types100 result has a string");
    expect(typed({ cniVersion: '1.0.0', dns: { nameservers: '1.1.1.1' } })?.msg).toBe("/dns/nameservers is a string, where libcni's types100 result has a list");
    expect(typed({ cniVersion: '0.2.0', ip4: 'x' }, '0.2.0')?.msg).toBe("/ip4 is a string, where libcni's types020 result has an object (types020.IPConfig)");
    expect(typed({ cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mtu: 1.5 }] })?.msg).toBe("/interfaces/0/mtu is the number 1.5, where libcni's types100 result has an integer");
    // The 1.1 library has no interface mtu: a field it does not know is not decoded at all.
    expect(typed({ cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mtu: 'x' }] }, '1.0.0', false)).toBeUndefined();
    // An address that does not parse is reported first (Go returns it; a type error is only saved).
    expect(typed({ cniVersion: '1.0.0', ips: [{ interface: '0', address: 'bad' }] })).toEqual({ msg: 'invalid CIDR address: bad', goWords: true });
  });
  it('reads what Go reads', () => {
    expect(undecodableResult({ cniVersion: '1.0.0', ips: [{ address: '2001:db8::2/64', gateway: '2001:db8::1' }, { address: '::ffff:10.0.0.2/120' }], routes: [{ dst: '0.0.0.0/0' }] }, '1.0.0', true)?.msg).toBeUndefined();
    // An empty or null gateway decodes to none; a missing address is left zero; unknown versions are unreadableResult's.
    expect(undecodableResult({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24', gateway: '' }, { address: '10.0.0.3/24', gateway: null }, {}] }, '1.0.0', true)?.msg).toBeUndefined();
    expect(undecodableResult({ cniVersion: '9.9.9', ips: [{ address: 'x' }] }, '1.0.0', true)?.msg).toBeUndefined();
  });
});

describe("libcni reading a printed result's version", () => {
  it('takes the exact key cniVersion, then checks the version the decoded Result holds (every spelling, the last written)', () => {
    // fixupResultVersion reads rawResult["cniVersion"]: another spelling is not the version; the config's is put in.
    expect(unreadableResult({ CNIVersion: '0.2.0', ip4: { ip: 'bad' } }, '1.0.0', true)).toBeUndefined();
    expect(undecodableResult({ CNIVersion: '0.2.0', ip4: { ip: 'bad' } }, '1.0.0', true)?.msg).toBeUndefined();
    expect(undecodableResult({ CNIVersion: '1.0.0', ips: [{ address: 'bad' }] }, '0.2.0', true)?.msg).toBeUndefined();
    expect(libcniReadsResult({ CNIVersion: '0.2.0', ips: [{ address: '10.0.0.2/24' }] }, '1.0.0', true)).toMatchObject({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24' }] });
    // Then NewResult checks the decoded CNIVersion, which a later spelling overwrote.
    expect(unreadableResult({ cniVersion: '1.0.0', CNIVersion: '0.4.0' }, '1.0.0', true)).toBe('result type supports [1.0.0 1.1.0] but unmarshalled CNIVersion is "0.4.0"');
    expect(unreadableResult({ cniVersion: '0.4.0', CNIVersion: '0.3.1' }, '1.0.0', false)).toBeUndefined();
    expect(unreadableResult({ CNIVersion: '0.4.0', cniVersion: '1.0.0' }, '1.0.0', false)).toBeUndefined();
  });
});

describe('results with keys every JavaScript object has, and mapped addresses', () => {
  it('ignores "__proto__", "constructor" and the like, as Go ignores unknown keys (they once crashed the check)', () => {
    for (const r of [JSON.parse('{"cniVersion":"1.0.0","__proto__":{}}'), { cniVersion: '1.0.0', constructor: 'x' }, JSON.parse('{"cniVersion":"0.2.0","dns":{"__proto__":1}}'), { cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24', toString: 5 }] }] as JsonObject[]) {
      expect(undecodableResult(r, '1.0.0', true), JSON.stringify(r)).toBeUndefined();
    }
    // A cniVersion that is not a string is replaced by the config's before decoding: not a type error.
    expect(undecodableResult({ cniVersion: 5, ips: [{ address: '10.1.2.3/24' }] } as unknown as JsonObject, '1.0.0', true)).toBeUndefined();
  });
  it('hands on an IPv4-mapped address as Go prints it (To4, and the last 4 bytes of its mask)', () => {
    const read = libcniReadsResult({ cniVersion: '1.0.0', ips: [{ address: '::ffff:10.1.2.3/120', gateway: '::ffff:10.1.2.1' }], routes: [{ dst: '::ffff:1.2.3.4/33', gw: '::ffff:1.2.3.4' }] }, '1.0.0', true);
    expect(read).toMatchObject({ ips: [{ address: '10.1.2.3/24', gateway: '10.1.2.1' }], routes: [{ dst: '1.2.3.4/0', gw: '1.2.3.4' }] });
  });
});
