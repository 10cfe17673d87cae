// macvlan: an interface of its own (own MAC) on a host interface, moved into the container.
import { delSteps, interfaceResult, masterUse, mtuWords, str, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const macvlan: PluginBehaviour = {
  type: 'macvlan',
  containerLink: 'macvlan',
  // Without a master it takes the link of the host's default route.
  hostLinksUsed: (p, ctx) => masterUse(p, ctx, 'adds a macvlan link on it, with an address of its own on that network', { defaultRoute: true }),
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) =>
      withIpam(`Creates a macvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'bridge')} mode and moves it into the container as ${ctx.ifname}${mtuWords(p)} (it gets its own MAC on the physical network)`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container`),
  },
};
