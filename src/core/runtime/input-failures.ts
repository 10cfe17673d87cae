// Runtime inputs the plugins refuse: each of these made ADD fail on the real plugins (Debian's 1.1.1) while
// the preview had only warned or said nothing. What the IPAM delegate refuses of the addresses asked for,
// what the runtime's addresses lack for ptp, a MAC the kernel refuses, a port mapping portmap cannot parse
// or iptables cannot write.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { macRefusal } from '../validate/rules/link-limits';
import { canonicalIp, isMac, parseIp } from '../net/ip';
import { bandwidthShapes, conditionsIptablesRefuses, linkWithoutVeth } from '../plugins';
import { CONDITION_KEYS, conditionsBackend } from '../plugins/portmap';
import { cniArg, readsRuntimeMac } from '../plugins/shared';
import { goField, goPluginType, withoutKey } from '../model/go-keys';
import { pluginRelease, releaseAtLeast, type RuntimeProfile } from '../profiles/profile';
import type { Operation, PlanNote } from './plan';
import { iptablesProtocol } from '../net/protocol';
import { predictIpam } from './predict';
import type { RuntimeInputs } from './inputs';

/** Interface plugins that fail when their IPAM returns no address (1.1.1 to 1.9.1). */
const NEEDS_IPS = new Set(['bridge', 'host-device', 'ipvlan', 'macvlan', 'ptp', 'vlan']);
/** The inputs without what the runtime adds: the addresses as the file alone gives them. */
const fileOnly = (inputs: RuntimeInputs): RuntimeInputs => ({ ...inputs, capabilityArgs: {}, cniArgs: [] });

/**
 * listVersion is the cniVersion libcni gives every plugin. For DEL only what its DEL meets is said: a
 * refusal as the IPAM delegate loads its config (host-local's DEL loads it too); the rest fails ADD alone.
 */
export function inputFailures(written: readonly JsonObject[], inputs: RuntimeInputs, listVersion: string, operation: Operation = 'ADD'): PlanNote[] {
  const notes: PlanNote[] = [];
  const plugins = written.map((p): JsonObject => ({ ...p, cniVersion: listVersion }));
  const addOnly = (note: PlanNote) => {
    if (operation !== 'DEL') notes.push(note);
  };
  const field = inputs.cniArgs.some(([k]) => k === 'IP') ? 'cniArgs' : 'capabilityArgs';
  const capMac = inputs.capabilityArgs.mac;
  const argsMac = cniArg(inputs, 'MAC');
  plugins.forEach((p, i) => {
    // The MAC the runtime gives it: the mac capability's (runtimeConfig.mac wins), else CNI_ARGS MAC=.
    const fromCap = isJsonObject(p.capabilities) && p.capabilities.mac === true && typeof capMac === 'string' ? capMac : undefined;
    const mac = readsRuntimeMac(String(p.type)) ? (fromCap ?? argsMac) : undefined;
    // Go's net.ParseMAC refuses it before Linux sees it (bridge: "failed to make veth pair: address zz:zz: invalid MAC address").
    if (mac !== undefined && !isMac(mac)) addOnly({ severity: 'error', field: fromCap !== undefined ? 'capabilityArgs' : 'cniArgs', pluginIndex: i, message: `${fromCap !== undefined ? 'The mac capability' : 'CNI_ARGS MAC='} gives ${String(p.type)} ${JSON.stringify(mac)}, which is no MAC address: ADD fails ("address ${mac}: invalid MAC address"). Write six bytes, e.g. 02:00:00:00:00:01.` });
    const why = mac !== undefined ? macRefusal(mac) : undefined;
    if (why) addOnly({ severity: 'error', field: fromCap !== undefined ? 'capabilityArgs' : 'cniArgs', pluginIndex: i, message: `${fromCap !== undefined ? 'The mac capability' : 'CNI_ARGS MAC='} gives ${String(p.type)} ${mac}, ${why}: Linux gives no link such an address, and ADD fails ("cannot assign requested address").` });
    // The runtime's limits reach bandwidth where the file set none: on a link without a veth they fail as CNI310 says.
    const other = p.type === 'bandwidth' && !bandwidthShapes(p, fileOnly(inputs)) && bandwidthShapes(p, inputs) ? linkWithoutVeth(plugins, i) : undefined;
    if (other) addOnly({ severity: 'error', field: 'capabilityArgs', pluginIndex: i, message: `The bandwidth capability gives bandwidth limits to set on the host end of the container interface's veth, but ${other.type} gives the container a ${other.kind} link, which has none: ADD fails ("container interface ${inputs.ifname} has no veth peer").` });
    if (!isJsonObject(p.ipam)) return;
    const ipam = predictIpam(p, inputs);
    // static with no address, none given at run time either: the interface plugin gets a result of no IPs.
    if (!ipam.refused && p.ipam.type === 'static' && ipam.ips.length === 0 && NEEDS_IPS.has(String(p.type))) {
      addOnly({ severity: 'error', field, pluginIndex: i, message: `static gives ${String(p.type)} no address (the config lists none, and the runtime passes none): ADD fails ("IPAM plugin returned missing IP config"). Pass addresses at run time (the ips capability, CNI_ARGS IP=) or list them in "addresses".` });
    }
    if (ipam.refused) {
      const fails = ipam.refusedAtLoad ? `it reads them with its config, so ${operation === 'DEL' ? 'DEL fails as ADD does' : 'ADD, CHECK and DEL fail alike'}` : 'ADD fails';
      if (operation !== 'DEL' || ipam.refusedAtLoad) notes.push({ severity: 'error', field, pluginIndex: i, message: `${String(p.ipam.type)} of ${String(p.type)} (${i + 1}) refuses the addresses asked for: ${fails} ("${ipam.refused}").${ipam.refusedNote ? ` ${ipam.refusedNote}` : ''}` });
      return;
    }
    // ptp puts each address's gateway on its host end: the runtime's addresses come without one (static
    // gives IP= ones the CNI_ARGS GATEWAY= their network holds). The file's own are CNI621's.
    if (p.type === 'ptp') {
      const bare = (ips: JsonObject[]) => ips.filter((ip) => ip.gateway === undefined).map((ip) => String(ip.address));
      // args.cni.ips replace static's addresses, gateways and all, as the runtime's do (CNI621 reads the addresses).
      const fromFile = new Set(bare(predictIpam(withoutKey(p, 'args'), fileOnly(inputs)).ips));
      const asked = bare(ipam.ips).filter((a) => !fromFile.has(a));
      // The container's routes come first: an IPv6 address's route to no gateway fails there, wherever it
      // stands; an IPv4 one's is taken, and its empty gateway fails on the host end after.
      const v6 = asked.find((a) => a.includes(':'));
      const failure = v6 ? `"failed to add route {… Dst: <nil> Src: ${canonicalIp(v6.split('/')[0]!)} …}: invalid argument"` : '"failed to add IP addr … to veth: numerical result out of range"';
      if (asked.length) addOnly({ severity: 'error', field, pluginIndex: i, message: `${String(p.ipam.type)} gives ptp ${asked.join(', ')} from the runtime (or args.cni.ips) without a gateway, and ptp puts the gateway on its host end: ADD fails (${failure}).${p.ipam.type === 'static' ? ' With CNI_ARGS IP=, add GATEWAY= with an address of its network.' : ''}` });
      // The file's own addresses sharing one are CNI435's.
      const fileAddresses = new Set(predictIpam(p, fileOnly(inputs)).ips.map((ip) => String(ip.address)));
      const shared = sharedGateway(ipam.ips);
      if (shared && !(fileAddresses.has(shared.first) && fileAddresses.has(shared.second))) addOnly({ severity: 'error', field, pluginIndex: i, message: `${String(p.ipam.type)} gives ptp ${shared.first} and ${shared.second} with the same gateway ${shared.gateway}: ptp adds a host route to each address's gateway, and the kernel refuses the second, so ADD fails ("failed to add route {… Dst: ${shared.gateway}/${shared.bits} Src: ${shared.second.split('/')[0]} …}: file exists"). Give each address its own gateway, or ptp one address per family.` });
    }
  });
  return notes;
}

/** The first two addresses with one gateway (compared as addresses), as ptp meets them. */
function sharedGateway(ips: readonly JsonObject[]): { first: string; second: string; gateway: string; bits: number } | undefined {
  const seen = new Map<string, string>();
  for (const ip of ips) {
    const gw = typeof ip.gateway === 'string' ? parseIp(ip.gateway) : undefined;
    if (!gw || typeof ip.address !== 'string') continue;
    const gateway = canonicalIp(gw.text);
    const first = seen.get(gateway);
    if (first !== undefined) return { first, second: ip.address, gateway, bits: gw.family === 4 ? 32 : 128 };
    seen.set(gateway, ip.address);
  }
  return undefined;
}

/**
 * A port mapping portmap refuses ("Invalid host port number: 0": as it reads its config, so DEL fails too)
 * or iptables cannot write (a protocol it does not know: ADD alone, DEL removes the container's chains by name).
 */
export function portMappingFailures(value: JsonValue, operation: Operation = 'ADD'): PlanNote[] {
  if (!Array.isArray(value)) return [];
  const notes: PlanNote[] = [];
  const del = operation === 'DEL';
  value.forEach((m, i) => {
    if (!isJsonObject(m)) return;
    for (const [key, words] of [['hostPort', 'host'], ['containerPort', 'container']] as const) {
      const port = m[key] ?? m[key[0]!.toUpperCase() + key.slice(1)];
      if (typeof port === 'number' && port < 1) notes.push({ severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}].${key} ${port} is no port: portmap refuses it as it reads its config, so ${del ? 'DEL fails as ADD does' : 'ADD, CHECK and DEL fail alike'} ("failed to parse config: Invalid ${words} port number: ${port}").` });
      if (del) continue;
      // portmap checks only for a port above 0: iptables refuses the rule (seen with Debian's 1.1.1).
      const refusal = key === 'hostPort' ? `invalid port/service '${port}' specified` : `Port '${port}' not valid`;
      if (typeof port === 'number' && port > 65535) notes.push({ severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}].${key} ${port} is no port: portmap writes it into its DNAT rule, which iptables refuses, so ADD fails ("unable to setup DNAT: … ${refusal}").` });
    }
    if (del) return;
    const protocol = m.protocol ?? m.Protocol;
    // iptables reads a number as the protocol it names ("6" is tcp: the DNAT rule is made).
    if (typeof protocol === 'string' && protocol !== '' && iptablesProtocol(protocol) === undefined) notes.push({ severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}].protocol "${protocol}" is not tcp, udp or sctp: portmap's iptables rule fails and so does ADD ("unable to setup DNAT: … -p ${protocol} …").` });
    // portmap has no default protocol: iptables gets "-p" with nothing (seen with Debian's 1.1.1).
    if (protocol === undefined || protocol === null || protocol === '') notes.push({ severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}] has no protocol, and portmap has no default: its iptables rule fails and so does ADD ("unknown protocol \\"\\" specified"). Write "protocol": "tcp" (or udp, sctp).` });
  });
  notes.push(...duplicateHostPorts(value).map(({ message }) => ({ severity: 'warning' as const, field: 'capabilityArgs' as const, message })));
  return notes;
}

/**
 * Port mappings that take a host port (and protocol and host address) an earlier one already took: portmap
 * adds a DNAT rule for each, and the first one matches every connection, so the later one is never reached
 * (seen with Debian's 1.1.1: 18080 to :80 and to :81, only :80 answers). The sentence for each, with its index.
 */
export function duplicateHostPorts(mappings: JsonValue | undefined): { index: number; message: string }[] {
  if (!Array.isArray(mappings)) return [];
  const first = new Map<string, number>();
  const out: { index: number; message: string }[] = [];
  mappings.forEach((m, i) => {
    if (!isJsonObject(m)) return;
    const hostPort = m.hostPort ?? m.HostPort;
    const protocol = m.protocol ?? m.Protocol;
    if (typeof hostPort !== 'number' || typeof protocol !== 'string') return;
    const hostIP = m.hostIP ?? m.HostIP;
    const key = `${hostPort}/${iptablesProtocol(protocol) ?? protocol.toLowerCase()}@${typeof hostIP === 'string' ? hostIP : ''}`;
    const earlier = first.get(key);
    if (earlier === undefined) return void first.set(key, i);
    out.push({ index: i, message: `portMappings[${i}] takes host port ${hostPort}/${protocol.toLowerCase()} again (portMappings[${earlier}] has it): portmap adds both DNAT rules, and the first one takes every connection, so this mapping is never reached.` });
  });
  return out;
}

/**
 * A protocol written in capitals ("TCP") or as its number ("6"): portmap writes it into its rule as given.
 * iptables reads it as tcp (seen with Debian's 1.1.1, and by a security tester for "6"); nft does not know
 * the word or take a number there (nft 1.0.6: "syntax error"), so the nftables backend (1.6.0 on, chosen by
 * "backend" or by nftables conditions) fails ADD.
 */
export function protocolCaseNotes(plugins: readonly JsonObject[], mappings: JsonValue, profile: RuntimeProfile): PlanNote[] {
  if (!Array.isArray(mappings)) return [];
  const release = pluginRelease(profile, 'portmap');
  const nft = release !== undefined && releaseAtLeast(release, '1.6.0') && plugins.some((p) => goPluginType(p) === 'portmap' && (goField(p, 'backend') === 'nftables' || CONDITION_KEYS.some((k) => conditionsBackend(goField(p, k), release) === 'nftables')));
  const notes: PlanNote[] = [];
  mappings.forEach((m, i) => {
    const protocol = isJsonObject(m) ? (m.protocol ?? m.Protocol) : undefined;
    const lower = typeof protocol === 'string' && protocol !== '' ? iptablesProtocol(protocol) : undefined;
    if (lower === undefined || protocol === lower) return;
    notes.push(
      nft
        ? { severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}].protocol "${protocol}": portmap's nftables backend writes it into its rule as given, and nft knows only "${lower}": ADD fails ("… syntax error …"). Write "${lower}".` }
        : { severity: 'info', field: 'capabilityArgs', message: `portMappings[${i}].protocol "${protocol}": iptables reads it as ${lower}, so this works; portmap's nftables backend (1.6.0 on) would write it as given, which nft refuses. Write "${lower}".` },
    );
  });
  return notes;
}

/**
 * Port mappings reaching a portmap before 1.6.0 whose conditions are nftables words: iptables refuses its
 * DNAT rule, and ADD fails (CNI629 says it of the config; here the runtime's mappings make it happen).
 */
export function conditionFailures(plugins: readonly JsonObject[], mappings: JsonValue, profile: RuntimeProfile): PlanNote[] {
  if (!Array.isArray(mappings) || mappings.length === 0) return [];
  const notes: PlanNote[] = [];
  plugins.forEach((p, i) => {
    const capabilities = goField(p, 'capabilities');
    if (goPluginType(p) !== 'portmap' || !isJsonObject(capabilities) || capabilities.portMappings !== true) return;
    const release = pluginRelease(profile, 'portmap');
    const refused = conditionsIptablesRefuses(p, release);
    if (refused.length > 0) notes.push({ severity: 'error', field: 'capabilityArgs', pluginIndex: i, message: `portmap ${release} hands ${refused.join(' and ')} to iptables with each port mapping, and iptables refuses nftables words: ADD fails ("unable to setup DNAT: … Bad argument").` });
  });
  return notes;
}
