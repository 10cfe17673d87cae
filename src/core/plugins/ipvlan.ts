// ipvlan: an interface sharing its host interface's MAC, moved into the container.
import { delSteps, interfaceResult, mtuWords, str, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const ipvlan: PluginBehaviour = {
  type: 'ipvlan',
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Creates an ipvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'l2')} mode (sharing the parent's MAC) and moves it into the container as ${ctx.ifname}${mtuWords(p)}`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container`),
  },
};
