// What a plugin does to the host and the namespace, in plain words, for teaching and review.
import { isJsonObject, type JsonObject } from '../model/types';
import type { Operation } from './plan';

/** The host-local range sets as lists of subnets (the legacy top-level subnet becomes the first set, as host-local does). */
function hostLocalSets(ipam: JsonObject): string[][] {
  const sets = (Array.isArray(ipam.ranges) ? ipam.ranges : [])
    .map((s) => (Array.isArray(s) ? s : []).filter(isJsonObject).map((r) => r.subnet).filter((x): x is string => typeof x === 'string'))
    .filter((s) => s.length > 0);
  if (typeof ipam.subnet === 'string') sets.unshift([ipam.subnet]);
  return sets;
}

/** Gateways written in the IPAM config (host-local ranges or legacy gateway, static addresses, whereabouts). */
function explicitGateways(ipam: JsonObject | undefined): string[] {
  if (!ipam) return [];
  const out: string[] = [];
  if (typeof ipam.gateway === 'string') out.push(ipam.gateway);
  for (const set of Array.isArray(ipam.ranges) ? ipam.ranges : []) {
    const first = Array.isArray(set) ? set.find(isJsonObject) : undefined;
    if (first && typeof first.gateway === 'string') out.push(first.gateway);
  }
  for (const a of Array.isArray(ipam.addresses) ? ipam.addresses : []) if (isJsonObject(a) && typeof a.gateway === 'string') out.push(a.gateway);
  return [...new Set(out)];
}

function rangesOf(ipam: JsonObject | undefined): string {
  if (!ipam) return '';
  if (ipam.type === 'host-local') {
    const sets = hostLocalSets(ipam);
    return sets.length
      ? `asks host-local for ${sets.map((s, i) => `${i === 0 ? 'one address' : 'one'} from ${s.join(' or ')}`).join(' and ')}`
      : 'asks host-local for an address (its ranges are filled in at run time)';
  }
  if (ipam.type === 'static') {
    const addresses = (Array.isArray(ipam.addresses) ? ipam.addresses : []).filter(isJsonObject).map((a) => a.address);
    return `assigns the fixed address${addresses.length > 1 ? 'es' : ''} ${addresses.join(', ') || '(none given)'} through static`;
  }
  if (ipam.type === 'whereabouts') {
    const ranges = [ipam.range, ...(Array.isArray(ipam.ipRanges) ? ipam.ipRanges.filter(isJsonObject).map((r) => r.range) : [])].filter((x): x is string => typeof x === 'string');
    return `asks whereabouts for an address${ranges.length ? ` from ${ranges.join(' and one from ')}` : ''} that is unique across the cluster`;
  }
  if (ipam.type === 'dhcp') return 'asks a DHCP server on the network (through the dhcp daemon) for an address';
  if (typeof ipam.type === 'string') return `asks the ${ipam.type} IPAM plugin for addresses`;
  return '';
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
const mtu = (p: JsonObject) => (typeof p.mtu === 'number' && p.mtu > 0 ? ` (MTU ${p.mtu})` : '');

function add(p: JsonObject, ifname: string): string {
  const ipam = isJsonObject(p.ipam) && Object.keys(p.ipam).length > 0 ? p.ipam : undefined;
  const addrs = rangesOf(ipam);
  const withIpam = (s: string) => (addrs ? `${s}, and ${addrs}` : `${s}; with no IPAM it configures no address`);
  const gateways = explicitGateways(ipam);
  switch (p.type) {
    case 'bridge':
      return withIpam(
        `Creates the Linux bridge ${str(p.bridge, 'cni0')} on the host if it is missing${p.isGateway || p.isDefaultGateway ? ` and gives it the gateway address${gateways.length ? ` ${gateways.join(' and ')}` : ''}` : ''}, creates a veth pair${mtu(p)}, moves one end into the container as ${ifname} and plugs the other into the bridge${p.hairpinMode ? ' (hairpin on, so the container can reach itself through published ports)' : ''}${p.ipMasq ? '; it masquerades traffic leaving the subnet' : ''}`,
      );
    case 'ptp':
      return withIpam(`Creates a veth pair${mtu(p)} with one end in the container as ${ifname}, routes each container address to it from the host (no bridge), enables forwarding${p.ipMasq ? ' and masquerades outbound traffic' : ''}`);
    case 'macvlan':
      return withIpam(`Creates a macvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'bridge')} mode and moves it into the container as ${ifname}${mtu(p)} (it gets its own MAC on the physical network)`);
    case 'ipvlan':
      return withIpam(`Creates an ipvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'l2')} mode (sharing the parent's MAC) and moves it into the container as ${ifname}${mtu(p)}`);
    case 'vlan':
      return withIpam(`Creates VLAN ${String(p.vlanId ?? 0)} on ${str(p.master, '(no master)')} and moves it into the container as ${ifname}${mtu(p)}`);
    case 'host-device':
      return withIpam(`Moves the host device ${str(p.device, str(p.pciBusID, 'chosen at run time'))} into the container and renames it ${ifname}; DEL gives it back`);
    case 'loopback':
      return 'Brings up lo in the container with 127.0.0.1 and ::1.';
    case 'dummy':
      return withIpam(`Creates a dummy interface ${ifname} in the container`);
    case 'tap':
      return withIpam(`Creates a tap device ${ifname} in the container${p.bridge ? ` attached to bridge ${String(p.bridge)}` : ''}`);
    case 'portmap':
      return `Adds NAT rules on the host that forward the host ports the runtime asks for (runtimeConfig.portMappings) to the container address from the previous result${p.snat === false ? '; snat is off, so connections to a host port from the node itself or from the same container are not masqueraded' : ''}.${isJsonObject(p.capabilities) && p.capabilities.portMappings === true ? '' : ' It declares no portMappings capability, so the runtime sends it no port mappings and it forwards nothing.'}`;
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

const DESCRIBED = new Set(['bridge', 'ptp', 'macvlan', 'ipvlan', 'vlan', 'host-device', 'loopback', 'dummy', 'tap', 'portmap', 'bandwidth', 'tuning', 'firewall', 'sbr', 'vrf']);

/** Whether explainStep has its own plain words for this plugin type (otherwise it says it has none). */
export function hasPlainWords(type: unknown): boolean {
  return typeof type === 'string' && DESCRIBED.has(type);
}

export function explainStep(plugin: JsonObject, command: Operation, ifname = 'eth0'): string {
  if (command === 'ADD') return add(plugin, ifname);
  if (command === 'DEL') return `Undoes what ADD did for ${String(plugin.type)} (releasing addresses and removing what it created); DEL must succeed even when things are already gone.`;
  return `Checks that what ADD set up for ${String(plugin.type)} is still in place and matches the cached result; it changes nothing.`;
}
