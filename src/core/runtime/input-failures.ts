// Runtime inputs the plugins refuse: each of these made ADD fail on the real plugins (Debian's 1.1.1) while
// the preview had only warned or said nothing. A requested address outside host-local's ranges, a MAC the
// kernel refuses, a port mapping portmap cannot parse or iptables cannot write.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { cidrContains, ipValue, parseCidr, parseIp } from '../net/ip';
import { macRefusal } from '../validate/rules/link-limits';
import type { PlanNote } from './plan';
import type { RuntimeInputs } from './inputs';

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

/** Whether host-local's range (subnet, and rangeStart/rangeEnd when written) holds the address. */
function inRange(range: JsonObject, address: string): boolean {
  const subnet = typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  const ip = parseIp(address);
  if (!subnet || !ip || !cidrContains(subnet, ip)) return false;
  const bound = (key: string) => (typeof range[key] === 'string' ? parseIp(range[key]) : undefined);
  const start = bound('rangeStart');
  const end = bound('rangeEnd');
  return (!start || ipValue(ip) >= ipValue(start)) && (!end || ipValue(ip) <= ipValue(end));
}

/** host-local's range sets as written in the file, or undefined when the runtime may send others (ipRanges). */
function hostLocalRanges(plugin: JsonObject, inputs: RuntimeInputs): JsonObject[] | undefined {
  const ipam = plugin.ipam;
  if (!isJsonObject(ipam) || ipam.type !== 'host-local') return undefined;
  const caps = isJsonObject(plugin.capabilities) ? plugin.capabilities : {};
  if (caps.ipRanges === true && Object.hasOwn(inputs.capabilityArgs, 'ipRanges')) return undefined;
  const ranges: JsonObject[] = [];
  if (typeof ipam.subnet === 'string') ranges.push(ipam);
  if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) if (Array.isArray(set)) for (const r of set) if (isJsonObject(r)) ranges.push(r);
  return ranges.length ? ranges : undefined;
}

/** The addresses the runtime asks a plugin for: the ips capability (when declared), else CNI_ARGS IP=. */
function requestedIps(plugin: JsonObject, inputs: RuntimeInputs): string[] {
  const caps = isJsonObject(plugin.capabilities) ? plugin.capabilities : {};
  const ips = inputs.capabilityArgs.ips;
  if (caps.ips === true && Array.isArray(ips)) return ips.filter((x): x is string => typeof x === 'string');
  const arg = inputs.cniArgs.find(([k]) => k === 'IP')?.[1];
  return arg ? arg.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export function inputFailures(plugins: readonly JsonObject[], inputs: RuntimeInputs): PlanNote[] {
  const notes: PlanNote[] = [];
  plugins.forEach((p, i) => {
    const requested = requestedIps(p, inputs);
    const ranges = hostLocalRanges(p, inputs);
    if (ranges) {
      const outside = requested.filter((a) => !ranges.some((r) => inRange(r, a.split('/')[0]!)));
      if (outside.length) notes.push({ severity: 'error', field: isJsonObject(p.capabilities) && p.capabilities.ips === true && Array.isArray(inputs.capabilityArgs.ips) ? 'capabilityArgs' : 'cniArgs', pluginIndex: i, message: `host-local of ${String(p.type)} (${i + 1}) is asked for ${outside.join(', ')}, outside its ranges (${ranges.map((r) => String(r.subnet)).join(', ')}): ADD fails ("failed to allocate all requested IPs: ${outside.map((a) => a.split('/')[0]).join(', ')}").` });
    }
    // static hands the runtime's addresses on without a gateway, and ptp puts the gateway on its host end (CNI621).
    if (p.type === 'ptp' && isJsonObject(p.ipam) && p.ipam.type === 'static') {
      const caps = isJsonObject(p.capabilities) ? p.capabilities : {};
      const fromCap = caps.ips === true && Array.isArray(inputs.capabilityArgs.ips) && inputs.capabilityArgs.ips.length > 0;
      const failure = '("failed to add IP addr … to veth: numerical result out of range")';
      if (fromCap) {
        notes.push({ severity: 'error', pluginIndex: i, field: 'capabilityArgs', message: `The ips capability replaces static's addresses with ${requested.join(', ')}, without gateways, and ptp needs one for each: ADD fails ${failure}.` });
      } else {
        // CNI_ARGS GATEWAY= gives each address (IP= ones too) the gateway its network holds.
        const gateways = inputs.cniArgs.filter(([k]) => k === 'GATEWAY').flatMap(([, v]) => v.split(',')).map((g) => parseIp(g.trim())).filter((g) => g !== undefined);
        const bare = requested.filter((a) => {
          const cidr = parseCidr(a.trim());
          return !cidr || !gateways.some((g) => cidrContains(cidr, g));
        });
        if (bare.length) notes.push({ severity: 'error', pluginIndex: i, field: 'cniArgs', message: `static gives ptp ${bare.join(', ')} from CNI_ARGS IP= without a gateway, and ptp needs one: ADD fails ${failure}. Add GATEWAY= with an address of its network.` });
      }
    }
    const caps = isJsonObject(p.capabilities) ? p.capabilities : {};
    const mac = inputs.capabilityArgs.mac;
    if (p.type === 'tuning' && caps.mac === true && typeof mac === 'string') {
      const why = macRefusal(mac);
      if (why) notes.push({ severity: 'error', field: 'capabilityArgs', pluginIndex: i, message: `The mac capability gives tuning ${mac}, ${why}: Linux gives no link such an address, and ADD fails ("cannot assign requested address").` });
    }
  });
  return notes;
}

/** A port mapping portmap refuses ("Invalid host port number: 0") or iptables cannot write (a protocol it does not know). */
export function portMappingFailures(value: JsonValue): PlanNote[] {
  if (!Array.isArray(value)) return [];
  const notes: PlanNote[] = [];
  value.forEach((m, i) => {
    if (!isJsonObject(m)) return;
    for (const [key, words] of [['hostPort', 'host'], ['containerPort', 'container']] as const) {
      const port = m[key] ?? m[key[0]!.toUpperCase() + key.slice(1)];
      if (typeof port === 'number' && (port < 1 || port > 65535)) notes.push({ severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}].${key} ${port} is no port: portmap fails ADD ("failed to parse config: Invalid ${words} port number: ${port}").` });
    }
    const protocol = m.protocol ?? m.Protocol;
    if (typeof protocol === 'string' && !PROTOCOLS.includes(protocol.toLowerCase())) notes.push({ severity: 'error', field: 'capabilityArgs', message: `portMappings[${i}].protocol "${protocol}" is not tcp, udp or sctp: portmap's iptables rule fails and so does ADD ("unable to setup DNAT: … -p ${protocol} …").` });
  });
  return notes;
}
