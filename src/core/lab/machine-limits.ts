// Failures that come from the lab machine rather than from the configuration: a kernel built without a
// feature the plugin needs, a daemon that is not running, a sysctl this kernel does not have. Said beside
// the plugin's own error, so that nobody "fixes" a config that is right for their nodes. Each pattern is
// the error the real plugins (Debian's 1.1.1) printed on a lab VM whose kernel lacks the feature.
import { isJsonObject, type JsonObject } from '../model/types';

/** Kernel options a plugin's link needs, by plugin type, when the kernel answers "operation not supported". */
const KERNEL_OPTION: Readonly<Record<string, string>> = {
  vrf: 'VRF devices (CONFIG_NET_VRF)',
  macvlan: 'macvlan links (CONFIG_MACVLAN)',
  ipvlan: 'ipvlan links (CONFIG_IPVLAN)',
  vlan: '802.1Q VLAN links (CONFIG_VLAN_8021Q)',
  dummy: 'dummy links (CONFIG_DUMMY)',
  tap: 'tap devices (CONFIG_TUN)',
};

/**
 * Why this failure is the lab machine's, in words, or undefined when nothing says so. `conf` is what the
 * plugin received (its stdin), when known.
 */
export function machineLimit(pluginType: string, message: string, conf?: JsonObject): string | undefined {
  if (/dhcp\.sock/.test(message)) {
    return 'The dhcp daemon is not running on the lab machine (dhcp IPAM asks it for every lease): start it there with "/usr/lib/cni/dhcp daemon" (or your CNI_PATH\'s dhcp), or use another IPAM in the lab. Nodes need it running too.';
  }
  if (/system_bus_socket/.test(message)) {
    return 'D-Bus (and so firewalld) is not running on the lab machine, and the firewalld backend talks to firewalld through it. Nodes that run firewalld are not affected; in the lab use the iptables backend.';
  }
  if (/operation not supported/i.test(message)) {
    const vlans = pluginType === 'bridge' && isJsonObject(conf) && (conf.vlan !== undefined || conf.vlanTrunk !== undefined || conf.preserveDefaultVlan !== undefined);
    const feature = vlans ? 'VLAN filtering on bridges (CONFIG_BRIDGE_VLAN_FILTERING), which vlan, vlanTrunk and preserveDefaultVlan need' : KERNEL_OPTION[pluginType];
    return `The lab machine's kernel does not support ${feature ?? 'something the plugin asked of it'} ("operation not supported"): this says nothing about the configuration. Nodes whose kernel has it run it; a minimal VM kernel often lacks it.`;
  }
  // A master or device is a link of the node: the lab machine may have none by that name.
  const link = pluginType === 'host-device' ? conf?.device : ['macvlan', 'ipvlan', 'vlan'].includes(pluginType) ? conf?.master : undefined;
  // Only a message about that link: host-device's DEL fails on a container link that is gone ('failed to find "eth0": Link not found'), a plugin's own doing.
  const named = /"([^"]+)"/.exec(message)?.[1];
  if (typeof link === 'string' && link !== '' && /Link not found|failed to find host device/.test(message) && (named === undefined || named === link)) {
    return `The lab machine has no link named ${link}, which the ${pluginType === 'host-device' ? 'device' : 'master'} must be on a node: this says nothing about the configuration. To try it in the lab, make a link by that name for tests (ip link add ${link} type veth peer name <peer>) and start the lab with --host-links ${link}.`;
  }
  if (pluginType === 'host-device' && typeof conf?.hwaddr === 'string' && /failed to find physical interface/.test(message)) {
    return `The lab machine has no link with the address ${conf.hwaddr}, which the device must have on a node: this says nothing about the configuration. To try it in the lab, name a link made for tests with "device" instead.`;
  }
  // An MTU above the lab master's: nodes whose master carries it (jumbo frames) run it.
  const mtu = /invalid MTU (\d+), must be \[0, master MTU\((\d+)\)\]/.exec(message);
  if (mtu && Number(mtu[1]) > Number(mtu[2])) {
    return `The master link on the lab machine has MTU ${mtu[2]}, below the ${mtu[1]} the config asks: on nodes whose master carries ${mtu[1]} this runs. To try it here, raise the master's MTU (ip link set <master> mtu ${mtu[1]}).`;
  }
  // No master: macvlan and ipvlan take the link of the host's default route, and the lab machine has none.
  if ((pluginType === 'macvlan' || pluginType === 'ipvlan') && /no default route interface found/.test(message)) {
    return `The lab machine has no default route, whose link ${pluginType} takes as its master when the config names none: this says nothing about the configuration on a node that has one. To try it in the lab, set "master" to a link made for tests (ip link add <name> type veth peer name <peer>) and start the lab with --host-links <name>.`;
  }
  const sysctl = /open (\/proc\/sys\/[^:]+): no such file or directory/.exec(message);
  // A key read with "IFNAME" still in it is tuning's own doing (its CHECK before 1.3.0: CNI311), not the kernel's.
  if (pluginType === 'tuning' && sysctl && !/\/IFNAME(\/|$)/.test(sysctl[1]!)) {
    return `This kernel has no ${sysctl[1]}: a typo in the key, or a sysctl of a module or kernel version the lab machine does not have. Check the key against the nodes' kernel (sysctl -a in a pod's namespace).`;
  }
  return undefined;
}
