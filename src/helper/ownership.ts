// Which host links a run may remove: only what it can prove it created. A link that merely appeared
// while the run went on (someone else's bridge, another tool's veth) is reported and left alone. What
// each plugin creates on the host is its module's knowledge (core/plugins: bridge's bridge, bandwidth's
// ifb); the veth pairing is read from the kernel.
import type { HostLink } from '../core';
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

export interface Proof {
  /** Proven veth peers (name and ifindex). */
  veths: readonly OwnedLink[];
  /** Links the config says the plugins create when missing (removed only if absent before the run). */
  configured: readonly HostLink[];
  /** Links plugins' results report they created (removed only if absent before the run). */
  reported: readonly HostLink[];
}

/**
 * Splits the links that appeared during a run into those to remove and those to leave: proven veth
 * peers (same ifindex still), and links of the right kind that the config or a result names and that
 * did not exist before; everything else is someone else's.
 */
export function sortNewLinks(now: readonly Link[], before: ReadonlyMap<string, number>, proof: Proof): { remove: OwnedLink[]; untouched: string[] } {
  const remove: OwnedLink[] = [];
  const untouched: string[] = [];
  const named = (list: readonly HostLink[], l: Link) => list.some((h) => h.name === l.ifname && h.kind === l.linkinfo?.info_kind);
  for (const l of now) {
    if (before.get(l.ifname) === l.ifindex) continue;
    const veth = proof.veths.find((v) => v.ifname === l.ifname && v.ifindex === l.ifindex);
    if (veth) remove.push(veth);
    else if (!before.has(l.ifname) && named(proof.configured, l)) remove.push({ ifname: l.ifname, ifindex: l.ifindex, why: `the ${l.linkinfo?.info_kind} the config names, created by the run` });
    else if (!before.has(l.ifname) && named(proof.reported, l)) remove.push({ ifname: l.ifname, ifindex: l.ifindex, why: `the ${l.linkinfo?.info_kind} a plugin reported in its result` });
    else untouched.push(l.ifname);
  }
  return { remove, untouched };
}

/**
 * A host link as the run saw it made: its name, its kind and its ifindex. The kernel gives each new link of
 * a namespace the next index and reuses none until the count wraps (2^31), so a link made later under the
 * same name (docker0, cni0 appearing after the run) is never the same link.
 */
export interface LinkIdentity {
  name: string;
  kind: string;
  ifindex: number;
}

/** The identity of a link as read now. */
export const identityOf = (l: Link): LinkIdentity => ({ name: l.ifname, kind: l.linkinfo?.info_kind ?? '', ifindex: l.ifindex });

/** Whether a link read now is the one noted: the same name, kind and ifindex. */
export const isSameLink = (noted: LinkIdentity, l: Link) => noted.name === l.ifname && noted.kind === (l.linkinfo?.info_kind ?? '') && noted.ifindex === l.ifindex;
