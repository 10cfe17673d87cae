// What the kernel refuses of a link a reference plugin creates or changes, whatever the plugin checks
// itself: an MTU under Ethernet's minimum, an MTU under IPv6's on a link that gets an IPv6 address, a MAC
// address that is multicast or all zeros (each an ADD failure); and what then breaks CHECK: tuning's MTU
// removing an IPv6 address, tuning's MAC spelled otherwise than Linux prints it. Each was seen on the real
// plugins (Debian's 1.1.1) while the validator had passed the config.
import { isJsonObject } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import { DEFAULT_INPUTS } from '../../runtime/inputs';
import { checkGate } from '../../runtime/check-gate';
import type { Finding } from '../finding';
import type { PluginView, Rule } from '../context';
import { writtenNetworks } from './ipam';
import { parseCidr } from '../../net/ip';
import { canonicalMac, macBytes } from '../../net/mac';
import { describeProfile, releaseAtLeast, type RuntimeProfile } from '../../profiles/profile';

/** Linux's least MTU for an Ethernet link (ETH_MIN_MTU) and the least IPv6 works with (IPV6_MIN_MTU). */
const ETH_MIN_MTU = 68;
const IPV6_MIN_MTU = 1280;

/** Plugins that set `mtu` on an Ethernet link: the ones that create it (then add the IPAM's addresses), and tuning. */
const CREATES_LINK = new Set(['bridge', 'ptp', 'macvlan', 'ipvlan']);
const SETS_MTU = new Set([...CREATES_LINK, 'tuning']);
/** Plugins that set `mac` on the link they create or change. */
const SETS_MAC = new Set(['tuning', 'macvlan', 'tap']);

/** An IPv6 network or address the IPAM written in the file gives the interface (none when the runtime may send others). */
const ipv6Address = (p: PluginView): string | undefined => writtenNetworks(p)?.networks.find((n) => n.ip.family === 6)?.text;

/** Plugins whose links take a negative mtu as none: netlink adds no MTU attribute unless it is above 0. */
const NEGATIVE_MTU_IGNORED = new Set(['bridge', 'ptp']);

function mtuLimits(p: PluginView, all: readonly PluginView[], profile: RuntimeProfile, out: Finding[]): void {
  const mtu = p.conf.mtu;
  if (typeof mtu === 'number' && mtu < 0 && NEGATIVE_MTU_IGNORED.has(p.type!)) {
    out.push({ code: 'CNI649', severity: 'warning', message: `mtu ${mtu} is negative: ${p.type} passes no MTU to Linux then, so its links get the default (1500 on Ethernet), as with 0. Leave it out, or write the MTU you want.`, pointer: `${p.pointer}/mtu`, fix: { title: 'Remove "mtu"', patch: [{ op: 'remove', path: `${p.pointer}/mtu` }] } });
    return;
  }
  if (typeof mtu !== 'number' || !Number.isInteger(mtu) || mtu <= 0 || !SETS_MTU.has(p.type!)) return;
  const pointer = `${p.pointer}/mtu`;
  if (mtu < ETH_MIN_MTU) {
    out.push({ code: 'CNI619', severity: 'error', message: `mtu ${mtu} is below ${ETH_MIN_MTU}, the least Linux takes for an Ethernet link: ${p.type} fails ADD ("… invalid argument"). Leave it out (or 0) for the default.`, pointer });
    return;
  }
  if (mtu >= IPV6_MIN_MTU) return;
  if (p.type === 'tuning') return tuningDropsIpv6(p, all, mtu, out);
  if (!CREATES_LINK.has(p.type!)) return;
  const v6 = ipv6Address(p);
  if (v6 === undefined) return;
  out.push({
    code: 'CNI620',
    severity: 'error',
    message: `mtu ${mtu} is below ${IPV6_MIN_MTU}, the least IPv6 works with: Linux turns IPv6 off on the link, and ${p.type} fails ADD before it has its address in ${v6} (${ipv6Refusal(p.release)}).`,
    pointer,
    // The words quoted are the profile's release's.
    ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
  });
}

/**
 * How an interface plugin fails to give a link without IPv6 its address: from 1.7.0 its IPAM code first
 * sets the link's keep_addr_on_down, whose sysctl file Linux has removed with IPv6; before, the address
 * itself is refused. (Third-party and unknown releases: the older words, which name the cause.)
 */
const ipv6Refusal = (release: string | undefined) =>
  release !== undefined && releaseAtLeast(release, '1.7.0') ? '"failed to enable keep_addr_on_down for interface … no such file or directory"' : '"failed to add IP addr … invalid argument"';

/**
 * CNI625: tuning lowers the MTU of a link that already has its IPv6 address: Linux turns IPv6 off and
 * removes it. ADD succeeds with a result listing an address the container no longer has, and the
 * interface plugin's CHECK fails ("Failed to match addr … on interface eth0").
 */
function tuningDropsIpv6(p: PluginView, all: readonly PluginView[], mtu: number, out: Finding[]): void {
  const before = all.slice(0, all.indexOf(p));
  const giver = before.find((x) => x.type !== undefined && CREATES_LINK.has(x.type) && ipv6Address(x) !== undefined);
  if (!giver) return;
  out.push({
    code: 'CNI625',
    severity: 'warning',
    message: `tuning sets mtu ${mtu}, below ${IPV6_MIN_MTU}, on a link that already has an IPv6 address from ${giver.type} (${ipv6Address(giver)}): Linux turns IPv6 off and removes it. ADD succeeds, but the container has no IPv6 although the result lists it, and every CHECK fails ("Failed to match addr … on interface …").`,
    pointer: `${p.pointer}/mtu`,
  });
}

/**
 * CNI645: tuning's sysctl turning IPv6 off on the container interface (disable_ipv6 under its name, tuning's
 * IFNAME placeholder or "all") after a plugin gave it an IPv6 address: Linux removes the address, as for a
 * low MTU (CNI625). "default" is for links made later and leaves it. Seen with Debian's 1.1.1.
 */
function tuningDisablesIpv6(p: PluginView, all: readonly PluginView[], out: Finding[]): void {
  const sysctl = p.conf.sysctl;
  if (p.type !== 'tuning' || !isJsonObject(sysctl)) return;
  const giver = all.slice(0, all.indexOf(p)).find((x) => x.type !== undefined && CREATES_LINK.has(x.type) && ipv6Address(x) !== undefined);
  if (!giver) return;
  for (const [key, value] of Object.entries(sysctl)) {
    // tuning turns dots into slashes and the first IFNAME into the runtime's interface name.
    const link = /^net[./]ipv6[./]conf[./]([^./]+)[./]disable_ipv6$/.exec(key)?.[1];
    if (link !== 'all' && link !== 'IFNAME' && link !== DEFAULT_INPUTS.ifname) continue;
    // Linux reads the file as an integer: anything but 0 turns IPv6 off.
    if (typeof value !== 'string' || !/^\s*[+-]?\d+\s*$/.test(value) || Number(value) === 0) continue;
    out.push({
      code: 'CNI645',
      severity: 'warning',
      message: `tuning sets ${key} to ${JSON.stringify(value)}, turning IPv6 off on ${link === 'all' ? 'every link of the container' : 'the container interface'}, which already has an IPv6 address from ${giver.type} (${ipv6Address(giver)}): Linux removes it. ADD succeeds, but the container has no IPv6 although the result lists it, and every CHECK fails ("Failed to match addr … on interface ${DEFAULT_INPUTS.ifname}"). Give ${giver.type} no IPv6 range instead.`,
      pointer: `${p.pointer}/sysctl/${escapeSegment(key)}`,
    });
  }
}

/**
 * CNI624: tuning puts its mac into the result as written, and the interface plugin's CHECK compares that
 * text with the address as the link prints it: any other spelling fails every CHECK ("Interface eth0 Mac
 * 02-00-00-00-00-02 doesn't match container Mac: 02:00:00:00:00:02").
 */
function macSpelling(p: PluginView, bytes: readonly number[] | undefined, mac: string, out: Finding[]): void {
  if (p.type !== 'tuning') return;
  const canonical = bytes ? canonicalMac(bytes) : undefined;
  if (canonical === mac) return;
  out.push({
    code: 'CNI624',
    severity: 'warning',
    message: `tuning writes the mac into its result as written, "${mac}", and CHECK compares it with what the link reports${canonical ? `, "${canonical}"` : ' (its first six bytes, as Linux keeps them)'}: every CHECK fails ("Interface … Mac ${mac} doesn't match container Mac: …"). This alone does not stop ADD or DEL.`,
    pointer: `${p.pointer}/mac`,
    ...(canonical ? { fix: { title: `Write "${canonical}"`, patch: [{ op: 'replace' as const, path: `${p.pointer}/mac`, value: canonical }] } } : {}),
  });
}

/** Why Linux refuses a MAC address for a link (all zeros, multicast, the broadcast address), or undefined. */
export function macRefusal(mac: string): string | undefined {
  const bytes = macBytes(mac);
  if (!bytes) return undefined;
  if (bytes.every((b) => b === 0)) return 'all zeros';
  if ((bytes[0]! & 1) === 0) return undefined;
  return bytes.every((b) => b === 0xff) ? 'the broadcast address' : 'a multicast address (the first byte is odd)';
}

/** `checks`: whether the runtime's CHECK reaches the plugins (a misspelt MAC only fails CHECK). */
function macLimits(p: PluginView, checks: boolean, out: Finding[]): void {
  const mac = p.conf.mac;
  if (typeof mac !== 'string' || !SETS_MAC.has(p.type!)) return;
  const bytes = macBytes(mac);
  if (!bytes) {
    // Go also reads 8- and 20-byte hardware addresses; Linux keeps an Ethernet link's first six.
    if (/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){6}(\1[0-9a-f]{2}){0,12}$/i.test(mac)) if (checks) macSpelling(p, undefined, mac, out);
    return; // the schema's format reports what is no address
  }
  const what = macRefusal(mac);
  if (!what) return checks ? macSpelling(p, bytes, mac, out) : undefined;
  out.push({ code: 'CNI622', severity: 'error', message: `MAC ${mac} is ${what}: Linux gives no link such an address, and ${p.type} fails ADD ("cannot assign requested address"). Use a unicast address, e.g. one starting 02: (locally administered).`, pointer: `${p.pointer}/mac` });
}

/**
 * CNI634: Linux gives a macvlan in passthru mode its master's MAC when it makes the link
 * (macvlan_common_newlink), whatever address macvlan asked for: the configured or runtime `mac` is not
 * applied, and the result carries the master's.
 */
function passthruMac(p: PluginView, out: Finding[]): void {
  if (p.type !== 'macvlan' || p.conf.mode !== 'passthru') return;
  const fromRuntime = isJsonObject(p.conf.capabilities) && p.conf.capabilities.mac === true;
  if (typeof p.conf.mac !== 'string' && !fromRuntime) return;
  out.push({
    code: 'CNI634',
    severity: 'warning',
    message: `macvlan in passthru mode takes its master's MAC: Linux sets it when the link is made, so the ${typeof p.conf.mac === 'string' ? `mac "${p.conf.mac}"` : "runtime's mac (capability \"mac\")"} is not applied and the result gives the master's. ADD works. To give the container this MAC, use bridge, private or vepa mode, or set it on the master.`,
    pointer: typeof p.conf.mac === 'string' ? `${p.pointer}/mac` : `${p.pointer}/mode`,
  });
}

/**
 * ptp puts each address's gateway on its host end and routes the container through it: an address without
 * one fails. It also deletes the route Linux adds for each address's network, and an IPv4 /32 gets none
 * (an IPv6 /128 does): ADD fails (1.1.1 to 1.9.1).
 */
function ptpAddresses(p: PluginView, out: Finding[]): void {
  if (p.type !== 'ptp' || p.ipamType !== 'static' || !p.ipam || !Array.isArray(p.ipam.addresses)) return;
  p.ipam.addresses.forEach((a: unknown, i) => {
    if (!isJsonObject(a) || typeof a.address !== 'string') return;
    const cidr = parseCidr(a.address);
    if (!cidr) return;
    if (cidr.ip.family === 4 && cidr.prefix === 32) {
      out.push({ code: 'CNI627', severity: 'error', message: `Static address ${a.address} is a /32: ptp deletes the route Linux adds for an address's network, and an IPv4 /32 gets none, so ADD fails ("failed to delete route … no such process"). Give it the prefix of its network (e.g. /24).`, pointer: `${p.pointer}/ipam/addresses/${i}/address` });
    }
    if (a.gateway !== undefined) return;
    out.push({
      code: 'CNI621',
      severity: 'error',
      message: `Static address ${a.address} has no gateway: ptp puts the gateway on its host end of the veth and routes the container through it, so ADD fails (${cidr.ip.family === 4 ? '"failed to add IP addr … to veth: numerical result out of range"' : '"failed to add route … invalid argument"'}). Add "gateway", an address of ${cidr.text} other than ${cidr.ip.text}.`,
      pointer: `${p.pointer}/ipam/addresses/${i}`,
    });
  });
}

export const linkLimits: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  const checks = checkGate(conflist, version) === undefined;
  for (const p of plugins) {
    if (p.type === undefined || p.entry?.thirdParty) continue;
    mtuLimits(p, plugins, profile, out);
    macLimits(p, checks, out);
    passthruMac(p, out);
    ptpAddresses(p, out);
    tuningDisablesIpv6(p, plugins, out);
  }
  return out;
};

