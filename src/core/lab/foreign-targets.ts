// Things of the lab machine that a plugin's config can point at besides links and folders: a firewall
// chain another program keeps (firewall's admin chain) and a unix socket another daemon listens on (dhcp's
// daemon socket). The plugins act on them as root, so the lab runs a config only where they are CNI's own.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { ruleParts, type FirewallRule } from './firewall-rules';
import { cleanPath } from '../model/go-path';

/** Where the dhcp plugin asks its daemon by default, and the one socket the lab's probe checks. */
export const DHCP_SOCKET = '/run/cni/dhcp.sock';

/** Where machines keep their resolver files: the only places host-local may read a resolv.conf from in the lab. */
export const RESOLV_CONF_DIRS: readonly string[] = ['/etc/', '/run/systemd/resolve/'];

/** The filter table's own chains: they exist on every machine, even before iptables-save lists the table. */
const BUILT_IN_FILTER_CHAINS = ['INPUT', 'FORWARD', 'OUTPUT'];

/** The filter table's chains the machine has (either family), from one firewall read. */
function filterChains(rules: readonly FirewallRule[]): Set<string> {
  return new Set([...BUILT_IN_FILTER_CHAINS, ...rules.filter((r) => r.table === 'filter' && r.rule.startsWith(':')).map((r) => r.rule.slice(1))]);
}

/** The admin chains the list's firewall plugins name (`iptablesAdminChainName`), the default CNI-ADMIN left out. */
export function adminChainsNamed(conflist: JsonObject): string[] {
  return pluginList(conflist).flatMap((p) => (isJsonObject(p) && p.type === 'firewall' && typeof p.iptablesAdminChainName === 'string' && p.iptablesAdminChainName !== '' ? [p.iptablesAdminChainName] : []));
}

/** The rule firewall puts in CNI-FORWARD to reach its admin chain (iptables.go, generateAdminRule), as iptables-save prints it. */
const adminJump = (chain: string) => `-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j ${chain}`;

/**
 * Why a chain of the machine's filter table is not just CNI firewall's admin chain ('' when it is): in
 * each family that has it, the plugin makes it empty and jumps to it from CNI-FORWARD, and nothing else.
 */
function notOnlyAdminChain(rules: readonly FirewallRule[], chain: string): string {
  for (const family of new Set(rules.filter((r) => r.table === 'filter' && r.rule === `:${chain}`).map((r) => r.family))) {
    const table = rules.filter((r) => r.family === family && r.table === 'filter');
    const inside = table.filter((r) => r.rule.startsWith(`-A ${chain} `)).length;
    if (inside) return `it holds ${inside} rule${inside === 1 ? '' : 's'} of its own (${family})`;
    const jumps = table.filter((r) => !r.rule.startsWith(':') && ruleParts(r.rule).target === chain);
    const other = jumps.find((r) => r.rule !== adminJump(chain));
    if (other) return `${other.rule} leads to it (${family})`;
    if (jumps.length === 0) return `no rule of CNI's firewall plugin leads to it (${family})`;
  }
  return '';
}

/**
 * Whether `chain` is a chain of the filter table that is only what CNI firewall makes of its admin chain
 * (empty, with CNI-FORWARD's admin jump alone leading to it) in every family that declares it: a chain a
 * killed run's firewall made, which recovery may remove without taking anyone's rule.
 */
export function isOnlyAdminChain(rules: readonly FirewallRule[], chain: string): boolean {
  return rules.some((r) => r.table === 'filter' && r.rule === `:${chain}`) && notOnlyAdminChain(rules, chain) === '';
}

/**
 * Why the run's plugins may not act on what the list names: [] when they may. `rules` is the machine's
 * firewall as read before the run (chains declared and rules).
 */
export function foreignTargetRefusals(conflist: JsonObject, rules: readonly FirewallRule[]): string[] {
  const refusals: string[] = [];
  let chains: Set<string> | undefined;
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p)) return;
    const who = `plugin ${i + 1} (${String(p.type)})`;
    // firewall adds a jump from CNI-FORWARD to its admin chain for every container's traffic and never takes
    // it out: a chain the machine keeps for something else would then judge the lab's traffic, and a later
    // run's. A chain of CNI's name, or one the machine does not have (the plugin makes it), is the run's; so
    // is one that is only what the plugin made of it (empty, CNI-FORWARD's admin jump alone leading to it:
    // a runtime's firewall, or a lab run's left by an older helper), which the run changes in nothing.
    const admin = p.type === 'firewall' && typeof p.iptablesAdminChainName === 'string' ? p.iptablesAdminChainName : '';
    const builtIn = BUILT_IN_FILTER_CHAINS.includes(admin);
    const why = admin !== '' && !admin.startsWith('CNI-') && (chains ??= filterChains(rules)).has(admin) ? (builtIn ? 'built-in' : notOnlyAdminChain(rules, admin)) : '';
    if (why) {
      // A built-in chain: iptables refuses the jump to it and ADD fails (lint's CNI644), but not before the
      // plugin has hooked its chains into the machine's; not run either way.
      refusals.push(
        builtIn
          ? `${who}: its "iptablesAdminChainName" names ${admin}, a built-in chain of the filter table: the plugin would jump to it from its CNI-FORWARD chain, which iptables refuses (ADD fails, "RULE_INSERT failed"), after hooking its chains into this machine's; name a CNI- chain, or one this machine does not have`
          : `${who}: its "iptablesAdminChainName" names ${admin}, a chain of this machine's filter table that is not only CNI firewall's admin chain (${why}), and the plugin would send every container's forwarded traffic through it for good; name a CNI- chain, or one this machine does not have`,
      );
    }
    // dhcp sends its requests, as root, to whatever listens on the socket it is given: it reads the socket
    // from the conf's "ipam" whether it runs as the IPAM delegate or is (wrongly) the plugin itself.
    const ipam = isJsonObject(p.ipam) ? p.ipam : undefined;
    const socket = ipam?.type === 'dhcp' || p.type === 'dhcp' ? ipam?.daemonSocketPath : undefined;
    if (typeof socket === 'string' && socket !== '' && cleanPath(socket) !== DHCP_SOCKET) {
      refusals.push(`${who}: its "ipam.daemonSocketPath" ${JSON.stringify(socket)} is not the dhcp daemon's socket this lab checks (${DHCP_SOCKET}), and the plugin would send its requests as root to whatever listens there; leave it out in the lab`);
    }
    // host-local reads the resolv.conf it is given as root and returns its nameserver, search and options
    // lines in the result: only from where the machine keeps its own resolver files.
    const resolv = ipam?.type === 'host-local' || p.type === 'host-local' ? ipam?.resolvConf : undefined;
    const resolvAt = typeof resolv === 'string' && resolv !== '' ? (cleanPath(resolv) ?? '') : undefined;
    if (resolvAt !== undefined && !RESOLV_CONF_DIRS.some((d) => resolvAt.startsWith(d))) {
      refusals.push(`${who}: its "ipam.resolvConf" ${JSON.stringify(resolv)} is not under ${RESOLV_CONF_DIRS.join(' or ')}, and the plugin would read it as root and return its lines in the result; use the machine's resolver file, or leave it out in the lab`);
    }
  });
  return refusals;
}
