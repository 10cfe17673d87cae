// host-device: an existing host device moved into the container, and given back at DEL.
import { delSteps, interfaceResult, str, withIpam } from './shared';
import { isJsonObject, type JsonValue } from '../model/types';
import type { PluginBehaviour } from './types';

export const hostDevice: PluginBehaviour = {
  type: 'host-device',
  // It looks for the device by the first of these that is set: device, hwaddr, kernelpath, pciBusID (which
  // runtimeConfig.deviceID replaces); none set, it fails before touching anything.
  hostLinksUsed: (p) => {
    const does = 'moves it into the container: the host loses it, and DEL gives it back down, without its addresses and routes';
    const set = (v: JsonValue | undefined): v is string => typeof v === 'string' && v !== '';
    const rc = isJsonObject(p.runtimeConfig) ? p.runtimeConfig : {};
    const fromRuntime = isJsonObject(p.capabilities) && p.capabilities.deviceID === true;
    if (set(p.device)) return [{ by: { name: p.device }, key: 'device', does }];
    if (set(p.hwaddr)) return [{ by: { mac: p.hwaddr }, key: 'hwaddr', does }];
    if (set(p.kernelpath)) return [{ by: { unknown: `the link under the kernel path ${JSON.stringify(p.kernelpath)}` }, key: 'kernelpath', does }];
    if (set(p.pciBusID) || set(rc.deviceID) || fromRuntime) return [{ by: { unknown: 'the link of a PCI device' }, key: fromRuntime ? 'capabilities.deviceID' : set(rc.deviceID) ? 'runtimeConfig.deviceID' : 'pciBusID', does }];
    return [];
  },
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Moves the host device ${str(p.device, str(p.pciBusID, 'chosen at run time'))} into the container and renames it ${ctx.ifname}; DEL gives it back`, ctx),
    // Without a namespace its DEL does nothing at all, not even the IPAM release.
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `moves ${ctx.ifname} back to the host under its original name, kept in the device's alias (a device bound to a DPDK driver was never moved)`),
  },
};
