// The lab's refusals before a run and its teardown after one, end to end through `cni-studio lab run
// --format json` inside a network namespace this file creates to stand in for the host
// (stand-in-testing.ts): a firewall chain or rules of the stand-in's own, a kernel path to a link, keys in
// another case, the switches portmap turns on, nftables leftovers, a run without a cgroup. Security
// testers' cases among them. Real plugins, root: CI must run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonObject, LabEvent } from '../core';
import { gone } from './process-testing';
import { ip, ready, SYSTEM, useStandInHost } from './stand-in-testing';

describe.runIf(ready)('the lab refuses and tears down inside a stand-in host namespace', () => {
  const { host, router, dir, run, ipam, teardownOf, expectMachineUntouched } = useStandInHost('isolated-safety');

  it("firewall's admin chain: one the stand-in keeps for something else is refused before anything runs; a new one is made, jumped to, and removed with its jump at teardown", async () => {
    const iptables = (...args: string[]) => execFileSync('ip', ['netns', 'exec', host, 'iptables', ...args], { encoding: 'utf8' });
    iptables('-N', 'f2b-sshd');
    iptables('-A', 'f2b-sshd', '-s', '192.0.2.9', '-j', 'DROP');
    const conflist = (admin: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-iso7', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti7', ipam: ipam('10.244.197.0/24') }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: admin }] });
    const refused = await run(conflist('f2b-sshd'), '--op', 'add');
    expect(refused.report.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('plugin 2 (firewall): its "iptablesAdminChainName" names f2b-sshd, a chain of this machine\'s filter table that is not only CNI firewall\'s admin chain (it holds 1 rule of its own (ipv4))') });
    expect(refused.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
    const jump = '-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j LAB-ADMIN';
    // ADD alone (teardown DELs) and the whole cycle alike: the real plugin made the chain and sent CNI-FORWARD's
    // traffic through it; the run removes both, says so, and runs again (nomad's NOMAD-ADMIN was left, and refused).
    for (const op of ['add', 'cycle', 'add']) {
      const { status, report } = await run(conflist('LAB-ADMIN'), '--op', op);
      expect(status).toBe(0);
      const added = report.events.find((e) => e.type === 'observed' && e.after === 'ADD');
      expect(added?.type === 'observed' && added.firewallRules?.map((r) => r.rule)).toContain(jump);
      expect(teardownOf(report)).toMatchObject({ leftovers: [], removedRules: expect.arrayContaining([`ipv4 filter: ${jump}`, 'ipv4 filter: :LAB-ADMIN']) });
      const rules = iptables('-S');
      expect(rules).not.toContain('LAB-ADMIN');
      expect(rules).not.toMatch(/-j f2b-sshd/);
    }
    // One that is only what the plugin makes of it (a runtime's): run, and left as it was.
    iptables('-N', 'LAB-ADMIN');
    iptables('-I', 'CNI-FORWARD', '1', '-m', 'comment', '--comment', 'CNI firewall plugin admin overrides', '-j', 'LAB-ADMIN');
    const kept = await run(conflist('LAB-ADMIN'), '--op', 'add');
    expect(kept.status).toBe(0);
    expect(teardownOf(kept.report)).toMatchObject({ leftovers: [] });
    expect(teardownOf(kept.report)?.removedRules ?? []).toEqual([]);
    expect(iptables('-S')).toContain(jump);
    expect(iptables('-S')).toContain('-N LAB-ADMIN');
  }, 300_000);

  it("another container's firewall rules: a run that may get its address is refused before anything runs (its DEL removed them: a security tester's run), and they stay", async () => {
    const iptables = (...args: string[]) => execFileSync('ip', ['netns', 'exec', host, 'iptables', ...args], { encoding: 'utf8' });
    // An earlier run in the stand-in may have made the chain already.
    spawnSync('ip', ['netns', 'exec', host, 'iptables', '-N', 'CNI-FORWARD'], { stdio: 'ignore' });
    // As firewall 1.1.1 makes them for a container at 10.213.77.5.
    iptables('-A', 'CNI-FORWARD', '-d', '10.213.77.5/32', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
    iptables('-A', 'CNI-FORWARD', '-s', '10.213.77.5/32', '-j', 'ACCEPT');
    const theirs = () => iptables('-S', 'CNI-FORWARD').split('\n').filter((l) => l.includes('10.213.77.5'));
    expect(theirs()).toHaveLength(2);
    const conflist = (address: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-iso8', plugins: [{ type: 'static', ipam: { type: 'static', addresses: [{ address }] } }, { type: 'firewall' }] });
    const refused = await run(conflist('10.213.77.5/24'));
    expect(refused.report.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining("plugin 1 (static): its IPAM (static) may give the container 10.213.77.5, an address this machine's CNI rules name (ipv4 filter: -A CNI-FORWARD -d 10.213.77.5/32") });
    expect(refused.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
    // Another address: the whole cycle runs, and the machine's rules for 10.213.77.5 are there after it.
    const ran = await run(conflist('10.213.77.6/24'));
    expect(ran.status).toBe(0);
    expect(teardownOf(ran.report)?.missingRules).toBeUndefined();
    expect(theirs()).toHaveLength(2);
  }, 150_000);

  it("host-device by a kernel path: the links of the folder the plugin reads must all be allowed, and one out of /sys is refused; allowed, the real plugin moves the first", async () => {
    // The plugin checks only that the path begins with /sys/devices/, then joins it with "net": ".." leaves /sys.
    mkdirSync(join(dir, 'fake-device', 'net', 'cnistudio-tih0'), { recursive: true });
    ip('-n', host, 'link', 'add', 'cnistudio-tih0', 'type', 'veth', 'peer', 'name', 'cnistudio-tih1');
    try {
      const list = (kernelpath: string): JsonObject => ({ cniVersion: '1.0.0', name: 'cnistudio-iso8', plugins: [{ type: 'host-device', kernelpath }] });
      const refusal = async (kernelpath: string, ...args: string[]) => {
        const { report } = await run(list(kernelpath), '--op', 'add', ...args);
        expect(report.events.some((e) => e.type === 'invocation-start')).toBe(false);
        return (report.events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason;
      };
      expect(await refusal(`/sys/devices/../..${dir}/fake-device`, '--host-links', 'cnistudio-tih0')).toContain(`in ${dir}/fake-device/net, outside the kernel's device folders (/sys/devices/, /sys/bus/), where another user could change what it finds`);
      // Every virtual link of the stand-in is in /sys/devices/virtual/net: one not allowed, and the run is refused.
      const virtual = execFileSync('ip', ['netns', 'exec', host, 'ls', '/sys/devices/virtual/net'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
      expect(virtual).toContain('cnistudio-tih0');
      const allowed = virtual.filter((n) => n !== 'cnistudio-tih1');
      expect(await refusal('/sys/devices/virtual', '--host-links', allowed.join(','))).toContain('its "kernelpath" finds cnistudio-tih1, a link of this machine the run did not make');
      // All allowed: the real plugin moves the folder's first link (in name order, as Go reads folders) and DEL gives it back.
      const first = virtual[0]!;
      const mac = (JSON.parse(ip('-n', host, '-j', 'link', 'show', first)) as { address: string }[])[0]!.address;
      const { status, report } = await run(list('/sys/devices/virtual'), '--op', 'add', '--host-links', virtual.join(','));
      expect(status).toBe(0);
      const inside = report.events.find((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed')!;
      expect(inside.namespace.links.find((l) => l.ifname === 'eth0')?.address).toBe(mac);
      expect((JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname)).toContain(first);
    } finally {
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tih0']);
    }
  }, 150_000);

  it('a key in another case is read as the real plugins read it: host-device\'s "Device" and host-local\'s "DataDir" are refused like "device" and "dataDir"', async () => {
    ip('-n', host, 'link', 'add', 'cnistudio-tid0', 'type', 'veth', 'peer', 'name', 'cnistudio-tid1');
    // Not under /var/lib/cni, /run or /tmp (the test's own folder is under /tmp, where plugins may write).
    const outside = `/var/cnistudio-not-a-state-root-${randomBytes(3).toString('hex')}`;
    try {
      // Before, this ran: the real plugin decoded "Device" as its device and moved the stand-in's link.
      const moved = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso9', plugins: [{ type: 'host-device', Device: 'cnistudio-tid0' }] }, '--op', 'add');
      expect(moved.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
      expect((moved.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain('plugin 1 (host-device): its "device" names cnistudio-tid0, a link of this machine the run did not make');
      expect((JSON.parse(ip('-n', host, '-j', 'link', 'show')) as { ifname: string }[]).map((l) => l.ifname)).toContain('cnistudio-tid0');
      // Go folds the long s onto "s": macvlan reads "maſter" as its master (before, it ran on the stand-in's link).
      const longS = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso9', plugins: [{ type: 'macvlan', 'ma\u017fter': 'cnistudio-tid0', ipam: { type: 'static', addresses: [{ address: '10.244.198.2/24' }] } }] }, '--op', 'add');
      expect(longS.report.events.some((e) => e.type === 'invocation-start')).toBe(false);
      expect((longS.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain('plugin 1 (macvlan): its "master" names cnistudio-tid0');
      // Allowed, the same spelling runs and the real plugin does move it: the spelling is what it reads.
      const allowed = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso9', plugins: [{ type: 'host-device', Device: 'cnistudio-tid0' }] }, '--op', 'add', '--host-links', 'cnistudio-tid0');
      expect(allowed.status).toBe(0);
      const inside = allowed.report.events.find((e): e is Extract<LabEvent, { type: 'observed' }> => e.type === 'observed')!;
      expect(inside.namespace.links.map((l) => l.ifname)).toContain('eth0');
      // host-local's leases, as root, in a folder the lab does not let plugins write in.
      const leases = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso10', plugins: [{ type: 'bridge', bridge: 'cnistudio-tib9', IPAM: { type: 'host-local', ranges: [[{ subnet: '10.244.199.0/24' }]], DataDir: outside } }] }, '--op', 'add');
      expect((leases.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain(`its "ipam.dataDir" "${outside}"`);
      expect(existsSync(outside)).toBe(false);
    } finally {
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tid0']);
      rmSync(outside, { recursive: true, force: true });
    }
  }, 150_000);

  it("portmap's route_localnet on the stand-in's uplink is given back at teardown, and said; the attacker's static + portmap is refused (security)", async () => {
    // An uplink with the stand-in's default route, and a test link with no address for macvlan (a veth to the
    // router's namespace): portmap's snat turns route_localnet on on the link that routes the container's
    // address, which only the default route reaches (getRoutableHostIF).
    ip('-n', host, 'link', 'add', 'cnistudio-tiu0', 'type', 'veth', 'peer', 'name', 'cnistudio-tiu1', 'netns', router);
    ip('-n', host, 'addr', 'add', '192.168.197.254/24', 'dev', 'cnistudio-tiu0');
    ip('-n', host, 'link', 'set', 'cnistudio-tiu0', 'up');
    ip('-n', host, 'route', 'add', 'default', 'via', '192.168.197.1');
    ip('-n', host, 'link', 'add', 'cnistudio-tit0', 'type', 'veth', 'peer', 'name', 'cnistudio-tit1', 'netns', router);
    ip('-n', host, 'link', 'set', 'cnistudio-tit0', 'up');
    const localnet = () => ip('netns', 'exec', host, 'cat', '/proc/sys/net/ipv4/conf/cnistudio-tiu0/route_localnet').trim();
    const portmap = { type: 'portmap', capabilities: { portMappings: true } };
    const ports = ['--cap-args', JSON.stringify({ portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }] })];
    try {
      expect(localnet()).toBe('0');
      const macvlan: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso11', plugins: [{ type: 'macvlan', master: 'cnistudio-tit0', ipam: { type: 'static', addresses: [{ address: '198.51.100.7/24' }] } }, portmap] };
      const { report } = await run(macvlan, '--op', 'add', '--host-links', 'cnistudio-tit0', ...ports);
      expect(report.events.filter((e) => e.type === 'invocation-end').map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD macvlan true', 'ADD portmap true', 'DEL portmap true', 'DEL macvlan true']);
      expect(teardownOf(report)!.restoredSysctls).toEqual(['net.ipv4.conf.cnistudio-tiu0.route_localnet 1 → 0']);
      expect(localnet()).toBe('0');
      // Asked to keep its namespaces for a minute: not with the uplink's route_localnet on. Torn down at once, and said.
      const asked = Date.now();
      const kept = await run(macvlan, '--op', 'add', '--host-links', 'cnistudio-tit0', '--keep', '60', ...ports);
      expect(Date.now() - asked).toBeLessThan(30_000);
      expect(kept.report.events.find((e) => e.type === 'not-kept')).toEqual({ type: 'not-kept', reason: expect.stringContaining('the plugins turned route_localnet on on cnistudio-tiu0, a link of this machine') });
      expect(kept.report.events.some((e) => e.type === 'kept')).toBe(false);
      expect(teardownOf(kept.report)!.restoredSysctls).toEqual(['net.ipv4.conf.cnistudio-tiu0.route_localnet 1 → 0']);
      expect(localnet()).toBe('0');
      // static as the chain's first step hands portmap an address no interface of the run holds: refused.
      const attack: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso11b', plugins: [{ type: 'static', ipam: { type: 'static', addresses: [{ address: '198.51.100.7/24' }] } }, portmap] };
      const refused = await run(attack, '--op', 'add', ...ports);
      expect((refused.report.events.find((e) => e.type === 'refused') as { reason: string }).reason).toContain('plugin 1 (static) is an IPAM plugin as a chain step');
      expect(localnet()).toBe('0');
    } finally {
      spawnSync('ip', ['-n', host, 'route', 'del', 'default']);
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tiu0']);
      spawnSync('ip', ['-n', host, 'link', 'delete', 'cnistudio-tit0']);
    }
  }, 60_000);

  it("bridge's macspoofchk: the nftables table its DEL keeps is a leftover of the teardown (security: it was left unreported)", async () => {
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'cnistudio-iso13', plugins: [{ type: 'bridge', bridge: 'cnistudio-ti13', macspoofchk: true, ipam: ipam('10.244.213.0/24') }] };
    try {
      const { report } = await run(conflist, '--op', 'add');
      expect(report.events.filter((e) => e.type === 'invocation-end').map((e) => `${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['ADD bridge true', 'DEL bridge true']);
      expect(teardownOf(report)!.leftovers).toEqual(['nftables table bridge nat (chains PREROUTING)']);
    } finally {
      spawnSync('ip', ['netns', 'exec', host, 'nft', 'delete', 'table', 'bridge', 'nat']);
    }
  }, 60_000);

  it("under ip netns exec (a /sys of its own, no cgroup mounted) the helper mounts the host's hierarchy in its own mount namespace: each call has a cgroup again, and a setsid + env -i child is killed and reported; the host's mounts are untouched (security)", async () => {
    const bin = resolve(__dirname, 'testdata/cni-bin');
    const mountsBefore = readFileSync('/proc/self/mountinfo', 'utf8');
    const { report } = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso15', plugins: [{ type: 'scrubbed-child' }] }, '--op', 'add', '--cni-path', [bin, ...SYSTEM].join(':'));
    const start = report.events.find((e): e is Extract<LabEvent, { type: 'run-start' }> => e.type === 'run-start')!;
    expect(start.containment).toBeUndefined();
    const add = report.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.command === 'ADD')!;
    expect(add.survivors).toHaveLength(1);
    expect(await gone(add.survivors!)).toBe(true);
    // The mount was in ip's mount namespace alone, gone with it.
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toBe(mountsBefore);
  }, 60_000);

  it('without a cgroup (CNI_STUDIO_NO_CGROUP_MOUNT under ip netns exec) a run says its containment is weaker, and still kills and reports a setsid + env -i child (security)', async () => {
    const bin = resolve(__dirname, 'testdata/cni-bin');
    process.env.CNI_STUDIO_NO_CGROUP_MOUNT = '1';
    let report: Awaited<ReturnType<typeof run>>['report'];
    try {
      ({ report } = await run({ cniVersion: '1.0.0', name: 'cnistudio-iso14', plugins: [{ type: 'scrubbed-child' }] }, '--op', 'add', '--cni-path', [bin, ...SYSTEM].join(':')));
    } finally {
      delete process.env.CNI_STUDIO_NO_CGROUP_MOUNT;
    }
    const start = report.events.find((e): e is Extract<LabEvent, { type: 'run-start' }> => e.type === 'run-start')!;
    expect(start.containment).toMatch(/^No cgroup hierarchy is mounted where the helper can write, and it could mount none .*process group, session, environment marker, the helper's pipes and its parent chain/);
    const add = report.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.command === 'ADD')!;
    expect(add.survivors).toHaveLength(1);
    expect(await gone(add.survivors!)).toBe(true);
  }, 60_000);

  it('the machine itself was never touched: none of the runs’ links appeared outside the stand-in', () => expectMachineUntouched());
});
