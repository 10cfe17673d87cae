// Risk rules about what plugins do: each plugin's own rules (masquerade, snat, hairpin, bridge name: asked of
// its module in plugins/), the MTU, capabilities, and the chain itself.
import type { CatalogEntry } from '../catalog/catalog';
import { isJsonObject, type JsonObject } from '../model/types';
import { escapeSegment } from '../model/pointer';
import { pluginBehaviour } from '../plugins';
import { explainStep } from '../runtime/explain';
import { canonicalPlugin, pluginConfigKey, pluginsOf, pluginType } from './diff';
import { deepEqual } from '../model/equal';
import { label, obj, show, type Ctx, type RiskNote, type RiskSeverity } from './risk-context';

/** Each plugin's own rules (its module's), then the MTU, which means the same for every plugin. */
export function flagRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const { before: b, after: a, label: l, pointer } = pair;
    notes.push(...(pluginBehaviour(pair.diff.type)?.risks?.changed?.(pair) ?? []));
    if (!deepEqual(b.mtu, a.mtu)) {
      notes.push({
        rule: 'mtu-changed',
        severity: 'medium',
        pointer: `${pointer}/mtu`,
        message: `${l} changes the MTU from ${show(b.mtu)} to ${show(a.mtu)}: only interfaces created from now on get it; pods that already run keep the old MTU, and where two ends disagree large packets are dropped (path MTU black holes, stalled TLS or bulk transfers). Check the MTU against the underlay or overlay it rides on.`,
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

function describeRole(entry: CatalogEntry | undefined): string {
  return entry ? `${entry.title}: ${entry.summary}` : 'a plugin CNI Studio does not know';
}

export function chainRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  const oldPlugins = pluginsOf(ctx.before);
  const newPlugins = pluginsOf(ctx.after);
  if (ctx.diff.orderChanged) {
    const first = ctx.catalog.get(pluginType(newPlugins[0]));
    // Only news when the old first plugin could run first: a list that failed every ADD before is not made worse.
    const broken = first?.requiresPrevResult === true && ctx.catalog.get(pluginType(oldPlugins[0]))?.requiresPrevResult !== true;
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
      // An identical copy stays in the chain: what it did still happens, once instead of twice.
      const key = pluginConfigKey(plugin, ctx.catalog);
      const twin = newPlugins.findIndex((q) => pluginConfigKey(q, ctx.catalog) === key);
      if (twin >= 0) {
        notes.push({ rule: 'plugin-removed', severity: 'low', pointer: '/plugins', message: `${label(p.type, p.beforeIndex!)} is removed, but an identical ${p.type} stays at ${twin + 1}: what it did still happens for new pods, once instead of twice.` });
        continue;
      }
      const entry = ctx.catalog.get(p.type);
      const known = pluginBehaviour(p.type)?.risks?.removed;
      let severity: RiskSeverity;
      let effect: string;
      let leftovers: string | undefined = 'what it set up for them';
      if (known) ({ severity, effect, leftovers } = known);
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

