// Rules as the real plugins showed them (Debian's 1.1.1 in namespaces of the lab's own, outside testers'
// runs): each case is what a plugin did, and the finding must say it in its words, or say nothing.
import { describe, expect, it } from 'vitest';
import { createValidator } from './create';
import { loadSchemas } from '../../node/schemas';
import { bridge, hostLocal, hostLocalSets as hl, list } from '../testing';
import type { JsonObject, JsonValue } from '../model/types';
import { applyPatch } from '../model/patch';
import type { RuntimeProfile } from '../profiles/profile';

const validator = createValidator(loadSchemas());
const run = (input: JsonValue | string, fileName?: string, profile?: RuntimeProfile) => validator.validate(input as JsonValue, { ...(fileName ? { fileName } : {}), ...(profile ? { profile } : {}) });
const DEBIAN: RuntimeProfile = { libcni: '1.1.2', plugins: '1.1.1' };
const at = (plugins: string, libcni = '1.3.0'): RuntimeProfile => ({ libcni, plugins });

describe('numbers beyond a float64 (CNI013), whichever way they are written', () => {
  const conf = (n: string) => `{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "x": {"y": [${n}]}}]}`;
  const overflows = (n: string) => run(conf(n)).filter((f) => f.code === 'CNI013').map((f) => f.pointer);
  it('finds an exponent in any case, after a fraction, and an integer of 309 digits', () => {
    for (const n of ['1e400', '1E400', '-1.5e999', '2.0E+309', '1' + '0'.repeat(309)]) expect(overflows(n), n).toEqual(['/plugins/0/x/y/0']);
  });
  it('says nothing of numbers a float64 holds, however long or small', () => {
    for (const n of ['1' + '0'.repeat(307), '1e308', '1.5e-400', '0.' + '0'.repeat(400) + '1', '"1e400"']) expect(overflows(n), n).toEqual([]);
  });
});

describe('one finding for one oversized bandwidth burst', () => {
  it('the config\'s own burst: its schema\'s CNI206 alone, in the plugin\'s words', () => {
    const found = run(list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 40000000000 }])).filter((f) => f.pointer === '/plugins/1/ingressBurst');
    expect(found.map((f) => f.code)).toEqual(['CNI206']);
    expect(found[0]!.message).toContain('burst cannot be more than 4GB');
  });
});

describe('host-local ranges overlap by what they hand out (CNI416)', () => {
  const codes = (sets: JsonObject[][]) => run(hl(...sets)).filter((f) => f.code === 'CNI416').map((f) => f.message);
  it('one subnet split by rangeStart and rangeEnd is fine, across sets and inside one (host-local 1.1.1 gave both addresses)', () => {
    expect(codes([[{ subnet: '10.77.6.0/24', rangeStart: '10.77.6.10', rangeEnd: '10.77.6.20' }], [{ subnet: '10.77.6.0/24', rangeStart: '10.77.6.30', rangeEnd: '10.77.6.40' }]])).toEqual([]);
    expect(codes([[{ subnet: '10.77.49.0/24', rangeStart: '10.77.49.10', rangeEnd: '10.77.49.20' }, { subnet: '10.77.49.0/24', rangeStart: '10.77.49.30', rangeEnd: '10.77.49.40' }]])).toEqual([]);
    expect(codes([[{ subnet: '2001:db8:50::/64', rangeStart: '2001:db8:50::10', rangeEnd: '2001:db8:50::20' }], [{ subnet: '2001:db8:50:0::/64', rangeStart: '2001:db8:50::30', rangeEnd: '2001:db8:50::40' }]])).toEqual([]);
  });
  it('ranges that share an address overlap, named with what they hand out; a default end reaches the subnet\'s last host', () => {
    expect(codes([[{ subnet: '10.77.6.0/24', rangeStart: '10.77.6.10', rangeEnd: '10.77.6.30' }], [{ subnet: '10.77.6.0/24', rangeStart: '10.77.6.30', rangeEnd: '10.77.6.40' }]])).toEqual([
      'Subnet 10.77.6.0/24 (10.77.6.30 to 10.77.6.40) overlaps 10.77.6.0/24 (10.77.6.10 to 10.77.6.30) of another range set: host-local refuses it ("range set … overlaps with …").',
    ]);
    expect(codes([[{ subnet: '10.77.6.0/24', rangeStart: '10.77.6.200' }], [{ subnet: '10.77.6.0/24', rangeStart: '10.77.6.254' }]])).toHaveLength(1);
    expect(codes([[{ subnet: '10.77.6.0/24', rangeEnd: '10.77.6.100' }], [{ subnet: '10.77.6.0/25', rangeStart: '10.77.6.101' }]])).toEqual([]);
  });
});

describe('route destinations with host bits (CNI436)', () => {
  const route = (dst: string, gw?: string) => list([bridge({ ipam: { type: 'static', addresses: [{ address: '2001:db8:26::5/64', gateway: '2001:db8:26::1' }, { address: '10.77.25.5/24' }], routes: [{ dst, ...(gw ? { gw } : {}) }] } })]);
  const found = (dst: string, gw?: string) => run(route(dst, gw), undefined, DEBIAN).filter((f) => f.code === 'CNI436');
  it('IPv4: an error in the kernel\'s words, with the fix to the network', () => {
    const [f] = found('10.99.1.1/16');
    expect(f).toMatchObject({ severity: 'error', pointer: '/plugins/0/ipam/routes/0/dst' });
    expect(f!.message).toContain("failed to add route '{10.99.1.1 ffff0000} via <nil> dev …': invalid argument");
    const fixed = applyPatch(route('10.99.1.1/16'), f!.fix!.patch!);
    expect(run(fixed, undefined, DEBIAN).filter((x) => x.code === 'CNI436')).toEqual([]);
  });
  it('IPv6: every CHECK fails, in the release\'s words; once only, not also as a route without gw (CNI637)', () => {
    const [f] = found('2001:db8:99::1/48', '2001:db8:26::1');
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.message).toContain('Expected Route {Dst:{IP:2001:db8:99::1 Mask:ffffffffffff00000000000000000000} GW:2001:db8:26::1} not found in routing table');
    expect(run(route('2001:db8:99::1/48'), undefined, DEBIAN).map((x) => x.code).filter((c) => c === 'CNI436' || c === 'CNI637')).toEqual(['CNI436']);
  });
  it('one round of fixes leaves a route CHECK finds: a route with no gw gets its family\'s gateway too', () => {
    const routeChecks = (doc: JsonValue) => run(doc, undefined, DEBIAN).filter((x) => x.code === 'CNI436' || x.code === 'CNI637');
    for (const doc of [route('2001:db8:99::1/48'), route('10.99.1.1/16'), route('2001:db8:99::1/48', '2001:db8:26::1')]) {
      let fixed: JsonValue = doc;
      for (const f of routeChecks(doc)) fixed = applyPatch(fixed, f.fix!.patch!);
      expect(routeChecks(fixed), JSON.stringify(fixed)).toEqual([]);
    }
    expect(found('2001:db8:99::1/48')[0]!.fix!.title).toBe('Use 2001:db8:99::/48 via 2001:db8:26::1');
  });
  it('says nothing of a network address, or of a plugin that does not configure the interface', () => {
    expect(found('10.99.0.0/16')).toEqual([]);
    expect(found('2001:db8:99::/48')).toEqual([]);
    expect(run(list([{ type: 'dhcp' } as JsonObject, { type: 'portmap', capabilities: { portMappings: true }, ipam: { type: 'static', routes: [{ dst: '10.99.1.1/16' }] } }])).filter((x) => x.code === 'CNI436')).toEqual([]);
  });
});

describe('rangeStart after rangeEnd (CNI413)', () => {
  it('quotes host-local, which finds the start outside the range as written', () => {
    const [f] = run(hl([{ subnet: '10.77.35.0/24', rangeStart: '10.77.35.50', rangeEnd: '10.77.35.20' }])).filter((x) => x.code === 'CNI413');
    expect(f!.message).toContain('("RangeStart 10.77.35.50 not in network 10.77.35.0/24")');
  });
});

describe('bandwidth rates at the top of uint64 (CNI206)', () => {
  const rate = (n: string) => run(`{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "ptp", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.1.0.0/24"}]]}}, {"type": "bandwidth", "ingressRate": ${n}, "ingressBurst": 1000000}]}`).filter((f) => f.code === 'CNI206' && f.pointer === '/plugins/1/ingressRate');
  it('refuses what reaches the plugin as 2^64 or more (libcni passes numbers through a float64)', () => {
    for (const n of ['18446744073709551615', '18446744073709552000', '18446744073709551616']) expect(rate(n), n).toHaveLength(1);
    expect(rate('18446744073709551615')[0]!.message).toContain('one that rounds to 2^64 (18446744073709551615 does) arrives as 18446744073709552000');
  });
  it('takes the largest float64 below 2^64', () => {
    expect(rate('18446744073709549568')).toEqual([]);
  });
});

describe('"did you mean" for an unknown type (CNI201)', () => {
  const hint = (type: string, profile: RuntimeProfile) => run(list([{ type }]), undefined, profile).find((f) => f.code === 'CNI201')?.fix?.title;
  it('offers only types the profile\'s plugins release ships', () => {
    expect(hint('dumy', at('1.6.0'))).toBe('Use "dummy"');
    expect(hint('dumy', DEBIAN)).toBeUndefined(); // dummy came in 1.2.0: named, with no fix
    const [f] = run(list([{ type: 'dumy' }]), undefined, DEBIAN).filter((x) => x.code === 'CNI201');
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.message).toContain('Did you mean "dummy"? It is not in plugins 1.1.1 (it came in 1.2.0)');
    expect(hint('brige', DEBIAN)).toBe('Use "bridge"');
  });
});

describe('IPv4-mapped networks and ranges as host-local and netlink read them (second outside round)', () => {
  const codes = (conflist: JsonObject, profile = DEBIAN) => run(conflist, undefined, profile).map((f) => `${f.code} ${f.message}`);
  const staticBridge = (extra: JsonObject) => list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.77.15.5/24', gateway: '10.77.15.1' }], ...extra } })]);
  it('a mapped route shorter than /96 is IPv4 with the mask\'s last 4 bytes: a default route, or one with host bits (ADD fails)', () => {
    expect(codes(staticBridge({ routes: [{ dst: '::ffff:0:0/95' }] })).filter((c) => c.startsWith('CNI436'))).toEqual([]);
    expect(codes(staticBridge({ routes: [{ dst: '::ffff:10.99.0.0/95' }] })).filter((c) => c.startsWith('CNI436'))).toEqual([
      expect.stringContaining("CNI436 Route 0's destination ::ffff:10.99.0.0/95 has host bits set: bridge adds it as written, and the kernel refuses it, so ADD fails (\"failed to add route '{10.99.0.0 00000000} via 10.77.15.1 dev …': invalid argument\")"),
    ]);
  });
  it('a mapped subnet: too small first from /127 on, else the mismatch, whatever the prefix', () => {
    expect(codes(hl([{ subnet: '::ffff:10.1.0.5/128' }])).filter((c) => /CNI41[12]|CNI437/.test(c))).toEqual(['CNI412 Subnet ::ffff:10.1.0.5/128 is too small to allocate from: host-local fails ("Network 10.1.0.5/32 too small to allocate from").']);
    expect(codes(hl([{ subnet: '::ffff:10.1.0.0/95' }])).filter((c) => /CNI41[12]|CNI437/.test(c))).toEqual([expect.stringContaining('CNI437 Subnet ::ffff:10.1.0.0/95 is an IPv4 network written in IPv6 form')]);
  });
  it('quotes a mapped rangeStart outside the subnet as host-local prints it', () => {
    expect(codes(hl([{ subnet: 'fd00:77::/64', rangeStart: '::ffff:10.66.0.10' }])).filter((c) => c.startsWith('CNI413'))).toEqual([expect.stringContaining('("RangeStart 10.66.0.10 not in network fd00:77::/64")')]);
  });
  it('an empty range (rangeStart past the default end) still overlaps at its ends; a refused range is not compared', () => {
    expect(codes(hl([{ subnet: '10.40.0.0/24' }, { subnet: '10.40.0.0/24', rangeStart: '10.40.0.255' }])).filter((c) => c.startsWith('CNI416'))).toHaveLength(1);
    expect(codes(hl([{ subnet: '10.40.0.0/24' }], [{ subnet: '10.40.0.0/24', rangeStart: '10.40.0.255' }])).filter((c) => c.startsWith('CNI416'))).toHaveLength(1);
    expect(codes(hl([{ subnet: 'fd00:40::/120', rangeEnd: 'fd00:40::10' }, { subnet: 'fd00:40::/120', rangeStart: '::ffff:10.40.0.5' }])).filter((c) => /CNI41[36]/.test(c)).map((c) => c.slice(0, 6))).toEqual(['CNI413']);
  });
  it('a runtimeConfig written beside a declared bandwidth capability is checked too: it reaches bandwidth when the runtime sends none', () => {
    const found = codes(list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { bandwidth: true }, runtimeConfig: { bandwidth: { ingressRate: 1000000, ingressBurst: 40000000000 } } }])).filter((c) => c.startsWith('CNI607'));
    expect(found).toEqual([expect.stringContaining('When the runtime sends no capability arguments, the runtimeConfig written here reaches bandwidth as it is: runtimeConfig.bandwidth: ingressBurst 40000000000 bits is more than 4 GB')]);
  });
});

describe('bridge with isGateway and a gateway of the other family (CNI414)', () => {
  const gw = (subnet: string, gateway: string) => run(list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet, gateway }]] } })]), undefined, DEBIAN).filter((f) => f.code === 'CNI414');
  it('an IPv4 gateway with an IPv6 prefix is refused: an error in the kernel\'s words', () => {
    expect(gw('fd00:42::/64', '10.42.0.1')).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('invalid argument') })]);
  });
  it('an IPv6 gateway takes an IPv4 network\'s prefix and ADD works (seen on 1.1.1): a warning', () => {
    expect(gw('10.42.0.0/24', 'fd00::1')).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});

describe('host-local before 1.2.0 on networks beginning with a zero byte (CNI438)', () => {
  // Each case: Debian's host-local 1.1.1 run twice (two containers) on a fresh dataDir.
  const found = (sets: JsonObject[][], plugins = '1.1.1') => run(hl(...sets), undefined, at(plugins, '1.1.2')).filter((f) => f.code === 'CNI438').map((f) => ({ severity: f.severity, pointer: f.pointer, message: f.message }));
  const quote = (sets: JsonObject[][]) => found(sets)[0]!.message.match(/\("([^"]*)"\)/)![1];
  it('defaults: ADD fails in the plugin\'s words, which depend on the network address', () => {
    expect(quote([[{ subnet: '0.0.0.0/24' }]])).toBe('failed to allocate for range 0: no IP addresses available in range set: ?01-0.0.0.254');
    expect(quote([[{ subnet: '::/64' }]])).toBe('failed to allocate for range 0: no IP addresses available in range set: ?01-::ffff:ffff:ffff:ffff');
    expect(quote([[{ subnet: '::fffe:0:0/95' }]])).toBe('… MarshalText for type net.IP: address fffe00000001: invalid IP address');
    expect(quote([[{ subnet: '0:ff::/64' }]])).toBe('… MarshalText for type net.IP: address ff000000000000000000000001: invalid IP address');
    expect(quote([[{ subnet: '::/64', rangeStart: '::5' }]])).toBe('… MarshalText for type net.IP: address 01: invalid IP address');
    expect(quote([[{ subnet: '0.0.0.0/24', gateway: '0.0.0.1' }]])).toBe('invalid CIDR address: <nil>');
    expect(found([[{ subnet: '0.0.0.0/24' }]])[0]).toMatchObject({ severity: 'error', pointer: '/plugins/0/ipam/ranges/0/0/subnet' });
  });
  it('gateway and rangeStart written: the first container gets rangeStart, every later ADD fails (a warning)', () => {
    const [f, ...rest] = found([[{ subnet: '0.0.0.0/24', gateway: '0.0.0.1', rangeStart: '0.0.0.2' }]]);
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('warning');
    expect(f!.message).toContain('The first container gets rangeStart 0.0.0.2');
    // rangeStart on the gateway steps past it at once.
    expect(found([[{ subnet: '0.1.2.0/24', gateway: '0.1.2.1', rangeStart: '0.1.2.1' }]])[0]!.severity).toBe('error');
    // A range of one address never steps; in 0.0.0.0/7 the step past 1.0.0.5 keeps its first byte.
    expect(found([[{ subnet: '0.0.0.0/24', gateway: '0.0.0.1', rangeStart: '0.0.0.9', rangeEnd: '0.0.0.9' }]])).toEqual([]);
    expect(found([[{ subnet: '0.0.0.0/7', gateway: '1.0.0.1', rangeStart: '1.0.0.5' }]])).toEqual([]);
  });
  it('a short default start beside another range: the set is "mixed"', () => {
    const [f] = found([[{ subnet: '0.0.0.0/24' }, { subnet: '1.0.0.0/24', rangeStart: '1.0.0.10' }]]);
    expect(f).toMatchObject({ severity: 'error', pointer: '/plugins/0/ipam/ranges/0/0/subnet' });
    expect(f!.message).toContain('("invalid range set 0: mixed address families")');
    // Written starts are full length: the later range is reached only when the first is used up.
    expect(found([[{ subnet: '1.0.0.0/24' }, { subnet: '0.0.1.0/24', gateway: '0.0.1.1', rangeStart: '0.0.1.2' }]])).toMatchObject([{ severity: 'warning', pointer: '/plugins/0/ipam/ranges/0/1/subnet' }]);
  });
  it('says nothing from plugins 1.2.0 on, nor of networks whose first byte is not zero', () => {
    expect(found([[{ subnet: '0.0.0.0/24' }]], '1.2.0')).toEqual([]);
    expect(found([[{ subnet: '::/64' }]], '1.9.1')).toEqual([]);
    for (const subnet of ['1.0.0.0/24', '10.1.0.0/16', 'fd00::/64', '100::/64']) expect(found([[{ subnet }]]), subnet).toEqual([]);
  });
});

describe('the ends of a host-local range (CNI413, CNI423, CNI424)', () => {
  // Each case: Debian's host-local 1.1.1, up to ten ADDs on a fresh dataDir (the same from 1.1.1 to 1.9.1).
  const found = (range: JsonObject) => run(hl([range])).filter((f) => ['CNI413', 'CNI423', 'CNI424'].includes(f.code)).map((f) => `${f.code} ${f.severity} ${f.pointer.split('/').pop()}: ${f.message}`);
  it('a rangeEnd before the default rangeStart is refused in the plugin\'s words', () => {
    expect(found({ subnet: '10.9.0.0/24', rangeEnd: '10.9.0.0' })).toEqual(['CNI413 error rangeEnd: rangeEnd 10.9.0.0 comes before host-local\'s default rangeStart 10.9.0.1: host-local refuses it ("RangeEnd 10.9.0.0 not in network 10.9.0.0/24").']);
    expect(found({ subnet: 'fd00:9::/120', rangeEnd: 'fd00:9::' })[0]).toContain('("RangeEnd fd00:9:: not in network fd00:9::/120")');
  });
  it('a rangeStart on the broadcast walks out of the subnet: 10.9.0.255, then 10.9.1.0, 10.9.1.1', () => {
    expect(found({ subnet: '10.9.0.0/24', rangeStart: '10.9.0.255' })).toEqual([
      "CNI423 warning rangeStart: rangeStart 10.9.0.255 is the broadcast address of 10.9.0.0/24, past host-local's default rangeEnd 10.9.0.254: the first container gets 10.9.0.255, and each later one an address past the subnet (10.9.1.0, 10.9.1.1, …), since host-local steps on until it meets rangeEnd.",
    ]);
    expect(found({ subnet: '10.9.0.0/24', rangeStart: '10.9.0.255', gateway: '10.9.0.255' })[0]).toContain(': each container gets an address past the subnet');
  });
  it('the network or broadcast address written as a bound is handed out, unless it is the gateway; IPv6 has neither', () => {
    expect(found({ subnet: '10.9.0.0/24', rangeStart: '10.9.0.250', rangeEnd: '10.9.0.255' })).toEqual(['CNI424 warning rangeEnd: rangeEnd 10.9.0.255 is the broadcast address of 10.9.0.0/24: host-local hands it out to a container like any other address (its default rangeEnd leaves it out).']);
    expect(found({ subnet: '10.9.0.0/24', rangeStart: '10.9.0.0', rangeEnd: '10.9.0.3' })).toHaveLength(1);
    expect(found({ subnet: '10.9.7.192/29', rangeStart: '10.9.7.192', gateway: '10.9.7.192' })).toEqual([]);
    expect(found({ subnet: 'fd00:9::/120', rangeStart: 'fd00:9::', rangeEnd: 'fd00:9::ff' })).toEqual([]);
    expect(found({ subnet: '10.9.0.0/24', rangeStart: '10.9.0.1', rangeEnd: '10.9.0.254' })).toEqual([]);
  });
});

describe('an outside tester\'s cases against Debian\'s 1.1.1 (host-local run through the lab, keys sorted as libcni sends them)', () => {
  const codes = (range: JsonObject, plugins = '1.1.1') => run(hl([range]), undefined, at(plugins, '1.1.2')).filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.severity}`);
  const said = (sets: JsonObject[][], code: string) => run(hl(...sets), undefined, DEBIAN).filter((f) => f.code === code).map((f) => f.message);
  it('a null spelling decoded after a valued one unsets an address field (a nil net.IP), whichever spelling is documented', () => {
    // 10.9.0.2, then 10.9.0.3: no rangeStart, no rangeEnd.
    expect(codes({ subnet: '10.9.0.0/24', RangeStart: '10.9.0.255', rangeStart: null })).toEqual(['CNI203 warning']);
    expect(codes({ subnet: '10.9.0.0/24', RangeEnd: '10.9.0.0', rangeEnd: null })).toEqual(['CNI203 warning']);
    expect(codes({ subnet: '10.9.0.0/24', rangeStart: '10.9.0.255', rangestart: null })).toEqual(['CNI204 warning']);
    expect(said([[{ subnet: '10.9.0.0/24', rangeStart: '10.9.0.255', rangestart: null }]], 'CNI204')[0]).toContain('its null unsets the field: the value of "rangeStart" has no effect');
    // Every ADD fails: the default gateway and rangeStart of 0.0.0.0/24 are short.
    expect(said([[{ subnet: '0.0.0.0/24', gateway: '0.0.0.1', RangeStart: '0.0.0.5', rangeStart: null }]], 'CNI438')[0]).toContain('("invalid CIDR address: <nil>")');
    expect(said([[{ subnet: '0.0.0.0/24', Gateway: '0.0.0.1', gateway: null, rangeStart: '0.0.0.5' }]], 'CNI438')[0]).toContain('address 01: invalid IP address');
  });
  it('a list is a Go slice, which a null decoded after it unsets too: no route is added (the lab: CHECK ok, no 10.62.0.0/16)', () => {
    const doc = list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.61.7.0/24' }]], Routes: [{ dst: '10.62.0.0/16' }], routes: null } })]);
    expect(run(doc, undefined, DEBIAN).filter((f) => f.severity !== 'info').map((f) => f.code)).toEqual(['CNI203']);
  });
  it('CNI438 says nothing where the address after rangeStart no longer begins with a zero byte, or where the range is one address', () => {
    expect(said([[{ subnet: '0.0.0.0/0', gateway: '10.0.0.1', rangeStart: '0.255.255.255' }]], 'CNI438')).toEqual([]);
    expect(said([[{ subnet: '::/0', gateway: '2001:db8::1', rangeStart: 'ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' }]], 'CNI438')).toEqual([]);
    for (const range of [{ subnet: '0.0.0.0/30', gateway: '0.0.0.1', rangeStart: '0.0.0.2' }, { subnet: '0.0.0.0/24', gateway: '0.0.0.1', rangeStart: '0.0.0.254' }, { subnet: '::/120', gateway: '::1', rangeStart: '::ff' }]) {
      expect(said([[range]], 'CNI438'), JSON.stringify(range)).toEqual([]);
    }
  });
  it('a short default rangeStart refuses no rangeEnd, and is passed over by the overlap check', () => {
    expect(said([[{ subnet: '0.0.0.0/24', rangeEnd: '0.0.0.0' }]], 'CNI413')).toEqual([]);
    expect(said([[{ subnet: '0.0.0.0/24', rangeEnd: '0.0.0.0' }]], 'CNI438')[0]).toContain('("failed to allocate for range 0: no IP addresses available in range set: ?01-0.0.0.0")');
    expect(said([[{ subnet: 'fd::/64', rangeEnd: 'fd::' }]], 'CNI438')[0]).toContain('address fd0000000000000000000000000001: invalid IP address');
    expect(said([[{ subnet: '0.0.0.0/24', gateway: '0.0.0.1' }], [{ subnet: '0.0.0.0/16', gateway: '0.0.0.1', rangeStart: '0.0.0.5' }]], 'CNI416')).toEqual([]);
    // From 1.2.0 the start is whole, and the check refuses it as before.
    expect(codes({ subnet: '0.0.0.0/24', rangeEnd: '0.0.0.0' }, '1.2.0')).toEqual(['CNI413 error']);
  });
  it('a rangeStart on a broadcast past which 1.1 makes short addresses is CNI438\'s, and the end of IPv4 is said as such', () => {
    expect(codes({ subnet: '0.0.0.0/24', gateway: '0.0.0.1', rangeStart: '0.0.0.255' })).toEqual(['CNI438 warning']);
    expect(said([[{ subnet: '255.255.255.0/24', rangeStart: '255.255.255.255' }]], 'CNI423')[0]).toContain('the first container gets 255.255.255.255, and each later ADD fails: the address after it is past the end of IPv4');
  });
});

describe('a second outside tester\'s spellings and nulls, run through the lab on Debian\'s 1.1.1', () => {
  const found = (plugins: JsonObject[]) => run(list(plugins), undefined, DEBIAN).filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.message}`);
  const bridgeFirst = bridge({ isGateway: true, ipam: hostLocal() });
  it('a null after a value unsets a pointer or map field: portmap runs with its defaults, tuning\'s sysctl and args are gone', () => {
    // ADD portmap ok: markMasqBit back to its default, the externalSetMarkChain conflict gone.
    expect(found([bridgeFirst, { type: 'portmap', capabilities: { portMappings: true }, MarkMasqBit: 40, markMasqBit: null }]).map((f) => f.slice(0, 6))).not.toContain('CNI206');
    expect(found([bridgeFirst, { type: 'portmap', capabilities: { portMappings: true }, markMasqBit: 5, ExternalSetMarkChain: 'KUBE-MARK-MASQ', externalSetMarkChain: null }]).map((f) => f.slice(0, 6))).not.toContain('CNI604');
    expect(found([bridgeFirst, { type: 'tuning', Sysctl: { 'net.ipv4.conf.eth0.nonexistent_qb': '1' }, sysctl: null }]).filter((f) => !f.startsWith('CNI203'))).toEqual([]);
    expect(found([bridgeFirst, { type: 'tuning', Args: { cni: { mtu: 1300 } }, args: null }])).toEqual([expect.stringContaining('CNI203 "Args" has no effect')]);
  });
  it('two spellings of an object or a list are decoded into one: the earlier one is not said to have no effect', () => {
    const [f] = found([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.61.14.0/24' }]], Ranges: [[{ subnet: '10.61.14.0/24', rangeStart: '10.61.14.50' }]] } })]);
    expect(f).toContain('CNI203 "Ranges" is not replaced by "ranges" beside it: Go decodes both into one field');
  });
  it('a lone null bandwidth limit switches its own limits on: the runtime\'s are ignored (no bwp link)', () => {
    expect(found([bridgeFirst, { type: 'bandwidth', capabilities: { bandwidth: true }, egressRate: null }])).toEqual([expect.stringContaining('CNI608 bandwidth has limits of its own because of "egressRate": null')]);
    // Without it, the limits are nil, and 1.1.1's CHECK panics on them when the runtime passes none (CNI655).
    expect(found([bridgeFirst, { type: 'bandwidth', capabilities: { bandwidth: true } }])).toEqual([expect.stringContaining('CNI655')]);
  });
  it("limits in the file's own runtimeConfig are bandwidth's (getBandwidth falls back to them): no CHECK panic, as cnitool 1.1.2 with Debian's 1.1.1 showed an outside tester", () => {
    const limits = { ingressRate: 8000000, ingressBurst: 16000, egressRate: 8000000, egressBurst: 16000 };
    expect(found([bridgeFirst, { type: 'bandwidth', runtimeConfig: { bandwidth: limits } }]).filter((f) => f.startsWith('CNI655'))).toEqual([]);
    expect(found([bridgeFirst, { type: 'bandwidth', capabilities: { bandwidth: true }, runtimeConfig: { bandwidth: limits } }]).filter((f) => f.startsWith('CNI655'))).toEqual([]);
  });
});

describe('static with no addresses (CNI425): bridge fails ADD, seen in the lab', () => {
  const codes = (conf: JsonObject, profile = DEBIAN) => run(list([conf]), undefined, profile).filter((f) => f.code === 'CNI425').map((f) => f.pointer);
  it('warns for the plugins that need an address, unless the runtime can pass them', () => {
    expect(codes(bridge({ ipam: { type: 'static', addresses: [] } }))).toEqual(['/plugins/0/ipam']);
    expect(codes({ type: 'ptp', ipam: { type: 'static', routes: [{ dst: '0.0.0.0/0' }] } })).toEqual(['/plugins/0/ipam']);
    expect(codes(bridge({ ipam: { type: 'static' }, args: { cni: { ips: ['10.64.8.9/24'] } } }))).toEqual([]);
    expect(codes(bridge({ ipam: { type: 'static', addresses: [{ address: '10.64.8.9/24' }] } }))).toEqual([]);
    // dummy checks for an address from 1.2.0 on.
    expect(codes({ type: 'dummy', ipam: { type: 'static' } }, at('1.1.1', '1.1.2'))).toEqual([]);
    expect(codes({ type: 'dummy', ipam: { type: 'static' } }, at('1.2.0', '1.1.2'))).toEqual(['/plugins/0/ipam']);
  });
});

describe('Go prefers an exact field name: static\'s untagged "Address" (a net.IPNet)', () => {
  const found = (address: JsonObject) => run(list([bridge({ ipam: { type: 'static', addresses: [address] } })]), undefined, DEBIAN).filter((f) => f.severity !== 'info').map((f) => f.code);
  it('"Address" spelled so fails to decode (the plugin: "cannot unmarshal string into Go struct field Address…"); other spellings are "address"', () => {
    expect(found({ Address: '10.64.13.5/24' })).toContain('CNI202');
    expect(run(list([bridge({ ipam: { type: 'static', addresses: [{ Address: '10.64.13.5/24' }] } })])).find((f) => f.code === 'CNI202')!.message).toContain('Go struct field Address.ipam.addresses.Address of type net.IPNet');
    expect(found({ ADDRESS: '10.64.13.5/24' })).toEqual(['CNI204']);
    expect(found({ address: '10.64.13.5/24' })).toEqual([]);
  });
});

describe('an "ipam" the plugin never reads is not checked (an outside tester, in the app)', () => {
  it('tuning with a host-local whose rangeStart is the broadcast: CNI402 says it is ignored, and no range finding', () => {
    const codes = run(list([bridge({ ipam: hostLocal() }), { type: 'tuning', ipam: { type: 'host-local', ranges: [[{ subnet: '10.8.0.0/24', rangeStart: '10.8.0.255' }]] } }])).map((f) => f.code);
    expect(codes).toContain('CNI402');
    expect(codes).not.toContain('CNI423');
  });
});

describe('spellings of a list merged as Go decodes them (an outside tester\'s lab and direct runs)', () => {
  const said = (ipam: JsonObject) => run(list([bridge({ isGateway: true, ipam })]), undefined, DEBIAN).filter((f) => f.severity === 'error' || f.code === 'CNI410').map((f) => `${f.code} ${f.message}`);
  it('a later list fills in the items of an earlier one: host-local refuses the merged range, and no "no ranges"', () => {
    expect(said({ type: 'host-local', Ranges: [[{ subnet: '10.70.0.0/24', rangeStart: '10.70.0.5' }]], ranges: [[{ subnet: '10.61.16.0/24' }]] })).toEqual([expect.stringContaining('("RangeStart 10.70.0.5 not in network 10.61.16.0/24")')]);
    expect(said({ type: 'host-local', ranges: [[{ subnet: '10.61.16.0/24' }]], Ranges: [[{ subnet: '10.61.16.0/24', rangeStart: '10.61.16.50' }]] }).filter((f) => f.startsWith('CNI410'))).toEqual([]);
  });
  it('items past a shorter list in between are still there for a longer one (the slice keeps its backing array)', () => {
    const found = said({ type: 'host-local', RANGES: [[{ subnet: '10.61.96.0/24' }], [{ subnet: '10.72.0.0/24', rangeStart: '10.72.0.9' }]], Ranges: [[{ subnet: '10.61.96.0/24' }]], ranges: [[{ subnet: '10.61.96.0/24' }], [{ subnet: '10.73.0.0/24' }]] });
    expect(found.some((f) => f.includes('("RangeStart 10.72.0.9 not in network 10.73.0.0/24")'))).toBe(true);
  });
  it('a null between resets a list: nothing of the earlier spelling is left', () => {
    const found = run(list([bridge({ isGateway: true, ipam: { type: 'host-local', RANGES: [[{ subnet: '10.70.0.0/24', rangeStart: '10.70.0.5' }]], Ranges: null, ranges: [[{ subnet: '10.61.16.0/24' }]] } })]), undefined, DEBIAN);
    expect(found.filter((f) => f.code === 'CNI413')).toEqual([]);
  });
});
