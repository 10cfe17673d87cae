// vlan: a VLAN sub-interface of a host interface, moved into the container.
import { delSteps, interfaceResult, masterUse, mtuWords, str, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const vlan: PluginBehaviour = {
  type: 'vlan',
  containerLink: 'vlan',
  loopbackMasterRefused: 'failed to create vlan: operation not supported',
  // Without a master it fails before touching anything.
  hostLinksUsed: (p, ctx) => masterUse(p, ctx, 'adds a VLAN link on it, sending tagged frames on that network'),
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Creates VLAN ${String(p.vlanId ?? 0)} on ${str(p.master, '(no master)')} and moves it into the container as ${ctx.ifname}${mtuWords(p)}`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container`),
  },
};
