// What a plugin does to the host and the namespace, in plain words, for teaching and review. The words
// are each plugin's module's (plugins/); its IPAM delegate's module finishes the sentence.
import { isJsonObject, type JsonObject } from '../model/types';
import { ipamBehaviour, pluginBehaviour, type ExplainContext, type IpamWords } from '../plugins';
import type { Operation } from './plan';

/** What the plugin's IPAM delegate does, from its module; undefined without IPAM (or without an IPAM type). */
function ipamWords(plugin: JsonObject): IpamWords | undefined {
  const ipam = isJsonObject(plugin.ipam) && Object.keys(plugin.ipam).length > 0 ? plugin.ipam : undefined;
  if (!ipam || typeof ipam.type !== 'string') return undefined;
  const words = ipamBehaviour(ipam.type)?.explain;
  if (!words) return { add: `asks the ${ipam.type} IPAM plugin for addresses`, del: `asks ${ipam.type} to release the addresses it handed out`, gateways: [] };
  return { add: words.add(ipam), del: words.del(ipam), gateways: words.gateways?.(ipam) ?? [] };
}

/** Whether explainStep has its own plain words for this plugin type (otherwise it says it has none). */
export function hasPlainWords(type: unknown): boolean {
  return pluginBehaviour(typeof type === 'string' ? type : undefined)?.explain !== undefined;
}

/** Capabilities the plugin's own words already cover (portmap's portMappings). */
export function capabilitiesInWords(type: unknown): readonly string[] {
  return pluginBehaviour(typeof type === 'string' ? type : undefined)?.explain?.covers ?? [];
}

export function explainStep(plugin: JsonObject, command: Operation, ifname = 'eth0'): string {
  const words = pluginBehaviour(plugin.type)?.explain;
  if (command === 'CHECK') return `Checks that what ADD set up for ${String(plugin.type)} is still in place and matches the cached result; it changes nothing.`;
  if (!words) {
    return command === 'ADD'
      ? `Runs the ${String(plugin.type)} plugin; CNI Studio has no plain-words description of it.`
      : `Undoes what ADD did for ${String(plugin.type)} (releasing addresses and removing what it created); DEL must succeed even when things are already gone.`;
  }
  const ctx: ExplainContext = { ifname, ipam: ipamWords(plugin) };
  return command === 'ADD' ? words.add(plugin, ctx) : words.del(plugin, ctx);
}
