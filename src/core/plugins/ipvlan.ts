// ipvlan: an interface sharing its host interface's MAC, moved into the container.
import { delSteps, interfaceResult, masterUse, mtuWords, str, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const ipvlan: PluginBehaviour = {
  type: 'ipvlan',
  containerLink: 'ipvlan',
  loopbackMasterRefused: 'failed to create ipvlan: operation not supported',
  // Without a master: the link of the host's default route, or, chained, the host link named as the
  // previous plugin's one interface (known only as the chain runs).
  hostLinksUsed: (p, ctx) =>
    masterUse(p, ctx, 'adds an ipvlan link on it, sharing its MAC on that network', ctx.chained ? { unknown: "the host link named as the previous plugin's interface, known only as the chain runs" } : { defaultRoute: true }),
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Creates an ipvlan interface on ${str(p.master, 'the default-route interface')} in ${str(p.mode, 'l2')} mode (sharing the parent's MAC) and moves it into the container as ${ctx.ifname}${mtuWords(p)}`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container`),
  },
};
