// dhcp (IPAM): leases from a DHCP server on the network, kept and renewed by the dhcp daemon on the node.
import type { PluginBehaviour } from './types';

export const dhcp: PluginBehaviour = {
  type: 'dhcp',
  ipam: {
    explain: {
      add: () => 'asks a DHCP server on the network (through the dhcp daemon) for an address',
      del: () => 'asks the dhcp daemon to release the lease',
    },
    // The addresses come from the server: nothing in the config says which.
    addressKeys: [],
    summary: () => [],
    leases: () => 'the dhcp daemon releases the leases of the old addresses when those pods are deleted; until then the DHCP server keeps them',
  },
};
