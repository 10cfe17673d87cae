// What a plugin release does on CHECK that the configuration alone does not show: found by running the
// real plugins in the lab and confirmed in their source at each tag.
import { describeProfile, releaseAtLeast } from '../../profiles/profile';
import { isJsonObject, type JsonObject } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import type { Finding } from '../finding';
import type { PluginView, Rule } from '../context';
import { pluginList } from '../../model/chain';
import type { RuntimeProfile } from '../../profiles/profile';
import { reads } from './releases';
import { checkGate } from '../../runtime/check-gate';
import { clearedDst, configuresIpam, familyGateways, goMask, writtenNetworks } from './ipam-routes';
import { canonicalIp, hasHostBits, networkAddress, parseCidr, parseIp } from '../../net/ip';
import { sysctlNumbers } from './sysctl-value';
import { bandwidthShapes, fileRuntimeLimits, hasOwnLimits, linkWithoutVeth, noVethPeer } from '../../plugins';
import { DEFAULT_INPUTS } from '../../runtime/inputs';

/**
 * CNI309: portmap 1.1.0 to 1.2.0 fails every CHECK that carries port mappings. It looks for each address's
 * DNAT rules with both iptables and ip6tables, and an address's rules are in only one of them ("could not
 * check ipv6 dnat: … not found"); plugins 1.3.0 checks only the address's own family.
 */
export const portmapCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  // Where CHECK never reaches the plugins (spec before 0.4.0: CNI108; disableCheck), nothing here applies.
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (p.type !== 'portmap' || p.release === undefined || releaseAtLeast(p.release, '1.3.0')) continue;
    const caps = p.conf.capabilities;
    // Written in the file with no capability, libcni passes runtimeConfig on as it is: the mappings reach portmap.
    const declared = isJsonObject(caps) && caps.portMappings === true;
    if (!declared && !writtenPortMappings(p.conf)) continue;
    out.push({
      code: 'CNI309',
      severity: 'warning',
      message: `portmap ${p.release} fails CHECK whenever the runtime passes port mappings: it looks for each address's rules with both iptables and ip6tables ("could not check ipv6 dnat: … not found"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Fixed in plugins 1.3.0.`,
      pointer: declared ? `${p.pointer}/capabilities/portMappings` : `${p.pointer}/runtimeConfig/portMappings`,
      profile: describeProfile(profile),
    });
  }
  return out;
};

/** Port mappings written in the plugin's own runtimeConfig (libcni passes them on when no capability replaces them). */
export const writtenPortMappings = (conf: JsonObject): boolean => isJsonObject(conf.runtimeConfig) && Array.isArray(conf.runtimeConfig.portMappings) && conf.runtimeConfig.portMappings.length > 0;

/**
 * CNI311: tuning before 1.3.0 puts the interface's name in for "IFNAME" in a sysctl key on ADD, but its
 * CHECK reads the key as written (/proc/sys/net/ipv4/conf/IFNAME/…), which no kernel has: every CHECK
 * fails. From 1.3.0 CHECK reads the same file as ADD (getSysctlFilename). Seen with Debian's 1.1.1.
 */
export const tuningCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (p.type !== 'tuning' || p.release === undefined || releaseAtLeast(p.release, '1.3.0') || !isJsonObject(p.conf.sysctl)) continue;
    const key = Object.keys(p.conf.sysctl).find((k) => k.includes('IFNAME'));
    if (key === undefined) continue;
    out.push({
      code: 'CNI311',
      severity: 'warning',
      message: `tuning ${p.release} sets "${key}" on the interface at ADD, but its CHECK reads the key as written, /proc/sys/${key.replace(/\./g, '/')}, which no kernel has: every CHECK fails ("no such file or directory"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Fixed in plugins 1.3.0.`,
      pointer: `${p.pointer}/sysctl/${escapeSegment(key)}`,
      target: 'key',
      profile: describeProfile(profile),
    });
  }
  return out;
};

/**
 * CNI312: tuning's CHECK compares each sysctl file's text with the value as written, and the kernel prints
 * numbers its own way: in decimal (a leading 0 was octal, 0x hex), tab-separated, without spaces around. A
 * value written otherwise fails every CHECK ("Tuning configured value of … is 0500, current value is 320"),
 * in every release through 1.9. Seen with Debian's 1.1.1 (octal, hex, a space between two numbers, a trailing space).
 */
export const tuningValueCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (p.type !== 'tuning' || !isJsonObject(p.conf.sysctl)) continue;
    for (const [key, value] of Object.entries(p.conf.sysctl)) {
      // Keys ADD refuses (CNI610) or CHECK cannot read before 1.3.0 (CNI311) are said there.
      if (typeof value !== 'string' || !key.startsWith('net.') || (key.includes('IFNAME') && (p.release === undefined || !releaseAtLeast(p.release, '1.3.0')))) continue;
      const numbers = sysctlNumbers(value);
      if (!numbers || !('printed' in numbers) || numbers.printed === value) continue;
      const plainDecimal = value.trim().split(/\s+/).every((t) => /^-?(0|[1-9]\d*)$/.test(t));
      const file = `/proc/sys/${key.replace(/\./g, '/').replace('IFNAME', '…')}`;
      const why = plainDecimal
        ? `the kernel keeps the numbers and prints them as ${JSON.stringify(numbers.printed)}`
        : `the kernel reads a leading 0 as octal and 0x as hex, so it keeps ${JSON.stringify(numbers.printed)}, and the container gets that`;
      out.push({
        code: 'CNI312',
        severity: 'warning',
        message: `Sysctl "${key}" is ${JSON.stringify(value)}: ${why}. tuning's CHECK compares the file's text with the value as written, so every CHECK fails ("Tuning configured value of ${file} is ${value}, current value is ${numbers.printed}"). ${plainDecimal ? `Write ${JSON.stringify(numbers.printed)}` : `Write it in decimal (${JSON.stringify(numbers.printed)} is what ${JSON.stringify(value)} means)`}.`,
        pointer: `${p.pointer}/sysctl/${escapeSegment(key)}`,
        ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
      });
    }
  }
  return out;
};

/** Interface plugins whose CHECK looks for each result address's prefix route in the main table (pkg/ip ValidateExpectedInterfaceIPs). */
const CHECKS_ROUTES = new Set(['bridge', 'ptp', 'macvlan', 'ipvlan', 'host-device', 'dummy', 'vlan']);

/**
 * CNI623: sbr moves the interface's routes out of the main table into a table of its own (unless it is given
 * "table", from 1.6.0, when it only adds rules); the interface plugin's CHECK then finds no route for its
 * address ("Failed to find Gateway … for interface eth0"). Seen with Debian's 1.1.1; the same code in 1.9.1.
 */
export const sbrCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  plugins.forEach((p, i) => {
    if (p.type !== 'sbr' || (p.conf.table !== undefined && reads(p, 'table'))) return;
    const iface = plugins.slice(0, i).find((x) => x.type !== undefined && CHECKS_ROUTES.has(x.type));
    // With no IPAM before it sbr's ADD fails already (CNI631): there is no CHECK to speak of.
    if (!iface || !plugins.slice(0, i).some((x) => x.conf.ipam !== undefined)) return;
    out.push({
      code: 'CNI623',
      severity: 'warning',
      message: `sbr moves ${iface.type}'s routes out of the main routing table, and ${iface.type}'s CHECK looks for them there: every CHECK fails ("Failed to find Gateway … for interface …"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken.${p.release !== undefined && !reads(p, 'table') ? '' : ' Setting "table" (plugins 1.6.0 and newer) keeps the routes where they are.'}`,
      pointer: p.pointer,
      ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
    });
  });
  return out;
};

/** Interface plugins whose CHECK looks for each result route, with its gateway, in the main table (pkg/ip ValidateExpectedRoute); tap from 1.3.0. */
const CHECKS_RESULT_ROUTES = new Set(['bridge', 'ptp', 'macvlan', 'ipvlan', 'host-device', 'vlan', 'tap']);

/** A types.Route as the release's CNI library prints it (from 1.6.0 with MTU, AdvMSS, Priority, Table, Scope). */
const goRoute = (ip: string, family: 4 | 6, prefix: number, release: string | undefined, gw = '<nil>') =>
  `{Dst:{IP:${ip} Mask:${goMask(family, prefix)}} GW:${gw}${release === undefined ? '…' : releaseAtLeast(release, '1.6.0') ? ' MTU:0 AdvMSS:0 Priority:0 Table:<nil> Scope:<nil>' : ''}}`;

/**
 * CNI637: a route without "gw" goes in via its family's gateway (ipam.ConfigureIface), but CHECK looks for
 * it as written, with no gateway (ValidateExpectedRoute filters on destination and gateway), and finds
 * none: every CHECK fails ("Expected Route {…} not found in routing table"). A default route is looked up by
 * destination alone; with no gateway for the family the route goes in without one. Seen with Debian's
 * 1.1.1; the same code in 1.9.1.
 */
export const routeCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (!p.type || !CHECKS_RESULT_ROUTES.has(p.type) || !configuresIpam(p) || !p.ipam || !Array.isArray(p.ipam.routes)) continue;
    if (p.type === 'tap' && p.release !== undefined && !releaseAtLeast(p.release, '1.3.0')) continue;
    if (p.ipamType !== 'host-local' && p.ipamType !== 'static') continue;
    const gateways = familyGateways(p, p.ipam);
    p.ipam.routes.forEach((r, i) => {
      if (!isJsonObject(r) || typeof r.dst !== 'string') return;
      const written = parseCidr(r.dst);
      // CNI436: IPv6 takes a destination with host bits (IPv4's ADD fails: ipam-routes.ts), and CHECK looks for it as written.
      if (written?.ip.family === 6 && hasHostBits(written)) {
        const gw = typeof r.gw === 'string' && parseIp(r.gw) ? canonicalIp(r.gw) : '<nil>';
        const dst = clearedDst(written);
        // Without "gw" the fixed route would still fail CHECK (CNI637, below): the fix writes both.
        const via = (r.gw === undefined || r.gw === null) && written.prefix !== 0 ? gateways.get(6) : undefined;
        out.push({
          code: 'CNI436',
          severity: 'warning',
          message: `Route ${i}'s destination ${r.dst} has host bits set: ${p.type} adds it, but its CHECK looks for the route as written and the kernel keeps its network: every CHECK fails ("Expected Route ${goRoute(canonicalIp(written.ip.text), 6, written.prefix, p.release, gw)} not found in routing table"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Write ${dst}${via ? ` with "gw": "${via}" (without "gw" CHECK fails too, CNI637)` : ''}.`,
          pointer: `${p.pointer}/ipam/routes/${i}/dst`,
          ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
          fix: {
            title: via ? `Use ${dst} via ${via}` : `Use ${dst}`,
            patch: [{ op: 'replace', path: `${p.pointer}/ipam/routes/${i}/dst`, value: dst }, ...(via ? [{ op: 'add' as const, path: `${p.pointer}/ipam/routes/${i}/gw`, value: via }] : [])],
          },
        });
        return;
      }
      if (r.gw !== undefined && r.gw !== null) return;
      const dst = written;
      const gw = dst && gateways.get(dst.ip.family);
      if (!dst || dst.prefix === 0 || gw === undefined) return;
      const key = `${networkAddress(dst)}/${dst.prefix}`;
      // The network of an address the interface gets has the kernel's own route there, with no gateway: CHECK
      // finds that one (ptp deletes it for its own, through the gateway).
      if (p.type !== 'ptp' && writtenNetworks(p)?.networks.some((n) => n.ip.family === dst.ip.family && n.prefix === dst.prefix && `${networkAddress(n)}/${n.prefix}` === key)) return;
      out.push({
        code: 'CNI637',
        severity: 'warning',
        message: `Route ${i} to ${key} has no "gw": ${p.type} adds it via the gateway ${gw}, but its CHECK looks for a route to ${key} with no gateway: every CHECK fails ("Expected Route ${goRoute(canonicalIp(dst.ip.text), dst.ip.family, dst.prefix, p.release)} not found in routing table"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Write "gw": "${gw}".`,
        pointer: `${p.pointer}/ipam/routes/${i}`,
        ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
        fix: { title: `Write "gw": "${gw}"`, patch: [{ op: 'add', path: `${p.pointer}/ipam/routes/${i}/gw`, value: gw }] },
      });
    });
  }
  return out;
};

/** Interface plugins whose CHECK looks up each result address's prefix route (ip.ValidateExpectedInterfaceIPs), and since when. */
const CHECKS_RESULT_IPS: Record<string, string> = { bridge: '1.0.0', 'host-device': '1.0.0', ipvlan: '1.0.0', macvlan: '1.0.0', ptp: '1.0.0', vlan: '1.0.0', dummy: '1.2.0', tap: '1.3.0' };

/**
 * CNI642: a static address with a /0 prefix (10.77.44.5/0, or "::ffff:…/96" and shorter): ADD puts it on
 * the interface, but CHECK looks for the route to its network (0.0.0.0/0) by destination and finds none,
 * so every CHECK fails ("Failed to find Gateway … for interface …"), seen with Debian's 1.1.1 (the same
 * code in 1.9.1).
 */
export const addressPrefixCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    const since = p.type === undefined ? undefined : CHECKS_RESULT_IPS[p.type];
    if (!since || !configuresIpam(p) || p.ipamType !== 'static' || !p.ipam || !Array.isArray(p.ipam.addresses)) continue;
    if (p.release !== undefined && !releaseAtLeast(p.release, since)) continue;
    p.ipam.addresses.forEach((a, i) => {
      if (!isJsonObject(a) || typeof a.address !== 'string') return;
      const cidr = parseCidr(a.address);
      if (!cidr || cidr.prefix !== 0) return;
      const gw = typeof a.gateway === 'string' && parseIp(a.gateway) ? canonicalIp(a.gateway) : '<nil>';
      out.push({
        code: 'CNI642',
        severity: 'warning',
        message: `Address ${a.address} has a /0 prefix${cidr.mapped ? ' (its mask\'s last 4 bytes, as CNI reads an IPv4-mapped address)' : ''}: ${p.type} puts it on the interface, but its CHECK looks up the route to the address's network by destination and, for a /0, finds none: every CHECK fails ("Failed to find Gateway ${gw} for interface …"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Give the address its network's prefix.`,
        pointer: `${p.pointer}/ipam/addresses/${i}/address`,
        ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}),
      });
    });
  }
  return out;
};

/**
 * CNI638: bridge's CHECK asks its IPAM plugin to check first, whether or not it has one (cmdCheck calls
 * ipam.ExecCheck with the empty type, 1.0 to 1.9.1; macvlan, ipvlan, tap and host-device skip it): without
 * IPAM every CHECK fails ("no plugin name provided"). Seen with Debian's 1.1.1.
 */
export const bridgeLayer2Check: Rule = ({ plugins, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (p.type !== 'bridge' || p.entry?.thirdParty || p.ipamType) continue;
    out.push({
      code: 'CNI638',
      severity: 'warning',
      message: `bridge's CHECK runs its IPAM plugin's CHECK first even when there is none, as here: every CHECK fails ("no plugin name provided"). This alone does not stop ADD or DEL (the bridge works at layer 2); a runtime that runs CHECK reports the network broken. Give it an "ipam", or do not rely on CHECK for this network.`,
      pointer: p.conf.ipam === undefined ? p.pointer : `${p.pointer}/ipam`,
    });
  }
  return out;
};

/**
 * CNI662: bridge fixes its bridge's MAC only where it puts a gateway's address on it (ensureAddr, with
 * isGateway). Otherwise Linux gives a bridge the lowest MAC among its ports, which changes as containers'
 * veths join and leave, while each result keeps the MAC of its ADD, and bridge's CHECK compares the two: a
 * container's CHECK fails once another joins with a lower MAC ("Bridge interface … Mac doesn't match").
 * Seen with Debian's 1.1.1 (podman's internal network, two containers: 4 runs of 6); the same code in 1.9.1.
 * Without IPAM every CHECK fails already (CNI638). A note, not a warning: a bridge made beforehand with its
 * MAC set (as systemd-networkd and NetworkManager make one) keeps it, and the config cannot say which it is.
 */
export const bridgeMacCheck: Rule = ({ plugins, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (p.type !== 'bridge' || p.entry?.thirdParty || !p.ipamType || p.conf.isGateway === true || p.conf.isDefaultGateway === true) continue;
    const bridge = typeof p.conf.bridge === 'string' && p.conf.bridge !== '' ? p.conf.bridge : 'cni0';
    out.push({
      code: 'CNI662',
      severity: 'info',
      message: `bridge sets the MAC of ${bridge} only when it is the gateway (isGateway); where bridge makes ${bridge}, Linux gives it the lowest MAC among its ports, so it changes as containers join and leave, and each container's result keeps the MAC of its own ADD. A container's CHECK then fails once another joins with a lower MAC, or the one whose MAC it was leaves ("Bridge interface ${bridge} Mac doesn't match: …"): with two containers, about half the time. This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. A bridge made beforehand with its MAC set (as systemd-networkd and NetworkManager make one) keeps it; "isGateway": true also fixes it, but puts an address on the bridge for the host to route the network.`,
      pointer: p.conf.isGateway === undefined ? p.pointer : `${p.pointer}/isGateway`,
    });
  }
  return out;
};

/**
 * CNI652: bandwidth's CHECK looks for the container interface's veth peer whatever its limits (getHostInterface,
 * 1.1.1 to 1.9.1). After an interface plugin that gives the container another link, ADD passes the result on
 * when no limits are set, and every CHECK fails. Seen with Debian's 1.1.1 after macvlan. With limits in the
 * file ADD fails first (CNI310).
 */
export const bandwidthCheck: Rule = ({ plugins, profile, conflist, version }) => {
  const out: Finding[] = [];
  if (checkGate(conflist, version)) return out;
  for (const p of plugins) {
    if (p.type !== 'bandwidth' || bandwidthShapes(p.conf, DEFAULT_INPUTS)) continue;
    const other = linkWithoutVeth(plugins.map((x) => x.conf), p.index);
    if (!other) {
      // Nulls count (the view drops them): a key of the four, even null, gives Go limits of its own.
      const written = pluginList(conflist)[p.index];
      bandwidthCheckPanics(p, isJsonObject(written) ? written : p.conf, profile, out);
      continue;
    }
    out.push({
      code: 'CNI652',
      severity: 'warning',
      message: `bandwidth's CHECK looks for the host end of the container interface's veth even with no limits set, but ${other.type} gives the container a ${other.kind} link, which has none: every CHECK fails (${noVethPeer(other.type)}). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken.`,
      pointer: `${p.pointer}/type`,
      profile: describeProfile(profile),
    });
  }
  return out;
};

/**
 * CNI655: bandwidth before 1.9.1 reads its limits at CHECK without asking whether there are any: with none of
 * the four keys in the file and no bandwidth from the runtime, the limits are a nil pointer and CHECK panics
 * (exit 2, "invalid memory address or nil pointer dereference"). Seen with Debian's 1.1.1; 1.9.1 returns first.
 */
function bandwidthCheckPanics(p: PluginView, written: JsonObject, profile: RuntimeProfile, out: Finding[]): void {
  if (p.release === undefined || releaseAtLeast(p.release, '1.9.1') || hasOwnLimits(written)) return;
  // Limits in the file's own runtimeConfig reach the plugin whenever libcni passes that runtimeConfig on (the
  // upstream integration test's config); the plan says when the runtime's arguments replace it.
  if (fileRuntimeLimits(written) !== undefined) return;
  const declared = isJsonObject(p.conf.capabilities) && p.conf.capabilities.bandwidth === true;
  out.push({
    code: 'CNI655',
    severity: 'warning',
    message: `bandwidth ${p.release} reads its limits at CHECK without asking whether there are any: ${declared ? 'whenever the runtime passes no bandwidth (a pod with no limits), CHECK' : 'with none in the file and no bandwidth capability, every CHECK'} panics ("invalid memory address or nil pointer dereference"). This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Fixed in plugins 1.9.1.`,
    pointer: declared ? `${p.pointer}/capabilities/bandwidth` : `${p.pointer}/type`,
    profile: describeProfile(profile),
  });
}
