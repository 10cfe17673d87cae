// `cni-studio lab run` and `lab serve` as processes, with the real plugins, as root: the timeline and exit
// status, a reader that goes away, and the warning a CNI_PATH open to others gets. (A run killed mid-ADD is
// in lab.test.ts: its firewall chains must not meet that file's leak check from a parallel file.)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../core';
import { findPlugin } from './probe';
import { listOurNetns } from './netns';
import { freshStateDir } from '../node/state-dir';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && findPlugin('bridge', SYSTEM) !== undefined;
const IPAM_DIR = '/tmp/cnistudio-test-ipam-cli';
const hostLocal = (subnet: string) => ({ type: 'host-local', ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: IPAM_DIR });

describe.runIf(ready)('cni-studio lab run and lab serve, as processes', () => {
  beforeAll(() => void freshStateDir(IPAM_DIR));
  afterAll(() => rmSync(IPAM_DIR, { recursive: true, force: true }));

  it('cni-studio lab run prints the timeline and exits 0, or 1 on failure', () => {
    const file = resolve(__dirname, 'testdata/lab-loopback.conflist');
    const out = execFileSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', file, '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' });
    expect(out).toContain('ADD loopback: ok');
    expect(out).toContain('result: success');
    const json = JSON.parse(execFileSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', file, '--op', 'add', '--format', 'json', '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' })) as { ok: boolean; events: LabEvent[]; checks?: unknown; resultMismatches: unknown[] };
    expect(json.ok).toBe(true);
    expect(json.events.map((e) => e.type)).toContain('teardown');
    expect(json.checks).toBeUndefined();
    expect(json.resultMismatches).toEqual([]);
    // The default cycle of a list below spec 0.4.0 (no CHECK) runs ADD and DEL, and says why.
    const old = join(mkdtempSync(join(tmpdir(), 'cnistudio-cli-')), '10-old.conflist');
    writeFileSync(old, JSON.stringify({ cniVersion: '0.3.1', name: 'cnistudio-test18', plugins: [{ type: 'loopback' }] }));
    const cycled = spawnSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', old, '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' });
    expect(cycled.stderr).toContain('info: the cycle runs ADD and DEL only: configuration version "0.3.1" does not support the CHECK command');
    expect(cycled.stdout).toMatch(/ADD loopback: ok[\s\S]*DEL loopback: ok[\s\S]*result: success/);
    expect(cycled.status).toBe(0);
    rmSync(join(old, '..'), { recursive: true, force: true });
    // A plugin whose result the namespace contradicts: exit 1, each claim with the plugin that made it.
    const lying = join(mkdtempSync(join(tmpdir(), 'cnistudio-cli-')), '10-liar.conflist');
    writeFileSync(lying, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test19', plugins: [{ type: 'loopback' }, { type: 'liar' }] }));
    const lied = spawnSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', lying, '--op', 'add', '--cni-path', [resolve(__dirname, 'testdata/cni-bin'), ...SYSTEM].join(':')], { encoding: 'utf8' });
    expect(lied.stdout).toContain('THE RESULT DOES NOT MATCH THE NAMESPACE (3)');
    expect(lied.stdout).toContain('/ips/0/address: The result gives the container 10.99.0.5/24 on lo, but lo in the namespace does not have that address. (first claimed by plugin 2, liar)');
    expect(lied.status).toBe(1);
    rmSync(join(lying, '..'), { recursive: true, force: true });
    // Three containers: each one's calls labelled, every namespace removed.
    const three = execFileSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', file, '--op', 'add', '--containers', '3', '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' });
    expect(three).toMatch(/c1 ADD loopback: ok[\s\S]*c2 ADD loopback: ok[\s\S]*c3 ADD loopback: ok/);
    expect(three).toMatch(/teardown: removed namespaces cnistudio-\S+, cnistudio-\S+, cnistudio-\S+/);
    // --checks: the verdicts in words; a failed check exits 1.
    const bridged = join(mkdtempSync(join(tmpdir(), 'cnistudio-cli-')), '10-checks.conflist');
    writeFileSync(bridged, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test17', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb17', isGateway: true, ipam: hostLocal('10.244.237.0/24') }] }));
    const withChecks = spawnSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', bridged, '--op', 'add', '--containers', '2', '--checks', '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' });
    expect(withChecks.stdout).toMatch(/PASSED\s+ping c1 → c2 \(IPv4\): 3 of 3 replies/);
    expect(withChecks.stdout).toMatch(/PASSED\s+tcp host → c1 \(IPv4\): connected and exchanged data/);
    expect(withChecks.stdout).toMatch(/NOT APPLICABLE\s+bandwidth host → c1: no bandwidth plugin in the chain/);
    expect(withChecks.status).toBe(0);
    // tuning raises the container's MTU above its veth peer's (CNI659): full-size packets out of it are dropped.
    writeFileSync(bridged, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test17', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb17', isGateway: true, ipam: hostLocal('10.244.237.0/24') }, { type: 'tuning', mtu: 9000 }] }));
    // A failed check exits 1 (its words are the formatter's, as PASSED above): in JSON, one line per check to
    // gate on, null where a check did not apply.
    const failingJson = spawnSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', bridged, '--op', 'add', '--checks', '--format', 'json', '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' });
    expect(failingJson.status).toBe(1);
    const report = JSON.parse(failingJson.stdout) as { ok: boolean; checks: { kind: string; from: string; to: string; family?: string; ok: boolean | null; detail: string; ms: number }[] };
    expect(report.ok).toBe(false);
    // The gateway answers small packets; a don't-fragment probe at the container's MTU does not get through.
    expect(report.checks.find((c) => c.kind === 'ping' && c.to === 'gateway')).toMatchObject({ from: 'c1', family: 'ipv4', ok: true });
    expect(report.checks.find((c) => c.kind === 'mtu')).toMatchObject({ from: 'c1', to: 'gateway', family: 'ipv4', ok: false });
    expect(report.checks.filter((c) => c.ok === false).map((c) => c.kind)).toEqual(['mtu']);
    expect(report.checks.find((c) => c.kind === 'bandwidth')).toEqual({ kind: 'bandwidth', from: 'host', to: 'c1', ok: null, detail: 'no bandwidth plugin in the chain', ms: 0 });
    expect(Object.keys(report.checks[0]!).sort()).toEqual(['detail', 'family', 'from', 'kind', 'ms', 'ok', 'to']);
    rmSync(join(bridged, '..'), { recursive: true, force: true });
    const tooMany = spawnSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', file, '--containers', '9', '--cni-path', SYSTEM.join(':')], { encoding: 'utf8' });
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toContain('"containers" must be a whole number from 1 to 8');
  }, 60_000); // real runs through the CLI process

  it('cni-studio lab serve warns at start that a CNI_PATH directory is open to others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-open-serve-'));
    chmodSync(dir, 0o777);
    // The audit log goes elsewhere: in a folder every user may write, it would stop the helper from starting (next test).
    const logs = mkdtempSync(join(tmpdir(), 'cnistudio-open-serve-log-'));
    const child = spawn(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'serve', '--port', '0', '--cni-path', `${dir}:${SYSTEM.join(':')}`, '--audit-log', join(logs, 'audit.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      for (let i = 0; i < 200 && !err.includes('Lab runs are refused'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(err).toContain(`warning: Lab runs are refused while someone else could put plugins in CNI_PATH: ${dir} (${dir} is writable by every user).`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
      rmSync(logs, { recursive: true, force: true });
    }
  });

  it('cni-studio lab serve does not start, saying why, on an app folder or an audit log another user could change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-unsafe-serve-'));
    try {
      const app = join(dir, 'dist');
      mkdirSync(app);
      writeFileSync(join(app, 'index.html'), '<!doctype html>');
      chownSync(app, 65534, 65534);
      const serve = (...args: string[]) => spawnSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'serve', '--port', '0', '--cni-path', SYSTEM.join(':'), ...args], { encoding: 'utf8', timeout: 30_000 });
      const theirs = serve('--app-dir', app, '--audit-log', join(dir, 'audit.log'));
      expect(theirs.status).toBe(2);
      expect(theirs.stdout).not.toContain('listening');
      expect(theirs.stderr).toContain(`cni-studio: lab serve did not start: the app in ${app} is not served: ${app} belongs to uid 65534, not root.`);
      expect(theirs.stderr).toContain('or --no-app to serve none');
      // --no-app serves none: that folder is then no reason not to start (stopped once it listens).
      expect(serve('--no-app', '--app-dir', app).stderr).toContain('--no-app serves no app: give it without --app-dir and --app-url');
      const open = join(dir, 'open');
      mkdirSync(open);
      chmodSync(open, 0o1777);
      const log = serve('--no-app', '--audit-log', join(open, 'audit.log'));
      expect(log.status).toBe(2);
      expect(log.stderr).toContain(`cni-studio: lab serve did not start: the audit log ${open}/audit.log: ${open} is writable by every user (sticky: anyone may add what is not there yet), so another user could send what the helper (root) writes elsewhere`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });


  it('a lab run whose reader goes away (| head) still tears down and exits with its status', async () => {
    const run = spawn(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'run', resolve(__dirname, 'testdata/lab-loopback.conflist'), '--op', 'cycle'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    run.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    run.stdout.once('data', () => run.stdout.destroy());
    expect(await new Promise((r) => run.once('exit', r))).toBe(0);
    expect(stderr).not.toContain('EPIPE');
    expect(await listOurNetns()).toEqual([]);
  });

});
