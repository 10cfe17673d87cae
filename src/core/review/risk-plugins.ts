// Risk rules about what plugins do: masquerade, snat, hairpin, MTU, capabilities, and the chain itself.
import type { CatalogEntry } from '../catalog/catalog';
import { isJsonObject, type JsonObject } from '../model/types';
import { escapeSegment } from '../model/pointer';
import { explainStep } from '../runtime/explain';
import { canonicalPlugin, deepEqual, pluginsOf, pluginType } from './diff';
import { label, obj, show, type Ctx, type RiskNote, type RiskSeverity } from './risk-context';

const MASQ_TYPES = new Set(['bridge', 'ptp', 'win-overlay']);

export function flagRules(ctx: Ctx): RiskNote[] {
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

// Maps, not object literals: capability names and plugin types are user text ("constructor", "toString").
const CAPABILITY_LOSS: ReadonlyMap<string, [RiskSeverity, string]> = new Map([
  ['portMappings', ['high', 'port mappings (hostPort) requested for new pods stop working']],
  ['bandwidth', ['medium', 'bandwidth limits requested by the runtime (pod annotations) are no longer applied to new pods']],
  ['ipRanges', ['high', 'the address ranges the runtime passes (e.g. the node pod CIDR from CRI-O) are no longer used; without configured ranges, address allocation fails']],
  ['ips', ['medium', 'specific addresses requested for a pod (e.g. through Multus annotations) are ignored']],
  ['mac', ['medium', 'MAC addresses requested for a pod are ignored; pods get random MACs']],
  ['dns', ['medium', 'the DNS settings the runtime passes are no longer applied']],
  ['deviceID', ['high', 'the device the runtime or device plugin allocated is no longer passed, so the plugin cannot find which device to use']],
  ['io.kubernetes.cri.pod-annotations', ['medium', 'the plugin no longer sees pod annotations']],
]);

const enabledCaps = (p: JsonObject) => Object.entries(obj(p.capabilities)).filter(([, v]) => v === true).map(([k]) => k);

export function capabilityRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const oldCaps = enabledCaps(pair.before);
    const newCaps = enabledCaps(pair.after);
    for (const cap of oldCaps.filter((c) => !newCaps.includes(c))) {
      const [severity, effect] = CAPABILITY_LOSS.get(cap) ?? ['medium', `the runtime no longer passes "${cap}" to it`];
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
        pointer: `${pair.pointer}/capabilities/${escapeSegment(cap)}`,
        message: `${pair.label} now declares the ${cap} capability: the runtime passes its ${cap} values to it in runtimeConfig for new pods.${unused}`,
      });
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Chain shape

const REMOVED: ReadonlyMap<string, [RiskSeverity, string, string | undefined]> = new Map([
  ['portmap', ['high', 'host ports stop working (the port mappings requested for new pods are not set up)', 'their port-forwarding rules']],
  ['bandwidth', ['medium', 'traffic limits are no longer applied to new pods', 'their traffic shaping (ifb devices)']],
  ['firewall', ['medium', 'no firewall rules are added for new pods; where the host firewall drops forwarded traffic by default (FORWARD policy DROP, a firewalld zone), their traffic is dropped', 'their firewall rules']],
  ['tuning', ['medium', 'the sysctls, MAC, MTU or link flags it set are no longer applied to new pods', 'its backup files in /run/cni/tuning']],
  ['loopback', ['medium', 'lo stays down in new containers, so anything that talks to localhost inside the pod fails', undefined]],
  ['sbr', ['medium', 'source-based routing is gone: replies of new pods may leave through the default route instead of the interface the request came in on', 'their routing rules']],
  ['vrf', ['medium', 'new pods are no longer put into the VRF, so they use the main routing table', 'the VRF device']],
]);

function describeRole(entry: CatalogEntry | undefined): string {
  return entry ? `${entry.title}: ${entry.summary}` : 'a plugin CNI Studio does not know';
}

export function chainRules(ctx: Ctx): RiskNote[] {
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
      const known = REMOVED.get(p.type);
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

