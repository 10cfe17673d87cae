// Which host links a run may remove, on link lists shaped as `ip -j -d link show` prints them (taken
// from a real ptp + bandwidth ADD on Debian's plugins 1.1.1).
import { describe, expect, it } from 'vitest';
import { hostVethPeers, sortNewLinks } from './ownership';
import { configuredHostLinks, pluginBehaviour } from '../core';
import type { Link } from './netns';
import type { JsonObject } from '../core';

const container: Link[] = [
  { ifindex: 1, ifname: 'lo' },
  { ifindex: 2, ifname: 'eth0', link_index: 18, link_netnsid: 0, linkinfo: { info_kind: 'veth' } },
];
const hostBefore: Link[] = [
  { ifindex: 1, ifname: 'lo' },
  { ifindex: 4, ifname: 'eth0' },
  // Someone else's veth whose peer has ifindex 2 in another namespace: not ours.
  { ifindex: 9, ifname: 'vethother', link_index: 2, link_netnsid: 3, linkinfo: { info_kind: 'veth' } },
];
const hostAfter: Link[] = [
  ...hostBefore,
  { ifindex: 18, ifname: 'veth49b32f6a', link_index: 2, link_netnsid: 0, linkinfo: { info_kind: 'veth' } },
  { ifindex: 19, ifname: 'bwpf03c0cfe406d', linkinfo: { info_kind: 'ifb' } },
  { ifindex: 20, ifname: 'cni0', linkinfo: { info_kind: 'bridge' } },
  { ifindex: 21, ifname: 'x', linkinfo: { info_kind: 'bridge' } },
  { ifindex: 22, ifname: 'vethstranger', link_index: 2, link_netnsid: 5, linkinfo: { info_kind: 'veth' } },
];
const before = new Map(hostBefore.map((l) => [l.ifname, l.ifindex]));

describe('ownership of host links', () => {
  it('finds the host side of the container veth by its peer index, both ways', () => {
    expect(hostVethPeers(container, hostAfter)).toEqual([{ ifname: 'veth49b32f6a', ifindex: 18, why: "host side of the container's eth0" }]);
    // Host veths pointing at ifindex 2 (vethother, vethstranger) are not chosen: the container names 18.
    // A peer inside the container's own namespace (no link_netnsid) is no host link at all.
    expect(hostVethPeers([{ ...container[1]!, link_netnsid: undefined }], hostAfter)).toEqual([]);
  });

  it("names the bridges a conflist's bridge plugins create, cni0 by default (the plugin modules know)", () => {
    expect(configuredHostLinks([{ type: 'bridge', bridge: 'br9' }, { type: 'bridge' }, { type: 'ptp', bridge: 'no' }, { type: 'toString' }], 'eth0')).toEqual([
      { name: 'br9', kind: 'bridge' },
      { name: 'cni0', kind: 'bridge' },
    ]);
  });

  it("takes the ifb bandwidth adds to its prevResult's interfaces", () => {
    const interfaces: JsonObject[] = [{ name: 'veth49b32f6a' }, { name: 'eth0', sandbox: '/run/netns/x' }];
    const prev: JsonObject = { cniVersion: '1.0.0', interfaces };
    const result: JsonObject = { ...prev, interfaces: [...interfaces, { name: 'bwpf03c0cfe406d' }] };
    expect(pluginBehaviour('bandwidth')!.resultHostLinks!(result, prev)).toEqual([{ name: 'bwpf03c0cfe406d', kind: 'ifb' }]);
  });

  it('removes only what is proven; every other new link is left and reported', () => {
    const { remove, untouched } = sortNewLinks(hostAfter, before, { veths: hostVethPeers(container, hostAfter), configured: [{ name: 'cni0', kind: 'bridge' }], reported: [{ name: 'bwpf03c0cfe406d', kind: 'ifb' }] });
    expect(remove.map((l) => l.ifname)).toEqual(['veth49b32f6a', 'bwpf03c0cfe406d', 'cni0']);
    expect(untouched).toEqual(['x', 'vethstranger']);
  });

  it('never removes a bridge that existed before, or a named link replaced by someone else meanwhile', () => {
    const existed = new Map([...before, ['cni0', 20]]);
    expect(sortNewLinks(hostAfter, existed, { veths: [], configured: [{ name: 'cni0', kind: 'bridge' }], reported: [] }).remove).toEqual([]);
    const replaced = new Map([...before, ['cni0', 7]]);
    const r = sortNewLinks(hostAfter, replaced, { veths: [], configured: [{ name: 'cni0', kind: 'bridge' }], reported: [] });
    expect(r.remove).toEqual([]);
    expect(r.untouched).toContain('cni0');
    // A link by the configured name but of another kind is not the bridge the plugin makes.
    const dummy = sortNewLinks([{ ifindex: 30, ifname: 'cni0', linkinfo: { info_kind: 'dummy' } }], before, { veths: [], configured: [{ name: 'cni0', kind: 'bridge' }], reported: [] });
    expect(dummy).toEqual({ remove: [], untouched: ['cni0'] });
    // A proven veth whose name now belongs to another link (other ifindex) is not removed either.
    expect(sortNewLinks(hostAfter, before, { veths: [{ ifname: 'veth49b32f6a', ifindex: 99, why: '' }], configured: [], reported: [] }).remove).toEqual([]);
  });
});
