// tap: a tap device created in the container, optionally attached to a bridge.
import { delSteps, interfaceResult, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const tap: PluginBehaviour = {
  type: 'tap',
  containerLink: 'tap',
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Creates a tap device ${ctx.ifname} in the container${p.bridge ? ` attached to bridge ${String(p.bridge)}` : ''}`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes the tap device ${ctx.ifname} in the container`),
  },
};
