// Which host links a run may remove: only what it can prove it created. A link that merely appeared
// while the run went on (someone else's bridge, another tool's veth) is reported and left alone.
import { isJsonObject, type JsonObject } from '../core';
import type { Link } from './netns';

export interface OwnedLink {
  ifname: string;
  ifindex: number;
  why: string;
}

/**
 * Host ends of the container's veth pairs: a new host veth whose ifindex the container side names as
 * its peer, and which names the container side back (ifindexes repeat across namespaces).
 */
export function hostVethPeers(containerLinks: readonly Link[], host: readonly Link[]): OwnedLink[] {
  const owned: OwnedLink[] = [];
  for (const c of containerLinks) {
    if (c.link_index === undefined || c.link_netnsid === undefined) continue;
    const peer = host.find((h) => h.ifindex === c.link_index && h.link_index === c.ifindex && h.linkinfo?.info_kind === 'veth');
    if (peer) owned.push({ ifname: peer.ifname, ifindex: peer.ifindex, why: `host side of the container's ${c.ifname}` });
  }
  return owned;
}

/** Bridges the conflist names (bridge plugin's `bridge`, default cni0). */
export function configBridges(conflist: JsonObject): string[] {
  const plugins = Array.isArray(conflist.plugins) ? conflist.plugins : [];
  return plugins.filter((p) => isJsonObject(p) && p.type === 'bridge').map((p) => (typeof (p as JsonObject).bridge === 'string' && (p as JsonObject).bridge !== '' ? ((p as JsonObject).bridge as string) : 'cni0'));
}

const interfaceNames = (result: JsonObject | undefined): string[] =>
  Array.isArray(result?.interfaces) ? result.interfaces.filter(isJsonObject).filter((i) => !i.sandbox && typeof i.name === 'string').map((i) => i.name as string) : [];

/** The ifb device bandwidth reports: a host interface its result adds to what it received. */
export function bandwidthIfbs(result: JsonObject | undefined, prevResult: JsonObject | undefined): string[] {
  const before = new Set(interfaceNames(prevResult));
  return interfaceNames(result).filter((n) => !before.has(n));
}

/**
 * Splits the links that appeared during a run into those to remove and those to leave: proven veth
 * peers (same ifindex still), bridges the config names that did not exist before, ifbs bandwidth
 * reported; everything else is someone else's.
 */
export function sortNewLinks(
  now: readonly Link[],
  before: ReadonlyMap<string, number>,
  proof: { veths: readonly OwnedLink[]; bridges: readonly string[]; ifbs: readonly string[] },
): { remove: OwnedLink[]; untouched: string[] } {
  const remove: OwnedLink[] = [];
  const untouched: string[] = [];
  for (const l of now) {
    if (before.get(l.ifname) === l.ifindex) continue;
    const kind = l.linkinfo?.info_kind;
    const veth = proof.veths.find((v) => v.ifname === l.ifname && v.ifindex === l.ifindex);
    if (veth) remove.push(veth);
    else if (kind === 'bridge' && !before.has(l.ifname) && proof.bridges.includes(l.ifname)) remove.push({ ifname: l.ifname, ifindex: l.ifindex, why: 'the bridge the config names, created by the run' });
    else if (kind === 'ifb' && !before.has(l.ifname) && proof.ifbs.includes(l.ifname)) remove.push({ ifname: l.ifname, ifindex: l.ifindex, why: 'the ifb device bandwidth reported' });
    else untouched.push(l.ifname);
  }
  return { remove, untouched };
}
