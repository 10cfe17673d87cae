// Risk notes: the changes between two conflists that matter on nodes that already run pods, in plain words.
// A config change applies to pods created afterwards; pods that already run keep what the old chain set up,
// and are torn down with whatever chain the runtime has loaded when they go. Most notes follow from that.
import type { Catalog, CatalogEntry } from '../catalog/catalog';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { compareVersions, effectiveListVersion, parseVersion } from '../model/versions';
import { explainStep } from '../runtime/explain';
import { formatIp, ipValue, nthAddress, parseCidr, parseIp } from '../net/ip';
import { canonicalPlugin, deepEqual, pluginsOf, pluginType, type ConflistDiff, type PluginDiff } from './diff';

export type RiskSeverity = 'high' | 'medium' | 'low';

/** Stable identifiers of the rules, for filtering and tests. */
export type RiskRule =
  | 'cni-version-lowered'
  | 'cni-version-unsupported'
  | 'cni-version-debian'
  | 'addresses-changed'
  | 'ipam-changed'
  | 'ip-masq'
  | 'portmap-snat'
  | 'capability-dropped'
  | 'capability-added'
  | 'hairpin-off'
  | 'mtu-changed'
  | 'chain-order'
  | 'plugin-removed'
  | 'plugin-added'
  | 'bridge-renamed'
  | 'network-renamed';

export interface RiskNote {
  severity: RiskSeverity;
  message: string;
  /** Where in the new list (the old list for something that is gone). */
  pointer?: string;
  rule: RiskRule;
}

const SEVERITY_ORDER: Record<RiskSeverity, number> = { high: 0, medium: 1, low: 2 };

export function compareRiskNotes(a: RiskNote, b: RiskNote): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/** A matched plugin pair with keys as Go reads them. */
interface Pair {
  diff: PluginDiff;
  before: JsonObject;
  after: JsonObject;
  beforeIndex: number;
  afterIndex: number;
  label: string;
  pointer: string;
}

interface Ctx {
  diff: ConflistDiff;
  before: JsonObject;
  after: JsonObject;
  catalog: Catalog;
  pairs: Pair[];
  /** The old network name: leases and cached results of running pods live under it. */
  networkName: string;
}

const label = (type: string, index: number) => `${type || '(no type)'} (${index + 1})`;
const show = (v: JsonValue | undefined) => (v === undefined ? '(not set)' : typeof v === 'string' ? v : JSON.stringify(v));
const obj = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});

// ---------------------------------------------------------------------------------------------------------
// cniVersion

function accepted(entry: CatalogEntry, version: string): boolean {
  return entry.specVersions.length === 0 || entry.specVersions.includes(version);
}

function versionRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  const oldV = effectiveListVersion(ctx.before.cniVersion, ctx.before.cniVersions);
  const newV = effectiveListVersion(ctx.after.cniVersion, ctx.after.cniVersions);
  const changed = oldV !== newV;
  const comparable = parseVersion(oldV) !== undefined && parseVersion(newV) !== undefined;
  const cmp = comparable ? compareVersions(newV, oldV) : 0;
  const from = oldV || '(unset)';
  const to = newV || '(unset, read as 0.1.0)';
  if (changed && comparable && cmp < 0) {
    const lost: string[] = [];
    if (compareVersions(oldV, '1.1.0') >= 0 && compareVersions(newV, '1.1.0') < 0) lost.push('the runtime stops sending GC and STATUS (libcni only sends them for 1.1.0 lists)');
    if (compareVersions(oldV, '0.4.0') >= 0 && compareVersions(newV, '0.4.0') < 0)
      lost.push('CHECK is refused and DEL no longer gets the cached result (prevResult) that plugins use to clean up exactly what ADD made');
    notes.push({
      rule: 'cni-version-lowered',
      severity: 'medium',
      pointer: '/cniVersion',
      message: `The spec version goes down from ${from} to ${to}: plugins print results in the older format${lost.length ? `, and ${lost.join('; ')}` : ''}.${compareVersions(newV, '0.4.0') >= 0 ? ` Results cached for pods that already run are in ${oldV} and are converted when those pods are checked or deleted.` : ''}`,
    });
  }

  // Plugins that refuse the list version: after a version change, and for plugins that are new in the chain.
  const added = new Set(ctx.diff.plugins.filter((p) => p.status === 'added').map((p) => p.afterIndex));
  const refusing: string[] = [];
  const debianRefusing: string[] = [];
  if (newV && parseVersion(newV)) {
    pluginsOf(ctx.after).forEach((p, i) => {
      if (!changed && !added.has(i)) return;
      const entry = ctx.catalog.get(pluginType(p));
      if (!entry) return;
      if (!accepted(entry, newV)) refusing.push(`${label(entry.type, i)} accepts ${entry.specVersions.join(', ')}`);
      else if (changed && entry.debian?.present && !entry.debian.specVersions.includes(newV) && entry.debian.specVersions.includes(oldV))
        debianRefusing.push(label(entry.type, i));
    });
  }
  if (refusing.length) {
    notes.push({
      rule: 'cni-version-unsupported',
      severity: 'high',
      pointer: '/cniVersion',
      message: `With spec version ${newV} ${refusing.length > 1 ? 'these plugins refuse' : 'this plugin refuses'} every call (code 1, "incompatible CNI versions"): ${refusing.join('; ')}. No new pod on this network gets its network set up.`,
    });
  }
  if (debianRefusing.length) {
    notes.push({
      rule: 'cni-version-debian',
      severity: 'medium',
      pointer: '/cniVersion',
      message: `On nodes that use Debian's packaged plugins (containernetworking-plugins 1.1.1, at most spec 1.0.0), ${debianRefusing.join(', ')} ${debianRefusing.length > 1 ? 'refuse' : 'refuses'} spec ${newV} with "incompatible CNI versions": every ADD fails there. Newer plugin releases accept it.`,
    });
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses and IPAM

/** The keys of an IPAM object that say which addresses it hands out. */
const ADDRESS_KEYS = ['subnet', 'rangeStart', 'rangeEnd', 'gateway', 'ranges', 'addresses', 'range', 'range_start', 'range_end', 'exclude', 'ipRanges', 'ipv4_pools', 'ipv6_pools', 'network_name'];

/** host-local's gateway for a range: the one written, else the subnet's first address; as text, canonical. */
function gatewayOf(subnet: JsonValue | undefined, gateway: JsonValue | undefined): string | undefined {
  if (typeof gateway === 'string') {
    const ip = parseIp(gateway);
    return ip ? formatIp(ip.family, ipValue(ip)) : gateway;
  }
  const cidr = typeof subnet === 'string' ? parseCidr(subnet) : undefined;
  return cidr ? nthAddress(cidr, 1n) : undefined;
}

/** A host-local range with its gateway made explicit, so writing the default gateway out is no change. */
function canonicalRange(range: JsonValue): JsonValue {
  if (!isJsonObject(range)) return range;
  const gateway = gatewayOf(range.subnet, range.gateway);
  return gateway === undefined ? range : { ...range, gateway };
}

function addressConfig(ipam: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of ADDRESS_KEYS) if (ipam[k] !== undefined) out[k] = ipam[k]!;
  if (ipam.type === 'host-local') {
    if (Array.isArray(out.ranges)) out.ranges = out.ranges.map((set) => (Array.isArray(set) ? set.map(canonicalRange) : set));
    if (typeof out.subnet === 'string') out.gateway = gatewayOf(out.subnet, out.gateway) ?? null;
  }
  return out;
}

/** "10.88.0.0/16, 2001:db8::/64": what the IPAM config hands out, in short. */
export function addressSummary(ipam: JsonObject): string {
  const parts: string[] = [];
  const add = (v: JsonValue | undefined) => {
    if (typeof v === 'string' && v) parts.push(v);
  };
  add(ipam.subnet);
  for (const set of Array.isArray(ipam.ranges) ? ipam.ranges : []) {
    const subnets = (Array.isArray(set) ? set : []).filter(isJsonObject).map((r) => {
      const range = r.rangeStart || r.rangeEnd ? ` (${show(r.rangeStart ?? 'start')}–${show(r.rangeEnd ?? 'end')})` : '';
      return `${show(r.subnet)}${range}`;
    });
    if (subnets.length) parts.push(subnets.join(' or '));
  }
  for (const a of Array.isArray(ipam.addresses) ? ipam.addresses : []) if (isJsonObject(a)) add(a.address);
  add(ipam.range);
  for (const r of Array.isArray(ipam.ipRanges) ? ipam.ipRanges : []) if (isJsonObject(r)) add(r.range);
  for (const key of ['ipv4_pools', 'ipv6_pools']) for (const p of Array.isArray(ipam[key]) ? ipam[key] : []) add(p);
  return parts.length ? parts.join(', ') : JSON.stringify(addressConfig(ipam));
}

/** The first IPv4 range (subnet and gateway) an IPAM config hands out from: what a gateway bridge carries. */
function firstV4(ipam: JsonObject): JsonValue | undefined {
  const sets: JsonValue[] = [...(typeof ipam.subnet === 'string' ? [[{ subnet: ipam.subnet, gateway: ipam.gateway ?? null }]] : []), ...(Array.isArray(ipam.ranges) ? ipam.ranges : [])];
  for (const set of sets) {
    const first = Array.isArray(set) ? set.find(isJsonObject) : undefined;
    if (first && typeof first.subnet === 'string' && !first.subnet.includes(':')) return { subnet: first.subnet, gateway: gatewayOf(first.subnet, first.gateway ?? undefined) ?? null };
  }
  return undefined;
}

function leasesWhere(ipam: JsonObject, network: string): string {
  const type = String(ipam.type);
  const dir = typeof ipam.dataDir === 'string' && ipam.dataDir ? ipam.dataDir.replace(/\/+$/, '') : '/var/lib/cni/networks';
  if (type === 'host-local') return `host-local keeps the leases of the old addresses in ${dir}/${network || '<network name>'}/ on each node until those pods are deleted`;
  if (type === 'whereabouts') return 'whereabouts keeps the reservations of the old addresses in its IPPool resources until those pods are deleted';
  if (type === 'static') return 'a pod that still runs keeps holding its old fixed address';
  return `${type} keeps what it allocated for them until those pods are deleted`;
}

function addressRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const oldIpam = isJsonObject(pair.before.ipam) && Object.keys(pair.before.ipam).length ? pair.before.ipam : undefined;
    const newIpam = isJsonObject(pair.after.ipam) && Object.keys(pair.after.ipam).length ? pair.after.ipam : undefined;
    if (!oldIpam && !newIpam) continue;
    const pointer = `${pair.pointer}/ipam`;
    if (!oldIpam || !newIpam) {
      notes.push({
        rule: 'ipam-changed',
        severity: newIpam ? 'medium' : 'high',
        pointer: newIpam ? pointer : pair.pointer,
        message: newIpam
          ? `${pair.label} now has IPAM (${show(newIpam.type)}): new pods get addresses from ${addressSummary(newIpam)}, pods that already run have none from this network until they are recreated.`
          : `${pair.label} no longer has IPAM: new pods get an interface without any address (layer 2 only), while pods that already run keep theirs; ${leasesWhere(oldIpam!, ctx.networkName)}.`,
      });
      continue;
    }
    if (oldIpam.type !== newIpam.type) {
      notes.push({
        rule: 'ipam-changed',
        severity: 'high',
        pointer: `${pointer}/type`,
        message: `${pair.label} switches IPAM from ${show(oldIpam.type)} to ${show(newIpam.type)}: the new allocator knows nothing of the addresses ${show(oldIpam.type)} gave to pods that already run, so it can hand the same addresses out again if the pools overlap; ${leasesWhere(oldIpam, ctx.networkName)}.`,
      });
      continue;
    }
    if (deepEqual(addressConfig(oldIpam), addressConfig(newIpam))) continue;
    const type = String(newIpam.type);
    let message = `The addresses ${pair.label} hands out change (${type}: ${addressSummary(oldIpam)} → ${addressSummary(newIpam)}). Pods that already run keep their old addresses until they are recreated, so for a while old and new pods sit in different ranges; ${leasesWhere(oldIpam, ctx.networkName)}, and routes, firewall rules or policies written for the old range (on the nodes and elsewhere) may not cover the new one or may conflict with it.`;
    // The bridge plugin refuses a second, different IPv4 address on an existing bridge unless forceAddress is set.
    if (
      pair.diff.type === 'bridge' &&
      (pair.after.isGateway === true || pair.after.isDefaultGateway === true) &&
      pair.after.forceAddress !== true &&
      (pair.before.bridge ?? 'cni0') === (pair.after.bridge ?? 'cni0') &&
      firstV4(oldIpam) !== undefined &&
      !deepEqual(firstV4(oldIpam), firstV4(newIpam))
    ) {
      message += ` On nodes where bridge ${show(pair.after.bridge ?? 'cni0')} already exists it still carries the old gateway address, and the bridge plugin refuses to add a different IPv4 address ("already has an IP address different from …"): every ADD fails there until the old address is removed from the bridge or forceAddress is set.`;
    }
    notes.push({ rule: 'addresses-changed', severity: 'high', pointer, message });
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Masquerading, hairpin, MTU, bridge name

const MASQ_TYPES = new Set(['bridge', 'ptp', 'win-overlay']);

function flagRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const { before: b, after: a, label: l, pointer } = pair;
    const type = pair.diff.type;
    if (MASQ_TYPES.has(type) && (b.ipMasq === true) !== (a.ipMasq === true)) {
      notes.push(
        a.ipMasq === true
          ? {
              rule: 'ip-masq',
              severity: 'medium',
              pointer: `${pointer}/ipMasq`,
              message: `${l} turns ipMasq on: traffic that new pods send out of their subnet leaves with the node's address (source NAT), so destinations and firewalls outside see the node, not the pod. Pods that already run keep going out with their own address until recreated.`,
            }
          : {
              rule: 'ip-masq',
              severity: 'high',
              pointer: `${pointer}/ipMasq`,
              message: `${l} turns ipMasq off: traffic that new pods send out of their subnet keeps the pod address, so it only gets answers where the network routes the pod subnet back to this node; otherwise new pods lose outside connectivity. Pods that already run keep their masquerade rules until they are deleted.`,
            },
      );
    }
    if (type === 'portmap' && (b.snat !== false) !== (a.snat !== false)) {
      notes.push(
        a.snat === false
          ? {
              rule: 'portmap-snat',
              severity: 'medium',
              pointer: `${pointer}/snat`,
              message: `${l} turns snat off: connections to a published host port from the node itself (localhost) or from the same pod (hairpin) are no longer masqueraded, so they may stop working for new pods.`,
            }
          : {
              rule: 'portmap-snat',
              severity: 'low',
              pointer: `${pointer}/snat`,
              message: `${l} turns snat back on: connections to a published host port from the node itself or from the pod are masqueraded for new pods.`,
            },
      );
    }
    if (type === 'bridge' && b.hairpinMode === true && a.hairpinMode !== true) {
      notes.push({
        rule: 'hairpin-off',
        severity: 'medium',
        pointer: `${pointer}/hairpinMode`,
        message: `${l} turns hairpinMode off: a new pod can no longer reach itself through its own published port or a Service address that load-balances back to it (the bridge does not send the traffic back out of the port it came in on).`,
      });
    }
    if (!deepEqual(b.mtu, a.mtu)) {
      notes.push({
        rule: 'mtu-changed',
        severity: 'medium',
        pointer: `${pointer}/mtu`,
        message: `${l} changes the MTU from ${show(b.mtu)} to ${show(a.mtu)}: only interfaces created from now on get it; pods that already run keep the old MTU, and where two ends disagree large packets are dropped (path MTU black holes, stalled TLS or bulk transfers). Check the MTU against the underlay or overlay it rides on.`,
      });
    }
    if (type === 'bridge' && (b.bridge ?? 'cni0') !== (a.bridge ?? 'cni0')) {
      const oldName = show(b.bridge ?? 'cni0');
      const newName = show(a.bridge ?? 'cni0');
      notes.push({
        rule: 'bridge-renamed',
        severity: 'high',
        pointer: `${pointer}/bridge`,
        message: `${l} uses bridge ${newName} instead of ${oldName}: new pods are plugged into a new bridge while pods that already run stay on ${oldName}, so the two groups are no longer on one layer-2 segment. ${oldName} (with its gateway address, routes and masquerade rules) is left on every node until someone removes it; if both bridges get the same subnet, the node has two routes for it and reaches only one group.`,
      });
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Capabilities

const CAPABILITY_LOSS: Record<string, [RiskSeverity, string]> = {
  portMappings: ['high', 'port mappings (hostPort) requested for new pods stop working'],
  bandwidth: ['medium', 'bandwidth limits requested by the runtime (pod annotations) are no longer applied to new pods'],
  ipRanges: ['high', 'the address ranges the runtime passes (e.g. the node pod CIDR from CRI-O) are no longer used; without configured ranges, address allocation fails'],
  ips: ['medium', 'specific addresses requested for a pod (e.g. through Multus annotations) are ignored'],
  mac: ['medium', 'MAC addresses requested for a pod are ignored; pods get random MACs'],
  dns: ['medium', 'the DNS settings the runtime passes are no longer applied'],
  deviceID: ['high', 'the device the runtime or device plugin allocated is no longer passed, so the plugin cannot find which device to use'],
  'io.kubernetes.cri.pod-annotations': ['medium', 'the plugin no longer sees pod annotations'],
};

const enabledCaps = (p: JsonObject) => Object.entries(obj(p.capabilities)).filter(([, v]) => v === true).map(([k]) => k);

function capabilityRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const oldCaps = enabledCaps(pair.before);
    const newCaps = enabledCaps(pair.after);
    for (const cap of oldCaps.filter((c) => !newCaps.includes(c))) {
      const [severity, effect] = CAPABILITY_LOSS[cap] ?? ['medium', `the runtime no longer passes "${cap}" to it`];
      notes.push({
        rule: 'capability-dropped',
        severity,
        pointer: `${pair.pointer}/capabilities`,
        message: `${pair.label} no longer declares the ${cap} capability, so the runtime stops sending it in runtimeConfig: ${effect}.`,
      });
    }
    for (const cap of newCaps.filter((c) => !oldCaps.includes(c))) {
      const entry = ctx.catalog.get(pair.diff.type);
      const unused = entry && !entry.permissive && !entry.capabilities.includes(cap) ? ` ${entry.type} does not read it, so this has no effect.` : '';
      notes.push({
        rule: 'capability-added',
        severity: 'low',
        pointer: `${pair.pointer}/capabilities/${cap}`,
        message: `${pair.label} now declares the ${cap} capability: the runtime passes its ${cap} values to it in runtimeConfig for new pods.${unused}`,
      });
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Chain shape

const REMOVED: Record<string, [RiskSeverity, string, string | undefined]> = {
  portmap: ['high', 'host ports stop working (the port mappings requested for new pods are not set up)', 'their port-forwarding rules'],
  bandwidth: ['medium', 'traffic limits are no longer applied to new pods', 'their traffic shaping (ifb devices)'],
  firewall: ['medium', 'no firewall rules are added for new pods; where the host firewall drops forwarded traffic by default (FORWARD policy DROP, a firewalld zone), their traffic is dropped', 'their firewall rules'],
  tuning: ['medium', 'the sysctls, MAC, MTU or link flags it set are no longer applied to new pods', 'its backup files in /run/cni/tuning'],
  loopback: ['medium', 'lo stays down in new containers, so anything that talks to localhost inside the pod fails', undefined],
  sbr: ['medium', 'source-based routing is gone: replies of new pods may leave through the default route instead of the interface the request came in on', 'their routing rules'],
  vrf: ['medium', 'new pods are no longer put into the VRF, so they use the main routing table', 'the VRF device'],
};

function describeRole(entry: CatalogEntry | undefined): string {
  return entry ? `${entry.title}: ${entry.summary}` : 'a plugin CNI Studio does not know';
}

function chainRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  const oldPlugins = pluginsOf(ctx.before);
  const newPlugins = pluginsOf(ctx.after);
  if (ctx.diff.orderChanged) {
    const first = ctx.catalog.get(pluginType(newPlugins[0]));
    const broken = first?.requiresPrevResult === true;
    const moved = ctx.diff.plugins.filter((p) => p.status === 'moved').map((p) => `${p.type} ${p.beforeIndex! + 1} → ${p.afterIndex! + 1}`);
    notes.push({
      rule: 'chain-order',
      severity: broken ? 'high' : 'medium',
      pointer: '/plugins',
      message: `The order of the chain changes (${oldPlugins.map(pluginType).join(' → ')} becomes ${newPlugins.map(pluginType).join(' → ')}; moved: ${moved.join(', ')}). Each plugin gets the previous one's result on ADD and DEL runs in reverse, so what a plugin sees and what it passes on changes.${broken ? ` ${first!.type} now runs first but needs a previous result: every ADD fails.` : ''}`,
    });
  }
  for (const p of ctx.diff.plugins) {
    if (p.status === 'removed') {
      const plugin = obj(oldPlugins[p.beforeIndex!]);
      const entry = ctx.catalog.get(p.type);
      const known = REMOVED[p.type];
      let severity: RiskSeverity;
      let effect: string;
      let leftovers: string | undefined = 'what it set up for them';
      if (known) [severity, effect, leftovers] = known;
      else if (entry?.role === 'interface' || entry?.role === 'meta') {
        severity = 'high';
        effect = `new pods no longer get what it set up (${describeRole(entry)})${isJsonObject(plugin.ipam) ? ', nor its addresses' : ''}`;
        leftovers = 'their interfaces and addresses';
      } else {
        severity = 'medium';
        effect = `what it did no longer happens for new pods (${describeRole(entry)})`;
      }
      notes.push({
        rule: 'plugin-removed',
        severity,
        pointer: '/plugins',
        message: `${label(p.type, p.beforeIndex!)} is removed: ${effect}.${leftovers ? ` Pods that already run may be torn down with the new chain (containerd deletes with the configuration it has loaded), so ${p.type}'s DEL never runs for them and ${leftovers} may stay behind on the nodes.` : ''}`,
      });
    }
    if (p.status === 'added') {
      const plugin = canonicalPlugin(newPlugins[p.afterIndex!], ctx.catalog);
      const entry = ctx.catalog.get(p.type);
      const does = explainStep(obj(plugin), 'ADD');
      notes.push({
        rule: 'plugin-added',
        severity: entry?.role === 'interface' || entry?.role === 'meta' || !entry ? 'medium' : 'low',
        pointer: `/plugins/${p.afterIndex!}`,
        message: `${label(p.type, p.afterIndex!)} is added; for new pods it ${does.charAt(0).toLowerCase()}${does.slice(1).replace(/\.$/, '')}. Pods that already run do not get it until they are recreated, but their DEL now runs ${p.type}'s DEL too (with a cached result that does not show what ${p.type} would have added).`,
      });
    }
  }
  return notes;
}

function networkNameRule(ctx: Ctx): RiskNote[] {
  const change = ctx.diff.listChanges.find((c) => c.pointer === '/name');
  if (!change) return [];
  const oldName = show(change.before);
  const newName = show(change.after);
  const hostLocal = pluginsOf(ctx.after).some((p) => isJsonObject(p) && isJsonObject(p.ipam) && p.ipam.type === 'host-local');
  return [
    {
      rule: 'network-renamed',
      severity: 'high',
      pointer: '/name',
      message: `The network is renamed from ${oldName} to ${newName}. Runtimes find networks by name (Multus NetworkAttachmentDefinitions, Podman --network, cnitool), so whatever still asks for ${oldName} no longer finds it. Cached results are stored per network name (/var/lib/cni/results/<name>-<container>-<ifname>), so pods that already run are deleted without their cached result${hostLocal ? `, and host-local keeps leases per network name: it starts an empty lease directory /var/lib/cni/networks/${newName}/ and can hand out addresses that running pods still hold under ${oldName}` : ''}.`,
    },
  ];
}

/** The changes between two lists that matter in production, highest severity first. */
export function riskNotes(diff: ConflistDiff, before: JsonObject, after: JsonObject, catalog: Catalog): RiskNote[] {
  const oldPlugins = pluginsOf(before);
  const newPlugins = pluginsOf(after);
  const pairs: Pair[] = diff.plugins
    .filter((p) => p.beforeIndex !== undefined && p.afterIndex !== undefined)
    .map((p) => ({
      diff: p,
      before: obj(canonicalPlugin(oldPlugins[p.beforeIndex!], catalog)),
      after: obj(canonicalPlugin(newPlugins[p.afterIndex!], catalog)),
      beforeIndex: p.beforeIndex!,
      afterIndex: p.afterIndex!,
      label: label(p.type, p.afterIndex!),
      pointer: `/plugins/${p.afterIndex!}`,
    }));
  const ctx: Ctx = { diff, before, after, catalog, pairs, networkName: typeof before.name === 'string' ? before.name : '' };
  const notes = [...networkNameRule(ctx), ...versionRules(ctx), ...chainRules(ctx), ...addressRules(ctx), ...flagRules(ctx), ...capabilityRules(ctx)];
  // Array.prototype.sort is stable: within a severity the notes keep the order above.
  return notes.sort(compareRiskNotes);
}
