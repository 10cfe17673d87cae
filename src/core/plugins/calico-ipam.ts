// calico-ipam (IPAM, third party): addresses from Calico IPPools, in blocks per node.
import type { JsonValue } from '../model/types';
import type { PluginBehaviour } from './types';

const strings = (v: JsonValue | undefined) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

export const calicoIpam: PluginBehaviour = {
  type: 'calico-ipam',
  ipam: {
    addressKeys: ['subnet', 'ipv4_pools', 'ipv6_pools'],
    summary: (ipam) => [...strings(ipam.subnet), ...strings(ipam.ipv4_pools), ...strings(ipam.ipv6_pools)],
  },
};
