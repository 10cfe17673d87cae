// Things of the lab machine that a plugin's config can point at besides links and folders: a firewall
// chain another program keeps (firewall's admin chain) and a unix socket another daemon listens on (dhcp's
// daemon socket). The plugins act on them as root, so the lab runs a config only where they are CNI's own.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import type { FirewallRule } from './firewall-rules';
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
    // run's. A chain of CNI's name, or one the machine does not have (the plugin makes it), is the run's.
    const admin = p.type === 'firewall' ? p.iptablesAdminChainName : undefined;
    if (typeof admin === 'string' && admin !== '' && !admin.startsWith('CNI-') && (chains ??= filterChains(rules)).has(admin)) {
      // A built-in chain: iptables refuses the jump to it and ADD fails (lint's CNI644), but not before the
      // plugin has hooked its chains into the machine's; not run either way.
      refusals.push(
        BUILT_IN_FILTER_CHAINS.includes(admin)
          ? `${who}: its "iptablesAdminChainName" names ${admin}, a built-in chain of the filter table: the plugin would jump to it from its CNI-FORWARD chain, which iptables refuses (ADD fails, "RULE_INSERT failed"), after hooking its chains into this machine's; name a CNI- chain, or one this machine does not have`
          : `${who}: its "iptablesAdminChainName" names ${admin}, a chain of this machine's filter table that CNI did not make, and the plugin would send every container's forwarded traffic through it for good; name a CNI- chain, or one this machine does not have`,
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
