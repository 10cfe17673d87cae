// How Go decodes what libcni hands a plugin, checked as the plugins read it: keys in another case, every
// spelling of a key, null, values of the wrong type, and the parts a third-party schema checks loosely.
import { describe, expect, it } from 'vitest';
import { createValidator } from './create';
import { loadSchemas } from '../../node/schemas';
import { bridge, hostLocal, list } from '../testing';
import type { JsonObject, JsonValue } from '../model/types';
import { applyPatch } from '../model/patch';
import type { RuntimeProfile } from '../profiles/profile';

const validator = createValidator(loadSchemas());
const DEBIAN: RuntimeProfile = { libcni: '1.1.2', plugins: '1.1.1' };
const at = (plugins: string, libcni = '1.3.0'): RuntimeProfile => ({ libcni, plugins });
const run = (input: JsonValue | string) => validator.validate(input as JsonValue);

describe('keys in another case, as libcni and the plugins read them', () => {
  const codes = (input: JsonValue | string, fileName?: string) => validator.validate(input, fileName ? { fileName } : {}).map((f) => `${f.code} ${f.pointer}`);
  it('a plugin\'s "Type" is its type (cnitool runs it): the plugin\'s checks apply, and the one finding says to write "type"', () => {
    expect(codes(list([{ Type: 'loopback' }]))).toEqual(['CNI204 /plugins/0/Type']);
    const fs = validator.validate(list([{ Type: 'bridge', bridge: 'cni0', MTU: 'x' }]));
    // bridge's own schema is applied: its MTU is checked where the user wrote it.
    expect(fs.map((f) => `${f.code} ${f.pointer}`)).toEqual(expect.arrayContaining(['CNI204 /plugins/0/Type', 'CNI202 /plugins/0/MTU']));
    expect(fs.find((f) => f.pointer === '/plugins/0/Type')!.fix!.patch![0]).toEqual({ op: 'rename', path: '/plugins/0/Type', key: 'type' });
  });
  it('of two spellings, the one libcni sorts last names the binary', () => {
    // {"TYPE": "bogus", "Type": "loopback"} runs loopback under cnitool 1.1.2 and 1.3.0.
    expect(codes(list([{ TYPE: 'bogus', Type: 'loopback' }]))).toEqual(['CNI203 /plugins/0/TYPE', 'CNI204 /plugins/0/Type']);
    // The spelling Go does not read is removed, never renamed (a rename would change the value read).
    const shadow = validator.validate(list([{ type: 'loopback', TYPE: 'bogus' }])).find((f) => f.code === 'CNI203')!;
    expect(shadow.message).toContain('"TYPE" has no effect');
    expect(shadow.fix!.patch).toEqual([{ op: 'remove', path: '/plugins/0/TYPE' }]);
    // The list's own keys are not folded: "Name" is a key libcni does not read, and the fix renames it.
    expect(validator.validate({ Name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'loopback' }] }).find((f) => f.code === 'CNI107')!.fix!.patch).toEqual([{ op: 'rename', path: '/Name', key: 'name' }]);
    expect(validator.validate(list([{ Type: 'bogus', TYPE: 'loopback' }])).find((f) => f.code === 'CNI201')?.message).toContain('"bogus"');
    // Of an option's spellings, only the one Go reads is renamed; the others are keys without effect.
    const mtu = codes(list([bridge({ MTU: 1400, Mtu: 9000 })]));
    expect(mtu).toEqual(expect.arrayContaining(['CNI204 /plugins/0/Mtu', 'CNI203 /plugins/0/MTU']));
  });
  it('a spelling sorting after the documented key overrides it, and the fix keeps the value that runs', () => {
    // bridge 1.9.1 under cnitool 1.3.0 puts the gateway address on the bridge here.
    const doc = list([bridge({ isGateway: false, isgateway: true })]);
    const fs = validator.validate(doc);
    const f = fs.find((x) => x.code === 'CNI204')!;
    expect(f).toMatchObject({ pointer: '/plugins/0/isgateway', message: expect.stringContaining('The value of "isGateway" has no effect') });
    expect(fs.filter((x) => x.severity !== 'info').map((x) => x.code)).toEqual(['CNI204']);
    const fixed = applyPatch(doc, f.fix!.patch!) as JsonObject;
    expect((fixed.plugins as JsonObject[])[0]).toMatchObject({ isGateway: true });
    expect((fixed.plugins as JsonObject[])[0]).not.toHaveProperty('isgateway');
    // A value error of the key read is where its value is.
    expect(validator.validate(list([bridge({ isGateway: true, isgateway: 'yes' })])).find((x) => x.code === 'CNI202')?.pointer).toBe('/plugins/0/isgateway');
  });
  it('a .conf\'s "Name" and "CNIVersion" name and version the list libcni wraps it into', () => {
    const fs = codes('{"CNIVersion": "1.0.0", "Name": "n1", "Type": "loopback"}', '10-n1.conf');
    expect(fs.filter((f) => !f.startsWith('CNI204') && !f.startsWith('CNI009'))).toEqual([]);
  });
  it('the list\'s own keys are read as written (libcni looks them up in a map)', () => {
    expect(codes({ Name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'loopback' }] })).toEqual(['CNI100 ', 'CNI107 /Name']);
  });
});

describe('null, as Go decodes it', () => {
  const errors = (doc: JsonValue) => validator.validate(doc).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.pointer}`);
  it('leaves a field as if absent: no error (cnitool runs bridge and tuning with these)', () => {
    expect(errors(list([bridge({ mtu: null, isGateway: null, hairpinMode: null, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24', gateway: null }]], routes: null } }), { type: 'tuning', mtu: null, sysctl: null }]))).toEqual([]);
    // A null spelling overrides nothing: bridge keeps "isGateway": true.
    expect(validator.validate(list([bridge({ isGateway: true, isgateway: null })])).filter((f) => f.severity !== 'info')).toEqual([]);
  });
  it('fails where the field decodes null itself: a subnet or a route\'s dst (types.IPNet: "invalid CIDR address")', () => {
    expect(errors(list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: null }]] } })]))).toEqual(['CNI202 /plugins/0/ipam/ranges/0/0/subnet']);
    expect(errors(list([bridge({ ipam: { type: 'host-local', subnet: null } })]))).toEqual(['CNI202 /plugins/0/ipam/subnet']);
    expect(errors(list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]], routes: [{ dst: null }] } })]))).toEqual(['CNI202 /plugins/0/ipam/routes/0/dst']);
  });
});

describe('every spelling of a key is decoded, in libcni\'s sorted order', () => {
  // Each case measured with cnitool 1.3.0 on plugins 1.9.1 and cnitool 1.1.2 on Debian's 1.1.1 (fidelity-cases.ts).
  const found = (plugins: JsonObject[]) => validator.validate(list(plugins)).filter((f) => f.severity !== 'info');
  it('a spelling whose value Go cannot decode fails the config, though Go keeps the other one', () => {
    // libcni: "json: cannot unmarshal number into Go struct field PluginConf.type of type string".
    expect(found([{ type: 'loopback', Type: 5 }])).toEqual([
      expect.objectContaining({ code: 'CNI202', severity: 'error', pointer: '/plugins/0/Type', message: expect.stringContaining('Go decodes "Type" as well as "type"'), fix: { title: 'Remove "Type"', patch: [{ op: 'remove', path: '/plugins/0/Type' }] } }),
    ]);
    // bridge: "cannot unmarshal string into Go struct field NetConf.mtu of type int"; no "no effect" warning beside it.
    expect(found([bridge({ MTU: 'x', mtu: 1400 })]).map((f) => `${f.severity} ${f.code} ${f.pointer}`)).toEqual(['error CNI202 /plugins/0/MTU']);
    // The documented key overridden by a later spelling is decoded first all the same.
    expect(found([bridge({ isGateway: 'yes', isgateway: true })]).map((f) => `${f.severity} ${f.code} ${f.pointer}`)).toEqual(['error CNI202 /plugins/0/isGateway', 'warning CNI204 /plugins/0/isgateway']);
    // Below a spelling: libcni decodes "IPAM" into the same struct as "ipam".
    expect(found([bridge({ IPAM: { type: 5 } })]).map((f) => `${f.code} ${f.pointer}`)).toEqual(['CNI202 /plugins/0/IPAM/type']);
    expect(found([bridge({}), { type: 'tuning', sysctl: {}, Sysctl: 5 }]).map((f) => `${f.code} ${f.pointer}`)).toEqual(['CNI202 /plugins/1/Sysctl']);
    // A string field with a list of values: the number breaks both, and is told once.
    expect(found([bridge({}), { type: 'firewall', backend: 'iptables', Backend: 5 }]).map((f) => `${f.code} ${f.pointer}`)).toEqual(['CNI202 /plugins/1/Backend']);
  });
  it('a key spelled many ways: every spelling that does not decode is an error, checked without a validation per spelling', () => {
    const spellings = ['MTU', 'Mtu', 'mTu', 'mtU', 'MTu', 'mTU', 'MtU'];
    const plugin = bridge({ mtu: 1400, ...Object.fromEntries(spellings.map((k, i) => [k, i % 2 ? 'x' : 1500])) });
    const failing = found([plugin]).filter((f) => f.severity === 'error').map((f) => f.pointer.slice('/plugins/0/'.length));
    expect(failing.sort()).toEqual(['Mtu', 'mtU', 'mTU'].sort());
    // Object values are checked whole, up to a bound; the rest are said to be unchecked, not passed over.
    // 20 spellings of "capabilities" (upper-casing the letters picked by the bits of 1 to 20), each a number where a boolean goes.
    const spelling = (bits: number) => [...'capabilities'].map((c, i) => ((bits >> i) & 1 ? c.toUpperCase() : c)).join('');
    const caps = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [spelling(i + 1), { portMappings: i }]));
    const many = found([{ type: 'portmap', capabilities: { portMappings: true }, ...caps }]);
    expect(many.filter((f) => f.severity === 'error' && f.code === 'CNI500')).toHaveLength(16);
    expect(many.filter((f) => f.code === 'CNI202' && f.severity === 'warning')).toEqual([expect.objectContaining({ message: expect.stringContaining('and 3 more spellings of "capabilities" were not checked') })]);
  });
  it('a value Go decodes is only a spelling with no effect, and a wrong value that decodes is the plugin\'s to refuse', () => {
    expect(found([bridge({ MTU: 9000, mtu: 1400 })]).map((f) => `${f.severity} ${f.code} ${f.pointer}`)).toEqual(['warning CNI203 /plugins/0/MTU']);
    // A string not in an enum decodes (the plugin's own check, on the value it keeps, is what refuses one).
    expect(found([{ type: 'loopback', Type: 'bogus' }]).map((f) => `${f.severity} ${f.code} ${f.pointer}`)).toEqual(['warning CNI203 /plugins/0/Type']);
  });
  it('but no spelling of a key the plugin\'s release does not have (bridge 1.1.1 runs with "PortIsolation": "x")', () => {
    const doc = list([bridge({ portIsolation: true, PortIsolation: 'x' })]);
    const errors = (profile: RuntimeProfile) => validator.validate(doc, { profile }).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.pointer}`);
    expect(errors(DEBIAN)).toEqual([]);
    expect(errors(at('1.9.1'))).toEqual(['CNI202 /plugins/0/PortIsolation']);
  });
  it('a null spelling is skipped: the other spelling\'s value stays', () => {
    // cnitool runs loopback; bridge makes its bridge with mtu 1400.
    expect(found([{ Type: 'loopback', type: null }])).toEqual([
      expect.objectContaining({ code: 'CNI204', severity: 'warning', pointer: '/plugins/0/Type', fix: { title: 'Keep "Type"\'s value as "type"', patch: [{ op: 'remove', path: '/plugins/0/type' }, { op: 'rename', path: '/plugins/0/Type', key: 'type' }] } }),
    ]);
    expect(found([bridge({ MTU: 1400, mtu: null })]).map((f) => `${f.code} ${f.pointer}`)).toEqual(['CNI204 /plugins/0/MTU']);
    expect((validator.decoded(list([bridge({ MTU: 1400, mtu: null })])).plugins as JsonObject[])[0]).toMatchObject({ mtu: 1400 });
  });
  it('but not where the field decodes null itself: host-local\'s subnet, in either place', () => {
    const errors = (range: JsonObject) => found([bridge({ ipam: { type: 'host-local', ranges: [[range]] } })]).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.pointer}`);
    expect(errors({ Subnet: '10.1.0.0/24', subnet: null })).toEqual(['CNI202 /plugins/0/ipam/ranges/0/0/subnet']);
    expect(errors({ subnet: '10.1.0.0/24', Subnet: null })).toEqual(['CNI202 /plugins/0/ipam/ranges/0/0/Subnet']);
  });
});

describe('loosely checked parts', () => {
  it('a third-party schema says so; an IPAM its plugin fills in is a note that says why, and only that', () => {
    const third = validator.validate(list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'whereabouts', range: 5 } }]));
    expect(third.find((f) => f.pointer === '/plugins/0/ipam/range')).toMatchObject({ severity: 'warning', message: expect.stringMatching(/ \(checked loosely: third-party plugin\)$/) });
    const filled = validator.validate(list([{ type: 'calico', ipam: { type: 'host-local', subnet: 'usePodCidr', ranges: 5 } }], { cniVersion: '0.3.1' }));
    const ipamFindings = filled.filter((f) => f.pointer.startsWith('/plugins/0/ipam/'));
    expect(ipamFindings.length).toBeGreaterThan(1);
    for (const f of ipamFindings) {
      expect(f.severity).toBe('info');
      expect(f.message).toMatch(/[^)] \(calico fills in its IPAM before use\)$/);
      expect(f.message).not.toContain('checked loosely');
    }
  });

  it("a third-party plugin's key a typo away from one it publishes is a warning with the rename; other unknown keys pass", () => {
    const found = validator.validate(list([{ type: 'flannel', deledate: { hairpinMode: true }, someOwnKey: 1 }], { cniVersion: '0.3.1' }));
    const typo = found.filter((f) => f.code === 'CNI203');
    expect(typo.map((f) => [f.pointer, f.severity, f.fix?.patch])).toEqual([['/plugins/0/deledate', 'warning', [{ op: 'rename', path: '/plugins/0/deledate', key: 'delegate' }]]]);
    // Beside a spelling of the key it means, the fix removes the typo: a rename would replace what runs.
    const beside = validator.validate(list([{ type: 'flannel', deledate: { hairpinMode: true }, DELEGATE: {} }], { cniVersion: '0.3.1' })).filter((f) => f.code === 'CNI203');
    expect(beside.map((f) => f.fix?.patch)).toEqual([[{ op: 'remove', path: '/plugins/0/deledate' }]]);
    expect(typo[0]!.message).toContain('did you mean "delegate"?');
  });
});

describe('a value of the wrong type', () => {
  it("is said as Go's decoding fails on it, not in the words the plugin has for a value out of range", () => {
    const messages = (plugin: JsonObject) => run(list([{ type: 'vlan', master: 'm0', ipam: hostLocal(), ...plugin }])).filter((f) => f.code === 'CNI202' || f.code === 'CNI206').map((f) => f.message);
    for (const vlanId of ['100', 100.5] as JsonValue[]) {
      const [message, ...more] = messages({ vlanId });
      expect(more).toEqual([]);
      expect(message).toContain('the plugin fails to decode the whole config');
      expect(message).not.toContain('invalid VLAN ID');
    }
    expect(messages({ vlanId: 4095 })).toEqual([expect.stringContaining('invalid VLAN ID N (must be between 0 and 4095 inclusive)')]);
  });
});
