// Rules about IPAM: whether a plugin needs or ignores it, and host-local / static address arithmetic.
import { canonicalIp, cidrBounds, cidrContains, hasHostBits, networkAddress, nthAddress, parseCidr, parseIp, ipValue, type ParsedCidr, type ParsedIp } from '../../net/ip';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/types';
import { versionAtLeast } from '../../model/versions';
import type { Finding } from '../finding';
import type { PluginView, Rule } from '../context';

export const ipamPresence: Rule = ({ plugins, catalog }) => {
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
          message: `${p.entry!.type} needs an "ipam" section to get addresses; without it ADD fails ("${p.entry!.type === 'dummy' ? 'dummy interface requires an IPAM configuration' : 'no plugin name provided'}").`,
          pointer: p.pointer,
          fix: { title: 'Add host-local IPAM', patch: [{ op: 'add', path: `${p.pointer}/ipam`, value: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }] },
        });
      }
      return;
    }
    if (p.entry && (p.entry.role === 'chained' || need === 'none') && !p.entry.thirdParty) {
      out.push({ code: 'CNI402', severity: 'warning', message: `${p.entry.type} never calls an IPAM delegate, so its "ipam" has no effect.`, pointer: `${p.pointer}/ipam`, target: 'key', fix: { title: 'Remove "ipam"', patch: [{ op: 'remove', path: `${p.pointer}/ipam` }] } });
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
    const entry = catalog.get(t);
    if (!entry) {
      out.push({ code: 'CNI404', severity: 'info', message: `"${t}" is not an IPAM plugin CNI Studio knows; its fields were not checked.`, pointer: `${p.pointer}/ipam/type` });
    } else if (entry.role !== 'ipam' && !entry.ipamDefinition) {
      out.push({ code: 'CNI403', severity: 'error', message: `ipam.type "${t}" is ${entry.role === 'interface' ? 'an interface' : `a ${entry.role}`} plugin, not an IPAM plugin (host-local, dhcp, static, whereabouts…).`, pointer: `${p.pointer}/ipam/type` });
    } else if (t === 'dhcp') {
      out.push({ code: 'CNI613', severity: 'info', message: 'dhcp IPAM needs the CNI dhcp daemon ("dhcp daemon") running on every node; without it ADD fails with "error dialing DHCP daemon".', pointer: `${p.pointer}/ipam/type` });
    }
  });
  return out;
};

interface RangeAt {
  cidr: ParsedCidr;
  pointer: string;
  range: JsonObject;
  /** From rangeStart to rangeEnd (defaults: subnet+1, the last address but IPv4's broadcast) there is only the gateway, which host-local skips. */
  onlyGateway: boolean;
}

/** Reference Linux interface plugins: they put the IPAM result on the container interface (ipam.ConfigureIface). */
const configuresIpam = (p: PluginView) => !!p.entry && !p.entry.thirdParty && p.entry.platform === 'linux' && p.entry.role === 'interface';

/** The kernel's refusal of a route through a gateway no address of the interface reaches (IPv4 and IPv6 word it differently). */
const unreachable = (gw: ParsedIp) => `ADD fails ("failed to add route '… via ${gw.text} dev …': ${gw.family === 4 ? 'network is unreachable' : 'no route to host'}")`;

/**
 * Why ADD fails with this gateway outside its network (or of the other family), in the plugin's words; undefined
 * when nothing uses it (then it is only a warning).
 */
function gatewayFailure(p: PluginView, gw: ParsedIp, network: ParsedCidr): string | undefined {
  if (!configuresIpam(p)) return undefined;
  const otherFamily = gw.family !== network.ip.family;
  const c = p.conf;
  if (otherFamily && p.entry!.type === 'ptp') return `ptp routes the gateway from the container's ${network.ip.family === 6 ? 'IPv6' : 'IPv4'} address: ADD fails ("failed to add route …: source and destination ip are not the same IP family")`;
  if (otherFamily && p.entry!.type === 'bridge' && (c.isGateway === true || c.isDefaultGateway === true)) {
    const name = typeof c.bridge === 'string' ? c.bridge : 'cni0';
    return `bridge puts the gateway on the bridge with the ${network.ip.family === 6 ? 'IPv6' : 'IPv4'} prefix: ADD fails ("failed to set bridge addr: could not add IP address to "${name}": invalid argument")`;
  }
  const via = unreachable(gw);
  if (p.entry!.type === 'bridge' && c.isDefaultGateway === true) return `bridge's isDefaultGateway adds a default route through it: ${via}`;
  const routes = p.ipam && Array.isArray(p.ipam.routes) ? p.ipam.routes : [];
  const through = routes.find((r) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string') return false;
    const dst = parseCidr(r.dst);
    if (!dst) return false;
    const rgw = typeof r.gw === 'string' ? parseIp(r.gw) : undefined;
    // A route without gw goes through the gateway of its family.
    return rgw ? rgw.text === gw.text || (ipValue(rgw) === ipValue(gw) && rgw.family === gw.family) : dst.ip.family === gw.family;
  });
  if (through && isJsonObject(through)) return `the route to ${String(through.dst)} goes through it: ${via}`;
  return undefined;
}

/**
 * Whether rangeStart to rangeEnd (defaults: the subnet's second address, its last but IPv4's broadcast)
 * holds only the gateway (default: the second address), which host-local never hands out. A gateway
 * written outside the subnet (`undefined`) is in no range.
 */
function onlyGateway(subnet: ParsedCidr, start: ParsedIp | undefined, end: ParsedIp | undefined, gateway: ParsedIp | 'default' | undefined): boolean {
  if (gateway === undefined) return false;
  const { first, last } = cidrBounds(subnet);
  const lo = start ? ipValue(start) : first + 1n;
  const hi = end ? ipValue(end) : subnet.ip.family === 4 ? last - 1n : last;
  return lo === hi && (gateway === 'default' ? first + 1n : ipValue(gateway)) === lo;
}

function checkRange(range: JsonObject, pointer: string, out: Finding[], p?: PluginView): RangeAt | undefined {
  const subnet = typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!subnet) return undefined; // missing or malformed subnets are schema findings
  const family = subnet.ip.family;
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
      const where = ip.family !== subnet.ip.family ? `an ${ip.family === 4 ? 'IPv4' : 'IPv6'} address for ${ip.family === 4 ? 'IPv6' : 'IPv4'} subnet` : 'outside subnet';
      out.push({
        code: gateway ? 'CNI414' : 'CNI413',
        severity: gateway && !failure ? 'warning' : 'error',
        message: gateway
          ? failure
            ? `Gateway ${text} is ${where} ${subnet.text}, and ${failure}.`
            : `Gateway ${text} is ${where} ${subnet.text}: containers get a gateway they cannot reach.`
          : `${key} ${text} is outside subnet ${subnet.text}: host-local refuses it ("${key === 'rangeStart' ? 'RangeStart' : 'RangeEnd'} ${text} not in network ${subnet.text}").`,
        pointer: `${pointer}/${key}`,
      });
      return undefined;
    }
    return ip;
  };
  const start = bound('rangeStart');
  const end = bound('rangeEnd');
  const gateway = bound('gateway');
  if (start && end && ipValue(start) > ipValue(end)) {
    out.push({ code: 'CNI413', severity: 'error', message: `rangeStart ${start.text} comes after rangeEnd ${end.text}.`, pointer: `${pointer}/rangeStart` });
  }
  return { cidr: subnet, pointer, range, onlyGateway: (start || end) !== undefined && onlyGateway(subnet, start, end, range.gateway === undefined ? 'default' : gateway) };
}

function hostLocal(p: PluginView, ipam: JsonObject, out: Finding[]): void {
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
    const r = checkRange(ipam, base, out, p);
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
        const r = checkRange(range, `${setPointer}/${j}`, out, p);
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
}

/**
 * CNI416: subnets that overlap, inside a range set or across sets, each pair found reported on its later
 * subnet (in the file's order), naming the other. Two CIDR blocks are nested or apart, so one sweep in
 * address order, keeping the widest block so far (of all, and of each set), finds an overlap for every
 * subnet that has one: thousands of ranges are checked in O(n log n), not pair by pair.
 */
function overlappingRanges(sets: readonly { index: number; ranges: RangeAt[] }[], out: Finding[]): void {
  type Block = { r: RangeAt; set: number; order: number; first: bigint; last: bigint; family: number };
  const all: Block[] = sets.flatMap((set, s) => set.ranges.map((r, k) => ({ r, set: set.index, order: s * 1e9 + k, ...cidrBounds(r.cidr), family: r.cidr.ip.family })));
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
          ? { code: 'CNI416', severity: 'error', message: `Subnets ${earlier.r.cidr.text} and ${later.r.cidr.text} overlap inside range set ${later.set}: host-local refuses it.`, pointer: `${later.r.pointer}/subnet` }
          : { code: 'CNI416', severity: 'error', message: `Subnet ${later.r.cidr.text} overlaps ${earlier.r.cidr.text} of another range set: host-local refuses it ("range set … overlaps with …").`, pointer: `${later.r.pointer}/subnet` },
      });
    }
    if (!covers(widest, y) || y.last > widest.last) widest = y;
    if (!covers(inSet, y) || y.last > inSet.last) widestOfSet.set(`${y.set}/${y.family}`, y);
  }
  // In the file's order, as the checks report.
  for (const { finding } of found.sort((a, b) => a.at - b.at)) out.push(finding);
}

function staticIpam(p: PluginView, ipam: JsonObject, version: string, out: Finding[]): void {
  const addresses = ipam.addresses;
  if (!Array.isArray(addresses)) return;
  const perFamily = new Map<number, number>();
  // Addresses as the kernel tells them apart: IPv4 by address and prefix length, IPv6 by address alone.
  const seen = new Map<string, number>();
  // ptp's host route to each address's gateway: one per gateway (CNI435).
  const gateways = new Map<string, number>();
  addresses.forEach((a, i) => {
    if (!isJsonObject(a) || typeof a.address !== 'string') return;
    const cidr = parseCidr(a.address);
    if (!cidr) return;
    perFamily.set(cidr.ip.family, (perFamily.get(cidr.ip.family) ?? 0) + 1);
    const key = cidr.ip.family === 4 ? `${canonicalIp(cidr.ip.text)}/${cidr.prefix}` : canonicalIp(cidr.ip.text);
    const earlier = seen.get(key);
    if (earlier !== undefined && configuresIpam(p)) {
      out.push({ code: 'CNI422', severity: 'error', message: `Address ${a.address} is given again (address ${earlier} is ${key}${cidr.ip.family === 6 ? ', whatever the prefix length' : ''}): ${p.entry!.type} adds each, and the kernel refuses the second, so ADD fails ("failed to add IP addr … file exists").`, pointer: `${p.pointer}/ipam/addresses/${i}/address`, fix: { title: 'Remove the repeated address', patch: [{ op: 'remove', path: `${p.pointer}/ipam/addresses/${i}` }] } });
    } else if (earlier === undefined) seen.set(key, i);
    const gwOf = typeof a.gateway === 'string' ? parseIp(a.gateway) : undefined;
    if (p.entry?.type === 'ptp' && gwOf && gwOf.family === cidr.ip.family) {
      const shared = gateways.get(canonicalIp(gwOf.text));
      if (shared !== undefined) {
        out.push({ code: 'CNI435', severity: 'error', message: `Addresses ${shared} and ${i} share the gateway ${a.gateway}: ptp adds a host route to each address's gateway, and the kernel refuses the second to the same gateway, so ADD fails ("failed to add route … ${canonicalIp(gwOf.text)}/${gwOf.family === 4 ? 32 : 128} … file exists"). Give ptp one address per family, or each its own gateway.`, pointer: `${p.pointer}/ipam/addresses/${i}/gateway` });
      } else gateways.set(canonicalIp(gwOf.text), i);
    }
    if (typeof a.gateway === 'string') {
      const gw = parseIp(a.gateway);
      if (gw && (gw.family !== cidr.ip.family || !cidrContains(cidr, gw))) {
        const failure = gatewayFailure(p, gw, cidr);
        const what = `Gateway ${a.gateway} is ${gw.family !== cidr.ip.family ? 'of another address family than' : 'outside the network of'} ${a.address}`;
        out.push({ code: 'CNI420', severity: failure ? 'error' : 'warning', message: failure ? `${what}, and ${failure}.` : `${what}.`, pointer: `${p.pointer}/ipam/addresses/${i}/gateway` });
      }
    }
  });
  if (!versionAtLeast(version, '0.3.0') && [...perFamily.values()].some((n) => n > 1)) {
    out.push({ code: 'CNI421', severity: 'error', message: `Spec ${version || '0.1.0'} results carry one address per family; static fails with more. Use cniVersion 0.3.0 or newer.`, pointer: `${p.pointer}/ipam/addresses` });
  }
}

/**
 * The gateway routes without a "gw" go through, per family (ipam.ConfigureIface: the first address of the
 * family's gateway), when the file says it: host-local's first range of each family (its gateway, else the
 * subnet's first address; a legacy "subnet" comes first), static's first address of each family (bridge
 * with isGateway gives one without a gateway the subnet's first address). Absent: not known here.
 */
function familyGateways(p: PluginView, ipam: JsonObject): Map<number, string | undefined> {
  const out = new Map<number, string | undefined>();
  const bridgeGateway = p.entry?.type === 'bridge' && (p.conf.isGateway === true || p.conf.isDefaultGateway === true);
  const add = (subnet: JsonValue | undefined, gateway: JsonValue | undefined, byDefault: boolean) => {
    const network = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
    if (!network || out.has(network.ip.family)) return;
    const gw = typeof gateway === 'string' ? parseIp(gateway) : undefined;
    out.set(network.ip.family, gw ? canonicalIp(gw.text) : byDefault ? canonicalIp(nthAddress(network, 1n)) : undefined);
  };
  if (p.ipamType === 'host-local') {
    add(ipam.subnet, ipam.gateway, true);
    if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set) && isJsonObject(set[0])) add(set[0].subnet, set[0].gateway, true);
  } else if (p.ipamType === 'static' && Array.isArray(ipam.addresses)) {
    for (const a of ipam.addresses) if (isJsonObject(a)) add(a.address, a.gateway, bridgeGateway);
  }
  return out;
}

/**
 * CNI431: two routes to the same destination (as Go parses it, host bits cleared) through the same gateway:
 * the interface plugin adds each (netlink's RouteAddEcmp, 1.0 to 1.9), and the kernel refuses the second
 * ("file exists"). Through different gateways both go in, as two paths. A route without "gw" goes through
 * the family's gateway (familyGateways); when that is not known here, nothing is said.
 */
function duplicateRoutes(p: PluginView, ipam: JsonObject, pointer: string, out: Finding[]): void {
  const routes = ipam.routes;
  if (!Array.isArray(routes) || !configuresIpam(p)) return;
  const gateways = familyGateways(p, ipam);
  const seen = new Map<string, number>();
  routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string') return;
    const dst = parseCidr(r.dst);
    if (!dst) return;
    // What the route goes through: its own gw, else the family's gateway (none, or not known here: a token
    // equal only to another route without gw).
    let via: string;
    if (typeof r.gw === 'string') {
      const gw = parseIp(r.gw);
      if (!gw) return; // the schema says what is wrong with it
      via = canonicalIp(gw.text);
    } else if (r.gw === undefined || r.gw === null) via = gateways.has(dst.ip.family) ? (gateways.get(dst.ip.family) ?? '(none)') : '(the gateway)';
    else return;
    const key = `${networkAddress(dst)}/${dst.prefix}`;
    const earlier = seen.get(`${key} ${via}`);
    if (earlier === undefined) return void seen.set(`${key} ${via}`, i);
    const through = via.startsWith('(') ? '' : ` via ${via}`;
    out.push({ code: 'CNI431', severity: 'error', message: `Route ${i} goes to ${key}${through} again (route ${earlier} does): ${p.entry!.type} adds both, and the kernel refuses the second, so ADD fails ("failed to add route '${key} …': file exists"). Through another gateway it would be a second path.`, pointer: `${pointer}/${i}/dst`, fix: { title: 'Remove the repeated route', patch: [{ op: 'remove', path: `${pointer}/${i}` }] } });
  });
}

function routeFamilies(p: PluginView, routes: JsonValue | undefined, pointer: string, out: Finding[]): void {
  if (!Array.isArray(routes)) return;
  routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string' || typeof r.gw !== 'string') return;
    const dst = parseCidr(r.dst);
    const gw = parseIp(r.gw);
    if (dst && gw && dst.ip.family !== gw.family) {
      out.push(
        configuresIpam(p)
          ? { code: 'CNI430', severity: 'error', message: `Route to ${r.dst} goes via ${r.gw}, an address of the other family: ${p.entry!.type} fails ADD ("failed to add route '… via ${r.gw} dev …': gateway, source, and destination ip are not the same IP family").`, pointer: `${pointer}/${i}/gw` }
          : { code: 'CNI430', severity: 'warning', message: `Route to ${r.dst} goes via ${r.gw}, an address of the other family.`, pointer: `${pointer}/${i}/gw` },
      );
    }
  });
}

/**
 * CNI432: a route's own gw that no address of the interface reaches, where every address is known (ranges
 * or static addresses in the file, no ipRanges or ips capability): the kernel refuses the route.
 */
/**
 * The networks (and gateways) host-local or static written in the file gives the interface, when every
 * address is known: undefined for another IPAM, or when the runtime may send addresses (ipRanges, ips).
 */
export function writtenNetworks(p: PluginView): { networks: ParsedCidr[]; gateways: string[] } | undefined {
  const ipam = p.ipam;
  if (!ipam) return undefined;
  const caps = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  if (caps.ipRanges === true || caps.ips === true) return undefined;
  const networks: ParsedCidr[] = [];
  const gateways: string[] = [];
  const add = (subnet: JsonValue | undefined, gateway: JsonValue | undefined) => {
    const c = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
    if (c) networks.push(c);
    if (typeof gateway === 'string') gateways.push(gateway);
  };
  if (p.ipamType === 'host-local') {
    add(ipam.subnet, ipam.gateway);
    if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set)) for (const r of set) if (isJsonObject(r)) add(r.subnet, r.gateway);
  } else if (p.ipamType === 'static') {
    if (Array.isArray(ipam.addresses)) for (const a of ipam.addresses) if (isJsonObject(a)) add(a.address, a.gateway);
  } else return undefined;
  return { networks, gateways };
}

function routeGateways(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (!configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const written = writtenNetworks(p);
  if (!written || written.networks.length === 0) return;
  const { networks, gateways } = written;
  ipam.routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.gw !== 'string' || typeof r.dst !== 'string') return;
    const gw = parseIp(r.gw);
    const dst = parseCidr(r.dst);
    if (!gw || !dst || gw.family !== dst.ip.family) return; // CNI430
    if (gateways.some((g) => parseIp(g) && ipValue(parseIp(g)!) === ipValue(gw) && parseIp(g)!.family === gw.family)) return; // CNI414/CNI420
    if (networks.some((n) => n.ip.family === gw.family && cidrContains(n, gw))) return;
    out.push({
      code: 'CNI432',
      severity: 'error',
      message: `Route to ${r.dst} goes via ${r.gw}, which no address of the interface reaches (${networks.filter((n) => n.ip.family === gw.family).map((n) => n.text).join(', ') || `no ${gw.family === 4 ? 'IPv4' : 'IPv6'} address`}): ${p.entry!.type} ${unreachable(gw)}.`,
      pointer: `${p.pointer}/ipam/routes/${i}/gw`,
    });
  });
}

/**
 * The routes ptp adds itself for each address it gets (written in the file): the kernel's route to the
 * address's network is replaced by one via the gateway, and a host route goes to the gateway. host-local
 * gives the first range of each set (its gateway by default the network's first address); static, each
 * address with a gateway.
 */
function ptpOwnRoutes(ipam: JsonObject, ipamType: string | undefined): Map<string, string> {
  const own = new Map<string, string>();
  const add = (subnet: JsonValue | undefined, gateway: JsonValue | undefined, byDefault: boolean) => {
    const network = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
    if (!network) return;
    const gw = typeof gateway === 'string' ? gateway : byDefault ? nthAddress(network, 1n) : undefined;
    own.set(`${networkAddress(network)}/${network.prefix}`, `its route to its network ${networkAddress(network)}/${network.prefix}`);
    const parsed = gw === undefined ? undefined : parseIp(gw);
    if (parsed && parsed.family === network.ip.family) own.set(`${canonicalIp(gw!)}/${parsed.family === 4 ? 32 : 128}`, `its host route to the gateway ${canonicalIp(gw!)}`);
  };
  if (ipamType === 'host-local') {
    add(ipam.subnet, ipam.gateway, true);
    if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set) && isJsonObject(set[0])) add(set[0].subnet, set[0].gateway, true);
  } else if (ipamType === 'static' && Array.isArray(ipam.addresses)) {
    for (const a of ipam.addresses) if (isJsonObject(a)) add(a.address, a.gateway, false);
  }
  return own;
}

/**
 * CNI433: an IPAM route to a destination ptp routes itself (its address's network, or the gateway's host
 * route). The IPAM routes go in first, so ptp's own is refused and ADD fails ("failed to add route … file
 * exists"): seen with Debian's 1.1.1 (IPv4 and IPv6); ptp adds both routes the same way up to 1.9. Other
 * interface plugins leave the kernel's route as it is and take such a route.
 */
function ptpRouteClash(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (p.entry?.type !== 'ptp' || !configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const caps = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  if (caps.ipRanges === true || caps.ips === true) return; // the addresses come from the runtime
  const own = ptpOwnRoutes(ipam, p.ipamType);
  ipam.routes.forEach((r, i) => {
    const dst = isJsonObject(r) && typeof r.dst === 'string' ? parseCidr(r.dst) : undefined;
    const key = dst && `${networkAddress(dst)}/${dst.prefix}`;
    const what = key && own.get(key);
    if (!what) return;
    out.push({
      code: 'CNI433',
      severity: 'error',
      message: `Route ${i} goes to ${key}, which ptp routes itself (${what}): the IPAM routes go in first, so ptp's own is refused and ADD fails ("failed to add route … file exists"). ptp already routes there; remove this route.`,
      pointer: `${p.pointer}/ipam/routes/${i}/dst`,
      fix: { title: 'Remove the route ptp adds itself', patch: [{ op: 'remove', path: `${p.pointer}/ipam/routes/${i}` }] },
    });
  });
}

/**
 * CNI434: bridge with isDefaultGateway adds a default route via its gateway unless the IPAM result already
 * has one with a gw (bridge.go calcGateways: `route.GW != nil && defaultNet == route.Dst`, 1.0 to 1.9). A
 * written default route without gw goes in first, via that same gateway (ipam.ConfigureIface), so bridge's
 * own is refused and ADD fails ("file exists"), for each family the interface gets an address of.
 */
function bridgeDefaultRoute(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  if (p.entry?.type !== 'bridge' || p.conf.isDefaultGateway !== true || !configuresIpam(p) || !Array.isArray(ipam.routes)) return;
  const families = new Set(writtenNetworks(p)?.networks.map((n) => n.ip.family));
  ipam.routes.forEach((r, i) => {
    const dst = isJsonObject(r) && typeof r.dst === 'string' && r.gw === undefined ? parseCidr(r.dst) : undefined;
    if (!dst || dst.prefix !== 0 || !families.has(dst.ip.family)) return;
    const key = dst.ip.family === 4 ? '0.0.0.0/0' : '::/0';
    out.push({
      code: 'CNI434',
      severity: 'error',
      message: `Route ${i} is a default route with no "gw": it goes in via the bridge's gateway, and isDefaultGateway then adds the same route (bridge counts only a default route with a "gw" as one it has), so the kernel refuses it and ADD fails ("failed to add route '${key} via … dev …': file exists"). Remove the route (isDefaultGateway adds it), or give it a "gw".`,
      pointer: `${p.pointer}/ipam/routes/${i}`,
      fix: { title: 'Remove the route isDefaultGateway adds', patch: [{ op: 'remove', path: `${p.pointer}/ipam/routes/${i}` }] },
    });
  });
}

function nameservers(dns: JsonValue | undefined, pointer: string, out: Finding[]): void {
  if (!isJsonObject(dns) || !Array.isArray(dns.nameservers)) return;
  dns.nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !parseIp(ns)) {
      out.push({ code: 'CNI440', severity: 'warning', message: `DNS name server "${ns}" is not an IP address; resolvers need addresses.`, pointer: `${pointer}/nameservers/${i}` });
    }
  });
}

export const ipamContents: Rule = ({ plugins, version }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    nameservers(p.conf.dns, `${p.pointer}/dns`, out);
    const ipam = p.ipam;
    if (!ipam) continue;
    if (p.ipamType === 'host-local') hostLocal(p, ipam, out);
    if (p.ipamType === 'static') staticIpam(p, ipam, version, out);
    routeFamilies(p, ipam.routes, `${p.pointer}/ipam/routes`, out);
    if (p.ipamType === 'host-local' || p.ipamType === 'static') duplicateRoutes(p, ipam, `${p.pointer}/ipam/routes`, out);
    routeGateways(p, ipam, out);
    ptpRouteClash(p, ipam, out);
    bridgeDefaultRoute(p, ipam, out);
    nameservers(ipam.dns, `${p.pointer}/ipam/dns`, out);
  }
  return out;
};
