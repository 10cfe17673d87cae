// A lab run killed mid-run (SIGKILL) by the real command line, with the real plugins: what it leaves on
// the machine, and the next run removing exactly that. Needs root; lab.test.ts says so in CI.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlugin } from './probe';
import { hostLinks, listOurNetns } from './netns';
import { fixturePlugins } from './fixture-plugins';
import type { JsonObject } from '../core';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const FIXTURES = fixturePlugins();
const ready = typeof process.getuid === 'function' && process.getuid() === 0 && findPlugin('bridge', SYSTEM) !== undefined;

const RUNS = '/run/cni-studio/runs';
/** Whether the run of `pid` has noted `link` as one it saw made (its proof for the next run's recovery). */
const noted = (pid: number | undefined, link: string) => readdirSync(RUNS).some((f) => f.startsWith(`${pid}-`) && (JSON.parse(readFileSync(join(RUNS, f), 'utf8')) as { made?: { name: string }[] }).made?.some((m) => m.name === link));

/** `cni-studio lab run` as a user starts it (the built command line), with the plugins of `cniPath`; in the named network namespace `netns` if given. */
const labRun = (args: string[], cniPath: string[], netns?: string) => {
  const command = [process.execPath, resolve('bin/cni-studio.cjs'), 'lab', 'run', ...args, '--cni-path', cniPath.join(':')];
  return netns ? spawn('ip', ['netns', 'exec', netns, ...command], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
};

type LabRunProcess = ReturnType<typeof labRun>;

/** The list written to a file in `dir`, as a user hands it to `lab run`. */
function conflistIn(dir: string, conflist: JsonObject & { name: string }): string {
  const file = join(dir, `10-${conflist.name}.conflist`);
  writeFileSync(file, JSON.stringify(conflist));
  return file;
}

/** Kills a run (SIGKILL) once `ready` says it has got as far as the test needs (checked every 50 ms, for 10 s at most). */
async function killWhen(run: LabRunProcess, ready: (run: LabRunProcess) => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(run); i++) await new Promise((r) => setTimeout(r, 50));
  run.kill('SIGKILL');
  await new Promise((r) => run.once('exit', r));
}

/** The next run (another network), which removes what a killed one left: what it printed, once it has ended well. */
async function nextRun(cli: (args: string[]) => LabRunProcess): Promise<string> {
  const next = cli([resolve(__dirname, 'testdata/lab-loopback.conflist'), '--op', 'add']);
  let out = '';
  next.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  expect(await new Promise((r) => next.once('exit', r))).toBe(0);
  return out;
}

/**
 * A test in a network namespace of its own (forwarding, nftables and iptables are per namespace), its
 * loopback up: `lab run` inside it, with the fixtures and the system's plugins. Afterwards what is left in
 * it is killed (a killed run's hang plugin: no helper is left to kill it) and the namespace and folder removed.
 */
async function inTestNamespace(ns: string, test: (t: { dir: string; inNs: (...args: string[]) => string; cli: (args: string[]) => LabRunProcess }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cnistudio-killed-'));
  execFileSync('ip', ['netns', 'add', ns]);
  const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' }).trim();
  try {
    inNs('ip', 'link', 'set', 'lo', 'up');
    await test({ dir, inNs, cli: (args) => labRun(args, [FIXTURES, ...SYSTEM], ns) });
  } finally {
    // Every process in it: the killed run's (`ip netns exec` became the helper) and its plugins'.
    for (const pid of spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) spawnSync('kill', ['-KILL', pid], { stdio: 'ignore' });
    spawnSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await listOurNetns()).toEqual([]);
  expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toContain(ns);
}

describe.runIf(ready)('lab runs killed mid-run', () => {
  it('a lab run killed mid-run (SIGKILL) leaves its bridge, lease and ipMasq rules; the next run removes them, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-killed-'));
    const leases = join(dir, 'leases');
    const file = join(dir, '10-killed.conflist');
    writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test30', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb30', ipMasq: true, ipam: { type: 'host-local', dataDir: leases, ranges: [[{ subnet: '10.244.239.0/24' }]] } }, { type: 'hang' }] }));
    const masquerade = () => execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('name: \\"cnistudio-test30\\"'));
    const network = join(leases, 'cnistudio-test30');
    const leaseFiles = () => (existsSync(network) ? readdirSync(network).filter((f) => /^[0-9.]+$/.test(f)) : []);
    const cli = (args: string[]) => labRun(args, [FIXTURES, ...SYSTEM]);
    // Someone else's bridge made while the run hangs: not the run's, it stays.
    const other = 'cnistudio-tx30';
    // Killed in the end whatever failed first: a hanging run left alive would hold the lab's lock.
    const killed = cli([file, '--op', 'add']);
    try {
      // Killed once the run has noted its bridge by identity (the bridge's ADD has ended).
      for (let i = 0; i < 200 && !((await hostLinks()).some((l) => l.ifname === 'cnistudio-tb30') && leaseFiles().length === 1 && masquerade().length === 3 && noted(killed.pid, 'cnistudio-tb30')); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ip', ['link', 'add', other, 'type', 'bridge']);
      killed.kill('SIGKILL');
      await new Promise((r) => killed.once('exit', r));
      expect((await hostLinks()).map((l) => l.ifname)).toContain('cnistudio-tb30');
      expect(leaseFiles()).toHaveLength(1);
      expect(masquerade()).toHaveLength(3); // POSTROUTING's jump, and its chain's ACCEPT and MASQUERADE
      // The next run (any network) removes what the killed one noted, and says so.
      const next = cli([resolve(__dirname, 'testdata/lab-loopback.conflist'), '--op', 'add']);
      let out = '';
      next.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      expect(await new Promise((r) => next.once('exit', r))).toBe(0);
      // host-local made the folder for the network and the dataDir above it (MkdirAll): both go.
      expect(out).toMatch(new RegExp(`Removed what a killed lab run left: link cnistudio-tb30, lease ${join(network, '10.244.239.2').replace(/\./g, '\\.')}, (lease folder file [^,]+, ){3}lease folder file ${leases}, firewall ipv4 nat/CNI-[0-9a-f]{24}\\.`));
      expect(existsSync(network)).toBe(false);
      expect(existsSync(leases)).toBe(false);
      expect(masquerade()).toEqual([]);
      const names = (await hostLinks()).map((l) => l.ifname);
      expect(names).not.toContain('cnistudio-tb30');
      expect(names).toContain(other);
      expect(leaseFiles()).toEqual([]);
      expect(await listOurNetns()).toEqual([]);
    } finally {
      killed.kill('SIGKILL');
      spawnSync('ip', ['link', 'delete', other], { stdio: 'ignore' });
      spawnSync('ip', ['link', 'delete', 'cnistudio-tb30'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
  });


  it('a bridge of the killed run\'s name made after it died (docker0, cni0 appearing later) is not the run\'s: the next run leaves it, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-killed-'));
    const file = join(dir, '10-renamed.conflist');
    const name = 'cnistudio-tb33';
    writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test33', plugins: [{ type: 'bridge', bridge: name, ipam: { type: 'host-local', dataDir: join(dir, 'leases'), ranges: [[{ subnet: '10.244.235.0/24' }]] } }, { type: 'hang' }] }));
    const cli = (args: string[]) => labRun(args, [FIXTURES, ...SYSTEM]);
    const killed = cli([file, '--op', 'add']);
    try {
      // Killed once the run has noted its bridge (the bridge's ADD ended: the hang plugin runs).
      for (let i = 0; i < 200 && !noted(killed.pid, name); i++) await new Promise((r) => setTimeout(r, 50));
      expect(noted(killed.pid, name)).toBe(true);
      killed.kill('SIGKILL');
      await new Promise((r) => killed.once('exit', r));
      // The run's bridge goes, and another tool makes one of the same name: a new link, a new ifindex.
      const first = (await hostLinks()).find((l) => l.ifname === name)!;
      execFileSync('ip', ['link', 'delete', name]);
      execFileSync('ip', ['link', 'add', name, 'type', 'bridge']);
      const later = (await hostLinks()).find((l) => l.ifname === name)!;
      expect(later.ifindex).not.toBe(first.ifindex);
      const next = cli([resolve(__dirname, 'testdata/lab-loopback.conflist'), '--op', 'add']);
      let out = '';
      next.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      expect(await new Promise((r) => next.once('exit', r))).toBe(0);
      expect(out).toContain(`Left what a killed lab run cannot be proven to have made: link ${name} (bridge): not the bridge the run made (ifindex ${first.ifindex}; this one is ifindex ${later.ifindex}, made since)`);
      expect(out).not.toContain(`link ${name},`);
      expect((await hostLinks()).find((l) => l.ifname === name)?.ifindex).toBe(later.ifindex);
    } finally {
      killed.kill('SIGKILL');
      spawnSync('ip', ['link', 'delete', name], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await listOurNetns()).toEqual([]);
  });

  it("a lab run killed mid-run leaves the forwarding bridge turned on; the next run says so, with the command that gives it back, and leaves it (in a network namespace of the test's: the switch is per namespace)", async () => {
    await inTestNamespace('cnistudio-killtest33', async ({ dir, inNs, cli }) => {
      const file = conflistIn(dir, { cniVersion: '1.0.0', name: 'cnistudio-test33', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb33', isGateway: true, ipam: { type: 'host-local', dataDir: join(dir, 'leases'), ranges: [[{ subnet: '10.244.235.0/24' }]] } }, { type: 'hang' }] });
      // A new namespace may inherit the machine's forwarding: off in this one, as on a machine that does not route.
      inNs('sysctl', '-qw', 'net.ipv4.ip_forward=0');
      // Killed once bridge's ADD has ended (the bridge noted by identity): it turned forwarding on as the gateway.
      await killWhen(cli([file, '--op', 'add']), (run) => inNs('sysctl', '-n', 'net.ipv4.ip_forward') === '1' && noted(run.pid, 'cnistudio-tb33'));
      expect(inNs('sysctl', '-n', 'net.ipv4.ip_forward')).toBe('1');
      const out = await nextRun(cli);
      expect(out).toContain('link cnistudio-tb33');
      expect(out).toContain("A killed lab run's plugins may have turned on the machine's switch net.ipv4.ip_forward 1, was 0: left as it is");
      expect(out).toContain('give it back with sysctl -w net.ipv4.ip_forward=0.');
      expect(inNs('sysctl', '-n', 'net.ipv4.ip_forward')).toBe('1');
    });
  });

  it("a lab run killed mid-run leaves macspoofchk's nftables chains for its container; the next run removes them and nothing of another container's (in a network namespace of the test's)", async () => {
    await inTestNamespace('cnistudio-killtest34', async ({ dir, inNs, cli }) => {
      const file = conflistIn(dir, { cniVersion: '1.0.0', name: 'cnistudio-test34', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb34', macspoofchk: true, ipam: { type: 'host-local', dataDir: join(dir, 'leases'), ranges: [[{ subnet: '10.244.234.0/24' }]] } }, { type: 'hang' }] });
      const chains = () => inNs('nft', 'list', 'ruleset').split('\n').filter((l) => /^\s*chain /.test(l)).map((l) => l.trim().split(' ')[1]!);
      const runs = () => chains().filter((c) => c.startsWith('cni-br-iface-cnistudio-'));
      // Another container's spoof check on the machine, made by hand as the plugin makes one: not the run's.
      inNs('nft', 'add', 'table', 'bridge', 'nat');
      inNs('nft', 'add', 'chain', 'bridge', 'nat', 'PREROUTING', '{ type filter hook prerouting priority -300; policy accept; }');
      inNs('nft', 'add', 'chain', 'bridge', 'nat', 'cni-br-iface-theirs-eth0');
      inNs('nft', 'add', 'rule', 'bridge', 'nat', 'PREROUTING', 'iifname', 'veththeirs', 'jump', 'cni-br-iface-theirs-eth0', 'comment', '"macspoofchk-theirs-eth0"');
      // Killed once bridge's ADD has ended: the container's two chains are there and the run has noted its bridge.
      await killWhen(cli([file, '--op', 'add']), (run) => runs().length === 2 && noted(run.pid, 'cnistudio-tb34'));
      const theirs = runs();
      expect(theirs).toEqual([expect.stringMatching(/^cni-br-iface-cnistudio-[0-9a-f]+-eth0$/), expect.stringMatching(/^cni-br-iface-cnistudio-[0-9a-f]+-eth0-mac$/)]);
      expect(chains()).toEqual(['PREROUTING', 'cni-br-iface-theirs-eth0', ...theirs]);
      expect(await nextRun(cli)).toContain(`firewall nftables bridge nat/${theirs[0]}, firewall nftables bridge nat/${theirs[1]}`);
      // The table and base chain are the plugin's shared ones (its DEL keeps them too), with the other container's chain and jump.
      expect(chains()).toEqual(['PREROUTING', 'cni-br-iface-theirs-eth0']);
      expect(inNs('nft', 'list', 'chain', 'bridge', 'nat', 'PREROUTING')).toContain('jump cni-br-iface-theirs-eth0 comment "macspoofchk-theirs-eth0"');
      expect(inNs('nft', 'list', 'chain', 'bridge', 'nat', 'PREROUTING')).not.toContain('cnistudio-');
    });
  });

  it("a lab run killed mid-run leaves the admin chain its firewall plugin made under the config's name; the next run removes it and its jump, keeping the shared chains (in a network namespace of the test's)", async () => {
    await inTestNamespace('cnistudio-killtest35', async ({ dir, inNs, cli }) => {
      const file = conflistIn(dir, { cniVersion: '1.0.0', name: 'cnistudio-test35', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb35', ipam: { type: 'host-local', dataDir: join(dir, 'leases'), ranges: [[{ subnet: '10.244.233.0/24' }]] } }, { type: 'firewall', iptablesAdminChainName: 'STUDIO-ADM35' }, { type: 'hang' }] });
      const filter = () => inNs('iptables-save', '-t', 'filter').split('\n').filter((l) => l.includes('STUDIO-ADM35') || l.startsWith(':CNI-'));
      // Killed once firewall's ADD has ended (the hang plugin, the fixtures' copy, runs): its admin chain is made and jumped to.
      await killWhen(cli([file, '--op', 'add']), () => filter().some((l) => l.startsWith(':STUDIO-ADM35')) && spawnSync('pgrep', ['-f', join(FIXTURES, 'hang')], { encoding: 'utf8' }).stdout.trim() !== '');
      expect(filter()).toEqual(expect.arrayContaining([expect.stringMatching(/^:STUDIO-ADM35 /), '-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j STUDIO-ADM35']));
      expect(await nextRun(cli)).toContain('firewall ipv4 filter/STUDIO-ADM35');
      expect(filter().filter((l) => l.includes('STUDIO-ADM35'))).toEqual([]);
      // The chains firewall keeps for every container, by design, stay.
      expect(filter().map((l) => l.split(' ')[0])).toEqual(expect.arrayContaining([':CNI-FORWARD']));
    });
  });

  it("a lab run killed mid-run with bandwidth leaves its ifb device; the next run removes it (named after the network and the run's container id)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-killed-'));
    const file = join(dir, '10-shaped.conflist');
    writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test32', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb32', ipam: { type: 'host-local', dataDir: join(dir, 'leases'), ranges: [[{ subnet: '10.244.236.0/24' }]] } }, { type: 'bandwidth', egressRate: 1_000_000, egressBurst: 100_000 }, { type: 'hang' }] }));
    const cli = (args: string[]) => labRun(args, [FIXTURES, ...SYSTEM]);
    const ifbs = async () => (await hostLinks()).filter((l) => l.ifname.startsWith('bwp') && l.linkinfo?.info_kind === 'ifb').map((l) => l.ifname);
    const before = await ifbs();
    const killed = cli([file, '--op', 'add']);
    try {
      let made: string[] = [];
      // Killed once the run has noted its ifb by identity (bandwidth's ADD has ended).
      for (let i = 0; i < 200 && !(made.length === 1 && noted(killed.pid, made[0]!)); i++) {
        await new Promise((r) => setTimeout(r, 50));
        made = (await ifbs()).filter((n) => !before.includes(n));
      }
      expect(made).toHaveLength(1);
      expect(noted(killed.pid, made[0]!)).toBe(true);
      killed.kill('SIGKILL');
      await new Promise((r) => killed.once('exit', r));
      const next = cli([resolve(__dirname, 'testdata/lab-loopback.conflist'), '--op', 'add']);
      let out = '';
      next.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      expect(await new Promise((r) => next.once('exit', r))).toBe(0);
      expect(out).toContain(`link ${made[0]}`);
      expect(await ifbs()).toEqual(before);
    } finally {
      killed.kill('SIGKILL');
      spawnSync('ip', ['link', 'delete', 'cnistudio-tb32'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await listOurNetns()).toEqual([]);
  });

  it("a lab run killed during its checks takes its probe listener with it: nothing holds the run's namespace and veth", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-killed-'));
    const file = join(dir, '10-checks.conflist');
    writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-test31', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb31', isGateway: true, ipam: { type: 'host-local', dataDir: join(dir, 'leases'), ranges: [[{ subnet: '10.244.238.0/24' }]] } }] }));
    const cli = (args: string[]) => labRun(args, SYSTEM);
    // The listener is the run's child (ip netns exec becomes node): found by its parent, gone when it has exited.
    const listenerOf = (pid: number) => spawnSync('pgrep', ['-P', String(pid), '-f', 'probes/listener.mjs'], { encoding: 'utf8' }).stdout.trim();
    const running = (pid: string) => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    try {
      const killed = cli([file, '--op', 'add', '--checks']);
      let listener = '';
      for (let i = 0; i < 300 && !listener; i++) {
        await new Promise((r) => setTimeout(r, 20));
        listener = listenerOf(killed.pid!);
      }
      expect(listener).toMatch(/^\d+$/);
      killed.kill('SIGKILL');
      await new Promise((r) => killed.once('exit', r));
      // Before: it ran on for up to 120 s, holding the killed run's namespace and its host veth.
      for (let i = 0; i < 100 && running(listener); i++) await new Promise((r) => setTimeout(r, 50));
      expect(running(listener)).toBe(false);
    } finally {
      // The next run removes what the killed one left (its bridge, lease and namespace).
      const next = cli([resolve(__dirname, 'testdata/lab-loopback.conflist'), '--op', 'add']);
      expect(await new Promise((r) => next.once('exit', r))).toBe(0);
      spawnSync('ip', ['link', 'delete', 'cnistudio-tb31'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await listOurNetns()).toEqual([]);
  });
});
