// macvlan: an interface of its own (own MAC) on a host interface, moved into the container.
import { delSteps, interfaceResult, masterUse, mtuWords, PLACEHOLDER_MAC, requestedMac, str, withIpam } from './shared';
import type { JsonObject } from '../model/types';
import type { PluginBehaviour } from './types';

export const macvlan: PluginBehaviour = {
  type: 'macvlan',
  containerLink: 'macvlan',
  loopbackMasterRefused: 'failed to create macvlan: invalid argument',
  // Without a master it takes the link of the host's default route.
  hostLinksUsed: (p, ctx) => masterUse(p, ctx, 'adds a macvlan link on it, with an address of its own on that network', { defaultRoute: true }),
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => {
    const prediction = interfaceResult(plugin, ctx, [], undefined, 'config');
    // In passthru mode Linux gives the link its master's MAC, whatever macvlan asked for.
    if (plugin.mode !== 'passthru') return prediction;
    const container = (prediction.result.interfaces as JsonObject[]).at(-1)!;
    const asked = requestedMac(plugin, ctx.inputs);
    container.mac = PLACEHOLDER_MAC(3);
    prediction.notes.push(`The MAC is the master's (${str(plugin.master, 'the default-route interface')}): a passthru macvlan takes it from its master${asked !== undefined ? `, so ${asked} is not applied` : ''}.`);
    return prediction;
  },
  explain: {
    add: (p, ctx) =>
      withIpam(`Creates a macvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'bridge')} mode and moves it into the container as ${ctx.ifname}${mtuWords(p)} (it gets its own MAC on the physical network)`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container`),
  },
};
