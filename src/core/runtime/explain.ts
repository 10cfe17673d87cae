// What a plugin does to the host and the namespace, in plain words, for teaching and review.
import { isJsonObject, type JsonObject } from '../model/types';
import type { Operation } from './plan';

function rangesOf(ipam: JsonObject | undefined): string {
  if (!ipam) return '';
  if (ipam.type === 'host-local') {
    const sets = Array.isArray(ipam.ranges) ? ipam.ranges : [];
    const subnets = sets.flatMap((s) => (Array.isArray(s) ? s : [])).filter(isJsonObject).map((r) => r.subnet).filter((x): x is string => typeof x === 'string');
    if (typeof ipam.subnet === 'string') subnets.push(ipam.subnet);
    return subnets.length ? `asks host-local for one address from ${subnets.join(' and from ')}` : 'asks host-local for an address (its ranges are filled in at run time)';
  }
  if (ipam.type === 'static') {
    const addresses = (Array.isArray(ipam.addresses) ? ipam.addresses : []).filter(isJsonObject).map((a) => a.address);
    return `assigns the fixed address${addresses.length > 1 ? 'es' : ''} ${addresses.join(', ') || '(none given)'} through static`;
  }
  if (typeof ipam.type === 'string') return `asks the ${ipam.type} IPAM plugin for addresses`;
  return '';
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);

function add(p: JsonObject, ifname: string): string {
  const ipam = isJsonObject(p.ipam) && Object.keys(p.ipam).length > 0 ? p.ipam : undefined;
  const addrs = rangesOf(ipam);
  const withIpam = (s: string) => (addrs ? `${s}, and ${addrs}` : `${s}; with no IPAM it configures no address`);
  switch (p.type) {
    case 'bridge':
      return withIpam(
        `Creates the Linux bridge ${str(p.bridge, 'cni0')} on the host if it is missing${p.isGateway || p.isDefaultGateway ? ' and gives it the gateway address' : ''}, creates a veth pair, moves one end into the container as ${ifname} and plugs the other into the bridge${p.hairpinMode ? ' (hairpin on, so the container can reach itself through published ports)' : ''}${p.ipMasq ? '; it masquerades traffic leaving the subnet' : ''}`,
      );
    case 'ptp':
      return withIpam(`Creates a veth pair with one end in the container as ${ifname}, routes each container address to it from the host (no bridge), enables forwarding${p.ipMasq ? ' and masquerades outbound traffic' : ''}`);
    case 'macvlan':
      return withIpam(`Creates a macvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'bridge')} mode and moves it into the container as ${ifname} (it gets its own MAC on the physical network)`);
    case 'ipvlan':
      return withIpam(`Creates an ipvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'l2')} mode (sharing the parent's MAC) and moves it into the container as ${ifname}`);
    case 'vlan':
      return withIpam(`Creates VLAN ${String(p.vlanId ?? 0)} on ${str(p.master, '(no master)')} and moves it into the container as ${ifname}`);
    case 'host-device':
      return withIpam(`Moves the host device ${str(p.device, str(p.pciBusID, 'chosen at run time'))} into the container and renames it ${ifname}; DEL gives it back`);
    case 'loopback':
      return 'Brings up lo in the container with 127.0.0.1 and ::1.';
    case 'dummy':
      return withIpam(`Creates a dummy interface ${ifname} in the container`);
    case 'tap':
      return withIpam(`Creates a tap device ${ifname} in the container${p.bridge ? ` attached to bridge ${String(p.bridge)}` : ''}`);
    case 'portmap':
      return 'Adds NAT rules on the host that forward the host ports the runtime asks for (runtimeConfig.portMappings) to the container address from the previous result.';
    case 'bandwidth':
      return 'Puts traffic shaping (tbf) on the host end of the veth and on an ifb device, limiting ingress and egress to the configured or runtime-supplied rates.';
    case 'tuning':
      return `Changes the container interface in place${isJsonObject(p.sysctl) ? `: sets ${Object.keys(p.sysctl).join(', ')}` : ''}${p.mtu ? `, MTU ${String(p.mtu)}` : ''}${p.mac ? `, MAC ${String(p.mac)}` : ''}${p.promisc ? ', promiscuous mode' : ''}; it passes the previous result on.`;
    case 'firewall':
      return `Adds firewall rules that allow the container's addresses through the host firewall (${str(p.backend, 'firewalld if running, else iptables')})${p.ingressPolicy && p.ingressPolicy !== 'open' ? `, with ingress policy ${String(p.ingressPolicy)}` : ''}.`;
    case 'sbr':
      return 'Moves the interface\'s routes into their own routing table with a source rule, so replies leave through the interface they came in on.';
    case 'vrf':
      return `Creates (or reuses) VRF ${str(p.vrfname, '(unnamed)')} and enslaves the container interface to it.`;
    default:
      return `Runs the ${String(p.type)} plugin; CNI Studio has no plain-words description of it.`;
  }
}

export function explainStep(plugin: JsonObject, command: Operation, ifname = 'eth0'): string {
  if (command === 'ADD') return add(plugin, ifname);
  if (command === 'DEL') return `Undoes what ADD did for ${String(plugin.type)} (releasing addresses and removing what it created); DEL must succeed even when things are already gone.`;
  return `Checks that what ADD set up for ${String(plugin.type)} is still in place and matches the cached result; it changes nothing.`;
}
