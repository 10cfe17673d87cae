// Risk rules about addresses: what the IPAM hands out, and where running pods' leases live.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { formatIp, ipValue, nthAddress, parseCidr, parseIp } from '../net/ip';
import { deepEqual } from './diff';
import { show, type Ctx, type RiskNote } from './risk-context';

/** The keys of an IPAM object that say which addresses it hands out. */
const ADDRESS_KEYS = ['subnet', 'rangeStart', 'rangeEnd', 'gateway', 'ranges', 'addresses', 'range', 'range_start', 'range_end', 'exclude', 'ipRanges', 'ipv4_pools', 'ipv6_pools', 'network_name'];

/** host-local's gateway for a range: the one written, else the subnet's first address; as text, canonical. */
function gatewayOf(subnet: JsonValue | undefined, gateway: JsonValue | undefined): string | undefined {
  if (typeof gateway === 'string') {
    const ip = parseIp(gateway);
    return ip ? formatIp(ip.family, ipValue(ip)) : gateway;
  }
  const cidr = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
  return cidr ? nthAddress(cidr, 1n) : undefined;
}

/** A host-local range with its gateway made explicit, so writing the default gateway out is no change. */
function canonicalRange(range: JsonValue): JsonValue {
  if (!isJsonObject(range)) return range;
  const gateway = gatewayOf(range.subnet, range.gateway);
  return gateway === undefined ? range : { ...range, gateway };
}

function addressConfig(ipam: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of ADDRESS_KEYS) if (ipam[k] !== undefined) out[k] = ipam[k]!;
  if (ipam.type === 'host-local') {
    if (Array.isArray(out.ranges)) out.ranges = out.ranges.map((set) => (Array.isArray(set) ? set.map(canonicalRange) : set));
    if (typeof out.subnet === 'string') out.gateway = gatewayOf(out.subnet, out.gateway) ?? null;
  }
  return out;
}

/** "10.88.0.0/16, 2001:db8::/64": what the IPAM config hands out, in short. */
export function addressSummary(ipam: JsonObject): string {
  const parts: string[] = [];
  const add = (v: JsonValue | undefined) => {
    if (typeof v === 'string' && v) parts.push(v);
  };
  add(ipam.subnet);
  for (const set of Array.isArray(ipam.ranges) ? ipam.ranges : []) {
    const subnets = (Array.isArray(set) ? set : []).filter(isJsonObject).map((r) => {
      const range = r.rangeStart || r.rangeEnd ? ` (${show(r.rangeStart ?? 'start')}–${show(r.rangeEnd ?? 'end')})` : '';
      return `${show(r.subnet)}${range}`;
    });
    if (subnets.length) parts.push(subnets.join(' or '));
  }
  for (const a of Array.isArray(ipam.addresses) ? ipam.addresses : []) if (isJsonObject(a)) add(a.address);
  add(ipam.range);
  for (const r of Array.isArray(ipam.ipRanges) ? ipam.ipRanges : []) if (isJsonObject(r)) add(r.range);
  for (const key of ['ipv4_pools', 'ipv6_pools']) for (const p of Array.isArray(ipam[key]) ? ipam[key] : []) add(p);
  return parts.length ? parts.join(', ') : JSON.stringify(addressConfig(ipam));
}

/** The first IPv4 range (subnet and gateway) an IPAM config hands out from: what a gateway bridge carries. */
function firstV4(ipam: JsonObject): JsonValue | undefined {
  const sets: JsonValue[] = [...(typeof ipam.subnet === 'string' ? [[{ subnet: ipam.subnet, gateway: ipam.gateway ?? null }]] : []), ...(Array.isArray(ipam.ranges) ? ipam.ranges : [])];
  for (const set of sets) {
    const first = Array.isArray(set) ? set.find(isJsonObject) : undefined;
    if (first && typeof first.subnet === 'string' && !first.subnet.includes(':')) return { subnet: first.subnet, gateway: gatewayOf(first.subnet, first.gateway ?? undefined) ?? null };
  }
  return undefined;
}

function leasesWhere(ipam: JsonObject, network: string): string {
  const type = String(ipam.type);
  const dir = typeof ipam.dataDir === 'string' && ipam.dataDir ? ipam.dataDir.replace(/\/+$/, '') : '/var/lib/cni/networks';
  if (type === 'host-local') return `host-local keeps the leases of the old addresses in ${dir}/${network || '<network name>'}/ on each node until those pods are deleted`;
  if (type === 'whereabouts') return 'whereabouts keeps the reservations of the old addresses in its IPPool resources until those pods are deleted';
  if (type === 'static') return 'a pod that still runs keeps holding its old fixed address';
  return `${type} keeps what it allocated for them until those pods are deleted`;
}

export function addressRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const oldIpam = isJsonObject(pair.before.ipam) && Object.keys(pair.before.ipam).length ? pair.before.ipam : undefined;
    const newIpam = isJsonObject(pair.after.ipam) && Object.keys(pair.after.ipam).length ? pair.after.ipam : undefined;
    if (!oldIpam && !newIpam) continue;
    const pointer = `${pair.pointer}/ipam`;
    if (!oldIpam || !newIpam) {
      notes.push({
        rule: 'ipam-changed',
        severity: newIpam ? 'medium' : 'high',
        pointer: newIpam ? pointer : pair.pointer,
        message: newIpam
          ? `${pair.label} now has IPAM (${show(newIpam.type)}): new pods get addresses from ${addressSummary(newIpam)}, pods that already run have none from this network until they are recreated.`
          : `${pair.label} no longer has IPAM: new pods get an interface without any address (layer 2 only), while pods that already run keep theirs; ${leasesWhere(oldIpam!, ctx.networkName)}.`,
      });
      continue;
    }
    if (oldIpam.type !== newIpam.type) {
      notes.push({
        rule: 'ipam-changed',
        severity: 'high',
        pointer: `${pointer}/type`,
        message: `${pair.label} switches IPAM from ${show(oldIpam.type)} to ${show(newIpam.type)}: the new allocator knows nothing of the addresses ${show(oldIpam.type)} gave to pods that already run, so it can hand the same addresses out again if the pools overlap; ${leasesWhere(oldIpam, ctx.networkName)}.`,
      });
      continue;
    }
    if (deepEqual(addressConfig(oldIpam), addressConfig(newIpam))) continue;
    const type = String(newIpam.type);
    let message = `The addresses ${pair.label} hands out change (${type}: ${addressSummary(oldIpam)} → ${addressSummary(newIpam)}). Pods that already run keep their old addresses until they are recreated, so for a while old and new pods sit in different ranges; ${leasesWhere(oldIpam, ctx.networkName)}, and routes, firewall rules or policies written for the old range (on the nodes and elsewhere) may not cover the new one or may conflict with it.`;
    // The bridge plugin refuses a second, different IPv4 address on an existing bridge unless forceAddress is set.
    if (
      pair.diff.type === 'bridge' &&
      (pair.after.isGateway === true || pair.after.isDefaultGateway === true) &&
      pair.after.forceAddress !== true &&
      (pair.before.bridge ?? 'cni0') === (pair.after.bridge ?? 'cni0') &&
      firstV4(oldIpam) !== undefined &&
      !deepEqual(firstV4(oldIpam), firstV4(newIpam))
    ) {
      message += ` On nodes where bridge ${show(pair.after.bridge ?? 'cni0')} already exists it still carries the old gateway address, and the bridge plugin refuses to add a different IPv4 address ("already has an IP address different from …"): every ADD fails there until the old address is removed from the bridge or forceAddress is set.`;
    }
    notes.push({ rule: 'addresses-changed', severity: 'high', pointer, message });
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Masquerading, hairpin, MTU, bridge name

