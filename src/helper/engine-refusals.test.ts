// What the engine refuses before it touches the machine, through the recording fake (no root): plugins
// that are not bare names or that someone else may replace (one CNI_PATH lacks runs as libcni runs it), links of the machine the run did
// not make, host ports it listens on, a host that fails while the run is prepared.
import { describe, expect, it } from 'vitest';
import { parseLabRequest, type JsonObject, type LabEvent } from '../core';
import { runLab } from './engine';
import type { LabHost } from './host';
import { fakeExecutor, fakeHost, fakeMachine, passThrough, runFake as run, vethPlugin } from './testing';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'fake', plugins });
const plugins = { bridge: vethPlugin('veth0001', 'cni9'), portmap: passThrough, tuning: passThrough };

describe('refused before anything runs (fake machine)', () => {
  it('a bridge that existed before the run is joined only when the lab allows it, and never removed', async () => {
    const machine = fakeMachine();
    machine.links.push({ ifname: 'cni9', ifindex: 50, linkinfo: { info_kind: 'bridge' } });
    const refused = await run(list({ type: 'bridge', bridge: 'cni9' }), plugins, {}, { machine });
    expect(refused.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('plugin 1 (bridge): its "bridge" names cni9, a link of this machine the run did not make') });
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }), plugins, {}, { machine, hostLinks: ['cni9'] });
    expect(r.ok).toBe(true);
    expect(r.teardown?.removedLinks).toEqual([]);
    expect(machine.links.map((l) => l.ifname)).toContain('cni9');
  });

  it("runs no config whose container may get an address the machine's CNI rules name (another container's: the run's DEL would remove them)", async () => {
    const machine = fakeMachine();
    const filter = (rule: string) => ({ family: 'ipv4' as const, table: 'filter', rule });
    machine.rules.push(filter(':CNI-FORWARD'), filter('-A CNI-FORWARD -d 10.213.77.5/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'), filter('-A CNI-FORWARD -s 10.213.77.5/32 -j ACCEPT'));
    const chain = (address: string) => list({ type: 'static', ipam: { type: 'static', addresses: [{ address }] } }, { type: 'firewall' });
    const r = await run(chain('10.213.77.5/24'), { ...plugins, static: passThrough, firewall: passThrough }, {}, { machine });
    expect(r.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining("plugin 1 (static): its IPAM (static) may give the container 10.213.77.5, an address this machine's CNI rules name (ipv4 filter: -A CNI-FORWARD -d 10.213.77.5/32") });
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(machine.namespaces.size).toBe(0);
    expect((await run(chain('10.213.77.6/24'), { ...plugins, static: passThrough, firewall: passThrough }, {}, { machine })).events.some((e) => e.type === 'refused')).toBe(false);
  });

  it("runs no firewall whose admin chain is another program's, nor dhcp IPAM on another daemon's socket, nor a written prevResult", async () => {
    const machine = fakeMachine();
    machine.rules.push({ family: 'ipv4', table: 'filter', rule: ':f2b-sshd' });
    const refused = async (chain: JsonObject) => {
      const r = await run(chain, { ...plugins, firewall: passThrough, macvlan: passThrough, dhcp: passThrough }, {}, { machine, hostLinks: ['eth0'] });
      return (r.events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason;
    };
    expect(await refused(list({ type: 'bridge', bridge: 'cni9' }, { type: 'firewall', iptablesAdminChainName: 'f2b-sshd' }))).toContain('plugin 2 (firewall): its "iptablesAdminChainName" names f2b-sshd');
    expect(await refused(list({ type: 'macvlan', master: 'eth0', ipam: { type: 'dhcp', daemonSocketPath: '/run/docker.sock' } }))).toContain('its "ipam.daemonSocketPath" "/run/docker.sock"');
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(machine.namespaces.size).toBe(0);
    expect(await refused(list({ type: 'bridge', bridge: 'cni9' }, { type: 'firewall', iptablesAdminChainName: 'CNI-LAB' }))).toBeUndefined();
    // Nor a prevResult the file writes (portmap would turn on route_localnet on the machine's link to it).
    const ran = machine.calls.length;
    expect(await refused(list({ type: 'portmap', prevResult: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '192.0.2.88/24', interface: 0 }] } }))).toContain('plugin 1 (portmap): its config writes "prevResult"');
    expect(machine.calls.slice(ran).filter((c) => c.startsWith('exec'))).toEqual([]);
    // Nor port mappings to what an IPAM plugin as a chain step hands on (security: an outside attacker's
    // static + portmap turned route_localnet on on the machine's uplink, and forwarded its port off it).
    const attack = list({ type: 'static', ipam: { type: 'static', addresses: [{ address: '198.51.100.7/24' }] } }, { type: 'portmap', capabilities: { portMappings: true } });
    expect(await refused(attack)).toContain('plugin 1 (static) is an IPAM plugin as a chain step: the addresses it hands on belong to no interface of the run, and plugin 2 (portmap) would forward');
    expect(machine.calls.slice(ran).filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(await refused(list({ type: 'bridge', bridge: 'cni9', ipam: { type: 'static', addresses: [{ address: '10.9.0.7/24' }] } }, { type: 'portmap', capabilities: { portMappings: true } }))).toBeUndefined();
  });

  it("takes over none of the machine's routes: a network holding its gateway is refused before anything runs", async () => {
    const machine = fakeMachine();
    const all = { ...plugins, ptp: vethPlugin('veth0002'), 'host-local': passThrough };
    const fake = fakeHost(machine, all);
    const vm = { links: [], addresses: [{ ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }] }], routes: [{ dst: 'default', gateway: '192.0.2.1', dev: 'eth0' }, { dst: '192.0.2.0/24', dev: 'eth0' }] };
    const host: LabHost = { ...fake, reader: () => ({ ...fake.reader(), observeHost: async () => vm }) };
    const ptp = (subnet: string) => list({ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet }]] } });
    const run1 = async (chain: JsonObject) => {
      const events: LabEvent[] = [];
      const parsed = parseLabRequest({ conflist: chain });
      if (!parsed.ok) throw new Error(parsed.message);
      const ok = await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, all), host }, (e) => events.push(e));
      return { ok, refused: (events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason };
    };
    const taken = await run1(ptp('192.0.2.0/24'));
    expect(taken.refused).toContain(`plugin 1 (ptp) puts 192.0.2.0/24 (from its "ipam.ranges[0][0].subnet") on this machine's side, which holds 192.0.2.1, this machine's gateway (default via eth0)`);
    // A gateway outside the subnet (ptp puts it on its veth), a key in another case, a runtimeConfig written in the file.
    const outside = await run1(list({ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.223.0.0/30', gateway: '192.0.2.77' }]] } }));
    expect(outside.refused).toContain(`plugin 1 (ptp) puts 192.0.2.77/32 (its gateway 192.0.2.77, from its "ipam.ranges[0][0].gateway", on the host end of its veth) on this machine's side, which overlaps its route to 192.0.2.0/24 (eth0)`);
    const spelled = await run1(list({ type: 'bridge', bridge: 'cni9', isGateway: true, ipam: { type: 'host-local', SUBNET: '192.0.2.0/24' } }));
    expect(spelled.refused).toMatch(/plugin 1 \(bridge\) puts 192\.0\.2\.0\/24 \(from its "ipam\.subnet"\) .* plugin 1's "ipam\.SUBNET" is its "ipam\.subnet"/);
    const written = await run1(list({ type: 'bridge', bridge: 'cni9', isGateway: true, runtimeConfig: { ipRanges: [[{ subnet: '192.0.2.0/24' }]] }, ipam: { type: 'host-local' } }));
    expect(written.refused).toContain('puts 192.0.2.0/24 (from its "runtimeConfig.ipRanges[0][0].subnet")');
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(machine.namespaces.size).toBe(0);
    expect((await run1(ptp('10.244.9.0/24'))).ok).toBe(true);
  });

  it('maps no host port the machine listens on: refused before anything runs, in every container', async () => {
    const machine = fakeMachine();
    const chain = list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap', capabilities: { portMappings: true } });
    const r = await run(chain, plugins, { containers: 2, containerInputs: [{}, { capabilityArgs: { portMappings: [{ hostPort: 22, containerPort: 80, protocol: 'tcp' }] } }] }, { machine });
    expect(r.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('plugin 2 (portmap) would take host port 22/tcp, where a process of this machine listens') });
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(machine.namespaces.size).toBe(0);
    const other = await run(chain, plugins, { capabilityArgs: { portMappings: [{ hostPort: 2222, containerPort: 80, protocol: 'tcp' }] } }, { machine });
    expect(other.ok).toBe(true);
    // The protocol as iptables reads portmap's -p: "6" is tcp.
    const numbered = await run(chain, plugins, { capabilityArgs: { portMappings: [{ hostPort: 22, containerPort: 80, protocol: '6' }] } }, { machine });
    expect(numbered.events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('plugin 2 (portmap) would take host port 22/tcp (its "protocol" "6", which iptables reads as tcp)') });
  });

  it("runs no plugin on a link of the machine it was not allowed: the device, the master, the default route's link", async () => {
    const machine = fakeMachine(['lo', 'eth0', 'eth1']);
    machine.links[2]!.address = '52:54:00:aa:bb:cc';
    const refused = async (plugin: JsonObject, hostLinks: string[] = []) => {
      const r = await run(list(plugin), { ...plugins, 'host-device': passThrough, macvlan: passThrough, ipvlan: passThrough, vlan: passThrough }, {}, { machine, hostLinks });
      return (r.events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason;
    };
    expect(await refused({ type: 'host-device', device: 'eth0' })).toContain('plugin 1 (host-device): its "device" names eth0, a link of this machine the run did not make, and the plugin moves it into the container: the host loses it');
    expect(await refused({ type: 'host-device', hwaddr: '52:54:00:AA:BB:CC' })).toContain('is the address of eth1');
    // A PCI address is read as the plugin reads it: the links in the device's sysfs net folder.
    machine.netDirs = { '/sys/bus/pci/devices/0000:00:03.0/net': ['eth1'] };
    expect(await refused({ type: 'host-device', pciBusID: '0000:00:03.0' })).toContain('its "pciBusID" finds eth1, a link of this machine the run did not make (the network link of the device "0000:00:03.0")');
    expect(await refused({ type: 'macvlan', master: 'eth1' })).toContain('its "master" names eth1');
    expect(await refused({ type: 'macvlan' })).toContain(`has no "master", so it takes the link of this machine's default route, eth0`);
    expect(await refused({ type: 'vlan', master: 'eth0', vlanId: 5 })).toContain('adds a VLAN link on it');
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    // Allowed, or not the machine's: they run (a master that is not there makes the plugin fail by itself).
    expect(await refused({ type: 'macvlan', master: 'eth1' }, ['eth1'])).toBeUndefined();
    expect(await refused({ type: 'macvlan' }, ['eth0'])).toBeUndefined();
    expect(await refused({ type: 'host-device', device: 'nosuch0' })).toBeUndefined();
    expect(await refused({ type: 'host-device', pciBusID: '0000:00:03.0' }, ['eth1'])).toBeUndefined();
    expect(await refused({ type: 'host-device', pciBusID: '0000:00:04.0' })).toBeUndefined();
    machine.defaultRoutes = [];
    expect(await refused({ type: 'ipvlan' })).toBeUndefined();
    // No namespace is left by a refusal.
    expect(machine.namespaces.size).toBe(0);
  });

  it('judges the list as the plugins decode it: a key in another case (Go matches fields without regard to case) is read as they read it', async () => {
    const machine = fakeMachine(['lo', 'eth0']);
    machine.rules.push({ family: 'ipv4', table: 'filter', rule: ':f2b-sshd' });
    const all = { ...plugins, 'host-device': passThrough, macvlan: passThrough, firewall: passThrough, dhcp: passThrough, 'host-local': passThrough };
    const refused = async (chain: JsonObject) => {
      const r = await run(chain, all, {}, { machine });
      return (r.events.find((e) => e.type === 'refused') as { reason: string } | undefined)?.reason;
    };
    // Each of these ran before: the checks read "device", "master", "dataDir", "type"… as spelled in the docs.
    expect(await refused(list({ type: 'host-device', Device: 'eth0' }))).toMatch(/plugin 1 \(host-device\): its "device" names eth0, a link of this machine the run did not make.* \(the plugins match keys without regard to case, so plugin 1's "Device" is its "device"\)\.$/);
    expect(await refused(list({ Type: 'host-device', device: 'eth0' }))).toContain('its "device" names eth0');
    expect(await refused(list({ type: 'macvlan', Master: 'eth0' }))).toContain('its "master" names eth0');
    expect(await refused(list({ type: 'bridge', bridge: 'cni9', IPAM: { type: 'host-local', DataDir: '/etc/cron.d' } }))).toContain('"ipam.dataDir" "/etc/cron.d", making folders and files there as root, and /etc/cron.d is outside the folders the lab lets plugins write in (/var/lib/cni, /run, /tmp) (the plugins match keys without regard to case, so plugin 1\'s "IPAM" is its "ipam", plugin 1\'s "IPAM.DataDir" is its "ipam.dataDir").');
    expect(await refused(list({ type: 'bridge', bridge: 'cni9' }, { type: 'firewall', IPTablesAdminChainName: 'f2b-sshd' }))).toContain('names f2b-sshd');
    expect(await refused(list({ type: 'bridge', bridge: 'cni9', ipam: { Type: 'dhcp', daemonsocketpath: '/run/docker.sock' } }))).toContain('"/run/docker.sock"');
    expect(await refused(list({ type: 'bridge', bridge: 'cni9' }, { Type: 'portmap', runtimeconfig: { portmappings: [{ hostport: 22, containerPort: 80 }] } }))).toContain('would take host port 22/tcp');
    // Two objects Go would merge: refused by the contract, and by the engine whoever calls it.
    const merged = list({ type: 'bridge', bridge: 'cni9', IPAM: { dataDir: '/etc' }, ipam: { type: 'host-local' } });
    expect(parseLabRequest({ conflist: merged })).toMatchObject({ ok: false, message: expect.stringContaining('it spells "ipam" 2 ways ("IPAM", "ipam"), each an object') });
    const events: LabEvent[] = [];
    const request = { ...(parseLabRequest({ conflist: list({ type: 'bridge', bridge: 'cni9' }) }) as { request: object }).request, conflist: merged };
    expect(await runLab(request as never, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, all), host: fakeHost(machine, all) }, (e) => events.push(e))).toBe(false);
    expect(events.find((e) => e.type === 'refused')).toMatchObject({ reason: expect.stringContaining('it spells "ipam" 2 ways') });
    expect(machine.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(machine.namespaces.size).toBe(0);
    // The same spellings with values the lab allows run, and the plugin gets the list as written.
    const r = await run(list({ type: 'bridge', Bridge: 'cni9', IPAM: { type: 'host-local', DataDir: '/tmp/cnistudio-ipam' } }), all, {}, { machine });
    expect(r.ok).toBe(true);
    // The bridge the list names as "Bridge" is the run's to remove (before, teardown left it on the machine).
    expect(r.teardown).toMatchObject({ removedLinks: ['cni9'], untouchedLinks: [] });
  });

  it('refuses non-bare names before touching the machine', async () => {
    for (const type of ['../x', '']) {
      const r = await run(list({ type: 'bridge' }, { type }), plugins).catch((e: Error) => ({ refusedByContract: e.message }));
      if ('refusedByContract' in r) continue; // the contract may refuse it first
      expect(r.events.map((e) => e.type)).toEqual(['refused', 'run-end']);
      expect(r.machine.calls).toEqual([]);
    }
  });

  it('runs a list with a plugin CNI_PATH does not hold as libcni does: the plugins before it, its call failing in libcni\'s words, then the rollback', async () => {
    const r = await run(list({ type: 'bridge' }, { type: 'nope', name: 'mine' }), plugins);
    expect(r.machine.calls.filter((c) => c.startsWith('exec'))).toEqual(['exec bridge ADD', 'exec bridge DEL']);
    const ends = r.events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end');
    expect(ends.map((e) => `${e.phase} ${e.command} ${e.pluginType} ${e.ok}`)).toEqual(['run ADD bridge true', 'run ADD nope false', 'rollback DEL nope false', 'rollback DEL bridge true']);
    expect(ends[1]!.error).toEqual({ code: 0, msg: 'failed to find plugin "nope" in path [/fake/bin]', words: 'the plugin is not in CNI_PATH', runtime: 'plugin type="nope" name="mine" failed (add): failed to find plugin "nope" in path [/fake/bin]' });
    expect(ends[1]).toMatchObject({ exitCode: null, stdout: '', durationMs: 0 });
    expect(r.events.at(-1)).toMatchObject({ type: 'run-end', ok: false });
  });

  it('refuses a plugin someone else may replace before touching the machine, saying which and why', async () => {
    const machine = fakeMachine();
    const host: LabHost = { ...fakeHost(machine, plugins), replaceable: (path) => (path.endsWith('/portmap') ? '/fake/bin/portmap is writable by every user' : undefined) };
    const events: LabEvent[] = [];
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge' }, { type: 'portmap' }) });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, plugins), host }, (e) => events.push(e))).toBe(false);
    expect(events[0]).toEqual({ type: 'refused', reason: 'Refused before running anything: "portmap" (/fake/bin/portmap) is not run as root: /fake/bin/portmap is writable by every user, so someone else could replace it.' });
    expect(machine.calls).toEqual([]);
  });

  it('refuses a CNI_PATH directory someone else may write, where plugins look for their delegates', async () => {
    const machine = fakeMachine();
    const host: LabHost = { ...fakeHost(machine, plugins), replaceable: (path) => (path === '/open' ? '/open is writable by every user' : undefined) };
    const events: LabEvent[] = [];
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge' }) });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(await runLab(parsed.request, { cniPath: ['/fake/bin', '/open'], executor: fakeExecutor(machine, plugins), host }, (e) => events.push(e))).toBe(false);
    expect(events[0]).toEqual({ type: 'refused', reason: "Refused before running anything: CNI_PATH's /open is not searched as root: /open is writable by every user, so someone else could put plugins there." });
    expect(machine.calls).toEqual([]);
  });

  it('a host failure while preparing is a refused run, with one run-end', async () => {
    const machine = fakeMachine();
    const fake = fakeHost(machine, plugins);
    const host: LabHost = { ...fake, reader: () => ({ ...fake.reader(), createNetns: () => Promise.reject(new Error('permission denied')) }) };
    const events: LabEvent[] = [];
    const parsed = parseLabRequest({ conflist: list({ type: 'bridge' }) });
    if (!parsed.ok) throw new Error(parsed.message);
    const ok = await runLab(parsed.request, { cniPath: [], executor: fakeExecutor(machine, plugins), host }, (e) => events.push(e));
    expect(ok).toBe(false);
    expect(events).toEqual([{ type: 'refused', reason: 'Could not prepare the run: permission denied' }, { type: 'run-end', ok: false, message: 'refused' }]);
  });

});
