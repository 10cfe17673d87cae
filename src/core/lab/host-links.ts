// The links of the lab machine a run's plugins would act on, and which of those the run may not touch. A
// run acts only on what it makes: a host-device moving the machine's uplink into a throwaway namespace
// cuts the machine off (the link comes back down, without its addresses and routes), a macvlan without a
// master puts an address of the run on the machine's real network. A link that is there before the run
// is the machine's, unless whoever started the lab named it as one runs may use (`--host-link`).
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { pluginBehaviour, type HostLinkUse } from '../plugins';
import { macAsLinuxPrints } from '../net/mac';
import { firstControlCharacter } from '../model/invisible';

/** The machine as the run found it: its links, and the links of its default routes (read only if asked). */
/** Where sysfs keeps devices and their links: the folders a host-device's link may be looked for in. */
const DEVICE_TREES = ['/sys/devices/', '/sys/bus/'];

export interface HostLinkFacts {
  links: readonly { ifname: string; address?: string; altnames?: readonly string[] }[];
  defaultRouteLinks(): Promise<readonly string[]>;
  /**
   * The entries of sysfs `net` folders (a `virtio*` segment matches every such folder); none for a folder that
   * is not there; rejects when a folder has more entries than it reads.
   */
  netDirEntries(dirs: readonly string[]): Promise<readonly string[]>;
}

/** Every host link the list's plugins would act on, with the plugin (its index and type) that would. */
export function hostLinkUses(conflist: JsonObject, release: string | undefined): { index: number; type: string; use: HostLinkUse }[] {
  return pluginList(conflist).flatMap((p, index) =>
    isJsonObject(p) ? (pluginBehaviour(p.type)?.hostLinksUsed?.(p, { chained: index > 0, release }) ?? []).map((use) => ({ index, type: String(p.type), use })) : [],
  );
}

/** Why each plugin of the list may not run on this machine: [] when all of them may. */
export async function hostLinkRefusals(conflist: JsonObject, release: string | undefined, facts: HostLinkFacts, allowed: readonly string[]): Promise<string[]> {
  const refusals: string[] = [];
  for (const { index, type, use } of hostLinkUses(conflist, release)) {
    const found = await refusal(use, `plugin ${index + 1} (${type})`, facts, allowed);
    // A link on the loopback device fails ADD whatever the lab allows (lint's CNI660): no --host-links to suggest.
    const onLoopback = use.key === 'master' && 'name' in use.by && use.by.name === 'lo' ? pluginBehaviour(type)?.loopbackMasterRefused : undefined;
    if (found && onLoopback) {
      refusals.push(`${found.why}; and Linux makes no ${type} link on the loopback device, so its ADD fails anyway ("${onLoopback}", CNI660): name the link the container's ${type} is to sit on`);
      continue;
    }
    if (found) refusals.push(found.links.length ? `${found.why}; if ${found.links.length > 1 ? 'they are' : 'it is'} there for tests, start the lab with --host-links ${found.links.join(',')}` : found.why);
  }
  return refusals;
}

async function refusal(use: HostLinkUse, who: string, facts: HostLinkFacts, allowed: readonly string[]): Promise<{ why: string; links: string[] } | undefined> {
  const mine = (ifnames: string[]) => `${ifnames.join(', ')}, ${ifnames.length > 1 ? 'links' : 'a link'} of this machine the run did not make`;
  const { by } = use;
  if ('name' in by) {
    // The kernel reads a link's name only up to a NUL ("up0\u0000" finds up0): a name with a control
    // character in it is never one the lab can vouch for.
    if (firstControlCharacter(by.name) !== undefined) return { why: `${who}: its "${use.key}" ${JSON.stringify(by.name)} holds a control character; the kernel would read the name only up to a NUL, and find a link the lab did not look for (the plugin ${use.does})`, links: [] };
    // The kernel finds a link by any of its names: an altname names the machine's link as surely as its ifname.
    const there = facts.links.find((l) => l.ifname === by.name || l.altnames?.includes(by.name));
    if (!there || allowed.includes(there.ifname) || allowed.includes(by.name)) return undefined;
    const named = there.ifname === by.name ? mine([by.name]) : `${by.name}, an alternative name of ${mine([there.ifname])}`;
    return { why: `${who}: its "${use.key}" names ${named}, and the plugin ${use.does}`, links: [there.ifname] };
  }
  if ('mac' in by) {
    // Compared as Go reads it (ParseMAC takes "02-42-…" and "0242.ac11.0002" too), not as written.
    const mac = macAsLinuxPrints(by.mac) ?? by.mac.toLowerCase();
    const found = facts.links.filter((l) => l.address !== undefined && (macAsLinuxPrints(l.address) ?? l.address.toLowerCase()) === mac && !allowed.includes(l.ifname)).map((l) => l.ifname);
    return found.length ? { why: `${who}: its "${use.key}" ${by.mac} is the address of ${mine(found)}, and the plugin ${use.does}`, links: found } : undefined;
  }
  if ('defaultRoute' in by) {
    // Without a default route the plugin fails by itself, touching nothing.
    const links = (await facts.defaultRouteLinks()).filter((l) => !allowed.includes(l));
    return links.length ? { why: `${who} has no "${use.key}", so it takes the link of this machine's default route, ${links.join(', ')}, and ${use.does}; name a ${use.key} the run may use`, links } : undefined;
  }
  if ('netDirs' in by) {
    // The kernel's device trees only: anywhere else ("/sys/devices/../../tmp/x" passes the plugin's own check,
    // and a delegated cgroup under /sys/fs is a user's), another user could change the folder between the
    // lab's read and the plugin's, and have root move another link.
    const outside = by.netDirs.find((d) => d.startsWith('/') && !DEVICE_TREES.some((t) => d.startsWith(t)));
    if (outside) return { why: `${who}: its "${use.key}" has the plugin look for ${by.what}'s link in ${outside}, outside the kernel's device folders (${DEVICE_TREES.join(', ')}), where another user could change what it finds after the lab has looked (it ${use.does}); name the device`, links: [] };
    // Every entry that is a link of the machine, whichever the plugin's release takes; none, and it fails by
    // itself. A folder too large to read whole cannot be vouched for.
    const read = await facts.netDirEntries(by.netDirs).catch((e: Error) => e);
    if (read instanceof Error) return { why: `${who}: its "${use.key}" has the plugin look for ${by.what}'s link where the lab cannot read every entry (${read.message}), so it cannot tell which link it takes (it ${use.does}); name the device`, links: [] };
    const entries = new Set(read);
    const found = facts.links.filter((l) => entries.has(l.ifname) && !allowed.includes(l.ifname)).map((l) => l.ifname);
    return found.length ? { why: `${who}: its "${use.key}" finds ${mine(found)} (the network link of ${by.what}), and the plugin ${use.does}`, links: found } : undefined;
  }
  return { why: `${who} finds by its "${use.key}" ${by.unknown}, which the lab cannot tell before it runs (it ${use.does}); name the link instead`, links: [] };
}
