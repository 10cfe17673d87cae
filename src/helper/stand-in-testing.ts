// A network namespace standing in for the host, for lab runs end to end: `cni-studio lab run --format json`
// under `ip netns exec`, which also gives it its own /sys, as `unshare --net` would with a fresh mount. So
// even the "host" side of a run (its bridge, the veth host ends, the NAT rules, the client and outside
// namespaces' links) is a namespace the test made: the machine's own network is never a party. Real
// plugins, root: CI must run the files that use it (the lab project, one file at a time).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { JsonObject, LabEvent } from '../core';
import { findPlugin } from './probe';
import { findTool } from './probes';
import { freshStateDir } from '../node/state-dir';

export const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
export const root = typeof process.getuid === 'function' && process.getuid() === 0;
export const ready = root && ['bridge', 'ptp', 'macvlan', 'portmap', 'bandwidth'].every((p) => findPlugin(p, SYSTEM) !== undefined) && findTool('ping') !== undefined;
export const CI = process.env.CI === 'true' || process.env.CI === '1';

export interface Check {
  kind: string;
  from: string;
  to: string;
  family?: string;
  ok: boolean | null;
  byDesign?: boolean;
  detail: string;
  ms: number;
}
export interface Report {
  ok: boolean;
  checks: Check[];
  events: LabEvent[];
}

export const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });

/**
 * Inside a describe: the stand-in host (loopback up and nothing else, like a fresh `unshare --net`) and a
 * router namespace for a scenario that needs one, made before its tests and removed after them, and how
 * to run the lab there. `name` keeps the file's host-local leases in a folder of its own.
 */
export function useStandInHost(name: string) {
  const host = `cnistudio-host${randomBytes(2).toString('hex')}`;
  // The macvlan scenario's router, on the far side of its master link.
  const router = `cnistudio-rtr${randomBytes(2).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `cnistudio-${name}-`));
  const ipamDir = `/tmp/cnistudio-${name}-ipam`;
  const rootLinksBefore = new Set<string>();
  beforeAll(() => {
    // Reservations an interrupted run left would shift this run's addresses (host-local hands out the next).
    freshStateDir(ipamDir);
    for (const l of JSON.parse(ip('-j', 'link', 'show')) as { ifname: string }[]) rootLinksBefore.add(l.ifname);
    ip('netns', 'add', host);
    ip('-n', host, 'link', 'set', 'lo', 'up');
    ip('netns', 'add', router);
  });
  afterAll(() => {
    // The stand-in goes, and with it every link and rule a run could have left in it.
    spawnSync('ip', ['netns', 'delete', host]);
    spawnSync('ip', ['netns', 'delete', router]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(ipamDir, { recursive: true, force: true });
  });

  /** The host ends of the client and outside namespaces the runs wired (in the stand-in, never the machine). */
  const wiredLinks: string[] = [];

  /** One `lab run` in the stand-in host; a run of another test file holding the machine's lab lock is waited for. */
  async function run(conflist: JsonObject, ...args: string[]): Promise<{ status: number | null; report: Report; stderr: string }> {
    const file = join(dir, `${String(conflist.name)}.conflist`);
    writeFileSync(file, JSON.stringify(conflist));
    for (let attempt = 0; ; attempt++) {
      const r = spawnSync('ip', ['netns', 'exec', host, process.execPath, resolve('bin/cni-studio.cjs'), 'lab', 'run', file, '--format', 'json', '--cni-path', SYSTEM.join(':'), ...args], { encoding: 'utf8', timeout: 120_000 });
      if (/another lab run .* is using this machine/.test(r.stderr) && attempt < 60) {
        await new Promise((done) => setTimeout(done, 1000));
        continue;
      }
      if (!r.stdout.trim().startsWith('{')) throw new Error(`lab run printed no report (exit ${r.status}): ${r.stderr}`);
      const report = JSON.parse(r.stdout) as Report;
      for (const e of report.events) if (e.type === 'checks') wiredLinks.push(...(e.wired ?? []).map((w) => w.hostLink));
      return { status: r.status, report, stderr: r.stderr };
    }
  }

  /**
   * None of the runs' links appeared outside the stand-in, and in it only `kept` (links a test made there
   * itself) are left: each run removed its client and outside namespaces' links and its bridge.
   */
  function expectMachineUntouched(kept: readonly string[] = []) {
    const now = (JSON.parse(ip('-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname);
    expect(now.filter((n) => /^cnistudio-ti/.test(n) || wiredLinks.includes(n))).toEqual([]);
    const left = (JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname);
    expect(left.filter((n) => n !== 'lo' && !kept.includes(n))).toEqual([]);
  }

  return {
    host,
    router,
    dir,
    ipamDir,
    rootLinksBefore,
    wiredLinks,
    run,
    expectMachineUntouched,
    find: (r: Report, kind: string, from: string, to: string, family = 'ipv4') => r.checks.find((c) => c.kind === kind && c.from === from && c.to === to && (c.family === undefined || c.family === family)),
    ipam: (subnet: string) => ({ type: 'host-local', ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: ipamDir }),
    dualStack: (n: number) => ({ type: 'host-local', ranges: [[{ subnet: `10.244.${n}.0/24` }], [{ subnet: `fd00:c5:${n}::/64` }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }], dataDir: ipamDir }),
    teardownOf: (r: Report) => r.events.find((e): e is Extract<LabEvent, { type: 'teardown' }> => e.type === 'teardown'),
    hostLinksSeen: (r: Report) => r.events.flatMap((e) => (e.type === 'observed' ? e.hostLinks.map((l) => l.ifname) : [])),
  };
}
