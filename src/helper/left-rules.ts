// What a run's DELs left of its own firewall rules, removed at teardown: core's leftRuleRemovals decides
// which (only rules added during the run), this applies each table's removal through the lab host; in
// nftables, core's nftRemovals (the rules and chains named after the run's container ids).
import { leftRuleRemovals, nftRemovals, type FirewallRule, type RunFirewallOwner, type RunNftOwner } from '../core';
import type { LabHost } from './host';

/**
 * Removes the run's rules its DELs left (core's leftRuleRemovals), table by table: what was removed and
 * what could not be (each as "ipv4 filter: -A …"), and the firewall as it is after.
 */
export async function removeLeftRules(host: LabHost, before: readonly FirewallRule[], now: readonly FirewallRule[], owner: RunFirewallOwner): Promise<{ now: FirewallRule[]; removed: string[]; left: string[] }> {
  const { removals, rules } = leftRuleRemovals(before, now, owner);
  if (removals.length === 0) return { now: [...now], removed: [], left: [] };
  const said = (r: FirewallRule) => `${r.family} ${r.table}: ${r.rule}`;
  const removed: string[] = [];
  const left: string[] = [];
  for (const removal of removals) {
    const these = rules.filter((r) => r.family === removal.family && r.table === removal.table).map(said);
    const done = await host.restoreRules(removal.family, removal.script).then(() => true, () => false);
    (done ? removed : left).push(...these);
  }
  return { now: (await host.firewallRules().catch(() => undefined)) ?? [...now], removed, left };
}

/**
 * Removes the run's nftables rules and chains its DELs left (core's nftRemovals), in one transaction (at
 * teardown, and for a killed run's note at recovery): what
 * was removed or could not be (each as "nftables bridge nat/cni-br-iface-…"), and the ruleset as it is after.
 */
export async function removeLeftNft(host: Pick<LabHost, 'nftRuleset' | 'applyNft'>, owner: RunNftOwner): Promise<{ now: unknown; removed: string[]; left: string[] }> {
  const now = await host.nftRuleset().catch(() => undefined);
  const removal = now === undefined ? undefined : nftRemovals(now, owner);
  if (!removal) return { now, removed: [], left: [] };
  if (!(await host.applyNft(removal.json).then(() => true, () => false))) return { now, removed: [], left: removal.said };
  return { now: await host.nftRuleset().catch(() => now), removed: removal.said, left: [] };
}
