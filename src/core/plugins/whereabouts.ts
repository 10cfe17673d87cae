// whereabouts (IPAM, third party): addresses unique across the cluster, reserved in IPPool resources.
import { isJsonObject, type JsonObject } from '../model/types';
import type { PluginBehaviour } from './types';

/** `range`, then each of `ipRanges`: one address is allocated from each. */
function ranges(ipam: JsonObject): string[] {
  return [ipam.range, ...(Array.isArray(ipam.ipRanges) ? ipam.ipRanges.filter(isJsonObject).map((r) => r.range) : [])].filter((x): x is string => typeof x === 'string' && x !== '');
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
