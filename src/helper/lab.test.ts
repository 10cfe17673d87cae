// Live runs with the real plugin binaries (Debian's containernetworking-plugins) in namespaces the
// test's runs create; afterwards nothing they created may remain. Needs root: in CI it must run.
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocation, DEFAULT_INPUTS, parseLabRequest, plan, type JsonObject, type LabEvent } from '../core';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';
import { runLab } from './engine';
import { spawnExecutor } from './executor';
import { isRunning } from './pids';
import { findPlugin, probe } from './probe';
import { hostLinks, listOurNetns } from './netns';
import { cniChains, SHARED_CHAINS } from './firewall';
import { fixturePlugins } from './fixture-plugins';
import { freshStateDir } from '../node/state-dir';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const FIXTURES = fixturePlugins();
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && findPlugin('bridge', SYSTEM) !== undefined;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const validator = createValidator(loadSchemas());

interface Run {
  ok: boolean;
  events: LabEvent[];
  ends: Extract<LabEvent, { type: 'invocation-end' }>[];
  teardown: Extract<LabEvent, { type: 'teardown' }>;
}

/** Every namespace this file's runs created, for the leak check (other test files run in parallel). */
const created: string[] = [];

async function live(conflist: JsonObject, extra: JsonObject = {}, cniPath = SYSTEM, hostLinks: string[] = []): Promise<Run> {
  const parsed = parseLabRequest({ conflist, ...extra });
  if (!parsed.ok) throw new Error(parsed.message);
  const events: LabEvent[] = [];
  const ok = await runLab(parsed.request, { cniPath, executor: spawnExecutor, hostLinks }, (e) => {
    events.push(e);
    if (e.type === 'run-start') created.push(...(e.containers?.map((c) => c.netns) ?? [e.netns]).map((p) => p.split('/').pop()!));
  });
  return {
    ok,
    events,
    ends: events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end'),
    teardown: events.find((e): e is Extract<LabEvent, { type: 'teardown' }> => e.type === 'teardown')!,
  };
}

const hostLocal = (subnet: string) => ({ type: 'host-local', ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/tmp/cnistudio-test-ipam' });
const addresses = (run: Run) => {
  const observed = run.events.find((e) => e.type === 'observed' && e.after === 'ADD') as Extract<LabEvent, { type: 'observed' }> | undefined;
  return (observed?.namespace.addresses as { ifname: string; addr_info: { local: string }[] }[] | undefined)?.flatMap((a) => a.addr_info.map((x) => `${a.ifname} ${x.local}`)) ?? [];
};

describe('lab environment', () => {
  it(`has root and the plugins${CI ? ' (required in CI)' : ''}`, () => {
    if (!CI && !ready) return; // on a developer machine without root the live runs below are skipped
    expect({ root, bridge: findPlugin('bridge', SYSTEM) !== undefined }).toEqual({ root: true, bridge: true });
  });
});

describe.runIf(ready)('live runs with the real plugins', () => {
  let chainsBefore: string[] = [];
  beforeAll(async () => {
    // Reservations an interrupted run left would shift this run's addresses (host-local hands out the next).
    freshStateDir('/tmp/cnistudio-test-ipam');
    chainsBefore = await cniChains();
  });
  afterAll(async () => {
    // The leak check: nothing this file's runs created is left (npm test checks the whole machine at the end).
    const namespaces = await listOurNetns();
    expect(created.filter((n) => namespaces.includes(n))).toEqual([]);
    expect((await hostLinks()).map((l) => l.ifname).filter((n) => n.startsWith('cnistudio-tb') || n.startsWith('cnistudio-dm'))).toEqual([]);
    const left = (await cniChains()).filter((c) => !chainsBefore.includes(c) && !SHARED_CHAINS.includes(c.split('/')[1]!));
    expect(left).toEqual([]);
    rmSync('/tmp/cnistudio-test-ipam', { recursive: true, force: true });
    rmSync('/tmp/cnistudio-record', { recursive: true, force: true });
  });

  it('bridge + host-local + portmap + tuning: ADD and DEL, the real address observed, everything removed', async () => {
    // host-local's folder for the network: made by the run, so removed with its lock and reservation at its end.
    const leaseDir = '/tmp/cnistudio-test-ipam/cnistudio-test1';
    rmSync(leaseDir, { recursive: true, force: true });
    const run = await live(
      {
        cniVersion: '1.0.0',
        name: 'cnistudio-test1',
        plugins: [
          { type: 'bridge', bridge: 'cnistudio-tb1', isGateway: true, ipMasq: true, ipam: hostLocal('10.244.240.0/24') },
          { type: 'portmap', capabilities: { portMappings: true } },
          { type: 'tuning', sysctl: { 'net.core.somaxconn': '512' } },
        ],
      },
      { operations: ['ADD', 'DEL'], capabilityArgs: { portMappings: [{ hostPort: 18081, containerPort: 80, protocol: 'tcp' }] } },
    );
    expect(run.ends.map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD bridge true', 'ADD portmap true', 'ADD tuning true', 'DEL tuning true', 'DEL portmap true', 'DEL bridge true']);
    expect(addresses(run)).toContain('eth0 10.244.240.2');
    const observed = run.events.find((e) => e.type === 'observed' && e.after === 'ADD') as Extract<LabEvent, { type: 'observed' }>;
    expect(observed.sysctls).toEqual({ 'net.core.somaxconn': '512' }); // tuning really set it in the namespace
    expect(observed.firewallChains.some((c) => c.startsWith('nat/CNI-DN-'))).toBe(true); // portmap's per-container chain
    // The rules it added, as iptables-save prints them: portmap's DNAT to the container's real address.
    expect(observed.firewallRules!.some((r) => /-p tcp -m tcp --dport 18081 -j DNAT --to-destination 10\.244\.240\.2:80$/.test(r.rule))).toBe(true);
    // The bridge's gateway address and its subnet's route, on the host.
    expect(observed.hostAddresses?.find((a) => a.ifname === 'cnistudio-tb1')?.addr_info?.map((a) => `${a.local}/${a.prefixlen}`)).toContain('10.244.240.1/24');
    expect(observed.hostRoutes?.some((r) => r.dst === '10.244.240.0/24' && r.dev === 'cnistudio-tb1')).toBe(true);
    expect(run.ends[0]!.result).toMatchObject({ ips: [{ address: '10.244.240.2/24', gateway: '10.244.240.1' }] });
    expect(run.teardown.removedLinks).toEqual(['cnistudio-tb1']); // the bridge it created
    expect(run.teardown.leftovers).toEqual([]);
    expect(run.teardown.removedFiles).toEqual(expect.arrayContaining([`${leaseDir}/lock`, `${leaseDir}/last_reserved_ip.0`, leaseDir]));
    expect(existsSync(leaseDir)).toBe(false);
    expect(run.ok).toBe(true);
  });

  it("runs the system's ip and iptables, never those planted first on the helper's own PATH (as npm puts node_modules/.bin)", async () => {
    const planted = mkdtempSync(join(tmpdir(), 'cnistudio-planted-'));
    const tools = ['ip', 'iptables', 'ip6tables', 'iptables-save', 'ip6tables-save', 'iptables-nft', 'iptables-legacy', 'grep', 'modprobe', 'ping'];
    for (const tool of tools) {
      writeFileSync(join(planted, tool), `#!/bin/sh\ntouch "${planted}/ran-${tool}"\nexit 1\n`);
      chmodSync(join(planted, tool), 0o755);
    }
    const saved = process.env.PATH;
    process.env.PATH = `${planted}:${saved ?? ''}`;
    try {
      const run = await live(
        { cniVersion: '1.0.0', name: 'cnistudio-test15', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb15', isGateway: true, ipMasq: true, ipam: hostLocal('10.244.239.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }] },
        { operations: ['ADD', 'DEL'], capabilityArgs: { portMappings: [{ hostPort: 18095, containerPort: 80, protocol: 'tcp' }] } },
      );
      expect(readdirSync(planted).filter((f) => f.startsWith('ran-'))).toEqual([]);
      expect(run.ends.map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD bridge true', 'ADD portmap true', 'DEL portmap true', 'DEL bridge true']);
      const observed = run.events.find((e) => e.type === 'observed' && e.after === 'ADD') as Extract<LabEvent, { type: 'observed' }>;
      expect(observed.firewallRules!.some((r) => /--dport 18095 -j DNAT --to-destination 10\.244\.239\.2:80$/.test(r.rule))).toBe(true);
      expect(run.ok).toBe(true);
    } finally {
      process.env.PATH = saved;
      rmSync(planted, { recursive: true, force: true });
    }
  });

  // ADD and DEL only: portmap's CHECK with port mappings fails in plugins 1.1.x and 1.2.0 (it looks for each
  // address's rules in both iptables and ip6tables; fixed in 1.3.0), which is Debian's 1.1.1 here.
  it('two containers on one bridge: each its own namespace and address, only the first publishes 18093, both DELed, the bridge removed', async () => {
    const run = await live(
      { cniVersion: '1.0.0', name: 'cnistudio-test13', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb13', isGateway: true, ipMasq: true, ipam: hostLocal('10.244.252.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }] },
      { operations: ['ADD', 'DEL'], containers: 2, containerInputs: [{ capabilityArgs: { portMappings: [{ hostPort: 18093, containerPort: 80, protocol: 'tcp' }] } }] },
    );
    expect(run.ends.map((e) => `${e.command} ${e.pluginType} c${(e.container ?? 0) + 1} ${e.ok}`)).toEqual([
      'ADD bridge c1 true', 'ADD portmap c1 true', 'ADD bridge c2 true', 'ADD portmap c2 true',
      'DEL portmap c1 true', 'DEL bridge c1 true', 'DEL portmap c2 true', 'DEL bridge c2 true',
    ]);
    const afterAdd = run.events.filter((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed' && e.after === 'ADD');
    const own = (o: Extract<LabEvent, { type: 'observed' }>) => (o.namespace.addresses as { ifname: string; addr_info: { local: string }[] }[]).flatMap((a) => a.addr_info.map((x) => `${a.ifname} ${x.local}`));
    expect(afterAdd.map((o) => o.container)).toEqual([0, 1]);
    expect(own(afterAdd[0]!)).toContain('eth0 10.244.252.2');
    expect(own(afterAdd[1]!)).toContain('eth0 10.244.252.3');
    // Only the first container's port mapping became a DNAT rule, to its own address.
    expect(afterAdd[0]!.firewallRules!.some((r) => /--dport 18093 -j DNAT --to-destination 10\.244\.252\.2:80$/.test(r.rule))).toBe(true);
    // (Each observation lists every rule the run has added so far: none forwards to the second container.)
    expect(afterAdd[1]!.firewallRules!.some((r) => r.rule.includes('--to-destination 10.244.252.3'))).toBe(false);
    expect(run.teardown.removedNamespaces).toHaveLength(2);
    expect(run.teardown.removedLinks).toEqual(['cnistudio-tb13']);
    expect(run.teardown.leftovers).toEqual([]);
    expect(run.ok).toBe(true);
  });

  it("CNI309 holds on this machine's plugins: portmap's CHECK with port mappings fails exactly when the finding says so", async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-test14', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb14', ipam: hostLocal('10.244.251.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }] };
    const machine = await probe(SYSTEM, spawnExecutor);
    expect(machine.profile).toBeDefined();
    const predicted = validator.validate(conflist, { profile: machine.profile! }).some((f) => f.code === 'CNI309');
    const run = await live(conflist, { operations: ['ADD', 'CHECK', 'DEL'], capabilityArgs: { portMappings: [{ hostPort: 18094, containerPort: 80, protocol: 'tcp' }] } });
    const check = run.ends.find((e) => e.command === 'CHECK' && e.pluginType === 'portmap');
    expect({ release: machine.profile!.plugins, checkFails: check?.ok === false }).toEqual({ release: machine.profile!.plugins, checkFails: predicted });
    if (predicted) expect(check!.error!.msg).toContain('could not check ipv6 dnat');
    expect(run.teardown.removedLinks).toEqual(['cnistudio-tb14']);
  });

  it('ptp + bandwidth: a full cycle with CHECK', async () => {
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test2', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.241.0/24') }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000, egressRate: 1000000, egressBurst: 100000 }] });
    expect(run.ends.map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD ptp true', 'ADD bandwidth true', 'CHECK ptp true', 'CHECK bandwidth true', 'DEL bandwidth true', 'DEL ptp true']);
    expect(addresses(run)).toContain('eth0 10.244.241.2');
  });

  it('loopback on its own', async () => {
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test3', plugins: [{ type: 'loopback' }] });
    expect(run.ok).toBe(true);
    expect(addresses(run)).toContain('lo 127.0.0.1');
  });

  it('macvlan on a master link the test creates, with static IPAM, once the lab is allowed that link', async () => {
    // A veth pair as the master (kernels without the dummy link type have veth).
    execFileSync('ip', ['link', 'add', 'cnistudio-dm0', 'type', 'veth', 'peer', 'name', 'cnistudio-dm1']);
    try {
      const conflist = { cniVersion: '1.0.0', name: 'cnistudio-test4', plugins: [{ type: 'macvlan', master: 'cnistudio-dm0', mode: 'bridge', ipam: { type: 'static', addresses: [{ address: '192.168.203.5/24' }] } }] };
      const refused = await live(conflist, { operations: ['ADD', 'DEL'] });
      expect(refused.ok).toBe(false);
      expect(refused.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('its "master" names cnistudio-dm0, a link of this machine the run did not make') });
      expect(refused.ends).toEqual([]);
      const run = await live(conflist, { operations: ['ADD', 'DEL'] }, SYSTEM, ['cnistudio-dm0']);
      expect(run.ok).toBe(true);
      expect(addresses(run)).toContain('eth0 192.168.203.5');
      expect(run.teardown.removedLinks).toEqual([]); // the master existed before the run: untouched
    } finally {
      execFileSync('ip', ['link', 'delete', 'cnistudio-dm0']);
    }
  });

  it("host-device: refused on a link of the machine; allowed, it moves the link into the container and DEL gives it back under its name", async () => {
    execFileSync('ip', ['link', 'add', 'cnistudio-hd0', 'type', 'veth', 'peer', 'name', 'cnistudio-hd1']);
    try {
      execFileSync('ip', ['address', 'add', '192.168.204.1/24', 'dev', 'cnistudio-hd0']);
      const link = () => JSON.parse(execFileSync('ip', ['-j', 'address', 'show', 'dev', 'cnistudio-hd0'], { encoding: 'utf8' })) as { ifname: string; addr_info: { local: string }[] }[];
      const conflist = { cniVersion: '1.0.0', name: 'cnistudio-test5', plugins: [{ type: 'host-device', device: 'cnistudio-hd0' }] };
      const refused = await live(conflist, { operations: ['ADD', 'DEL'] });
      expect(refused.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('its "device" names cnistudio-hd0, a link of this machine the run did not make, and the plugin moves it into the container: the host loses it') });
      expect(link()[0]?.addr_info.map((a) => a.local)).toContain('192.168.204.1');
      const run = await live(conflist, { operations: ['ADD', 'DEL'] }, SYSTEM, ['cnistudio-hd0']);
      expect(run.ok).toBe(true);
      expect(run.ends.map((e) => `${e.command} ${e.ok}`)).toEqual(['ADD true', 'DEL true']);
      expect(link()[0]?.ifname).toBe('cnistudio-hd0'); // back on the host under its name
    } finally {
      execFileSync('ip', ['link', 'delete', 'cnistudio-hd0']);
    }
  });

  it('maps no host port a process of the machine listens on (a server the test opens on loopback)', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    try {
      const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-test6', plugins: [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '192.168.205.5/24', gateway: '192.168.205.1' }] } }, { type: 'portmap', capabilities: { portMappings: true } }] };
      const run = await live(conflist, { operations: ['ADD', 'DEL'], capabilityArgs: { portMappings: [{ hostPort: port, containerPort: 80, protocol: 'tcp' }] } });
      expect(run.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining(`would take host port ${port}/tcp, where a process of this machine listens`) });
      expect(run.ends).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("keeps no plugin state outside /var/lib/cni, /run and /tmp, nor in a folder another user owns, nor makes a new name directly in /run", async () => {
    const outside = '/etc/cnistudio-test7';
    const conflist = (dataDir: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-test7', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.207.0/24' }]], dataDir } }] });
    const refused = await live(conflist(outside), { operations: ['ADD', 'DEL'] });
    expect(refused.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining(`keeps its state in its "ipam.dataDir" "${outside}", making folders and files there as root, and ${outside} is outside the folders`) });
    expect(existsSync(outside)).toBe(false);
    // A new folder directly in /run can mean something to the machine (/run/nologin stops every login: an
    // outside attacker's dataDir "/run" and network "nologin"); this one's name means nothing, and is refused too.
    const inRun = await live(conflist('/run/cnistudio-test7'), { operations: ['ADD', 'DEL'] });
    expect(inRun.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('it would make /run/cnistudio-test7, a new name in /run, a folder of the system') });
    expect(existsSync('/run/cnistudio-test7')).toBe(false);
    const theirs = mkdtempSync(join(tmpdir(), 'cnistudio-theirs-'));
    try {
      chownSync(theirs, 65534, 65534);
      const redirected = await live(conflist(join(theirs, 'ipam')), { operations: ['ADD', 'DEL'] });
      expect(redirected.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining(`another user could send the writes elsewhere: ${theirs} belongs to uid 65534, not root`) });
      expect(readdirSync(theirs)).toEqual([]);
    } finally {
      rmSync(theirs, { recursive: true, force: true });
    }
  });

  it('feeds each plugin exactly the stdin the planner builds (recording plugin)', async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-test5', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb5', ipam: hostLocal('10.244.245.0/24') }, { type: 'record', capabilities: { portMappings: true }, note: '<&>' }] };
    const caps = { portMappings: [{ HostPort: 8080, ContainerPort: 80, Protocol: 'tcp' }] };
    const run = await live(conflist, { operations: ['ADD', 'DEL'], capabilityArgs: caps }, [FIXTURES, ...SYSTEM]);
    expect(run.ok).toBe(true);
    const start = run.events.find((e) => e.type === 'run-start') as Extract<LabEvent, { type: 'run-start' }>;
    const recorded = JSON.parse(readFileSync(`/tmp/cnistudio-record/${start.containerId}-ADD.json`, 'utf8')) as { stdin: string; env: Record<string, string> };
    // What the binary read is what the planner built with the real previous result, byte for byte...
    const inputs = { ...DEFAULT_INPUTS, containerId: start.containerId, netns: start.netns, cniPath: [FIXTURES, ...SYSTEM], capabilityArgs: caps };
    // The previous result as libcni hands it on (its library's reading of what bridge printed).
    const expected = buildInvocation(conflist, 1, 'ADD', inputs, run.ends[0]!.handedOn ?? run.ends[0]!.result, false);
    expect(recorded.stdin).toBe(expected.stdinText);
    expect(recorded.env).toEqual(expected.env);
    // ...and the preview shows the same stdin, but for the predicted prevResult, whose address was right.
    const preview = plan(conflist, inputs, 'ADD', { validator }).invocations[1]!;
    const { prevResult: real, ...realRest } = JSON.parse(recorded.stdin) as JsonObject;
    const { prevResult: predicted, ...previewRest } = preview.stdin;
    expect(realRest).toEqual(previewRest);
    expect((predicted as JsonObject).ips).toEqual((real as JsonObject).ips);
    const del = JSON.parse(readFileSync(`/tmp/cnistudio-record/${start.containerId}-DEL.json`, 'utf8')) as { stdin: string };
    expect(JSON.parse(del.stdin).prevResult).toEqual(run.ends[1]!.handedOn ?? run.ends[1]!.result); // DEL gets the cached final result
  });

  it('a plugin failing mid-chain: the error in words, rollback DEL, nothing leaked', async () => {
    const run = await live({ cniVersion: '0.3.1', name: 'cnistudio-test6', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb6', ipam: hostLocal('10.244.246.0/24') }, { type: 'firewall' }] }, { operations: ['ADD', 'DEL'] });
    expect(run.ok).toBe(false);
    const failed = run.ends.find((e) => !e.ok)!;
    expect(failed).toMatchObject({ pluginType: 'firewall', command: 'ADD', error: { code: 1, words: 'incompatible CNI version' } });
    expect(run.ends.filter((e) => e.phase === 'rollback').map((e) => `${e.command} ${e.pluginType}`)).toEqual(['DEL firewall', 'DEL bridge']);
    expect(run.teardown.removedLinks).toEqual(['cnistudio-tb6']);
  });

  it('a plugin that hangs is killed after its time limit, then rolled back', async () => {
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test7', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.247.0/24') }, { type: 'hang' }] }, { timeoutMs: 1000 }, [FIXTURES, ...SYSTEM]);
    const hung = run.ends.find((e) => e.pluginType === 'hang' && e.command === 'ADD')!;
    expect(hung).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL' });
    expect(hung.durationMs).toBeLessThan(5000);
    expect(run.ends.filter((e) => e.phase === 'rollback').map((e) => `${e.pluginType} ${e.ok}`)).toEqual(['hang true', 'ptp true']);
  });

  it("leaves a link someone else created during the run, and says so; removes the bridge it created", async () => {
    // The run keeps its namespace 2 s; meanwhile another tool creates a bridge on the host.
    const pending = live({ cniVersion: '1.0.0', name: 'cnistudio-test10', plugins: [{ type: 'bridge', bridge: 'cnistudio-tb10', ipam: hostLocal('10.244.250.0/24') }] }, { operations: ['ADD'], keepSeconds: 2 });
    for (let i = 0; i < 100 && !(await hostLinks()).some((l) => l.ifname === 'cnistudio-tb10'); i++) await new Promise((r) => setTimeout(r, 50));
    execFileSync('ip', ['link', 'add', 'cnistudio-tx10', 'type', 'bridge']);
    try {
      const run = await pending;
      expect(run.ok).toBe(true);
      expect(run.teardown.removedLinks).toEqual(['cnistudio-tb10']);
      expect(run.teardown.untouchedLinks).toEqual(['cnistudio-tx10']);
      expect((await hostLinks()).map((l) => l.ifname)).toContain('cnistudio-tx10');
    } finally {
      execFileSync('ip', ['link', 'delete', 'cnistudio-tx10']);
    }
  });

  it('a plugin whose child keeps stdout open: the call ends when the plugin does, the child is killed and named', async () => {
    const t0 = Date.now();
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test11', plugins: [{ type: 'setsid-child' }] }, { operations: ['ADD', 'DEL'], timeoutMs: 2000 }, [FIXTURES, ...SYSTEM]);
    expect(Date.now() - t0).toBeLessThan(10_000); // not 2 x 40 s
    expect(run.ends.map((e) => `${e.command} ${e.ok} ${e.survivors?.length ?? 0}`)).toEqual(['ADD true 1', 'DEL true 1']);
    // Killed: at most a zombie until init reaps it.
    for (const pid of run.ends.flatMap((e) => e.survivors ?? [])) expect(isRunning(pid)).toBe(false);
  });

  it('refuses, as root, a plugin in a directory every user may write, before creating anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-open-'));
    try {
      copyFileSync(join(FIXTURES, 'record'), join(dir, 'record'));
      chmodSync(join(dir, 'record'), 0o755);
      chmodSync(dir, 0o777);
      const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test16', plugins: [{ type: 'record' }] }, { operations: ['ADD', 'DEL'] }, [dir]);
      expect(run.ok).toBe(false);
      expect(run.events.map((e) => e.type)).toEqual(['refused', 'run-end']);
      expect(run.events[0]).toMatchObject({ reason: expect.stringContaining(`CNI_PATH's ${dir} is not searched as root: ${dir} is writable by every user`) });
      chmodSync(dir, 0o755);
      expect((await live({ cniVersion: '1.0.0', name: 'cnistudio-test16', plugins: [{ type: 'record' }] }, { operations: ['ADD', 'DEL'] }, [dir])).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a plugin that hangs with a child of its own: both killed at the limit, the lock released', async () => {
    const t0 = Date.now();
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test12', plugins: [{ type: 'hang-with-child' }] }, { operations: ['ADD'], timeoutMs: 1000 }, [FIXTURES, ...SYSTEM]);
    const add = run.ends.find((e) => e.command === 'ADD')!;
    expect(add).toMatchObject({ ok: false, timedOut: true });
    expect(add.survivors?.length).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(10_000); // ADD and the rollback DEL, 1 s each
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', ok: false });
  });

  it('a plugin that prints garbage fails clearly', async () => {
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test8', plugins: [{ type: 'loopback' }, { type: 'garbage' }] }, {}, [FIXTURES, ...SYSTEM]);
    // libcni's words for a result that is not JSON, wrapped as libcni reports the failed ADD.
    expect(run.ends.find((e) => e.pluginType === 'garbage')!.error).toMatchObject({ msg: "failed to unmarshal raw result: invalid character 'h' looking for beginning of value", runtime: `plugin type="garbage" failed (add): failed to unmarshal raw result: invalid character 'h' looking for beginning of value` });
    expect(run.ok).toBe(false);
  });

  it('runs a missing plugin as libcni does (the ones before it, then its failure, then the rollback); refuses path-like types before creating anything', async () => {
    const run = await live({ cniVersion: '1.0.0', name: 'cnistudio-test9', plugins: [{ type: 'loopback' }, { type: 'nonexistent' }] });
    expect(run.ends.map((e) => `${e.phase} ${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['run ADD loopback true', 'run ADD nonexistent false', 'rollback DEL nonexistent false', 'rollback DEL loopback true']);
    expect(run.ends[1]!.error!.runtime).toBe(`plugin type="nonexistent" failed (add): failed to find plugin "nonexistent" in path [${SYSTEM.join(' ')}]`);
    expect(run.ok).toBe(false);
    expect(run.teardown.leftovers).toEqual([]);
    // Paths and empty names never reach the engine: the request contract refuses them.
    for (const type of ['../../bin/sh', '/bin/sh']) await expect(live({ cniVersion: '1.0.0', name: 'cnistudio-test9', plugins: [{ type: 'loopback' }, { type }] })).rejects.toThrow(/"type"/);
    await expect(live({ cniVersion: '1.0.0', name: 'cnistudio-test9', plugins: [{ type: 'loopback' }, { type: '' }] })).rejects.toThrow("missing 'type'");
  });

});
