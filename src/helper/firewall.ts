// The firewall before and after a run, to report what a run added and what it left: per-container chains
// are leaks, the shared chains portmap and firewall create once per host are kept by design. One
// iptables-save per family answers both (rules and chains): each read is a process, and a run reads often,
// so the lab server primes them while idle (primed.ts).
import { execFile } from 'node:child_process';
import { cniChainsIn, parseIptablesSave, type FirewallRule, type RuleFamily } from '../core';
import { primeTools, runReadTool } from './primed';

/** Chains plugins create once and keep for every container on the host (core knows them: the app names them too). */
export { SHARED_CHAINS } from '../core';

/** One family's chains and rules, as iptables-save prints them: fixed argv, never a shell, bounded in time and size. A missing tool contributes nothing. */
async function save(tool: string, family: RuleFamily): Promise<FirewallRule[]> {
  try {
    const { stdout } = await runReadTool(tool, [], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024 });
    return parseIptablesSave(stdout, family);
  } catch {
    return [];
  }
}

/** CNI's IPv4 chains, as `table/CHAIN`. */
export async function cniChains(): Promise<string[]> {
  return cniChainsIn(await save('iptables-save', 'ipv4'));
}

/** Every chain and rule of the IPv4 and IPv6 firewalls (CNI's chains among them: core's `cniChainsIn`). */
export async function firewallRules(): Promise<FirewallRule[]> {
  const [v4, v6] = await Promise.all([save('iptables-save', 'ipv4'), save('ip6tables-save', 'ipv6')]);
  return [...v4, ...v6];
}

/**
 * The machine's nftables ruleset as `nft -j list ruleset` prints it (core's nftObjects reads its tables and
 * chains, nftRemovals a run's rules), bounded as iptables-save is; undefined without nft or when it fails.
 */
export async function nftRuleset(): Promise<unknown> {
  try {
    const { stdout } = await runReadTool('nft', ['-j', 'list', 'ruleset'], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024 });
    return JSON.parse(stdout) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Applies core's nftRemovals as one transaction, all of it or, refused, none: the JSON is nft's one
 * argument (fixed argv, never a shell). Not `-f -`: nft opens /dev/stdin by path, which fails on the
 * socket Node gives a child for its stdin. An argument has a size limit (128 KB): beyond 64 KB, refused.
 */
export function applyNft(json: string): Promise<void> {
  if (Buffer.byteLength(json) > 64 * 1024) return Promise.reject(new Error(`nftables removal of ${Buffer.byteLength(json)} bytes is more than one nft call takes`));
  return new Promise((resolve, reject) => {
    execFile('nft', ['-j', json], { timeout: 10_000, maxBuffer: 64 * 1024 }, (error) => (error ? reject(error) : resolve()));
  });
}

/** Readies the next run's firewall reads (gates per family): for when the helper is idle. */
export function primeFirewallReads(): void {
  primeTools([
    ['iptables-save', []],
    ['ip6tables-save', []],
  ]);
}

/**
 * Applies an `iptables-restore --noflush` script to one family (core's ruleRemovals writes it): fixed argv,
 * the script on stdin, never a shell; all of it or, refused, none (iptables-restore commits a table whole).
 */
export function restoreRules(family: RuleFamily, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(family === 'ipv4' ? 'iptables-restore' : 'ip6tables-restore', ['-w', '5', '--noflush'], { timeout: 10_000, maxBuffer: 64 * 1024 }, (error) => (error ? reject(error) : resolve()));
    child.stdin?.end(script);
  });
}
