// dummy: a dummy interface created in the container.
import { delSteps, interfaceResult, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const dummy: PluginBehaviour = {
  type: 'dummy',
  containerLink: 'dummy',
  // Its result is the IPAM plugin's, DNS included (it reads no `dns` of its own).
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'ipam'),
  explain: {
    add: (_p, ctx) => withIpam(`Creates a dummy interface ${ctx.ifname} in the container`, ctx),
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `deletes ${ctx.ifname} in the container`),
  },
};
