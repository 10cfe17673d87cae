// whereabouts (IPAM, third party): addresses unique across the cluster, reserved in IPPool resources.
import { isJsonObject, type JsonObject } from '../model/types';
import { networkAddress, parseCidr } from '../net/ip';
import type { PluginBehaviour } from './types';

/** `range`, then each of `ipRanges`: one address is allocated from each. */
function ranges(ipam: JsonObject): string[] {
  return [ipam.range, ...(Array.isArray(ipam.ipRanges) ? ipam.ipRanges.filter(isJsonObject).map((r) => r.range) : [])].filter((x): x is string => typeof x === 'string' && x !== '');
}

export interface WhereaboutsRange {
  /** The range as written: a CIDR, or "first-last/prefix". */
  range: string;
  /** Under the IPAM object: "range" or "ipRanges/<i>/range". */
  pointer: string;
  /** range_start and range_end (top level for "range", in the entry for ipRanges). */
  start?: string;
  end?: string;
  exclude: string[];
  /** IPPool names: network_name (when set) and the range's CIDR; one pool per name, shared by every NAD that names it. */
  pool: string;
}

/**
 * The ranges whereabouts reserves from, each with its IPPool's identity: whereabouts names the pool after
 * network_name and the range (IPPoolName: "<network_name>-<range>", or the range alone).
 */
export function whereaboutsRanges(ipam: JsonObject): WhereaboutsRange[] {
  const network = typeof ipam.network_name === 'string' ? ipam.network_name : '';
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const one = (o: JsonObject, pointer: string): WhereaboutsRange | undefined => {
    if (typeof o.range !== 'string' || o.range === '') return undefined;
    const written = o.range.includes('-') ? o.range.slice(o.range.indexOf('-') + 1) : o.range;
    const parsed = parseCidr(written);
    const cidr = parsed ? `${networkAddress(parsed)}/${parsed.prefix}` : written;
    return {
      range: o.range,
      pointer,
      ...(typeof o.range_start === 'string' ? { start: o.range_start } : {}),
      ...(typeof o.range_end === 'string' ? { end: o.range_end } : {}),
      exclude: strings(o.exclude),
      pool: `${network}|${cidr}`,
    };
  };
  const entries = Array.isArray(ipam.ipRanges) ? ipam.ipRanges.map((r, i) => (isJsonObject(r) ? one(r, `ipRanges/${i}/range`) : undefined)) : [];
  // The top-level exclude applies to the top-level range only.
  return [one(ipam, 'range'), ...entries].filter((r): r is WhereaboutsRange => r !== undefined);
}

export const whereabouts: PluginBehaviour = {
  type: 'whereabouts',
  ipam: {
    explain: {
      add(ipam) {
        const all = ranges(ipam);
        return `asks whereabouts for an address${all.length ? ` from ${all.join(' and one from ')}` : ''} that is unique across the cluster`;
      },
      del: () => 'asks whereabouts to release its reservation in the IPPool',
      gateways: (ipam) => (typeof ipam.gateway === 'string' ? [ipam.gateway] : []),
    },
    addressKeys: ['range', 'range_start', 'range_end', 'exclude', 'ipRanges', 'gateway', 'network_name', 'addresses'],
    summary: (ipam) => [...ranges(ipam), ...(Array.isArray(ipam.addresses) ? ipam.addresses.filter(isJsonObject).map((a) => a.address) : []).filter((a): a is string => typeof a === 'string' && a !== '')],
    leases: () => 'whereabouts keeps the reservations of the old addresses in its IPPool resources until those pods are deleted',
  },
};
