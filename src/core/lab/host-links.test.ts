import { describe, expect, it } from 'vitest';
import { hostLinkRefusals, type HostLinkFacts } from './host-links';
import type { JsonObject } from '../model/types';

const facts = (defaults: string[] = ['eth0']): HostLinkFacts => ({
  links: [{ ifname: 'lo' }, { ifname: 'eth0', address: '52:54:00:12:34:56', altnames: ['enp0s3', 'enx525400123456'] }, { ifname: 'cni0' }],
  defaultRouteLinks: async () => defaults,
  // eth0 is the PCI device 0000:00:03.0's link; a virtio device's sits one folder further down.
  netDirEntries: async (dirs) =>
    dirs.flatMap((d) => ({ '/sys/devices/pci0000:00/0000:00:03.0/net': ['eth0'], '/sys/bus/pci/devices/0000:00:03.0/net': ['eth0'], '/sys/bus/pci/devices/0000:00:04.0/virtio*/net': ['eth0', 'nolink9'], '/sys/devices/virtual/net': ['cni0', 'lo'] } as Record<string, string[]>)[d] ?? []),
});
const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins });
const refusals = (conflist: JsonObject, release?: string, allowed: string[] = [], defaults?: string[]) => hostLinkRefusals(conflist, release, facts(defaults), allowed);

describe('which links of the lab machine a run may not touch', () => {
  it('a bridge that is there already, not one the run makes', async () => {
    expect(await refusals(list({ type: 'bridge' }))).toEqual([expect.stringMatching(/^plugin 1 \(bridge\): its "bridge" names cni0, a link of this machine the run did not make, and the plugin plugs the container's veth into it; if it is there for tests, start the lab with --host-links cni0$/)]);
    expect(await refusals(list({ type: 'bridge', bridge: 'cnitest0' }))).toEqual([]);
    expect(await refusals(list({ type: 'bridge' }), undefined, ['cni0'])).toEqual([]);
  });

  it("a master on the loopback device (podman's macvlan test config): refused without suggesting --host-links lo, as its ADD fails anyway", async () => {
    expect(await refusals(list({ type: 'macvlan', master: 'lo' }))).toEqual([
      'plugin 1 (macvlan): its "master" names lo, a link of this machine the run did not make, and the plugin adds a macvlan link on it, with an address of its own on that network; and Linux makes no macvlan link on the loopback device, so its ADD fails anyway ("failed to create macvlan: invalid argument", CNI660): name the link the container\'s macvlan is to sit on',
    ]);
    for (const type of ['ipvlan', 'vlan']) expect((await refusals(list({ type, master: 'lo' })))[0]).toMatch(/operation not supported", CNI660\): name the link/);
    expect((await refusals(list({ type: 'macvlan', master: 'eth0' })))[0]).toMatch(/start the lab with --host-links eth0$/);
  });

  it('a link named by one of its alternative names, as the kernel finds it (systemd gives most NICs one)', async () => {
    expect(await refusals(list({ type: 'host-device', device: 'enp0s3' }))).toEqual([expect.stringMatching(/^plugin 1 \(host-device\): its "device" names enp0s3, an alternative name of eth0, a link of this machine the run did not make, and the plugin moves it into the container.*; if it is there for tests, start the lab with --host-links eth0$/)]);
    expect(await refusals(list({ type: 'bridge', bridge: 'enx525400123456' }))).toHaveLength(1);
    expect(await refusals(list({ type: 'macvlan', master: 'enp0s3' }))).toHaveLength(1);
    // Allowed by either name.
    expect(await refusals(list({ type: 'host-device', device: 'enp0s3' }), undefined, ['eth0'])).toEqual([]);
    expect(await refusals(list({ type: 'host-device', device: 'enp0s3' }), undefined, ['enp0s3'])).toEqual([]);
  });

  it('a name with a NUL in it (the kernel reads it up to the NUL, "eth0\\u0000" is eth0), and a MAC in another of Go\'s spellings', async () => {
    expect(await refusals(list({ type: 'host-device', device: 'eth0\u0000' }))).toEqual([expect.stringContaining('its "device" "eth0\\u0000" holds a control character')]);
    expect(await refusals(list({ type: 'bridge', bridge: 'qa2nb\u0000' }))).toHaveLength(1);
    expect(await refusals(list({ type: 'macvlan', master: 'eth0\n' }))).toHaveLength(1);
    for (const hwaddr of ['52-54-00-12-34-56', '5254.0012.3456', '52:54:00:12:34:56', '52:54:00:12:34:56'.toUpperCase()]) {
      expect(await refusals(list({ type: 'host-device', hwaddr }))).toEqual([expect.stringContaining('is the address of eth0')]);
    }
  });

  it("linkInContainer keeps the master in the container only for plugins that read it (1.3.0 on; unknown: not trusted)", async () => {
    const p = { type: 'macvlan', master: 'eth0', linkInContainer: true };
    expect(await refusals(list(p), '1.3.0')).toEqual([]);
    expect(await refusals(list(p), '1.1.1')).toHaveLength(1);
    expect(await refusals(list(p))).toHaveLength(1);
  });

  it("without a master: the default route's link, or (ipvlan, chained) a link known only as the chain runs", async () => {
    expect(await refusals(list({ type: 'ipvlan' }))).toEqual([expect.stringContaining(`plugin 1 (ipvlan) has no "master", so it takes the link of this machine's default route, eth0, and adds an ipvlan link on it`)]);
    expect(await refusals(list({ type: 'ipvlan' }), undefined, [], [])).toEqual([]);
    expect(await refusals(list({ type: 'loopback' }, { type: 'ipvlan' }), undefined, [], [])).toEqual([expect.stringContaining("the host link named as the previous plugin's interface, known only as the chain runs")]);
    // vlan without a master fails before touching anything.
    expect(await refusals(list({ type: 'vlan', vlanId: 3 }))).toEqual([]);
  });

  it("host-device by a kernel path, a PCI address or a runtime deviceID: the links in the device's sysfs net folder", async () => {
    expect(await refusals(list({ type: 'host-device', kernelpath: '/sys/devices/pci0000:00/0000:00:03.0' }))).toEqual([
      'plugin 1 (host-device): its "kernelpath" finds eth0, a link of this machine the run did not make (the network link of the kernel path "/sys/devices/pci0000:00/0000:00:03.0"), and the plugin moves it into the container: the host loses it, and DEL gives it back down, without its addresses and routes; if it is there for tests, start the lab with --host-links eth0',
    ]);
    expect(await refusals(list({ type: 'host-device', kernelpath: '/sys/devices/pci0000:00/0000:00:03.0' }), undefined, ['eth0'])).toEqual([]);
    expect(await refusals(list({ type: 'host-device', pciBusID: '0000:00:03.0' }))).toEqual([expect.stringContaining('its "pciBusID" finds eth0, a link of this machine the run did not make (the network link of the device "0000:00:03.0")')]);
    // A virtio device's folder: every entry that is a link counts (releases take the first, or the first link).
    expect(await refusals(list({ type: 'host-device', pciBusID: '0000:00:04.0' }))).toEqual([expect.stringContaining('finds eth0, a link of this machine')]);
    expect(await refusals(list({ type: 'host-device', runtimeConfig: { deviceID: '0000:00:03.0' }, pciBusID: '0000:00:09.0' }))).toEqual([expect.stringContaining('its "runtimeConfig.deviceID" finds eth0')]);
    // Joined as Go joins paths: ".." climbs to the folder every virtual link is in.
    expect(await refusals(list({ type: 'host-device', pciBusID: '../../../devices/virtual' }))).toEqual([expect.stringContaining('finds lo, cni0, links of this machine')]);
    expect(await refusals(list({ type: 'host-device', kernelpath: '/sys/devices/x/../virtual' }), undefined, ['cni0', 'lo'])).toEqual([]);
    // A device with no link here: the plugin fails by itself, touching nothing.
    expect(await refusals(list({ type: 'host-device', pciBusID: '0000:00:1f.0' }))).toEqual([]);
    expect(await refusals(list({ type: 'host-device', kernelpath: 'relative/path' }))).toEqual([]);
    // Out of /sys (the plugin checks only that the path begins with /sys/devices/): refused whatever is there.
    expect(await refusals(list({ type: 'host-device', kernelpath: '/sys/devices/../../tmp/x' }), undefined, ['eth0', 'cni0', 'lo'])).toEqual([expect.stringContaining('look for the kernel path "/sys/devices/../../tmp/x"\'s link in /tmp/x/net, outside the kernel\'s device folders (/sys/devices/, /sys/bus/), where another user could change what it finds')]);
    // Nor elsewhere in /sys: a delegated cgroup's folders are a user's.
    expect(await refusals(list({ type: 'host-device', kernelpath: '/sys/devices/../fs/cgroup/user.slice' }), undefined, ['eth0', 'cni0', 'lo'])).toEqual([expect.stringContaining('in /sys/fs/cgroup/user.slice/net, outside the kernel\'s device folders')]);
    // A folder the helper could not read whole: refused, whatever it holds.
    const tooBig: HostLinkFacts = { ...facts(), netDirEntries: () => Promise.reject(new Error('/sys/bus/pci/devices/x/net has more than 4096 entries')) };
    expect(await hostLinkRefusals(list({ type: 'host-device', pciBusID: 'x' }), undefined, tooBig, [])).toEqual([expect.stringContaining('where the lab cannot read every entry (/sys/bus/pci/devices/x/net has more than 4096 entries)')]);
    expect(await refusals(list({ type: 'host-device', pciBusID: '../../../../home/u' }))).toEqual([expect.stringContaining('in /home/u/net, outside the kernel\'s device folders')]);
  });

  it('host-device by the first key set, as the plugin looks: device, hwaddr, kernelpath, pciBusID', async () => {
    expect(await refusals(list({ type: 'host-device', device: 'nosuch0', pciBusID: '0000:00:03.0' }))).toEqual([]);
    expect(await refusals(list({ type: 'host-device', hwaddr: '52:54:00:12:34:56' }))).toEqual([expect.stringContaining('its "hwaddr" 52:54:00:12:34:56 is the address of eth0')]);
    expect(await refusals(list({ type: 'host-device', capabilities: { deviceID: true } }))).toEqual([expect.stringContaining('"capabilities.deviceID"')]);
    expect(await refusals(list({ type: 'host-device' }))).toEqual([]);
  });

  it('plugins that make their own links or work in the container are never refused', async () => {
    expect(await refusals(list({ type: 'ptp' }, { type: 'tuning', mtu: 1400 }, { type: 'bandwidth' }, { type: 'portmap' }, { type: 'firewall' }, { type: 'sbr' }, { type: 'vrf', vrfname: 'eth0' }, { type: 'tap', bridge: 'cni0' }))).toEqual([]);
  });
});

describe('a prevResult written in the file', () => {
  it('is refused in any spelling Go decodes as one, at any position; a null or another key is not', async () => {
    const { writtenPrevResultRefusals } = await import('./written-prev-result');
    const forged = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '192.0.2.88/24', interface: 0 }] };
    expect(writtenPrevResultRefusals(list({ type: 'portmap', prevResult: forged }))).toEqual([expect.stringMatching(/^plugin 1 \(portmap\): its config writes "prevResult", which the plugin would act on as if an earlier plugin had made those interfaces/)]);
    // "prevresult" sorts after the "prevResult" libcni injects into a chained plugin, and wins.
    expect(writtenPrevResultRefusals(list({ type: 'bridge' }, { type: 'portmap', prevresult: forged }))).toEqual([expect.stringContaining('plugin 2 (portmap): its config writes "prevresult"')]);
    expect(writtenPrevResultRefusals(list({ type: 'ipvlan', 'PREVRE\u017fULT': forged }))).toHaveLength(1);
    expect(writtenPrevResultRefusals(list({ type: 'ipvlan', prevResult: null }, { type: 'tuning', previousResult: forged }))).toEqual([]);
  });
});
