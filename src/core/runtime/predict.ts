// Predicted ADD results, for the preview only (the lab helper uses real ones): the interfaces each
// interface plugin creates, the first addresses host-local or static would hand out, routes and DNS.
// MAC addresses and host veth names are placeholders: the kernel picks them at run time.
import type { Catalog } from '../catalog/catalog';
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../model/types';
import { compareVersions, parseVersion } from '../model/versions';
import { cidrBounds, formatIp, nthAddress, parseCidr, parseIp, ipValue } from '../net/ip';
import type { RuntimeInputs } from './inputs';

export interface Prediction {
  result: JsonObject;
  /** What could not be predicted, in words (e.g. "addresses come from dhcp at run time"). */
  notes: string[];
}

const PLACEHOLDER_MAC = (n: number) => `02:00:00:00:00:0${n}`;

interface Ips {
  ips: JsonObject[];
  routes: JsonValue[];
  dns?: JsonObject;
  notes: string[];
}

function asRangeSets(value: unknown): JsonObject[][] {
  if (!Array.isArray(value)) return [];
  return value.map((set) => (Array.isArray(set) ? set.filter(isJsonObject) : isJsonObject(set) ? [set] : []));
}

function cniArgsIps(inputs: RuntimeInputs): string[] {
  return inputs.cniArgs.filter(([k]) => k === 'IP').flatMap(([, v]) => v.split(','));
}

/** host-local's first allocation from a range set: rangeStart (default subnet+1), skipping the gateway. */
function firstFromSet(set: JsonObject[]): JsonObject | undefined {
  const range = set[0];
  const cidr = range && typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!range || !cidr) return undefined;
  const { first } = cidrBounds(cidr);
  const gateway = typeof range.gateway === 'string' ? range.gateway : nthAddress(cidr, 1n);
  let start = typeof range.rangeStart === 'string' && parseIp(range.rangeStart) ? ipValue(parseIp(range.rangeStart)!) : first + 1n;
  const gw = parseIp(gateway);
  if (gw && ipValue(gw) === start) start += 1n;
  return { address: `${formatIp(cidr.ip.family, start)}/${cidr.prefix}`, gateway };
}

function predictIpam(ipam: JsonObject, plugin: JsonObject, inputs: RuntimeInputs): Ips {
  const type = typeof ipam.type === 'string' ? ipam.type : '';
  const caps = isJsonObject(plugin.capabilities) ? plugin.capabilities : {};
  const capArg = (name: string) => (ownValue(caps, name) === true ? ownValue(inputs.capabilityArgs, name) : undefined);
  const routes = Array.isArray(ipam.routes) ? ipam.routes : [];
  if (type === 'host-local') {
    const sets = [...asRangeSets(capArg('ipRanges')), ...asRangeSets(ipam.ranges)];
    if (typeof ipam.subnet === 'string') sets.push([{ subnet: ipam.subnet, ...(ipam.rangeStart ? { rangeStart: ipam.rangeStart } : {}), ...(ipam.gateway ? { gateway: ipam.gateway } : {}) }]);
    const requested = [...(Array.isArray(capArg('ips')) ? (capArg('ips') as string[]) : []), ...(isJsonObject(plugin.args) && isJsonObject(plugin.args.cni) && Array.isArray(plugin.args.cni.ips) ? (plugin.args.cni.ips as string[]) : []), ...cniArgsIps(inputs)];
    const ips = sets.map((set) => {
      const cidr = typeof set[0]?.subnet === 'string' ? parseCidr(set[0].subnet) : undefined;
      const wanted = requested.map((r) => parseIp(r.split('/')[0]!)).find((ip) => ip && cidr && ip.family === cidr.ip.family && ipValue(ip) >= cidrBounds(cidr).first && ipValue(ip) <= cidrBounds(cidr).last);
      if (wanted && cidr) return { address: `${wanted.text}/${cidr.prefix}`, gateway: typeof set[0]!.gateway === 'string' ? set[0]!.gateway : nthAddress(cidr, 1n) };
      return firstFromSet(set);
    });
    return { ips: ips.filter((x): x is JsonObject => x !== undefined), routes, notes: sets.length ? ['host-local hands out addresses round-robin after the last one it reserved on the node: shown is the first one on a fresh node.'] : ['host-local has no ranges here.'] };
  }
  if (type === 'static') {
    const fromCap = capArg('ips');
    const fromArgs = isJsonObject(plugin.args) && isJsonObject(plugin.args.cni) ? plugin.args.cni.ips : undefined;
    const override = Array.isArray(fromCap) ? fromCap : Array.isArray(fromArgs) ? fromArgs : undefined;
    const addresses: JsonObject[] = override
      ? override.filter((a): a is string => typeof a === 'string').map((address) => ({ address }))
      : [...(Array.isArray(ipam.addresses) ? ipam.addresses.filter(isJsonObject) : []), ...cniArgsIps(inputs).map((address) => ({ address }))];
    // An entry without a string address (a broken config) hands out nothing.
    const usable = addresses.filter((a) => typeof a.address === 'string');
    return { ips: usable.map((a) => ({ address: a.address!, ...(a.gateway ? { gateway: a.gateway } : {}) })), routes, ...(isJsonObject(ipam.dns) ? { dns: ipam.dns } : {}), notes: [] };
  }
  return { ips: [], routes: [], notes: type ? [`Addresses come from ${type} at run time and are not predicted.`] : [] };
}

type Shape = 'bridge' | 'ptp' | 'single' | 'loopback' | 'passthrough';

const SHAPES: ReadonlyMap<string, Shape> = new Map([
  ['bridge', 'bridge'],
  ['ptp', 'ptp'],
  ['macvlan', 'single'],
  ['ipvlan', 'single'],
  ['vlan', 'single'],
  ['host-device', 'single'],
  ['dummy', 'single'],
  ['tap', 'single'],
  ['loopback', 'loopback'],
]);

export function predictAdd(plugin: JsonObject, prevResult: JsonObject | undefined, inputs: RuntimeInputs, catalog: Catalog): Prediction {
  const type = typeof plugin.type === 'string' ? plugin.type : '';
  const entry = catalog.get(type);
  const shape: Shape = SHAPES.get(type) ?? (entry?.role === 'chained' || (prevResult && entry?.role !== 'interface') ? 'passthrough' : 'single');
  const sandbox = inputs.netns;
  if (shape === 'passthrough') {
    const result = prevResult ? (JSON.parse(JSON.stringify(prevResult)) as JsonObject) : { cniVersion: '', interfaces: [], ips: [] };
    const notes: string[] = [];
    // tuning sets the container interface's MAC when asked to.
    const caps = isJsonObject(plugin.capabilities) ? plugin.capabilities : {};
    const mac = caps.mac === true && typeof inputs.capabilityArgs.mac === 'string' ? inputs.capabilityArgs.mac : typeof plugin.mac === 'string' ? plugin.mac : undefined;
    if (type === 'tuning' && mac && Array.isArray(result.interfaces)) {
      for (const i of result.interfaces) if (isJsonObject(i) && i.name === inputs.ifname && i.sandbox) i.mac = mac;
    }
    if (!entry) notes.push(`${type || 'This plugin'} is unknown to CNI Studio: its result is assumed to be the previous one.`);
    return { result, notes };
  }
  if (shape === 'loopback') {
    if (prevResult) return { result: JSON.parse(JSON.stringify(prevResult)) as JsonObject, notes: [] };
    return { result: { interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox }], ips: [{ interface: 0, address: '127.0.0.1/8' }, { interface: 0, address: '::1/128' }] }, notes: [] };
  }
  const ipam = isJsonObject(plugin.ipam) && Object.keys(plugin.ipam).length > 0 ? predictIpam(plugin.ipam, plugin, inputs) : { ips: [], routes: [], notes: [] };
  const caps = isJsonObject(plugin.capabilities) ? plugin.capabilities : {};
  const containerMac = caps.mac === true && typeof inputs.capabilityArgs.mac === 'string' ? inputs.capabilityArgs.mac : typeof plugin.mac === 'string' ? plugin.mac : PLACEHOLDER_MAC(3);
  const container = { name: inputs.ifname, mac: containerMac, sandbox };
  const interfaces: JsonObject[] =
    shape === 'bridge'
      ? [{ name: typeof plugin.bridge === 'string' ? plugin.bridge : 'cni0', mac: PLACEHOLDER_MAC(1) }, { name: 'veth00000000', mac: PLACEHOLDER_MAC(2) }, container]
      : shape === 'ptp'
        ? [{ name: 'veth00000000', mac: PLACEHOLDER_MAC(2) }, container]
        : [container];
  const at = interfaces.length - 1;
  const routes = [...ipam.routes];
  if (type === 'bridge' && plugin.isDefaultGateway === true) {
    for (const ip of ipam.ips) {
      const cidr = parseCidr(String(ip.address));
      const dst = cidr?.ip.family === 6 ? '::/0' : '0.0.0.0/0';
      if (typeof ip.gateway === 'string' && !routes.some((r) => isJsonObject(r) && r.dst === dst && r.gw)) routes.push({ dst, gw: ip.gateway });
    }
  }
  const dns = isJsonObject(plugin.dns) && Object.keys(plugin.dns).length > 0 ? plugin.dns : ipam.dns;
  const result: JsonObject = { interfaces, ips: ipam.ips.map((ip) => ({ ...ip, interface: at })), ...(routes.length ? { routes } : {}), dns: dns ?? {} };
  const notes = [...ipam.notes];
  if (!entry) notes.push(`${type || 'This plugin'} is unknown to CNI Studio: its result is predicted as one container interface.`);
  return { result, notes };
}

/** A result in the shape of a spec version (ips[].version for 0.3.x/0.4.0, ip4/ip6 for 0.1/0.2). */
export function convertResult(result: JsonObject, version: string): JsonObject {
  const v = parseVersion(version) ? version : '0.1.0';
  const ips = Array.isArray(result.ips) ? result.ips.filter(isJsonObject) : [];
  const family = (address: unknown) => (typeof address === 'string' && address.includes(':') ? '6' : '4');
  if (compareVersions(v, '0.3.0') < 0) {
    const out: JsonObject = { cniVersion: version };
    for (const fam of ['4', '6']) {
      const ip = ips.find((i) => family(i.address) === fam);
      if (!ip) continue;
      const routes = (Array.isArray(result.routes) ? result.routes : []).filter((r) => isJsonObject(r) && family(r.dst) === fam);
      out[`ip${fam}`] = { ip: ip.address!, ...(ip.gateway ? { gateway: ip.gateway } : {}), ...(routes.length ? { routes } : {}) };
    }
    if (result.dns) out.dns = result.dns;
    return out;
  }
  const withVersion = compareVersions(v, '1.0.0') < 0;
  return {
    cniVersion: version,
    ...(result.interfaces ? { interfaces: result.interfaces } : {}),
    ips: ips.map((ip) => (withVersion ? { version: family(ip.address), ...ip } : Object.fromEntries(Object.entries(ip).filter(([k]) => k !== 'version')))),
    ...(result.routes ? { routes: result.routes } : {}),
    ...(result.dns ? { dns: result.dns } : {}),
  };
}
