// The engine's reading of what a plugin prints after ADD, as libcni reads it, through the recording fake of
// the machine (testing.ts): results libcni cannot read or decode fail the ADD after the plugin ran; results it
// reads run on, however they are nested or keyed; a fault of the helper's own still tears everything down.
import { describe, expect, it } from 'vitest';
import type { JsonObject, LabEvent } from '../core';
import { fakeMachine, nftItem, passThrough, runFake as run, vethPlugin, type FakePlugin, type NftItem } from './testing';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'fake', plugins });
const plugins = { bridge: vethPlugin('veth0001', 'cni9'), portmap: passThrough, tuning: passThrough };

describe("a plugin's printed ADD result, as libcni reads it (fake machine)", () => {
  it("a result of a version the profile's libcni does not know fails the ADD after the plugin ran, as libcni's result decoding does", async () => {
    // Plugins 1.6+ accept and print 1.1.0; libcni 1.1.x implements results up to 1.0.0 only.
    const v110 = { ...list({ type: 'bridge', bridge: 'cni9' }, { type: 'tuning' }), cniVersion: '1.1.0' };
    // The bridge prints its result in the version it was given, as the reference plugins do.
    const bridge: FakePlugin = async (req, m) => {
      const out = await plugins.bridge(req, m);
      if (!out.stdout) return out;
      return { ...out, stdout: JSON.stringify({ ...(JSON.parse(out.stdout) as JsonObject), cniVersion: (JSON.parse(req.stdin) as JsonObject).cniVersion }) };
    };
    const old = await run(v110, { ...plugins, bridge }, { operations: ['ADD', 'DEL'], libcni: '1.1.2' });
    expect(old.steps).toEqual(['ADD bridge failed', 'rollback DEL tuning ok', 'rollback DEL bridge ok']);
    const failed = old.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && !e.ok)!;
    expect(failed.error).toMatchObject({ msg: 'unsupported CNI result version "1.1.0"', runtime: 'plugin type="bridge" failed (add): unsupported CNI result version "1.1.0"' });
    // What the plugin printed is kept, and the bridge it made is still removed.
    expect(failed.result).toMatchObject({ cniVersion: '1.1.0' });
    expect(old.teardown).toMatchObject({ removedLinks: ['cni9'] });
    const now = await run(v110, { ...plugins, bridge }, { operations: ['ADD', 'DEL'], libcni: '1.2.0' });
    expect(now.steps).toEqual(['ADD bridge ok', 'ADD tuning ok', 'DEL tuning ok', 'DEL bridge ok']);
    // The version a result declares decides, whatever the list's: no libcni knows 0.5.0.
    const odd: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: JSON.stringify({ cniVersion: '0.5.0', ips: [] }) } : {});
    const r = await run(list({ type: 'odd' }), { odd }, { operations: ['ADD'], libcni: '1.3.0' });
    expect(r.events.find((e) => e.type === 'invocation-end')).toMatchObject({ ok: false, error: { msg: 'unsupported CNI result version "0.5.0"' } });
  });
  it('a result nested thousands deep (Go reads 10000 levels) runs on as libcni reads it: no fault of the helper, every step DELed', async () => {
    // JSON.stringify gives up near 3000 levels: the event, the comparison and the next stdin once threw mid-ADD.
    const deep = `${'['.repeat(6000)}1${']'.repeat(6000)}`;
    const nested: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: JSON.stringify((JSON.parse(req.stdin) as { prevResult: JsonObject }).prevResult).replace(/}$/, `,"x":${deep}}`) } : {});
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'nested' }, { type: 'tuning' }), { ...plugins, nested }, { operations: ['ADD', 'DEL'] });
    expect(r.steps).toEqual(['ADD bridge ok', 'ADD nested ok', 'ADD tuning ok', 'DEL tuning ok', 'DEL nested ok', 'DEL bridge ok']);
    const added = r.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.pluginType === 'nested')!;
    expect(added).toMatchObject({ ok: true, printedTooDeep: true });
    expect(added.result).not.toHaveProperty('x');
    expect(added.stdout.length).toBeGreaterThan(12_000);
    expect(r.events.at(-1)).toEqual({ type: 'run-end', ok: true, message: 'done' });
    expect(() => JSON.stringify(r.events)).not.toThrow();
  });
  it('a result with keys every JavaScript object has ("__proto__", "constructor") runs on: Go ignores them', async () => {
    const odd: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: '{"cniVersion":"1.0.0","__proto__":{},"constructor":"x","ips":[{"address":"10.0.0.2/24","__proto__":1}]}' } : {});
    const r = await run(list({ type: 'odd' }, { type: 'tuning' }), { ...plugins, odd }, { operations: ['ADD', 'DEL'] });
    expect(r.steps).toEqual(['ADD odd ok', 'ADD tuning ok', 'DEL tuning ok', 'DEL odd ok']);
    expect(r.events.at(-1)).toEqual({ type: 'run-end', ok: true, message: 'done' });
  });
  it("a fault of the helper's own mid-ADD still DELs the whole chain in teardown (the lease, the bridge)", async () => {
    let thrown = false;
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap' }, { type: 'tuning' }), plugins, { operations: ['ADD', 'DEL'] }, {
      during: () => {
        if (thrown) return;
        thrown = true;
        throw new Error('the event could not be written');
      },
    });
    expect(r.steps).toEqual(['ADD bridge ok', 'teardown DEL tuning ok', 'teardown DEL portmap ok', 'teardown DEL bridge ok']);
    expect(r.teardown).toMatchObject({ removedLinks: ['cni9'] });
    expect(r.events.at(-1)).toEqual({ type: 'run-end', ok: false, message: 'failed: helper error: the event could not be written' });
  });
  it("output past CNI Studio's read limit fails the ADD in CNI Studio's words, not as libcni's decoding error", async () => {
    const big: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: '{"cniVersion":"1.0.0","x":"', stdoutBytes: 9_000_000 } : {});
    const r = await run(list({ type: 'big' }), { big }, { operations: ['ADD', 'DEL'] });
    expect(r.steps).toEqual(['ADD big failed', 'rollback DEL big ok']);
    const failed = r.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && !e.ok)!;
    expect(failed.error?.msg).toBe("CNI Studio reads at most 1048576 bytes of a plugin's output, and this plugin wrote 9000000");
    expect(failed.error?.runtime).toBeUndefined();
  });
  it("a run's output past what CNI Studio keeps in one run fails the call that passes it, and the run tears down", async () => {
    // Each call prints a valid result of nearly a megabyte: the 17th passes 16 MiB.
    const padded: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: JSON.stringify({ cniVersion: '1.0.0', dns: { options: ['x'.repeat(1_000_000)] } }) } : {});
    const many = Array.from({ length: 20 }, () => ({ type: 'padded' }));
    const r = await run(list(...many), { padded }, { operations: ['ADD', 'DEL'] });
    expect(r.ok).toBe(false);
    const failed = r.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && !e.ok)!;
    expect(failed.index).toBe(16);
    expect(failed.error?.msg).toMatch(/^CNI Studio keeps at most 16777216 bytes of plugin output in one run, and this run's calls have printed \d+$/);
    // The rollback still DELs the whole list, as libcni's does.
    expect(r.steps.filter((s) => s.startsWith('rollback DEL'))).toHaveLength(20);
    expect(r.teardown).toBeDefined();
  });
  it('an address Go does not parse fails the ADD after the plugin ran, as libcni decoding the result into net.IPNet does', async () => {
    // Go refuses leading zeros (CVE-2021-29923); the result check never sees this result: libcni fails first.
    const zeros: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: JSON.stringify({ cniVersion: '1.0.0', ips: [{ address: '127.000.000.001/8' }] }) } : {});
    const r = await run(list({ type: 'zeros' }, { type: 'tuning' }), { ...plugins, zeros }, { operations: ['ADD', 'DEL'], libcni: '1.3.0' });
    expect(r.steps).toEqual(['ADD zeros failed', 'rollback DEL tuning ok', 'rollback DEL zeros ok']);
    const failed = r.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && !e.ok)!;
    expect(failed.error).toMatchObject({ msg: 'invalid CIDR address: 127.000.000.001/8', runtime: 'plugin type="zeros" failed (add): invalid CIDR address: 127.000.000.001/8' });
    // A value of the wrong JSON type fails Go's decoding too: described, with no claim to be the runtime's words.
    const typed: FakePlugin = (req) => (req.env.CNI_COMMAND === 'ADD' ? { stdout: JSON.stringify({ cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24', interface: '0' }] }) } : {});
    const t = await run(list({ type: 'typed' }), { typed }, { operations: ['ADD', 'DEL'], libcni: '1.3.0' });
    expect(t.steps).toEqual(['ADD typed failed', 'rollback DEL typed ok']);
    const wrong = t.events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && !e.ok)!;
    expect(wrong.error?.msg).toBe("/ips/0/interface is a string, where libcni's types100 result has an integer");
    expect(wrong.error?.runtime).toBeUndefined();
  });
});

describe("the machine's switches its plugins turn on", () => {
  // bridge as a gateway and ptp write 1 to ip_forward (and IPv6's) and never 0.
  const forwarding: FakePlugin = async (request, machine) => {
    if (request.env.CNI_COMMAND === 'ADD') machine.switches = { ...machine.switches, 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '1' };
    return vethPlugin('veth0001', 'cni9')(request, machine);
  };
  it('forwarding is given back as the run found it, and teardown says so', async () => {
    const machine = fakeMachine();
    machine.switches = { 'net.ipv4.ip_forward': '0', 'net.ipv6.conf.all.forwarding': '1' };
    const r = await run(list({ type: 'bridge', isGateway: true }), { ...plugins, bridge: forwarding }, {}, { machine });
    expect(r.ok).toBe(true);
    expect(r.machine.switches).toEqual({ 'net.ipv4.ip_forward': '0', 'net.ipv6.conf.all.forwarding': '1' });
    expect(r.teardown?.restoredSysctls).toEqual(['net.ipv4.ip_forward 1 → 0']);
  });
  it("portmap's route_localnet on a link of the machine is given back; on the run's own bridge it goes with the link (security: an outside attacker's uplink kept it)", async () => {
    // portmap (snat, its default) writes 1 on the link that routes the container: with an address only an
    // IPAM plugin handed out, the machine's uplink; never 0.
    const localnet: FakePlugin = async (request, machine) => {
      if (request.env.CNI_COMMAND === 'ADD') machine.switches = { ...machine.switches, 'net.ipv4.conf.eth0.route_localnet': '1', 'net.ipv4.conf.cni9.route_localnet': '1' };
      return passThrough(request, machine);
    };
    const machine = fakeMachine();
    machine.switches = { 'net.ipv4.conf.all.route_localnet': '0', 'net.ipv4.conf.eth0.route_localnet': '0', 'net.ipv4.ip_forward': '0' };
    const r = await run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap', capabilities: { portMappings: true } }), { ...plugins, portmap: localnet }, { capabilityArgs: { portMappings: [{ hostPort: 18080, containerPort: 80 }] } }, { machine });
    expect(r.ok).toBe(true);
    expect(r.machine.calls.filter((c) => c.startsWith('writeSwitch'))).toEqual(['writeSwitch net.ipv4.conf.eth0.route_localnet=0']);
    expect(r.teardown?.restoredSysctls).toEqual(['net.ipv4.conf.eth0.route_localnet 1 → 0']);
  });
  it("a run asked to keep its namespaces is torn down at once when portmap turned route_localnet on on a link of the machine, and says why (security: the machine's localhost stayed open to its network for the keep)", async () => {
    const localnet = (links: string[]): FakePlugin => async (request, machine) => {
      if (request.env.CNI_COMMAND === 'ADD') for (const l of links) machine.switches = { ...machine.switches, [`net.ipv4.conf.${l}.route_localnet`]: '1' };
      return passThrough(request, machine);
    };
    const keep = async (links: string[], keepSeconds: number) => {
      const machine = fakeMachine();
      machine.switches = { 'net.ipv4.conf.all.route_localnet': '0', 'net.ipv4.conf.eth0.route_localnet': '0' };
      return run(list({ type: 'bridge', bridge: 'cni9' }, { type: 'portmap', capabilities: { portMappings: true } }), { ...plugins, portmap: localnet(links) }, { keepSeconds, capabilityArgs: { portMappings: [{ hostPort: 18080, containerPort: 80 }] } }, { machine });
    };
    const started = Date.now();
    const exposed = await keep(['eth0', 'cni9'], 30);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(exposed.events.filter((e) => e.type === 'kept')).toEqual([]);
    expect(exposed.events.find((e) => e.type === 'not-kept')).toEqual({ type: 'not-kept', reason: expect.stringMatching(/^the plugins turned route_localnet on on eth0, a link of this machine, which lets hosts of its network reach the machine's services bound to 127\.0\.0\.1 \(CVE-2020-8558\): torn down now instead of after 30 s/) });
    expect(exposed.teardown?.restoredSysctls).toEqual(['net.ipv4.conf.eth0.route_localnet 1 → 0']);
    // On the run's own bridge only (cni9 was not there before the run: the fake machine has lo and eth0), the keep happens.
    const own = await keep(['cni9'], 1);
    expect(own.events.filter((e) => e.type === 'not-kept')).toEqual([]);
    expect(own.events.some((e) => e.type === 'kept')).toBe(true);
  });
  it('are not read or written for a list without bridge, ptp or portmap', async () => {
    const machine = fakeMachine();
    machine.switches = { 'net.ipv4.ip_forward': '0' };
    const r = await run(list({ type: 'tuning' }), { tuning: passThrough }, {}, { machine });
    expect(r.machine.calls.filter((c) => c.startsWith('writeSwitch'))).toEqual([]);
    expect(r.teardown).not.toHaveProperty('restoredSysctls');
  });
});

describe('nftables the run left (fake machine)', () => {
  // bridge with macspoofchk, as the real one: its ADD makes table bridge nat, its base chain, the container's two
  // chains and the base chain's jump to them (all commented macspoofchk-<id>-<ifname>); its DEL removes the
  // container's, keeping the table and base chain. `delFails`: a DEL that fails before its teardown.
  const spoofcheck = (delFails = false): FakePlugin => async (request, machine) => {
    const ref = `${request.env.CNI_CONTAINERID}-${request.env.CNI_IFNAME}`;
    const chain = `cni-br-iface-${ref}`;
    const comment = `macspoofchk-${ref}`;
    if (request.env.CNI_COMMAND === 'ADD') {
      const shared = (machine.nft ?? []).some((x) => 'table' in x && x.table.name === 'nat') ? [] : [nftItem('table bridge nat'), nftItem('chain bridge nat PREROUTING')];
      machine.nft = [...(machine.nft ?? []), ...shared, nftItem(`chain bridge nat ${chain}`), nftItem(`chain bridge nat ${chain}-mac`), nftItem('rule bridge nat PREROUTING', { comment, jump: chain }), nftItem(`rule bridge nat ${chain}`, { comment, jump: `${chain}-mac` }), nftItem(`rule bridge nat ${chain}-mac`, { comment })];
    }
    if (request.env.CNI_COMMAND === 'DEL') {
      if (delFails) return { exitCode: 1, stdout: JSON.stringify({ cniVersion: '1.0.0', code: 999, msg: 'failed to teardown spoof-check' }) };
      machine.nft = machine.nft?.filter((x) => !('rule' in x && x.rule.comment === comment) && !('chain' in x && x.chain.name.startsWith(chain)));
    }
    return vethPlugin('veth0001', 'cni9')(request, machine);
  };
  const names = (m: { nft?: NftItem[] }) => (m.nft ?? []).map((x) => ('table' in x ? `table ${x.table.name}` : 'chain' in x ? `chain ${x.chain.name}` : `rule ${x.rule.chain} ${x.rule.comment ?? ''}`));

  it('are leftovers of the teardown (security: macspoofchk left table bridge nat and the teardown said nothing)', async () => {
    const machine = fakeMachine();
    machine.nft = [nftItem('table inet site'), nftItem('chain inet site input')];
    const r = await run(list({ type: 'bridge', bridge: 'cni9', macspoofchk: true }), { ...plugins, bridge: spoofcheck() }, {}, { machine });
    expect(r.teardown?.leftovers).toEqual(['nftables table bridge nat (chains PREROUTING)']);
    expect(r.teardown).not.toHaveProperty('removedRules');
    expect(r.machine.calls).not.toContain('applyNft');
  });

  it("the run's own chains and rules a failed DEL left are removed and said; another container's stay (security: they stayed on the machine)", async () => {
    const machine = fakeMachine();
    // Another container on the same bridge table, there before the run.
    machine.nft = [nftItem('table bridge nat'), nftItem('chain bridge nat PREROUTING'), nftItem('chain bridge nat cni-br-iface-theirs-eth0'), nftItem('rule bridge nat PREROUTING', { comment: 'macspoofchk-theirs-eth0', jump: 'cni-br-iface-theirs-eth0' })];
    const r = await run(list({ type: 'bridge', bridge: 'cni9', macspoofchk: true }), { ...plugins, bridge: spoofcheck(true) }, {}, { machine });
    const id = (r.events.find((e) => e.type === 'run-start') as { containerId: string }).containerId;
    expect(r.steps).toContain('DEL bridge failed');
    expect(r.teardown?.removedRules).toEqual([`nftables bridge nat/cni-br-iface-${id}-eth0`, `nftables bridge nat/cni-br-iface-${id}-eth0-mac`]);
    expect(names(r.machine)).toEqual(['table nat', 'chain PREROUTING', 'chain cni-br-iface-theirs-eth0', 'rule PREROUTING macspoofchk-theirs-eth0']);
    expect(r.teardown?.leftovers).toEqual([]);
  });
});

