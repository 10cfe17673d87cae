// ptp: a veth pair per container, routed from the host (no bridge), optionally masquerading.
import { delSteps, interfaceResult, ipMasqRule, mtuWords, PLACEHOLDER_MAC, PLACEHOLDER_VETH, withIpam } from './shared';
import type { PluginBehaviour } from './types';
import { canonicalIp, parseIp } from '../net/ip';

export const ptp: PluginBehaviour = {
  type: 'ptp',
  containerLink: 'veth',
  hostSwitches: ['forwarding'],
  // setupHostVeth: each address's gateway goes on the host end of the veth as a /32 (/128), and a host route
  // to the address beside it (ADD fails for an address without a gateway).
  hostSide: (_p, ip) => {
    const gateway = typeof ip.gateway === 'string' ? parseIp(ip.gateway) : undefined;
    return gateway ? [{ cidr: `${canonicalIp(gateway.text)}/${gateway.family === 4 ? 32 : 128}`, gateway: canonicalIp(gateway.text), on: 'on the host end of its veth' }] : [];
  },
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [{ name: PLACEHOLDER_VETH, mac: PLACEHOLDER_MAC(2) }]),
  explain: {
    add: (p, ctx) =>
      withIpam(`Creates a veth pair${mtuWords(p)} with one end in the container as ${ctx.ifname}, routes each container address to it from the host (no bridge), enables forwarding${p.ipMasq ? ' and masquerades outbound traffic' : ''}`, ctx),
    del: (p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container (its veth peer and the host routes to it go with it)`, p.ipMasq === true && 'removes the masquerade rules for its addresses'),
  },
  risks: { changed: ipMasqRule },
};
