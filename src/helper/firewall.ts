// Firewall chains before and after a run, to report what a run left: per-container chains are leaks,
// the shared chains portmap and firewall create once per host are kept by design.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseIptablesSave, type FirewallRule } from '../core';

const run = promisify(execFile);

/** Chains plugins create once and keep for every container on the host (core knows them: the app names them too). */
export { SHARED_CHAINS } from '../core';

export async function cniChains(): Promise<string[]> {
  const chains: string[] = [];
  for (const table of ['filter', 'nat', 'mangle']) {
    try {
      const { stdout } = await run('iptables', ['-w', '5', '-t', table, '-S'], { timeout: 10_000 });
      for (const line of stdout.split('\n')) {
        const m = /^-N (CNI-\S+)/.exec(line);
        if (m) chains.push(`${table}/${m[1]}`);
      }
    } catch {
      // no iptables: nothing to report
    }
  }
  return chains;
}

/**
 * Every chain and rule of the IPv4 and IPv6 firewalls, as iptables-save prints them: fixed argv, never a
 * shell, bounded in time and size. A missing tool (no ip6tables) contributes nothing.
 */
export async function firewallRules(): Promise<FirewallRule[]> {
  const read = async (tool: string, family: 'ipv4' | 'ipv6') => {
    try {
      const { stdout } = await run(tool, [], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024 });
      return parseIptablesSave(stdout, family);
    } catch {
      return [];
    }
  };
  const [v4, v6] = await Promise.all([read('iptables-save', 'ipv4'), read('ip6tables-save', 'ipv6')]);
  return [...v4, ...v6];
}
