// ptp: a veth pair per container, routed from the host (no bridge), optionally masquerading.
import { delSteps, interfaceResult, ipMasqRule, mtuWords, PLACEHOLDER_MAC, PLACEHOLDER_VETH, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const ptp: PluginBehaviour = {
  type: 'ptp',
  containerLink: 'veth',
  turnsForwardingOn: true,
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [{ name: PLACEHOLDER_VETH, mac: PLACEHOLDER_MAC(2) }]),
  explain: {
    add: (p, ctx) =>
      withIpam(`Creates a veth pair${mtuWords(p)} with one end in the container as ${ctx.ifname}, routes each container address to it from the host (no bridge), enables forwarding${p.ipMasq ? ' and masquerades outbound traffic' : ''}`, ctx),
    del: (p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container (its veth peer and the host routes to it go with it)`, p.ipMasq === true && 'removes the masquerade rules for its addresses'),
  },
  risks: { changed: ipMasqRule },
};
