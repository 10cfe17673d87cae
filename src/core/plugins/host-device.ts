// host-device: an existing host device moved into the container, and given back at DEL.
import { delSteps, interfaceResult, str, withIpam } from './shared';
import { isJsonObject, type JsonValue } from '../model/types';
import type { PluginBehaviour } from './types';
import { joinPath } from '../model/go-path';

const SYS_BUS_PCI = '/sys/bus/pci/devices';
const SYS_BUS_AUXILIARY = '/sys/bus/auxiliary/devices';

export const hostDevice: PluginBehaviour = {
  type: 'host-device',
  // The device itself: its result lists no host end (a veth moved in has its peer on the host, unlisted).
  containerLink: 'host device',
  // It looks for the device by the first of these that is set: device, hwaddr, kernelpath, pciBusID (which
  // runtimeConfig.deviceID replaces); none set, it fails before touching anything.
  hostLinksUsed: (p) => {
    const does = 'moves it into the container: the host loses it, and DEL gives it back down, without its addresses and routes';
    const set = (v: JsonValue | undefined): v is string => typeof v === 'string' && v !== '';
    const rc = isJsonObject(p.runtimeConfig) ? p.runtimeConfig : {};
    const fromRuntime = isJsonObject(p.capabilities) && p.capabilities.deviceID === true;
    if (set(p.device)) return [{ by: { name: p.device }, key: 'device', does }];
    if (set(p.hwaddr)) return [{ by: { mac: p.hwaddr }, key: 'hwaddr', does }];
    // The device's link is an entry of a sysfs `net` folder, joined as Go's filepath.Join does (".." climbs).
    // Releases differ in which entry they take (the first, or the first that is a link): the lab weighs all.
    if (set(p.kernelpath)) return [{ by: { netDirs: p.kernelpath.startsWith('/') ? [joinPath(p.kernelpath, 'net')] : [], what: `the kernel path ${JSON.stringify(p.kernelpath)}` }, key: 'kernelpath', does }];
    // A deviceID given by the runtime is known only per container, as the run starts.
    if (fromRuntime) return [{ by: { unknown: 'the link of a PCI device the runtime names' }, key: 'capabilities.deviceID', does }];
    // runtimeConfig.deviceID replaces pciBusID; from 1.5.0 it may name an auxiliary device instead.
    const id = set(rc.deviceID) ? rc.deviceID : set(p.pciBusID) ? p.pciBusID : undefined;
    if (id === undefined) return [];
    const pci = joinPath(SYS_BUS_PCI, id);
    const dirs = [`${pci}/net`, `${pci}/virtio*/net`, ...(set(rc.deviceID) ? [joinPath(SYS_BUS_AUXILIARY, id, 'net')] : [])];
    return [{ by: { netDirs: dirs, what: `the device ${JSON.stringify(id)}` }, key: set(rc.deviceID) ? 'runtimeConfig.deviceID' : 'pciBusID', does }];
  },
  // Its result's DNS is the config's `dns`, whatever the IPAM plugin returned.
  predictAdd: (plugin, ctx) => interfaceResult(plugin, ctx, [], undefined, 'config'),
  explain: {
    add: (p, ctx) => withIpam(`Moves the host device ${str(p.device, str(p.pciBusID, 'chosen at run time'))} into the container and renames it ${ctx.ifname}; DEL gives it back`, ctx),
    // Without a namespace its DEL does nothing at all, not even the IPAM release.
    del: (_p, ctx) => delSteps(ctx.ipam?.del, `moves ${ctx.ifname} back to the host under its original name, kept in the device's alias (a device bound to a DPDK driver was never moved)`),
  },
};
