// What a plugin does to the host and the namespace, in plain words, for teaching and review. The words
// are each plugin's module's (plugins/); its IPAM delegate's module finishes the sentence.
import { isJsonObject, type JsonObject } from '../model/types';
import { ipamBehaviour, pluginBehaviour, type ExplainContext, type IpamWords } from '../plugins';
import type { Invocation, Operation } from './plan';

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
  if (command === 'GC') return `Gets the attachments still in use (cni.dev/valid-attachments) and may remove what ${String(plugin.type)} still holds for any other attachment of this network (addresses, rules, files) and hand GC on to its IPAM plugin. The reference plugins up to 1.9.1 have no GC of their own: from 1.6.0 they answer success, before that they fail ("missing containerID"). The runtime calls every plugin even after an error and reports the errors together.`;
  if (command === 'STATUS') return `Asks ${String(plugin.type)} whether it could serve an ADD now: success, or error 50 (not available) or 51 (not available, and running containers may have limited connectivity). The runtime stops at the first error and reports it as the network's status; it changes nothing.`;
  if (!words) {
    return command === 'ADD'
      ? `Runs the ${String(plugin.type)} plugin; CNI Studio has no plain-words description of it.`
      : `Undoes what ADD did for ${String(plugin.type)} (releasing addresses and removing what it created); DEL must succeed even when things are already gone.`;
  }
  const ctx: ExplainContext = { ifname, ipam: ipamWords(plugin) };
  return command === 'ADD' ? words.add(plugin, ctx) : words.del(plugin, ctx);
}

/**
 * Which of GC's two phases an invocation belongs to, in words: first a full DEL of every cached attachment
 * that is not among the valid ones (with its cached arguments and result), then GC to every plugin.
 */
export function gcPhaseWords(invocation: Pick<Invocation, 'command' | 'stale'>, hasGcCalls: boolean): string {
  if (invocation.stale) {
    const { containerID, ifname } = invocation.stale;
    return `GC, phase 1 of ${hasGcCalls ? 2 : 1}: attachment ${containerID}/${ifname} is in the runtime's result cache but not among the valid attachments, so the runtime DELs it through the whole chain, last plugin first, with the arguments and the result it cached at ADD.${hasGcCalls ? '' : ' Below spec 1.1.0 there is no phase 2: no plugin gets a GC call.'}`;
  }
  return 'GC, phase 2 of 2 (spec 1.1.0 and newer): every plugin, first to last, gets GC with the valid attachments and no prevResult, runtimeConfig or CNI_* variables but CNI_COMMAND and CNI_PATH.';
}
