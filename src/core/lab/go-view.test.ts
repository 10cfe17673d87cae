import { describe, expect, it } from 'vitest';
import { LAB_READ_BELOW, LAB_READ_FIELDS, labView, respelledNote, type LabLevel } from './go-view';
import { hostRouteRefusals } from './host-routes';
import { labConflistProblem } from './contract';
import { leaseFolders, stateDirRefusals } from './state-dirs';
import { foreignTargetRefusals } from './foreign-targets';
import { hostLinkRefusals, type HostLinkFacts } from './host-links';
import { hostPortRefusals } from './host-ports';
import { PLUGIN_MODULES } from '../plugins';
import { isJsonObject, type JsonObject } from '../model/types';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins });
const viewOf = (conflist: JsonObject) => {
  const view = labView(conflist);
  if (!view.ok) throw new Error(view.message);
  return view.conflist.plugins as JsonObject[];
};

describe('the list as the plugins decode it (the lab checks read this)', () => {
  it('spells the fields the lab reads as documented, with the value Go keeps, at the plugin, its ipam and its runtimeConfig', () => {
    const [p] = viewOf(list({ Type: 'host-device', Device: 'eth0', IPAM: { Type: 'host-local', DataDir: '/etc/x' }, RuntimeConfig: { DeviceID: '0000:00:01.0', PortMappings: [] } }));
    expect(p).toEqual({ type: 'host-device', device: 'eth0', ipam: { type: 'host-local', dataDir: '/etc/x' }, runtimeConfig: { deviceID: '0000:00:01.0', portMappings: [] } });
    // What a refusal then says, so that a user who wrote "Device" knows why it is called "device".
    const view = labView(list({ type: 'bridge' }, { type: 'host-device', Device: 'eth0', IPAM: { type: 'host-local', DataDir: '/etc/x' } }));
    expect(view.ok && respelledNote(view.respelled)).toBe(` (the plugins match keys without regard to case, so plugin 2's "IPAM" is its "ipam", plugin 2's "Device" is its "device", plugin 2's "IPAM.DataDir" is its "ipam.dataDir")`);
    expect(respelledNote([])).toBe('');
  });

  it('keeps what Go keeps: the spelling decoded last (libcni sorts keys), and a value over a null', () => {
    expect(viewOf(list({ type: 'host-device', Device: 'a', device: 'b' }))[0]!.device).toBe('b');
    expect(viewOf(list({ type: 'host-device', DEVICE: 'a', Device: 'b' }))[0]!.device).toBe('b');
    expect(viewOf(list({ type: 'host-device', Device: 'eth0', device: null }))[0]!.device).toBe('eth0');
  });

  it('leaves other keys, map keys and the list as they are', () => {
    const conflist = list({ type: 'bridge', HairpinMode: 'x', capabilities: { PortMappings: true }, sysctl: { 'net.ipv4.Conf.X': '1' } });
    const [p] = viewOf(conflist);
    expect(p).toEqual({ type: 'bridge', HairpinMode: 'x', capabilities: { PortMappings: true }, sysctl: { 'net.ipv4.Conf.X': '1' } });
    expect(conflist.plugins).toEqual([{ type: 'bridge', HairpinMode: 'x', capabilities: { PortMappings: true }, sysctl: { 'net.ipv4.Conf.X': '1' } }]);
  });

  it('keeps a "__proto__" key an own key, as JSON.parse made it (not the view\'s prototype)', () => {
    const [p] = viewOf(list(JSON.parse('{"type": "host-device", "__proto__": {"device": "eth0"}}') as JsonObject));
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(p!.device).toBeUndefined();
    expect(Object.hasOwn(p!, '__proto__')).toBe(true);
  });

  it('refuses two objects under one of the merged fields (Go decodes both into one, field by field), saying where', () => {
    const twice = labView(list({ type: 'bridge', IPAM: { dataDir: '/etc' }, ipam: { type: 'host-local' } }));
    expect(twice).toEqual({ ok: false, pointer: '/plugins/0/IPAM', message: 'plugin 1: it spells "ipam" 2 ways ("IPAM", "ipam"), each an object; the plugin decodes them all into one, field by field, which the lab does not check: keep one' });
    const inner = labView(list({ type: 'host-device', runtimeConfig: { a: 1 } }, { type: 'host-device', RuntimeConfig: {}, runtimeconfig: {} }));
    expect(inner.ok ? '' : inner.message).toMatch(/^plugin 2: it spells "runtimeConfig" 2 ways/);
    const deeper = labView(list({ type: 'host-device', RuntimeConfig: { foo: 1 } }));
    expect(deeper.ok).toBe(true);
    expect(labConflistProblem(list({ type: 'bridge', IPAM: { type: 'host-local' }, ipam: { type: 'host-local' } }))?.pointer).toBe('/plugins/0/IPAM');
    // One object and a null: Go keeps the object.
    expect(labView(list({ type: 'bridge', IPAM: { type: 'host-local' }, ipam: null })).ok).toBe(true);
  });
});

describe('the lab refuses by what the plugins read, however it is spelled', () => {
  const facts: HostLinkFacts = { links: [{ ifname: 'eth0', address: '52:54:00:12:34:56' }], defaultRouteLinks: async () => ['eth0'], netDirEntries: async () => [] };
  it('host links, state folders, foreign chains and sockets, host ports', async () => {
    const decoded = (conflist: JsonObject) => ({ ...conflist, plugins: viewOf(conflist) });
    expect(await hostLinkRefusals(decoded(list({ type: 'host-device', Device: 'eth0' })), '1.9.1', facts, [])).toEqual([expect.stringContaining('plugin 1 (host-device): its "device" names eth0')]);
    expect(await hostLinkRefusals(decoded(list({ Type: 'macvlan', MASTER: 'eth0' })), '1.9.1', facts, [])).toEqual([expect.stringContaining('its "master" names eth0')]);
    expect(stateDirRefusals(decoded(list({ type: 'bridge', ipam: { type: 'host-local', DataDir: '/etc/cron.d' } })), () => undefined)).toEqual([expect.stringContaining('"ipam.dataDir" "/etc/cron.d"')]);
    expect(stateDirRefusals(decoded(list({ type: 'tuning', DATADIR: '/root' })), () => undefined)).toEqual([expect.stringContaining('/root is outside')]);
    // A network name that leads host-local's folder out of its dataDir is named as the cause.
    const named = (name: string) => stateDirRefusals(decoded({ ...list({ type: 'bridge', ipam: { type: 'host-local' } }), name }), () => undefined);
    expect(named('../../etc')).toEqual(['plugin 1 (host-local IPAM) keeps its state in a folder named after the network, in its "ipam.dataDir" "/var/lib/cni/networks", and the network name "../../etc" leads that folder out of it, to /var/lib/etc (libcni refuses the name for ADD, but CHECK, DEL and GC would run the plugin with it)']);
    expect(named('..')).toEqual([expect.stringContaining('to /var/lib/cni (libcni')]);
    expect(named('net-1')).toEqual([]);
    // Where a killed run's leases are: host-local's folder per network, its dataDir's or the default.
    expect(leaseFolders({ ...list({ type: 'bridge', ipam: { type: 'host-local', dataDir: '/tmp/l/' } }, { type: 'ptp', ipam: { type: 'host-local' } }), name: 'n1' })).toEqual(['/tmp/l/n1', '/var/lib/cni/networks/n1']);
    expect(leaseFolders(list({ type: 'bridge', ipam: { type: 'static', addresses: [] } }))).toEqual([]);
    const rules = [{ table: 'filter', rule: ':f2b-sshd' }] as never;
    expect(foreignTargetRefusals(decoded(list({ Type: 'firewall', IptablesAdminChainName: 'f2b-sshd' })), rules)).toEqual([expect.stringContaining('names f2b-sshd')]);
    expect(foreignTargetRefusals(decoded(list({ type: 'bridge', Ipam: { type: 'dhcp', DaemonSocketPath: '/run/other.sock' } })), rules)).toEqual([expect.stringContaining('"/run/other.sock"')]);
    // The long s folds onto "s" for Go: "maſter" is macvlan's master.
    expect(await hostLinkRefusals(decoded(list({ type: 'macvlan', 'ma\u017fter': 'eth0' })), '1.9.1', facts, [])).toEqual([expect.stringContaining('its "master" names eth0')]);
    const inputs = { containerId: 'c', netns: '/var/run/netns/x', ifname: 'eth0', cniPath: [], cniArgs: [], capabilityArgs: {} };
    const mapped = list({ type: 'bridge' }, { TYPE: 'portmap', RuntimeConfig: { PortMappings: [{ HostPort: 22, containerPort: 22 }] } });
    expect(hostPortRefusals(decoded(mapped), [inputs], '1.3.0', [{ protocol: 'tcp', port: 22 }])).toEqual([expect.stringContaining('host port 22/tcp')]);
    // Of two spellings the plugin keeps the one libcni's sorted re-marshalling puts last ("hostport" after "hostPort").
    const twice = list({ type: 'bridge' }, { type: 'portmap', runtimeConfig: { portMappings: [{ hostport: 22, hostPort: 8080, containerPort: 22 }] } });
    expect(hostPortRefusals(decoded(twice), [inputs], '1.3.0', [{ protocol: 'tcp', port: 22 }])).toEqual([expect.stringContaining('host port 22/tcp')]);
  });
});

/** A config whose every property read is recorded, by the level of the object it is read from (plugin, ipam, a range…). */
function recording(conf: JsonObject, reads: Record<LabLevel, Set<string>>): JsonObject {
  const below = (value: unknown, level: LabLevel): unknown =>
    Array.isArray(value) ? new Proxy(value, { get: (target, key, receiver) => (typeof key === 'string' && /^\d+$/.test(key) ? below(Reflect.get(target, key, receiver), level) : Reflect.get(target, key, receiver) as unknown) })
    : isJsonObject(value as JsonObject) ? wrap(value as JsonObject, level)
    : value;
  const wrap = (obj: JsonObject, level: LabLevel): JsonObject =>
    new Proxy(obj, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof key !== 'string' || key in Object.prototype) return value;
        reads[level].add(key);
        const next = LAB_READ_BELOW[level]?.[key];
        return next ? below(value, next) : value;
      },
    });
  return wrap(conf, 'plugin');
}

describe('LAB_READ_FIELDS lists every field the lab reads', () => {
  it('in each plugin module and each refusal, with nothing set (every branch taken to its end) and with the keys set', async () => {
    const reads = Object.fromEntries(Object.keys(LAB_READ_FIELDS).map((level) => [level, new Set<string>()])) as Record<LabLevel, Set<string>>;
    const facts: HostLinkFacts = { links: [], defaultRouteLinks: async () => ['eth9'], netDirEntries: async () => [] };
    const vm = { addresses: [{ ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }] }], routes: [{ dst: 'default', gateway: '192.0.2.1', dev: 'eth0' }] };
    const inputs = { containerId: 'c', netns: '/var/run/netns/x', ifname: 'eth0', cniPath: [], cniArgs: [], capabilityArgs: {} };
    // Every way an address reaches host-local and static: a legacy range, ranges, addresses, the file's runtimeConfig, args.
    const ranged: JsonObject = { subnet: '10.1.0.0/24', gateway: '10.1.0.1', ranges: [[{ subnet: '10.2.0.0/24', rangeStart: '10.2.0.5', rangeEnd: '10.2.0.9', gateway: '10.2.0.1' }]], addresses: [{ address: '10.3.0.2/24', gateway: '10.3.0.1' }] };
    const addressed: JsonObject[] = [{}, { runtimeConfig: { ipRanges: [[{ subnet: '10.4.0.0/24', gateway: '10.4.0.1' }]], ips: ['10.4.0.7/24'] }, args: { cni: { ips: ['10.2.0.7/24'] } } }];
    for (const m of PLUGIN_MODULES) {
      for (const extra of [{}, { capabilities: { deviceID: true } }, { linkInContainer: true, master: 'm', device: 'd', dataDir: '/tmp/x', isGateway: true }] as JsonObject[]) {
        const conf = (): JsonObject => recording({ type: m.type, ipam: { type: 'host-local' }, runtimeConfig: {}, ...extra }, reads);
        for (const ctx of [{ chained: false }, { chained: true, release: '1.9.1' }]) m.hostLinksUsed?.(conf(), ctx);
        m.stateDir?.(conf(), 'net');
        m.stateDir?.(recording({ type: 'bridge', ipam: { type: m.type } }, reads).ipam as JsonObject, 'net');
        m.observe?.(conf(), { ifname: 'eth0' });
        const conflist = { cniVersion: '1.0.0', name: 'n', plugins: [conf(), recording({ type: 'bridge', ipam: { type: m.type } }, reads)] };
        await hostLinkRefusals(conflist, '1.9.1', facts, []);
        stateDirRefusals(conflist, () => undefined);
        foreignTargetRefusals(conflist, []);
        for (const more of addressed) {
          const onHost = { cniVersion: '1.0.0', name: 'n', plugins: [recording({ type: m.type, ipam: { type: 'host-local', ...ranged }, ...extra, ...more }, reads), recording({ type: 'ptp', ipam: { type: m.type, ...ranged }, ...more }, reads)] };
          hostRouteRefusals(onHost, [inputs], vm);
        }
      }
    }
    // hostPortRefusals reads "type" and, in the stdin libcni builds, runtimeConfig.portMappings: listed.
    const unlisted = Object.fromEntries(Object.entries(reads).map(([level, keys]) => [level, [...keys].filter((k) => !(LAB_READ_FIELDS[level as LabLevel] as readonly string[]).includes(k))]));
    expect(unlisted).toEqual(Object.fromEntries(Object.keys(LAB_READ_FIELDS).map((level) => [level, []])));
    // And the recorder saw the reads it guards (it is not blind).
    expect([...reads.plugin]).toEqual(expect.arrayContaining(['type', 'device', 'master', 'bridge', 'dataDir', 'iptablesAdminChainName', 'isGateway', 'args']));
    expect([...reads.ipam]).toEqual(expect.arrayContaining(['type', 'dataDir', 'daemonSocketPath', 'subnet', 'gateway', 'ranges', 'addresses']));
    expect([...reads.runtimeConfig]).toEqual(expect.arrayContaining(['deviceID', 'ipRanges', 'ips']));
    expect([...reads.range]).toEqual(expect.arrayContaining(['subnet', 'rangeStart', 'gateway']));
    expect([...reads.address]).toEqual(expect.arrayContaining(['address', 'gateway']));
    expect([...reads.argsCni]).toEqual(['ips']);
  });
});
