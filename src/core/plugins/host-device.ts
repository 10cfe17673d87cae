// host-device: an existing host device moved into the container, and given back at DEL.
import { delSteps, interfaceResult, str, withIpam } from './shared';
import type { PluginBehaviour } from './types';

export const hostDevice: PluginBehaviour = {
  type: 'host-device',
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Moves the host device ${str(p.device, str(p.pciBusID, 'chosen at run time'))} into the container and renames it ${ctx.ifname}; DEL gives it back`, ctx),
    // Without a namespace its DEL does nothing at all, not even the IPAM release.
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `moves ${ctx.ifname} back to the host under its original name, kept in the device's alias (a device bound to a DPDK driver was never moved)`),
  },
};
