// host-local (IPAM): addresses from range sets, one address per set, leases kept in files on the node.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { cidrBounds, formatIp, ipValue, nthAddress, parseCidr, parseIp } from '../net/ip';
import { versionAtLeast } from '../model/versions';
import { argsIps, capabilityArg, cniArgsIps } from './shared';
import type { FirstV4, PluginBehaviour } from './types';

const LEGACY_KEYS = ['subnet', 'rangeStart', 'rangeEnd', 'gateway'] as const;

/** A list of range sets; a lone range where a set belongs is read as a set of one. */
function asRangeSets(value: JsonValue | undefined): JsonObject[][] {
  if (!Array.isArray(value)) return [];
  return value.map((set) => (Array.isArray(set) ? set.filter(isJsonObject) : isJsonObject(set) ? [set] : []));
}

/**
 * The range sets host-local allocates from, in its order (allocator/config.go, LoadIPAMConfig): the
 * runtime's ipRanges first, then the legacy top-level range (when `subnet` is set), then `ranges`. Each set
 * hands out one address, so this is also the order of the addresses in the result.
 */
export function hostLocalRangeSets(ipam: JsonObject, runtimeRanges?: JsonValue): JsonObject[][] {
  const legacy: JsonObject = {};
  if (typeof ipam.subnet === 'string') for (const k of LEGACY_KEYS) if (ipam[k] !== undefined) legacy[k] = ipam[k]!;
  return [...asRangeSets(runtimeRanges), ...(Object.keys(legacy).length ? [[legacy]] : []), ...asRangeSets(ipam.ranges)];
}

/** A range's gateway: the one written, else the subnet's first address; as canonical text. */
function gatewayOf(subnet: JsonValue | undefined, gateway: JsonValue | undefined): string | undefined {
  if (typeof gateway === 'string') {
    const ip = parseIp(gateway);
    return ip ? formatIp(ip.family, ipValue(ip)) : gateway;
  }
  const cidr = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
  return cidr ? nthAddress(cidr, 1n) : undefined;
}

/** A range with its gateway made explicit, so writing the default gateway out is no change. */
function canonicalRange(range: JsonValue): JsonValue {
  if (!isJsonObject(range)) return range;
  const gateway = gatewayOf(range.subnet, range.gateway);
  return gateway === undefined ? range : { ...range, gateway };
}

/**
 * Whether a host-local range holds an address it may hand out (Range.Contains once canonical): in its
 * subnet, from rangeStart (default: the network address + 1) to rangeEnd (default: the last address, less
 * the broadcast for IPv4).
 */
function rangeHolds(range: JsonObject, ip: NonNullable<ReturnType<typeof parseIp>>): boolean {
  const cidr = typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!cidr || ip.family !== cidr.ip.family) return false;
  const bound = (key: string) => (typeof range[key] === 'string' ? parseIp(range[key]) : undefined);
  const { first, last } = cidrBounds(cidr);
  const v = ipValue(ip);
  const start = bound('rangeStart');
  const end = bound('rangeEnd');
  return v >= first && v <= last && v >= (start ? ipValue(start) : first + 1n) && v <= (end ? ipValue(end) : cidr.ip.family === 4 ? last - 1n : last);
}

type Asked = ReturnType<typeof parseIp>;
/** An address as Go prints a net.IP. */
const goText = (ip: NonNullable<Asked>) => formatIp(ip.family, ipValue(ip));

/**
 * What host-local does with the addresses asked for (main.go, cmdAdd): each range set takes one it holds
 * (Go's map order picks which; here the first), with that range's prefix and gateway; asking for the
 * gateway fails, and so does an address no set took.
 */
function requestedAllocation(sets: JsonObject[][], requested: readonly string[]): { taken: Map<number, JsonObject>; refused?: string; note?: string } {
  const asked: Asked[] = requested.map((r) => parseIp(r.trim().split('/')[0]!));
  const left = new Set(asked.keys());
  const taken = new Map<number, JsonObject>();
  let note: string | undefined;
  for (const [idx, set] of sets.entries()) {
    const candidates = [...left].filter((j) => asked[j] && set.some((range) => rangeHolds(range, asked[j]!)));
    const k = candidates[0];
    if (k === undefined) continue;
    // Go's map order picks which one: the same ADD names either as left over.
    if (candidates.length > 1) note ??= `host-local takes one address per range set, and range set ${idx} holds ${candidates.map((j) => goText(asked[j]!)).join(', ')}: which one it takes follows Go's map order, so ADD may name another of them as left over.`;
    left.delete(k);
    const ip = asked[k]!;
    const range = set.find((r) => rangeHolds(r, ip))!;
    const gateway = gatewayOf(range.subnet, range.gateway);
    const gw = gateway === undefined ? undefined : parseIp(gateway);
    if (gw && ipValue(gw) === ipValue(ip)) return { taken, refused: `failed to allocate for range ${idx}: requested ip ${goText(ip)} is subnet's gateway`, ...(note ? { note } : {}) };
    taken.set(idx, { address: `${goText(ip)}/${parseCidr(String(range.subnet))!.prefix}`, ...(gateway === undefined ? {} : { gateway }) });
  }
  if (sets.length === 0 || left.size === 0) return { taken };
  const words = [...left].map((j) => (asked[j] ? goText(asked[j]!) : requested[j]!.trim().split('/')[0]));
  return { taken, refused: `failed to allocate all requested IPs: ${words.join(' ')}`, ...(note ? { note } : {}) };
}

/** A range as host-local canonicalizes it (Range.Canonicalize): its first and last address, or its refusal. */
function canonicalBounds(range: JsonObject): { first: bigint; last: bigint; family: 4 | 6 } | string {
  const cidr = typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!cidr) return `invalid CIDR address: ${String(range.subnet)}`;
  const { first, last } = cidrBounds(cidr);
  if (ipValue(cidr.ip) !== first) return `Network has host bits set. For a subnet mask of length ${cidr.prefix} the network address is ${formatIp(cidr.ip.family, first)}`;
  const bound = (key: 'rangeStart' | 'rangeEnd') => (typeof range[key] === 'string' ? parseIp(range[key]) : undefined);
  const start = bound('rangeStart');
  const end = bound('rangeEnd');
  for (const [key, ip] of [['RangeStart', start], ['RangeEnd', end]] as const) {
    if (ip && (ip.family !== cidr.ip.family || ipValue(ip) < first || ipValue(ip) > last)) return `${key} ${goText(ip)} not in network ${formatIp(cidr.ip.family, first)}/${cidr.prefix}`;
  }
  return { first: start ? ipValue(start) : first + 1n, last: end ? ipValue(end) : cidr.ip.family === 4 ? last - 1n : last, family: cidr.ip.family };
}

/**
 * The runtime's range sets refused as host-local loads them (config.go, LoadIPAMConfig): each set of the
 * runtime's is canonicalized ("invalid range set N: …"), then a result below spec 0.3.0 is allowed one set
 * per family, then every set is checked against the later ones for overlap. Only refusals a runtime set
 * takes part in: the file's own are lint's (CNI411, CNI413, CNI416, CNI418, CNI421).
 */
function runtimeRangeRefusal(sets: JsonObject[][], runtimeCount: number, version: string | undefined): string | undefined {
  const bounds = sets.map((set) => set.map((r) => canonicalBounds(r)));
  for (let i = 0; i < runtimeCount; i++) {
    if (sets[i]!.length === 0) return `invalid range set ${i}: empty range set`;
    const refused = bounds[i]!.find((b) => typeof b === 'string');
    if (typeof refused === 'string') return `invalid range set ${i}: ${refused}`;
  }
  // Counted by each set's first range (the file's sets are canonicalized too; a refused one is lint's).
  const families = bounds.map((set) => (typeof set[0] === 'object' ? set[0].family : undefined));
  if (version !== undefined && !versionAtLeast(version, '0.3.0') && [4, 6].some((f) => families.filter((x) => x === f).length > 1)) {
    return `CNI version ${version} does not support more than 1 address per family`;
  }
  const overlaps = (a: (typeof bounds)[number], b: (typeof bounds)[number]) =>
    a.some((x) => typeof x !== 'string' && b.some((y) => typeof y !== 'string' && x.family === y.family && x.first <= y.last && y.first <= x.last));
  for (let i = 0; i < sets.length; i++) for (let j = i + 1; j < sets.length; j++) if (i < runtimeCount && overlaps(bounds[i]!, bounds[j]!)) return `range set ${i} overlaps with ${j}`;
  return undefined;
}

/** The first address of the runtime's ips or args.cni.ips Go cannot decode as an IP (ip.ParseIP: an address, or one with a prefix). */
const undecodable = (list: readonly unknown[]) => list.find((a) => typeof a !== 'string' || (!parseIp(a) && !parseCidr(a)));

/** The first allocation from a range set on a fresh node: rangeStart (default subnet+1), skipping the gateway. */
function firstFromSet(set: JsonObject[]): JsonObject | undefined {
  const range = set[0];
  const cidr = range && typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!range || !cidr) return undefined;
  const gateway = typeof range.gateway === 'string' ? range.gateway : nthAddress(cidr, 1n);
  const written = typeof range.rangeStart === 'string' ? parseIp(range.rangeStart) : undefined;
  let start = written ? ipValue(written) : cidrBounds(cidr).first + 1n;
  const gw = parseIp(gateway);
  if (gw && ipValue(gw) === start) start += 1n;
  return { address: `${formatIp(cidr.ip.family, start)}/${cidr.prefix}`, gateway };
}

const show = (v: JsonValue | undefined) => (v === undefined ? '(not set)' : typeof v === 'string' ? v : JSON.stringify(v));
const leaseDir = (ipam: JsonObject) => (typeof ipam.dataDir === 'string' && ipam.dataDir ? ipam.dataDir.replace(/\/+$/, '') : '/var/lib/cni/networks');
const subnetsOf = (set: JsonObject[]) => set.map((r) => r.subnet).filter((x): x is string => typeof x === 'string');

export const hostLocal: PluginBehaviour = {
  type: 'host-local',
  // Where it keeps its leases, in a folder per network (filepath.Join(dataDir, network)).
  stateDir: (c, network) => {
    const dir = c.dataDir === undefined || c.dataDir === '' ? '/var/lib/cni/networks' : typeof c.dataDir === 'string' ? c.dataDir : undefined;
    return dir === undefined ? undefined : { key: 'dataDir', dir, made: `${dir.replace(/\/+$/, '')}/${network}` };
  },
  ipam: {
    // Round-robin over its ranges from the last address it reserved: any of them, as canonicalized (a range it refuses hands out none).
    mayHandOut(ipam, plugin, inputs) {
      return hostLocalRangeSets(ipam, capabilityArg(plugin, inputs, 'ipRanges'))
        .flat()
        .map(canonicalBounds)
        .filter((b): b is Exclude<ReturnType<typeof canonicalBounds>, string> => typeof b !== 'string');
    },
    predict(ipam, plugin, inputs) {
      const runtimeRanges = capabilityArg(plugin, inputs, 'ipRanges');
      const sets = hostLocalRangeSets(ipam, runtimeRanges);
      const fromCap = capabilityArg(plugin, inputs, 'ips');
      // Decoded with the config (json.Unmarshal), before the ranges are read: ADD, CHECK and DEL fail alike.
      const bad = undecodable([...(Array.isArray(fromCap) ? fromCap : []), ...(argsIps(plugin) ?? [])]);
      if (bad !== undefined) return { ips: [], routes: [], notes: [], refused: `invalid IP address ${typeof bad === 'string' ? bad : JSON.stringify(bad)}`, refusedAtLoad: true };
      // A flat list fails to decode first (the plan says so). libcni gives every plugin the list's cniVersion.
      const version = typeof plugin.cniVersion === 'string' ? plugin.cniVersion : undefined;
      const ranged = Array.isArray(runtimeRanges) && runtimeRanges.every(Array.isArray) ? runtimeRangeRefusal(sets, runtimeRanges.length, version) : undefined;
      if (ranged) return { ips: [], routes: [], notes: [], refused: ranged, refusedAtLoad: true };
      const requested = [...(Array.isArray(fromCap) ? fromCap : []), ...(argsIps(plugin) ?? []), ...cniArgsIps(inputs)].filter((r): r is string => typeof r === 'string');
      const { taken, refused, note } = requestedAllocation(sets, requested);
      const ips = sets.map((set, idx) => taken.get(idx) ?? firstFromSet(set));
      return {
        ...(refused ? { refused, ...(note ? { refusedNote: note } : {}) } : {}),
        ips: ips.filter((x): x is JsonObject => x !== undefined),
        routes: Array.isArray(ipam.routes) ? ipam.routes : [],
        // Its dns is the resolvConf file's, read on the machine at ADD (parseResolvConf).
        ...(typeof ipam.resolvConf === 'string' && ipam.resolvConf !== '' ? { dnsFile: ipam.resolvConf } : {}),
        notes: sets.length ? ['host-local hands out addresses round-robin after the last one it reserved on the node: shown is the first one on a fresh node.'] : ['host-local has no ranges here.'],
      };
    },
    explain: {
      add(ipam) {
        const sets = hostLocalRangeSets(ipam).map(subnetsOf).filter((s) => s.length > 0);
        return sets.length
          ? `asks host-local for ${sets.map((s, i) => `${i === 0 ? 'one address' : 'one'} from ${s.join(' or ')}`).join(' and ')}`
          : 'asks host-local for an address (its ranges are filled in at run time)';
      },
      del: (ipam) => `asks host-local to release the addresses it leased to this container (lease files under ${leaseDir(ipam)}/<network>/)`,
      gateways: (ipam) => hostLocalRangeSets(ipam).map((set) => set[0]?.gateway).filter((g): g is string => typeof g === 'string'),
    },
    addressKeys: [...LEGACY_KEYS, 'ranges'],
    // The range sets it allocates from, in its order: the legacy top-level range is the first set, so
    // {"subnet": …} and {"ranges": [[{"subnet": …}]]} hand out the same addresses.
    canonicalAddresses(config) {
      return { ranges: hostLocalRangeSets(config).map((set) => set.map(canonicalRange)) };
    },
    summary(ipam) {
      return hostLocalRangeSets(ipam)
        .map((set) =>
          set
            .map((r) => {
              const bounds = r.rangeStart || r.rangeEnd ? ` (${show(r.rangeStart ?? 'start')}–${show(r.rangeEnd ?? 'end')})` : '';
              return `${show(r.subnet)}${bounds}`;
            })
            .join(' or '),
        )
        .filter((s) => s !== '');
    },
    firstV4(ipam): FirstV4 | undefined {
      for (const set of hostLocalRangeSets(ipam)) {
        const first = set[0];
        if (first && typeof first.subnet === 'string' && !first.subnet.includes(':')) return { subnet: first.subnet, gateway: gatewayOf(first.subnet, first.gateway ?? undefined) ?? null };
      }
      return undefined;
    },
    leases: (ipam, network) => `host-local keeps the leases of the old addresses in ${leaseDir(ipam)}/${network || '<network name>'}/ on each node until those pods are deleted`,
    networkRenamed: (ipam, before, after) =>
      `host-local keeps leases per network name: it starts an empty lease directory ${leaseDir(ipam)}/${after}/ and can hand out addresses that running pods still hold under ${before}`,
  },
};
