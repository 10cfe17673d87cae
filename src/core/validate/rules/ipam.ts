// Rules about IPAM: whether a plugin needs or ignores it, and host-local / static address arithmetic.
import { canonicalIp, cidrBounds, cidrContains, formatIp, hasHostBits, networkAddress, parseCidr, parseIp, ipValue, type ParsedCidr, type ParsedIp } from '../../net/ip';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/types';
import { goFold, goKeysOf } from '../../model/go-keys';
import { escapeSegment } from '../../model/pointer';
import { versionAtLeast } from '../../model/versions';
import type { Finding } from '../finding';
import { rawPlugin, type PluginView, type Rule } from '../context';
import { gatewayFailure, routeRules } from './ipam-routes';
import { argsIpsRefused } from './ipam-args-ips';
import { staticIpam } from './ipam-static';
import { shortDefaultStart, zeroByteRanges } from './host-local-zero-byte';
import { pastTheEnds } from './host-local-range-ends';

export { writtenNetworks } from './ipam-routes';

/** Plugins whose DEL calls the IPAM delegate whatever its type, and so fails with none (1.1.1 to 1.9.1; ipvlan and host-device skip it). */
const DEL_CALLS_IPAM = new Set(['ptp', 'vlan', 'dummy']);

/** Whether the plugin calls its IPAM delegate: chained reference plugins and those with no IPAM never do, and never read "ipam". */
const callsIpam = (p: PluginView) => !(p.entry && !p.entry.thirdParty && (p.entry.role === 'chained' || p.entry.ipam === 'none'));

export const ipamPresence: Rule = ({ plugins, catalog, conflist }) => {
  const out: Finding[] = [];
  plugins.forEach((p, position) => {
    const need = p.entry?.ipam;
    const ipam = p.conf.ipam;
    if (ipam === undefined) {
      const chainedIpvlan = p.entry?.type === 'ipvlan' && position > 0;
      if (need === 'required' && !chainedIpvlan) {
        out.push({
          code: 'CNI400',
          severity: 'error',
          // dummy checks for it itself (dummy.go, 1.2.0 on); the others fail calling an IPAM plugin of no name.
          message: `${p.entry!.type} needs an "ipam" section to get addresses; without it ADD fails ("${p.entry!.type === 'dummy' ? 'dummy interface requires an IPAM configuration' : 'no plugin name provided'}")${DEL_CALLS_IPAM.has(p.entry!.type) ? ', and DEL too ("no plugin name provided"): the runtime cannot tear the container\'s network down, and tries again and again' : ''}.`,
          pointer: p.pointer,
          fix: { title: 'Add host-local IPAM', patch: [{ op: 'add', path: `${p.pointer}/ipam`, value: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }] },
        });
      }
      return;
    }
    if (!callsIpam(p)) {
      out.push({ code: 'CNI402', severity: 'warning', message: `${p.entry!.type} never calls an IPAM delegate, so its "ipam" has no effect.`, pointer: `${p.pointer}/ipam`, target: 'key', fix: { title: 'Remove "ipam"', patch: [{ op: 'remove', path: `${p.pointer}/ipam` }] } });
      return;
    }
    if (!isJsonObject(ipam)) return; // the schema layer reports the type
    const t = ipam.type;
    if (t === undefined || t === '') {
      // What the plugin does without ipam.type is its schema's fact; Windows, third-party and unknown
      // plugins read their IPAM block themselves, so there is nothing to say.
      const effect = p.entry?.ipamWithoutType;
      if (!effect) return;
      if (effect === 'layer2') {
        const keys = Object.keys(ipam).filter((k) => k !== 'type');
        if (keys.length === 0) return; // "ipam": {} is how layer 2 only is written
        out.push({
          code: 'CNI401',
          severity: 'warning',
          message: `"ipam" has no "type": ${p.entry!.type} then runs layer 2 only and ignores ${keys.map((k) => `"${k}"`).join(', ')}: the container gets no address. Add "type" (e.g. "host-local") for addresses, or write "ipam": {} for layer 2 only.`,
          pointer: `${p.pointer}/ipam`,
          target: 'key',
        });
        return;
      }
      if (p.entry!.chainable && position > 0) return; // chained, it takes the addresses of the previous result
      out.push({ code: 'CNI401', severity: 'error', message: `"ipam" has no "type": ${p.entry!.type} fails ADD ("${effect.error}").`, pointer: `${p.pointer}/ipam`, target: 'key' });
      return;
    }
    if (typeof t !== 'string') return;
    if (t === 'host-local' || t === 'static') nilIpam(p, rawPlugin(conflist, p), t, out);
    const entry = catalog.get(t);
    if (!entry) {
      out.push({ code: 'CNI404', severity: 'info', message: `"${t}" is not an IPAM plugin CNI Studio knows; its fields were not checked.`, pointer: `${p.pointer}/ipam/type` });
    } else if (entry.role !== 'ipam' && !entry.ipamDefinition) {
      out.push({ code: 'CNI403', severity: 'error', message: `ipam.type "${t}" is ${entry.role === 'interface' ? 'an interface' : `a ${entry.role}`} plugin, not an IPAM plugin (host-local, dhcp, static, whereabouts…).`, pointer: `${p.pointer}/ipam/type` });
    } else if (t === 'dhcp') {
      out.push({ code: 'CNI613', severity: 'info', message: 'dhcp IPAM needs the CNI dhcp daemon ("dhcp daemon") running on every node; without it ADD fails with "error dialing DHCP daemon", and DEL too (it asks the daemon to release the lease), so the runtime cannot tear the container\'s network down.', pointer: `${p.pointer}/ipam/type` });
    }
  });
  return out;
};

/**
 * CNI405: an "ipam" spelled twice, the one libcni passes last (keys sorted) null. The delegating plugin
 * decodes the other into its IPAM struct (a null leaves a struct as it is), but host-local and static read
 * the whole config again into a pointer, which the null sets to nil: ADD fails (seen with Debian's 1.1.1).
 */
function nilIpam(p: PluginView, raw: JsonObject | undefined, type: string, out: Finding[]): void {
  if (!raw) return;
  // Nearly every plugin spells "ipam" once: counted without a map.
  let spellings = 0;
  for (const k of Object.keys(raw)) if (k.length === 4 && goFold(k) === 'ipam') spellings++;
  if (spellings < 2) return;
  const last = goKeysOf(raw, true).get('ipam');
  if (last === undefined || raw[last] !== null) return;
  const valued = Object.keys(raw).find((k) => goFold(k) === 'ipam' && isJsonObject(raw[k]));
  if (valued === undefined) return;
  out.push({
    code: 'CNI405',
    severity: 'error',
    message: `"${last}": null comes after "${valued}" as libcni passes the keys (sorted): ${p.type ?? 'the plugin'} takes its IPAM from "${valued}", but ${type} reads the config again and its "ipam" is nil, so ADD fails ("IPAM config missing 'ipam' key"). Keep one of them.`,
    pointer: `${p.pointer}/${escapeSegment(last)}`,
    target: 'key',
    fix: { title: `Remove "${last}"`, patch: [{ op: 'remove', path: `${p.pointer}/${escapeSegment(last)}` }] },
  });
}

export interface RangeAt {
  cidr: ParsedCidr;
  pointer: string;
  range: JsonObject;
  /** From rangeStart to rangeEnd (defaults: subnet+1, the last address but IPv4's broadcast) there is only the gateway, which host-local skips. */
  onlyGateway: boolean;
  /** The addresses it hands out, from rangeStart to rangeEnd with host-local's defaults: what its overlap check compares. */
  first: bigint;
  last: bigint;
  /** rangeStart and rangeEnd with their defaults, as host-local names the range ("10.40.0.255-10.40.0.254" when empty). */
  start: bigint;
  end: bigint;
  /** host-local refuses the range itself (a bound outside the subnet, a start after the end): it stops there, before comparing ranges. */
  refused: boolean;
  /** 1.1 holds its default rangeStart in too few bytes (CNI438): its overlap check passes over it. */
  shortStart: boolean;
}



/**
 * Whether rangeStart to rangeEnd (defaults: the subnet's second address, its last but IPv4's broadcast)
 * holds only the gateway (default: the second address), which host-local never hands out. A gateway
 * written outside the subnet (`undefined`) is in no range.
 */
/** From rangeStart to rangeEnd, with host-local's defaults (Canonicalize): the subnet's second address, its last (IPv4: but the broadcast). */
function rangeBounds(subnet: ParsedCidr, start: ParsedIp | undefined, end: ParsedIp | undefined): { lo: bigint; hi: bigint } {
  const { first, last } = cidrBounds(subnet);
  return { lo: start ? ipValue(start) : first + 1n, hi: end ? ipValue(end) : subnet.ip.family === 4 ? last - 1n : last };
}

function onlyGateway(subnet: ParsedCidr, start: ParsedIp | undefined, end: ParsedIp | undefined, gateway: ParsedIp | 'default' | undefined): boolean {
  if (gateway === undefined) return false;
  const { lo, hi } = rangeBounds(subnet, start, end);
  return lo === hi && (gateway === 'default' ? cidrBounds(subnet).first + 1n : ipValue(gateway)) === lo;
}

function checkRange(range: JsonObject, pointer: string, out: Finding[], plugins: string, p?: PluginView): RangeAt | undefined {
  const subnet = typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!subnet) return undefined; // missing or malformed subnets are schema findings
  const family = subnet.ip.family;
  if (subnet.mapped) {
    // Go reads the address as IPv4 and its mask as IPv6's: host-local refuses the pair, after its size check
    // (a /127 or /128 is too small first).
    const v4 = `${subnet.ip.bytes.join('.')}/${subnet.prefix}`;
    if (subnet.mapped.prefix > 126) {
      out.push({ code: 'CNI412', severity: 'error', message: `Subnet ${subnet.text} is too small to allocate from: host-local fails ("Network ${v4} too small to allocate from").`, pointer: `${pointer}/subnet` });
      return undefined;
    }
    out.push({
      code: 'CNI437',
      severity: 'error',
      message: `Subnet ${subnet.text} is an IPv4 network written in IPv6 form: host-local reads its address as IPv4 and its mask as IPv6's, and refuses it ("IPNet IP and Mask version mismatch"). Write ${v4}.`,
      pointer: `${pointer}/subnet`,
      fix: { title: `Use ${v4}`, patch: [{ op: 'replace', path: `${pointer}/subnet`, value: v4 }] },
    });
    return undefined;
  }
  if (hasHostBits(subnet)) {
    const fixed = `${networkAddress(subnet)}/${subnet.prefix}`;
    out.push({
      code: 'CNI411',
      severity: 'error',
      message: `Subnet ${subnet.text} has host bits set: host-local refuses it. For a /${subnet.prefix} the network address is ${networkAddress(subnet)}.`,
      pointer: `${pointer}/subnet`,
      fix: { title: `Use ${fixed}`, patch: [{ op: 'replace', path: `${pointer}/subnet`, value: fixed }] },
    });
  }
  if (subnet.prefix > (family === 4 ? 30 : 126)) {
    out.push({ code: 'CNI412', severity: 'error', message: `Subnet ${subnet.text} is too small to allocate from: host-local needs at least /${family === 4 ? 30 : 126}.`, pointer: `${pointer}/subnet` });
  }
  const bound = (key: 'rangeStart' | 'rangeEnd' | 'gateway') => {
    const text = range[key];
    if (typeof text !== 'string') return undefined;
    const ip = parseIp(text);
    if (!ip) return undefined;
    if (!cidrContains(subnet, ip)) {
      const gateway = key === 'gateway';
      const failure = gateway && p ? gatewayFailure(p, ip, subnet) : undefined;
      // ptp routes the gateway through the link itself (a host route to it, then the network via it): one
      // outside the subnet is reached all the same (seen with Debian's 1.1.1: ADD, CHECK and ping work).
      if (gateway && !failure && p?.type === 'ptp' && ip.family === subnet.ip.family) return undefined;
      const where = ip.family !== subnet.ip.family ? `an ${ip.family === 4 ? 'IPv4' : 'IPv6'} address for ${ip.family === 4 ? 'IPv6' : 'IPv4'} subnet` : 'outside subnet';
      out.push({
        code: gateway ? 'CNI414' : 'CNI413',
        severity: gateway && !failure ? 'warning' : 'error',
        message: gateway
          ? failure
            ? `Gateway ${text} is ${where} ${subnet.text}, and ${failure}.`
            : `Gateway ${text} is ${where} ${subnet.text}: containers get a gateway they cannot reach.`
          : `${key} ${text} is outside subnet ${subnet.text}: host-local refuses it ("${key === 'rangeStart' ? 'RangeStart' : 'RangeEnd'} ${canonicalIp(text)} not in network ${canonicalIp(subnet.ip.text)}/${subnet.prefix}").`,
        pointer: `${pointer}/${key}`,
      });
      return undefined;
    }
    return ip;
  };
  const outside = () => (['rangeStart', 'rangeEnd'] as const).some((k) => typeof range[k] === 'string' && parseIp(range[k]) !== undefined && !cidrContains(subnet, parseIp(range[k])!));
  const start = bound('rangeStart');
  const end = bound('rangeEnd');
  const gateway = bound('gateway');
  const inverted = start !== undefined && end !== undefined && ipValue(start) > ipValue(end);
  if (inverted) {
    // host-local checks rangeStart against the range as written, rangeEnd included: it says the start is not in the network.
    out.push({ code: 'CNI413', severity: 'error', message: `rangeStart ${start.text} comes after rangeEnd ${end.text}: host-local refuses it ("RangeStart ${canonicalIp(start.text)} not in network ${canonicalIp(subnet.ip.text)}/${subnet.prefix}").`, pointer: `${pointer}/rangeStart` });
  }
  const { first: network, last: broadcast } = cidrBounds(subnet);
  // host-local checks rangeEnd against the range as it stands, rangeStart's default (the second address) included;
  // 1.1's short default start (CNI438) compares as 0 and refuses nothing.
  const shortStart = !start && shortDefaultStart(plugins, subnet);
  const beforeStart = !start && !shortStart && end !== undefined && ipValue(end) <= network;
  if (beforeStart) {
    out.push({ code: 'CNI413', severity: 'error', message: `rangeEnd ${end.text} comes before host-local's default rangeStart ${formatIp(family, network + 1n)}: host-local refuses it ("RangeEnd ${canonicalIp(end.text)} not in network ${canonicalIp(subnet.ip.text)}/${subnet.prefix}").`, pointer: `${pointer}/rangeEnd` });
  }
  if (gateway && family === 4 && subnet.prefix <= 30 && ipValue(gateway) === broadcast && p) out.push(broadcastGateway(p, gateway.text, subnet.text, `${pointer}/gateway`));
  const { lo, hi } = rangeBounds(subnet, start, end);
  if (family === 4 && !inverted && !beforeStart) pastTheEnds(range, pointer, subnet, start, end, network, broadcast, plugins, out);
  // An empty range (a rangeStart past the default end) still has its two ends, which host-local's Overlaps
  // looks for in the other ranges: the span between them, either way round.
  const onlyGw = (start || end) !== undefined && onlyGateway(subnet, start, end, range.gateway === undefined ? 'default' : gateway);
  return { cidr: subnet, pointer, range, onlyGateway: onlyGw, first: lo < hi ? lo : hi, last: lo < hi ? hi : lo, start: lo, end: hi, refused: inverted || beforeStart || outside(), shortStart };
}

/**
 * CNI650: an IPv4 gateway on its subnet's broadcast address. Linux refuses a route through it ("invalid
 * argument"): ptp routes the network through its gateway, and a route without "gw" or bridge's
 * isDefaultGateway goes through it, so ADD fails. Otherwise ADD works, but nothing answers there (bridge's
 * isGateway puts the broadcast on the bridge): the container has no gateway. Seen with Debian's 1.1.1.
 */
function broadcastGateway(p: PluginView, gateway: string, subnet: string, pointer: string): Finding {
  const routes = p.ipam && Array.isArray(p.ipam.routes) ? p.ipam.routes : [];
  const routed = p.type === 'ptp' || (p.type === 'bridge' && p.conf.isDefaultGateway === true) || routes.some((r) => isJsonObject(r) && (r.gw === undefined || r.gw === null));
  return routed
    ? { code: 'CNI650', severity: 'error', message: `Gateway ${gateway} is the broadcast address of ${subnet}, and Linux refuses a route through it: ${p.type ?? 'the plugin'} fails ADD ("failed to add route … ${gateway} …: invalid argument"). Use another address of the subnet, e.g. its first.`, pointer }
    : { code: 'CNI650', severity: 'warning', message: `Gateway ${gateway} is the broadcast address of ${subnet}: nothing answers there as a gateway${p.type === 'bridge' && p.conf.isGateway === true ? ' (bridge puts the broadcast address on the bridge)' : ''}, so the containers have no working gateway, and a route through it would fail ADD. Use another address of the subnet, e.g. its first.`, pointer };
}

function hostLocal(p: PluginView, ipam: JsonObject, version: string, plugins: string, out: Finding[]): void {
  const base = `${p.pointer}/ipam`;
  const ranges = ipam.ranges;
  const hasLegacy = typeof ipam.subnet === 'string';
  const filled = p.entry?.ipam === 'filled';
  // With the ipRanges capability the runtime supplies the ranges at ADD time.
  const runtimeRanges = isJsonObject(p.conf.capabilities) && p.conf.capabilities.ipRanges === true;
  if (!Array.isArray(ranges) || ranges.length === 0) {
    if (!hasLegacy && !filled && !runtimeRanges) {
      out.push({
        code: 'CNI410',
        severity: 'warning',
        message: 'host-local has no ranges: it fails with "no IP ranges specified" unless something fills them in before use (flannel, kube-router and antrea do).',
        pointer: base,
        target: 'key',
        fix: { title: 'Add a range', patch: [{ op: 'add', path: `${base}/ranges`, value: [[{ subnet: '10.22.0.0/16' }]] }] },
      });
    }
  }
  if (hasLegacy && !filled) {
    const legacy: JsonObject = {};
    for (const k of ['subnet', 'rangeStart', 'rangeEnd', 'gateway']) if (ipam[k] !== undefined) legacy[k] = ipam[k] as JsonValue;
    const patch = [
      ...Object.keys(legacy).map((k) => ({ op: 'remove' as const, path: `${base}/${k}` })),
      { op: 'add' as const, path: `${base}/ranges`, value: [[legacy], ...(Array.isArray(ranges) ? (ranges as JsonValue[]) : [])] },
    ];
    out.push({ code: 'CNI417', severity: 'info', message: 'The top-level "subnet" is the legacy single-range form; "ranges" is the current one (and allows dual stack).', pointer: `${base}/subnet`, target: 'key', fix: { title: 'Convert to "ranges"', patch } });
  }
  const sets: { index: number; ranges: RangeAt[] }[] = [];
  if (hasLegacy) {
    const r = checkRange(ipam, base, out, plugins, p);
    if (r) sets.push({ index: -1, ranges: [r] });
  }
  if (Array.isArray(ranges)) {
    ranges.forEach((set, i) => {
      const setPointer = `${base}/ranges/${i}`;
      if (!Array.isArray(set)) return;
      if (set.length === 0) {
        out.push({ code: 'CNI418', severity: 'error', message: `Range set ${i} is empty: host-local fails ("empty range set").`, pointer: setPointer, fix: { title: 'Remove the empty set', patch: [{ op: 'remove', path: setPointer }] } });
        return;
      }
      const checked: RangeAt[] = [];
      set.forEach((range, j) => {
        if (!isJsonObject(range)) return;
        const r = checkRange(range, `${setPointer}/${j}`, out, plugins, p);
        if (r) checked.push(r);
      });
      const families = new Set(checked.map((r) => r.cidr.ip.family));
      if (families.size > 1) {
        out.push({ code: 'CNI415', severity: 'error', message: `Range set ${i} mixes IPv4 and IPv6: one set hands out one address, so host-local refuses it ("mixed address families"). Use one set per family.`, pointer: setPointer });
      }
      if (checked.length === set.length && checked.every((r) => r.onlyGateway)) {
        out.push({ code: 'CNI419', severity: 'error', message: `Range set ${i} hands out no address: from rangeStart to rangeEnd there is only its gateway, which host-local never gives out, so ADD fails ("no IP addresses available in range set").`, pointer: setPointer });
      }
      sets.push({ index: i, ranges: checked });
    });
  }
  overlappingRanges(sets, out);
  zeroByteRanges(plugins, sets, out);
  // Before spec 0.3.0 a result holds one address per family, and host-local counts a set per family by its first range.
  if (!versionAtLeast(version, '0.3.0')) {
    for (const family of [4, 6] as const) {
      const of = sets.filter((s) => s.ranges[0]?.cidr.ip.family === family);
      if (of.length < 2) continue;
      const second = of[1]!;
      out.push({
        code: 'CNI421',
        severity: 'error',
        message: `Spec ${version || '0.1.0'} results carry one address per family: host-local with ${of.length} IPv${family} range sets fails ADD ("CNI version ${version} does not support more than 1 address per family"). Use cniVersion 0.3.0 or newer.`,
        pointer: second.index < 0 ? `${base}/subnet` : `${base}/ranges/${second.index}`,
      });
    }
  }
}

/**
 * CNI416: ranges that overlap, inside a range set or across sets, each pair found reported on its later
 * range (in the file's order), naming the other. host-local compares what each range hands out (Overlaps:
 * rangeStart to rangeEnd, with its defaults), not the subnets: one subnet split by rangeStart and rangeEnd
 * into two ranges is fine (seen with Debian's 1.1.1). One sweep in address order, keeping the range that
 * reaches furthest so far (of all, and of each set), finds an overlap for every range that has one:
 * thousands of ranges are checked in O(n log n), not pair by pair.
 */
/** A range in words: its subnet, and what it hands out when rangeStart or rangeEnd narrows it. */
const span = (r: RangeAt) => (r.range.rangeStart === undefined && r.range.rangeEnd === undefined ? r.cidr.text : `${r.cidr.text} (${formatIp(r.cidr.ip.family, r.start)} to ${formatIp(r.cidr.ip.family, r.end)})`);

function overlappingRanges(sets: readonly { index: number; ranges: RangeAt[] }[], out: Finding[]): void {
  // One subnet overlaps nothing (nearly every host-local); a range host-local refuses is never compared.
  sets = sets.map((set) => ({ index: set.index, ranges: set.ranges.filter((r) => !r.refused && !r.shortStart) }));
  if (sets.reduce((n, set) => n + set.ranges.length, 0) < 2) return;
  type Block = { r: RangeAt; set: number; order: number; first: bigint; last: bigint; family: number };
  const all: Block[] = sets.flatMap((set, s) => set.ranges.map((r, k) => ({ r, set: set.index, order: s * 1e9 + k, first: r.first, last: r.last, family: r.cidr.ip.family })));
  all.sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.order - b.order));
  const covers = (w: Block | undefined, y: Block): w is Block => !!w && w.family === y.family && w.last >= y.first;
  let widest: Block | undefined;
  const widestOfSet = new Map<string, Block>();
  const found: { at: number; finding: Finding }[] = [];
  for (const y of all) {
    const inSet = widestOfSet.get(`${y.set}/${y.family}`);
    const other = covers(inSet, y) ? inSet : covers(widest, y) ? widest : undefined;
    if (other) {
      const [earlier, later] = other.order < y.order ? [other, y] : [y, other];
      found.push({
        at: later.order,
        finding: earlier.set === later.set
          ? { code: 'CNI416', severity: 'error', message: `Subnets ${span(earlier.r)} and ${span(later.r)} overlap inside range set ${later.set}: host-local refuses it.`, pointer: `${later.r.pointer}/subnet` }
          : { code: 'CNI416', severity: 'error', message: `Subnet ${span(later.r)} overlaps ${span(earlier.r)} of another range set: host-local refuses it ("range set … overlaps with …").`, pointer: `${later.r.pointer}/subnet` },
      });
    }
    if (!covers(widest, y) || y.last > widest.last) widest = y;
    if (!covers(inSet, y) || y.last > inSet.last) widestOfSet.set(`${y.set}/${y.family}`, y);
  }
  // In the file's order, as the checks report.
  for (const { finding } of found.sort((a, b) => a.at - b.at)) out.push(finding);
}

function nameservers(dns: JsonValue | undefined, pointer: string, out: Finding[]): void {
  if (!isJsonObject(dns) || !Array.isArray(dns.nameservers)) return;
  dns.nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !parseIp(ns)) {
      out.push({ code: 'CNI440', severity: 'warning', message: `DNS name server "${ns}" is not an IP address; resolvers need addresses.`, pointer: `${pointer}/nameservers/${i}` });
    }
  });
}

export const ipamContents: Rule = ({ plugins, version, profile }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    nameservers(p.conf.dns, `${p.pointer}/dns`, out);
    const ipam = p.ipam;
    // An "ipam" the plugin never reads (CNI402 says so) fails nothing: its contents are not checked.
    if (!ipam || !callsIpam(p)) continue;
    if (p.ipamType === 'host-local') hostLocal(p, ipam, version, profile.plugins, out);
    if (p.ipamType === 'static') staticIpam(p, ipam, version, out);
    argsIpsRefused(p, version, out);
    routeRules(p, ipam, out, profile);
    nameservers(ipam.dns, `${p.pointer}/ipam/dns`, out);
  }
  return out;
};
