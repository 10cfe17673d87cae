// Severity follows the profile: an error exactly when the profile's libcni or plugins refuse or fail (in
// their words, each confirmed against the real plugins or their source), a warning when they silently do
// something else, and every finding that depends on the profile names it.
import { describe, expect, it } from 'vitest';
import { createValidator } from './create';
import { loadSchemas } from '../../node/schemas';
import { bridge, hostLocal, list, portmap } from '../testing';
import { DEFAULT_PROFILE, type RuntimeProfile } from '../profiles/profile';
import type { JsonObject, JsonValue } from '../model/types';
import { applyPatch } from '../model/patch';
import { plan } from '../runtime/plan';
import { DEFAULT_INPUTS } from '../runtime/inputs';
import type { Finding } from './finding';

const validator = createValidator(loadSchemas());
const DEBIAN: RuntimeProfile = { libcni: '1.1.2', plugins: '1.1.1' };
const plugins = (release: string, libcni = '1.3.0'): RuntimeProfile => ({ libcni, plugins: release });
const check = (doc: JsonValue, profile: RuntimeProfile = DEFAULT_PROFILE) => validator.validate(doc, { profile });
const coded = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

describe('profile', () => {
  it('is the validator default unless a call names one; withProfile shares the schemas', () => {
    expect(validator.profile).toEqual(DEFAULT_PROFILE);
    const debian = validator.withProfile(DEBIAN);
    expect(debian.profile).toEqual(DEBIAN);
    expect(debian.catalog).toBe(validator.catalog);
    expect(validator.withProfile(DEBIAN)).toBe(debian);
    const doc = list([bridge()], { cniVersion: '1.1.0' });
    expect(coded(debian.validate(doc), 'CNI305').length).toBeGreaterThan(0);
    expect(coded(validator.validate(doc), 'CNI305')).toEqual([]);
    expect(coded(debian.validate(doc, { profile: DEFAULT_PROFILE }), 'CNI305')).toEqual([]);
  });
  it('names itself on every finding that depends on it, and only those', () => {
    const doc = list([bridge({ ipMasqBackend: 'nftables', mtu: '1500' }), { type: 'portmap', backend: 'nftables', capabilities: { portMappings: true } }], { cniVersion: '1.1.0', cniVersions: ['1.0.0'] });
    const fs = check(doc, DEBIAN);
    for (const code of ['CNI104', 'CNI110', 'CNI212', 'CNI305']) {
      expect(coded(fs, code).length, code).toBeGreaterThan(0);
      for (const f of coded(fs, code)) expect(f.profile, code).toBe('libcni 1.1.2 + plugins 1.1.1');
    }
    expect(coded(fs, 'CNI202')[0]!.profile).toBeUndefined();
  });
});

describe('cniVersion beyond what the profile accepts', () => {
  it('is an error in the plugin\'s own words; two 1.1.0 files passed clean before', () => {
    const fs = check(list([bridge(), portmap()], { cniVersion: '1.1.0' }), plugins('1.5.1'));
    expect(coded(fs, 'CNI305').map((f) => f.message)).toContain(
      'bridge 1.5.1 refuses spec 1.1.0: every call fails ("incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]").',
    );
    expect(coded(fs, 'CNI305').map((f) => f.pointer)).toEqual(['/plugins/0/type', '/plugins/0/ipam/type', '/plugins/1/type']);
    expect(errors(check(list([bridge(), portmap()], { cniVersion: '1.1.0' }), plugins('1.6.0')))).toEqual([]);
  });
  it('lists the versions of the plugin\'s own minimum (firewall 0.4.0, vrf 0.3.1, bandwidth 0.3.0)', () => {
    const fs = check(list([bridge(), { type: 'firewall' }], { cniVersion: '1.1.0' }), DEBIAN);
    expect(coded(fs, 'CNI305').find((f) => f.pointer === '/plugins/1/type')!.message).toContain('plugin supports ["0.4.0" "1.0.0"]');
    expect(coded(check(list([bridge(), { type: 'vrf', vrfname: 'blue' }], { cniVersion: '0.3.0' })), 'CNI305')[0]!.message).toContain('["0.3.1" "0.4.0" "1.0.0" "1.1.0"]');
  });
  it('libcni 1.1.x cannot read 1.1.0 results, even from plugins that accept 1.1.0', () => {
    const fs = check(list([bridge()], { cniVersion: '1.1.0' }), plugins('1.9.1', '1.1.2'));
    expect(coded(fs, 'CNI305')).toEqual([]);
    expect(coded(fs, 'CNI110')[0]).toMatchObject({ severity: 'error', pointer: '/cniVersion' });
  });
  it('a type the release does not ship: the runtime finds no binary (and no version talk about it)', () => {
    const fs = check(list([{ type: 'tap' }]), plugins('1.2.0'));
    expect(coded(fs, 'CNI308')[0]!.message).toContain('tap is not part of plugins 1.2.0 (added in 1.3.0)');
    expect(coded(check(list([{ type: 'tap' }]), plugins('1.3.0')), 'CNI308')).toEqual([]);
  });
});

describe('keys the profile\'s plugin does not read', () => {
  const withBackend = (backend: string) => list([bridge(), { ...portmap(), backend }]);
  it('warn, naming the release and when the key came, and never judge the value', () => {
    const fs = check(withBackend('bogus'), DEBIAN);
    expect(coded(fs, 'CNI212')[0]).toMatchObject({ severity: 'warning', pointer: '/plugins/1/backend' });
    expect(coded(fs, 'CNI212')[0]!.message).toMatch(/^portmap 1\.1\.1 ignores "backend" \(added in 1\.6\.0\)/);
    expect(errors(fs)).toEqual([]);
  });
  it('say nothing of the keys of a plugin the release does not ship: CNI308 says that (tap before 1.3.0)', () => {
    const tap = list([{ type: 'tap', bridge: 'br0', ipam: hostLocal() }]);
    expect(check(tap, DEBIAN).map((f) => f.code)).toEqual(['CNI308']);
    expect(coded(check(tap, plugins('1.3.0')), 'CNI212')[0]!.message).toMatch(/^tap 1\.3\.0 ignores "bridge" \(added in 1\.4\.0\)/);
  });
  it('with a release that reads it, the value is checked as before', () => {
    expect(coded(check(withBackend('bogus'), plugins('1.6.0')), 'CNI205')[0]!.severity).toBe('error');
    // portmap's nftables backend with iptables options: only where backend is read.
    const mixed = list([bridge(), { ...portmap(), backend: 'nftables', externalSetMarkChain: 'KUBE-MARK-MASQ' }]);
    expect(coded(check(mixed), 'CNI605')).toHaveLength(1);
    expect(coded(check(mixed, DEBIAN), 'CNI605')).toEqual([]);
  });
  it('keys removed later: bandwidth shapedSubnets/unshapedSubnets live in 1.5.x only', () => {
    const bw = (extra: Record<string, JsonValue>) => list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000, ingressBurst: 1000, ...extra }]);
    const later = check(bw({ shapedSubnets: ['10.0.0.0/8'] }));
    expect(coded(later, 'CNI212')[0]!.message).toContain('bandwidth 1.9.1 ignores "shapedSubnets" (removed in 1.6.0)');
    expect(coded(later, 'CNI203')).toEqual([]);
    const both = bw({ shapedSubnets: ['10.0.0.0/8'], unshapedSubnets: ['10.1.0.0/16'] });
    expect(coded(check(both, plugins('1.5.0')), 'CNI617')[0]!.message).toContain('unshapedSubnets and shapedSubnets cannot be both specified');
    expect(coded(check(both, plugins('1.5.0')), 'CNI617')).toHaveLength(1);
    expect(coded(check(both, DEBIAN), 'CNI617')).toEqual([]);
  });
  it('route mtu, advmss, priority, table and scope are dropped before 1.6.0', () => {
    const doc = list([bridge({ ipam: { ...hostLocal(), routes: [{ dst: '0.0.0.0/0', mtu: 1400, table: 100 }] } })]);
    const fs = coded(check(doc, plugins('1.5.1')), 'CNI212');
    expect(fs.map((f) => f.pointer)).toEqual(['/plugins/0/ipam/routes/0/mtu', '/plugins/0/ipam/routes/0/table']);
    expect(fs.every((f) => f.severity === 'warning')).toBe(true);
    expect(coded(check(doc, plugins('1.6.0')), 'CNI212').every((f) => f.severity === 'info')).toBe(true);
  });
  it('rules about a key the release ignores stay silent (vlanTrunk, disableContainerInterface on 1.1.1)', () => {
    const doc = list([bridge({ vlanTrunk: [{ minID: 200, maxID: 100 }], disableContainerInterface: true })]);
    expect(coded(check(doc), 'CNI601')).toHaveLength(1);
    expect(coded(check(doc), 'CNI602')).toHaveLength(1);
    expect(coded(check(doc, DEBIAN), 'CNI601')).toEqual([]);
    expect(coded(check(doc, DEBIAN), 'CNI602')).toEqual([]);
  });
});

describe('libcni rules by release', () => {
  it('cniVersions: ignored by 1.1.x (warning), negotiated from 1.2.0, malformed entries refused where libcni refuses them', () => {
    const doc = list([bridge()], { cniVersion: '0.4.0', cniVersions: ['1.0.0', '1.1.0'] });
    expect(coded(check(doc, DEBIAN), 'CNI104')[0]).toMatchObject({ severity: 'warning' });
    expect(coded(check(doc, DEBIAN), 'CNI104')[0]!.message).toContain('libcni 1.1.2 ignores "cniVersions" (added in 1.2.0): it runs the list as cniVersion 0.4.0');
    // libcni 1.3 picks 1.1.0, which plugins 1.5.1 refuse.
    expect(coded(check(doc, plugins('1.5.1')), 'CNI305').length).toBeGreaterThan(0);
    expect(coded(check(doc, plugins('1.5.1', '1.1.2')), 'CNI305')).toEqual([]);
    const bad = list([bridge()], { cniVersions: ['1.0.0', 'one'] });
    expect(coded(check(bad), 'CNI104')[0]).toMatchObject({ severity: 'error', pointer: '/cniVersions/1' });
    expect(coded(check(bad), 'CNI104')[0]!.message).toContain('error parsing configuration list: invalid cniVersions entry one at index 1');
    expect(errors(check(bad, DEBIAN))).toEqual([]);
  });
  it('string booleans: refused by 1.1.x, read from 1.2.0 (then a note about older libcni)', () => {
    const doc = list([bridge()], { disableCheck: 'true' });
    expect(coded(check(doc, DEBIAN), 'CNI106')[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('invalid disableCheck type string') });
    expect(coded(check(doc, plugins('1.9.1', '1.2.0')), 'CNI106')[0]!.severity).toBe('info');
    expect(coded(check(list([bridge()], { disableCheck: 'yes' }), plugins('1.9.1', '1.2.1')), 'CNI106')[0]!.message).toContain('invalid value "yes" for disableCheck');
  });
  it('disableGC from 1.2.1, loadOnlyInlinedPlugins from 1.3.0: older libcni ignores them', () => {
    const doc = list([bridge()], { disableGC: 'nope', loadOnlyInlinedPlugins: true });
    expect(coded(check(doc, DEBIAN), 'CNI109').map((f) => f.severity)).toEqual(['info', 'info']);
    expect(errors(check(doc, DEBIAN))).toEqual([]);
    expect(coded(check(doc), 'CNI106')[0]!.message).toContain('invalid value "nope" for disableGC');
  });
});

describe('defaults and values that changed', () => {
  it('bridge preserveDefaultVlan: false from 1.8.0 where vlan or vlanTrunk is set', () => {
    const doc = list([bridge({ vlan: 100 })]);
    const f = coded(check(doc, plugins('1.8.0')), 'CNI618')[0]!;
    expect(f).toMatchObject({ severity: 'warning', fix: { patch: [{ op: 'add', path: '/plugins/0/preserveDefaultVlan', value: false }] } });
    expect(f.message).toContain('plugins from 1.3.0 to before 1.8.0 took true');
    expect(coded(check(doc, plugins('1.7.1')), 'CNI618')).toEqual([]);
    expect(coded(check(list([bridge()]), plugins('1.8.0')), 'CNI618')).toEqual([]);
  });
  it('vlan with vlanTrunk: refused in 1.3.0–1.7.x, allowed from 1.8.0, vlanTrunk ignored before 1.3.0', () => {
    const doc = list([bridge({ vlan: 10, vlanTrunk: [{ id: 20 }] })]);
    expect(coded(check(doc, plugins('1.3.0')), 'CNI617')).toHaveLength(1);
    expect(coded(check(doc, plugins('1.8.0')), 'CNI617')).toEqual([]);
    expect(coded(check(doc, DEBIAN), 'CNI617')).toEqual([]);
    expect(coded(check(doc, DEBIAN), 'CNI212')[0]!.pointer).toBe('/plugins/0/vlanTrunk');
  });
  it('firewall ingressPolicy "isolated" from 1.7.0: older releases fail in their words', () => {
    const doc = list([bridge(), { type: 'firewall', ingressPolicy: 'isolated' }]);
    const f = coded(check(doc, plugins('1.6.2')), 'CNI205')[0]!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('ADD fails ("unknown ingress policy: "isolated"")');
    expect(errors(check(doc, plugins('1.7.0')))).toEqual([]);
  });
  it('tuning duplicate sysctl keys: refused from 1.2.0, the later value wins before', () => {
    const text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}, {"type": "tuning", "sysctl": {"net.core.somaxconn": "500", "net.core.somaxconn": "1024"}}]}';
    expect(coded(validator.validate(text, { profile: plugins('1.2.0') }), 'CNI611')[0]!.message).toContain('duplicated sysctl keys are not allowed');
    const old = validator.validate(text, { profile: DEBIAN });
    expect(coded(old, 'CNI611')).toEqual([]);
    expect(coded(old, 'CNI005')[0]!.message).toContain('tuning 1.1.1 keeps the later value');
  });
});

describe('failures missed before', () => {
  it('interface names Linux refuses, in master, bridge, device, vrfname', () => {
    const names = (doc: JsonValue) => coded(check(doc, DEBIAN), 'CNI616');
    expect(names(list([{ type: 'macvlan', master: 'eth0 ', ipam: hostLocal() }]))[0]).toMatchObject({ severity: 'error', fix: { patch: [{ op: 'replace', path: '/plugins/0/master', value: 'eth0' }] } });
    expect(names(list([bridge({ bridge: 'br:0' })]))[0]!.message).toContain('("invalid argument")');
    expect(names(list([{ type: 'host-device', device: 'eth/1' }]))).toHaveLength(1);
    expect(names(list([bridge(), { type: 'vrf', vrfname: 'blue red' }]))).toHaveLength(1);
    expect(names(list([{ type: 'ipvlan', master: 'eth0.100', ipam: hostLocal() }]))).toEqual([]);
  });
  it('an MTU above 65535', () => {
    const f = coded(check(list([bridge({ mtu: 70000 })]), DEBIAN), 'CNI206')[0]!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('invalid argument');
    expect(coded(check(list([{ type: 'macvlan', master: 'eth0', mtu: 70000, ipam: hostLocal() }])), 'CNI206')[0]!.message).toContain('invalid MTU N');
    expect(coded(check(list([bridge({ mtu: 9000 })])), 'CNI206')).toEqual([]);
  });
  it('an MTU past int64: the plugin\'s decoder refuses it before the kernel sees it (as the real bridge does)', () => {
    expect(coded(check(list([bridge({ mtu: 1e20 })]), DEBIAN), 'CNI206')[0]!.message).toContain('beyond a 64-bit integer: the plugin fails to read its config, so ADD and DEL fail before they do anything ("json: cannot unmarshal number 100000000000000000000 into Go struct field … of type …")');
    expect(coded(check(list([bridge({ mtu: -1e20 })]), DEBIAN), 'CNI206')[0]!.message).toContain('beyond a 64-bit integer');
    expect(coded(check(list([bridge({ mtu: 2 ** 62 })]), DEBIAN), 'CNI206')[0]!.message).toContain('invalid argument');
    // uint64 rates take numbers past int64.
    expect(coded(check(list([bridge(), { type: 'bandwidth', ingressRate: 2 ** 63, ingressBurst: 2 ** 20 }]), DEBIAN), 'CNI206')).toEqual([]);
  });
  it('tuning sysctl keys whose dots and ".." open another file', () => {
    const sysctl = (key: string) => coded(check(list([bridge(), { type: 'tuning', sysctl: { [key]: '1' } }]), DEBIAN), 'CNI615');
    expect(sysctl('net/../kernel/core_pattern')[0]!.message).toContain('"open /proc/sys/net/kernel/core_pattern: no such file or directory"');
    expect(sysctl('net..kernel.core_pattern')[0]!.message).toContain('/proc/sys/net/kernel/core_pattern');
    expect(sysctl('net/ipv4/conf/eth0.100/rp_filter')[0]!.message).toContain('open /proc/sys/net/ipv4/conf/eth0/100/rp_filter');
    expect(sysctl('net/core/../ipv4/ip_forward')[0]!.message).toContain('/proc/sys/net/core/ipv4/ip_forward');
    // Both work with the real plugin: a doubled dot is one separator, and mixed notation reads the same.
    expect(sysctl('net.ipv4..conf.eth0.rp_filter')).toEqual([]);
    expect(sysctl('net/ipv4/conf/eth0/rp_filter')).toEqual([]);
    // Outside net. after the dots become slashes: "invalid net sysctl key", printed as the release prints it.
    const outside = (profile: RuntimeProfile) => coded(check(list([bridge(), { type: 'tuning', sysctl: { 'kernel.shmmax': '1' } }]), profile), 'CNI610')[0]!.message;
    expect(outside(DEBIAN)).toContain('("invalid net sysctl key: "kernel.shmmax"")');
    expect(outside(DEFAULT_PROFILE)).toContain('("invalid net sysctl key: "kernel/shmmax"")');
  });
});

describe('warnings that always fail ADD are errors', () => {
  const range = (gateway: string, extra: Record<string, JsonValue> = {}) => ({ type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24', gateway }]], ...extra });
  it('a gateway outside its subnet with a route through it ("network is unreachable")', () => {
    const withRoute = check(list([bridge({ ipam: range('10.2.0.1', { routes: [{ dst: '0.0.0.0/0' }] }) })]), DEBIAN);
    expect(coded(withRoute, 'CNI414')[0]).toMatchObject({ severity: 'error', message: expect.stringContaining("network is unreachable") });
    expect(coded(check(list([bridge({ isDefaultGateway: true, ipam: range('10.2.0.1') })])), 'CNI414')[0]!.severity).toBe('error');
    // No route through it: the plugins accept it (confirmed with bridge and ptp 1.1.1).
    expect(coded(check(list([bridge({ ipam: range('10.2.0.1') })])), 'CNI414')[0]!.severity).toBe('warning');
    expect(coded(check(list([bridge({ ipam: range('10.2.0.1', { routes: [{ dst: '::/0' }] }) })])), 'CNI414')[0]!.severity).toBe('warning');
  });
  it('an IPv6 subnet with an IPv4 gateway, where the plugin uses it', () => {
    const v6 = (extra: Record<string, JsonValue>) => ({ type: 'host-local', ranges: [[{ subnet: 'fd00::/64', gateway: '10.0.0.1' }]], ...extra });
    expect(coded(check(list([bridge({ isGateway: true, ipam: v6({}) })])), 'CNI414')[0]!.message).toContain('could not add IP address to "cni0": invalid argument');
    expect(coded(check(list([{ type: 'ptp', ipam: v6({}) }])), 'CNI414')[0]!.message).toContain('not the same IP family');
    expect(coded(check(list([{ type: 'macvlan', master: 'eth0', ipam: v6({}) }])), 'CNI414')[0]!.severity).toBe('warning');
  });
  it('a route whose gateway is of the other family: an error for the reference plugins', () => {
    const routes = { routes: [{ dst: '0.0.0.0/0', gw: 'fd00::1' }] };
    expect(coded(check(list([bridge({ ipam: { ...hostLocal(), ...routes } })])), 'CNI430')[0]!.message).toContain('gateway, source, and destination ip are not the same IP family');
    expect(coded(check(list([{ type: 'calico', ipam: { ...hostLocal(), ...routes } }], { cniVersion: '0.3.1' })), 'CNI430')[0]!.severity).toBe('warning');
  });
  it('static gateways of another family or outside, with a route through them', () => {
    const st = (gateway: string) => ({ type: 'static', addresses: [{ address: '10.10.0.1/24', gateway }], routes: [{ dst: '0.0.0.0/0' }] });
    expect(coded(check(list([{ type: 'macvlan', master: 'eth0', ipam: st('10.9.0.1') }])), 'CNI420')[0]!.severity).toBe('error');
    expect(coded(check(list([{ type: 'macvlan', master: 'eth0', ipam: st('fd00::1') }])), 'CNI420')[0]!.severity).toBe('warning');
  });
});

describe('published examples the real plugins accept', () => {
  it('host-device with runtimeConfig.deviceID written in the file (cni.dev): the plugin reads it', () => {
    const doc = { cniVersion: '0.3.1', name: 'n', plugins: [{ type: 'host-device', runtimeConfig: { deviceID: '0000:3d:00.1' } }] };
    expect(coded(check(doc, DEBIAN), 'CNI603')).toEqual([]);
    expect(coded(check({ ...doc, plugins: [{ type: 'host-device' }] }, DEBIAN), 'CNI603')).toHaveLength(1);
  });
});

describe('ipam without type', () => {
  const untyped = { subnet: '10.1.0.0/16' };
  it('bridge, macvlan, tap and host-device run layer 2 only: a warning saying exactly that', () => {
    const f = coded(check(list([bridge({ ipam: untyped })])), 'CNI401')[0]!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('bridge then runs layer 2 only and ignores "subnet"');
    expect(coded(check(list([{ type: 'macvlan', master: 'eth0', ipam: untyped }])), 'CNI401')[0]!.severity).toBe('warning');
  });
  it('ptp, vlan and dummy fail in their words, an empty object too', () => {
    expect(coded(check(list([{ type: 'ptp', ipam: {} }])), 'CNI401')[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('("no plugin name provided")') });
    expect(coded(check(list([{ type: 'vlan', master: 'eth0', ipam: untyped }])), 'CNI401')[0]!.message).toContain('failed to execute IPAM delegate: no plugin name provided');
    expect(coded(check(list([{ type: 'dummy', ipam: untyped }])), 'CNI401')[0]!.message).toContain('dummy interface requires an IPAM configuration');
  });
  it('Windows plugins, containerd\'s nat/sdnbridge/sdnoverlay and third-party types: their own business, no finding', () => {
    for (const type of ['win-bridge', 'win-overlay', 'nat', 'sdnbridge', 'sdnoverlay', 'my-plugin', 'calico']) {
      expect(coded(check(list([{ type, ipam: untyped }], { cniVersion: '0.3.1' })), 'CNI401'), type).toEqual([]);
    }
  });
});

describe("portmap's CHECK with port mappings (CNI309)", () => {
  const doc = list([bridge(), portmap()]);
  it('warns with plugins 1.1.0 to 1.2.0, naming the profile, and not from 1.3.0 on or without the capability', () => {
    for (const release of ['1.1.0', '1.1.1', '1.2.0']) {
      const fs = coded(check(doc, plugins(release)), 'CNI309');
      expect(fs.map((f) => [f.severity, f.pointer, f.profile]), release).toEqual([['warning', '/plugins/1/capabilities/portMappings', `libcni 1.3.0 + plugins ${release}`]]);
      expect(fs[0]!.message).toContain(`portmap ${release} fails CHECK whenever the runtime passes port mappings`);
    }
    for (const release of ['1.3.0', '1.9.1']) expect(coded(check(doc, plugins(release)), 'CNI309'), release).toEqual([]);
    expect(coded(check(list([bridge(), { type: 'portmap' }]), plugins('1.1.1')), 'CNI309')).toEqual([]);
  });
});

describe("tuning's CHECK of a sysctl key with IFNAME (CNI311)", () => {
  const doc = list([bridge(), { type: 'tuning', sysctl: { 'net.core.somaxconn': '500', 'net.ipv4.conf.IFNAME.arp_notify': '1' } }]);
  it('warns before plugins 1.3.0, at the key, and not from 1.3.0 on, nor where CHECK never runs', () => {
    for (const release of ['1.1.1', '1.2.0']) {
      const fs = coded(check(doc, plugins(release)), 'CNI311');
      expect(fs.map((f) => [f.pointer, f.target]), release).toEqual([['/plugins/1/sysctl/net.ipv4.conf.IFNAME.arp_notify', 'key']]);
      expect(fs[0]!.message).toContain('/proc/sys/net/ipv4/conf/IFNAME/arp_notify');
    }
    for (const release of ['1.3.0', '1.9.1']) expect(coded(check(doc, plugins(release)), 'CNI311'), release).toEqual([]);
    expect(coded(check({ ...doc, cniVersion: '0.3.1' }, plugins('1.1.1')), 'CNI311')).toEqual([]);
    expect(coded(check({ ...doc, disableCheck: true }, plugins('1.1.1')), 'CNI311')).toEqual([]);
  });
});

describe('an MTU IPv6 does not work with, on a link given an IPv6 address (CNI620)', () => {
  // Measured on plugins 1.6.2 and 1.7.1 built from their tags: from 1.7.0 the IPAM code sets
  // keep_addr_on_down first, and Linux has removed that sysctl with IPv6.
  const doc = list([{ type: 'ptp', mtu: 1279, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00:1::/64' }]] } }]);
  it('quotes the failure the profile\'s plugins print, and names the profile', () => {
    for (const [release, words, not] of [['1.1.1', 'invalid argument', 'keep_addr_on_down'], ['1.6.2', 'invalid argument', 'keep_addr_on_down'], ['1.7.0', 'keep_addr_on_down', 'invalid argument'], ['1.9.1', 'keep_addr_on_down', 'invalid argument']] as const) {
      const [f, ...more] = coded(check(doc, plugins(release)), 'CNI620');
      expect(more, release).toEqual([]);
      expect(f!.severity, release).toBe('error');
      expect(f!.message, release).toContain(words);
      expect(f!.message, release).not.toContain(not);
      expect(f!.profile, release).toBe(`libcni 1.3.0 + plugins ${release}`);
    }
  });
});

describe("portmap's backends and conditions, by release (seen with portmap 1.1.1 and 1.6.2)", () => {
  const NFT = ['ip', 'daddr', '!=', '192.0.2.0/24'];
  const withPortmap = (extra: Record<string, JsonValue>) => list([bridge(), { ...portmap(), ...extra }]);
  it('nftables conditions with no backend: iptables is taken, and the config fails; the fix sets nftables', () => {
    const doc = withPortmap({ conditionsV4: NFT });
    const [f, ...more] = coded(check(doc), 'CNI628');
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', pointer: '/plugins/1/conditionsV4', profile: 'libcni 1.3.0 + plugins 1.9.1' });
    expect(f!.message).toContain('every ADD, CHECK and DEL fails');
    const fixed = applyPatch(doc, f!.fix!.patch!) as JsonObject;
    expect((fixed.plugins as JsonObject[])[1]!.backend).toBe('nftables');
    expect(errors(check(fixed))).toEqual([]);
  });
  it('with "backend": "iptables" the fix replaces it; with iptables options beside, no fix (nftables would refuse those)', () => {
    const explicit = coded(check(withPortmap({ backend: 'iptables', conditionsV6: ['ip6', 'saddr', 'fd00::/8'] })), 'CNI628');
    expect(explicit[0]).toMatchObject({ pointer: '/plugins/1/backend', fix: { patch: [{ op: 'replace', path: '/plugins/1/backend', value: 'nftables' }] } });
    expect(explicit[0]!.message).toContain('[conditionsV6]');
    const mixed = coded(check(withPortmap({ conditionsV4: NFT, externalSetMarkChain: 'KUBE-MARK-MASQ' })), 'CNI628');
    expect(mixed).toHaveLength(1);
    expect(mixed[0]!.fix).toBeUndefined();
  });
  it('a key spelled in another case is read as Go reads it', () => {
    expect(coded(check(withPortmap({ ConditionsV4: NFT })), 'CNI628')).toHaveLength(1);
  });
  it('"!" first is an iptables word from 1.6.1; 1.6.0 took it for nftables', () => {
    const bang = withPortmap({ backend: 'iptables', conditionsV4: ['!', '-d', '192.0.2.0/24'] });
    expect(coded(check(bang, plugins('1.6.0')), 'CNI628')).toHaveLength(1);
    expect(coded(check(bang, plugins('1.6.1')), 'CNI628')).toEqual([]);
    const nftBang = withPortmap({ backend: 'nftables', conditionsV4: ['!', '-d', '192.0.2.0/24'] });
    expect(coded(check(nftBang, plugins('1.6.0')), 'CNI605')).toEqual([]);
    expect(coded(check(nftBang, plugins('1.6.1')), 'CNI605')[0]!.message).toContain('[conditionsV4]');
  });
  it('before 1.6.0: a warning (ADD fails only with port mappings), never the backend errors', () => {
    const doc = withPortmap({ conditionsV4: NFT, backend: 'iptables' });
    const fs = check(doc, plugins('1.5.1'));
    expect(errors(fs)).toEqual([]);
    expect(coded(fs, 'CNI629')[0]).toMatchObject({ severity: 'warning', pointer: '/plugins/1/conditionsV4' });
    expect(coded(fs, 'CNI629')[0]!.message).toMatch(/^portmap 1\.5\.1 has no nftables backend/);
    expect(coded(check(withPortmap({ conditionsV4: ['-d', '192.0.2.0/24'] }), DEBIAN), 'CNI629')).toEqual([]);
  });
  it('the preview says ADD fails once the runtime sends port mappings to such a portmap', () => {
    const doc = withPortmap({ conditionsV4: NFT });
    const notes = (profile: RuntimeProfile, portMappings: JsonValue) =>
      plan(doc, { ...DEFAULT_INPUTS, capabilityArgs: { portMappings } }, 'ADD', { validator, profile }).notes.filter((n) => n.severity === 'error');
    const mapping = [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }];
    expect(notes(DEBIAN, mapping)).toMatchObject([{ field: 'capabilityArgs', pluginIndex: 1, message: expect.stringContaining('Bad argument') }]);
    expect(notes(DEBIAN, [])).toEqual([]);
    // From 1.6.0 the config itself fails (CNI628): no note about the mappings.
    expect(notes(plugins('1.6.2'), mapping)).toEqual([]);
  });
});

describe('warnings that CHECK fails hold only where CHECK reaches the plugins', () => {
  const cases: [string, JsonValue, RuntimeProfile][] = [
    ['CNI309', list([bridge(), portmap()]), DEBIAN],
    ['CNI623', list([{ type: 'ptp', ipam: hostLocal() }, { type: 'sbr' }]), DEFAULT_PROFILE],
    ['CNI624', list([{ type: 'ptp', ipam: hostLocal() }, { type: 'tuning', mac: '02-00-5e-00-00-03' }]), DEFAULT_PROFILE],
  ];
  it.each(cases)('%s: said at 1.0.0, not at 0.3.1 (libcni refuses CHECK: CNI108) nor with disableCheck', (code, doc, profile) => {
    const at = (extra: Record<string, JsonValue>) => ({ ...(doc as JsonObject), ...extra });
    expect(coded(check(doc, profile), code)).toHaveLength(1);
    expect(coded(check(at({ cniVersion: '0.3.1' }), profile), code)).toEqual([]);
    expect(coded(check(at({ cniVersion: '0.3.1' }), profile), 'CNI108')).toHaveLength(1);
    expect(coded(check(at({ disableCheck: true }), profile), code)).toEqual([]);
  });
});
