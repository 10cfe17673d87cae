// Firewall chains before and after a run, to report what a run left: per-container chains are leaks,
// the shared chains portmap and firewall create once per host are kept by design.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Chains plugins create once and keep for every container on the host. */
export const SHARED_CHAINS = ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-SNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK', 'CNI-FORWARD', 'CNI-ADMIN', 'CNI-ISOLATION-STAGE-1', 'CNI-ISOLATION-STAGE-2'];

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
