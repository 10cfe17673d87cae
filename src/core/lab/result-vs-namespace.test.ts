import { describe, expect, it } from 'vitest';
import { resultMismatches, runResultMismatches } from './result-vs-namespace';
import { foldLabEvents } from './run-state';
import { libcniReadsResult } from '../runtime/go-result';
import type { LabEvent } from './contract';
import type { ObservedNamespace } from './observed';
import type { JsonObject } from '../model/types';

const NETNS = '/var/run/netns/cni-studio-1';
const ctx = { netns: NETNS, ifname: 'eth0' };
const namespace: ObservedNamespace = {
  links: [
    { ifname: 'lo', ifindex: 1, address: '00:00:00:00:00:00' },
    { ifname: 'eth0', ifindex: 2, address: '0a:58:0a:f4:00:05' },
  ],
  addresses: [
    { ifname: 'lo', addr_info: [{ local: '127.0.0.1', prefixlen: 8 }, { local: '::1', prefixlen: 128 }] },
    { ifname: 'eth0', addr_info: [{ local: '10.244.0.5', prefixlen: 24 }, { local: 'fd00:1::5', prefixlen: 64 }] },
  ],
  routes: [],
};
const bridgeResult = (over: JsonObject = {}): JsonObject => ({
  cniVersion: '1.0.0',
  interfaces: [{ name: 'cni0', mac: '32:4f:00:00:00:01' }, { name: 'veth1', mac: '32:4f:00:00:00:02' }, { name: 'eth0', mac: '0A:58:0A:F4:00:05', sandbox: NETNS }],
  ips: [{ address: '10.244.0.5/24', gateway: '10.244.0.1', interface: 2 }, { address: 'fd00:1:0:0::5/64', interface: 2 }],
  ...over,
});

describe('an ADD result against the namespace', () => {
  it('hits nothing when the result says what the namespace holds (MACs in any case, IPv6 in any form, host interfaces aside)', () => {
    expect(resultMismatches(bridgeResult(), namespace, ctx)).toEqual([]);
    // The same namespace file through the /var/run link.
    expect(resultMismatches(bridgeResult(), namespace, { ...ctx, netns: '/run/netns/cni-studio-1' })).toEqual([]);
  });

  it('names an address the interface does not have, and where it is instead', () => {
    const result = bridgeResult({ ips: [{ address: '10.244.0.9/24', interface: 2 }, { address: '127.0.0.1/8', interface: 2 }] });
    expect(resultMismatches(result, namespace, ctx)).toEqual([
      { pointer: '/ips/0/address', message: 'The result gives the container 10.244.0.9/24 on eth0, but eth0 in the namespace does not have that address.' },
      { pointer: '/ips/1/address', message: 'The result gives the container 127.0.0.1/8 on eth0, but eth0 in the namespace does not have that address (lo has it).' },
    ]);
  });

  it('names an address put on an interface the result does not list (host-device in DPDK mode lists none)', () => {
    const result: JsonObject = { cniVersion: '1.0.0', ips: [{ address: '10.79.5.2/24', gateway: '10.79.5.1', interface: 0 }, { address: '10.244.0.5/24', interface: 3 }], dns: {} };
    expect(resultMismatches(result, namespace, ctx)).toEqual([
      { pointer: '/ips/0/interface', message: 'The result puts 10.79.5.2/24 on interface 0, but lists no interface, and no interface in the namespace has that address.' },
      { pointer: '/ips/1/interface', message: 'The result puts 10.244.0.5/24 on interface 3, but lists no interface.' },
    ]);
  });

  it('names a different prefix, a different MAC, a missing interface and another sandbox', () => {
    const result = bridgeResult({
      interfaces: [{ name: 'eth0', mac: '0a:58:0a:f4:00:06', sandbox: NETNS }, { name: 'net1', sandbox: NETNS }, { name: 'eth9', sandbox: '/proc/1/ns/net' }],
      ips: [{ address: '10.244.0.5/16', interface: 0 }, { address: '10.9.9.9/24', interface: 1 }, { address: '10.9.9.9/24', interface: 2 }],
    });
    expect(resultMismatches(result, namespace, ctx).map((m) => [m.pointer, m.message])).toEqual([
      ['/interfaces/0/mac', 'The result gives eth0 the MAC 0a:58:0a:f4:00:06, but eth0 in the namespace has 0a:58:0a:f4:00:05.'],
      ['/interfaces/1/name', 'The result says the container has an interface net1, but the namespace has none of that name (it has lo, eth0).'],
      ['/interfaces/2/sandbox', `The result puts eth9 in /proc/1/ns/net, but the plugin was given the namespace ${NETNS}.`],
      ['/ips/0/address', 'The result gives the container 10.244.0.5/16, but eth0 in the namespace has 10.244.0.5/24: a different prefix, so a different subnet on the link.'],
    ]);
  });

  it('reads a result of spec 0.2.0 (ip4, ip6) against CNI_IFNAME, and skips addresses with no interface', () => {
    expect(resultMismatches({ cniVersion: '0.2.0', ip4: { ip: '10.244.0.5/24' }, ip6: { ip: 'fd00:1::7/64' } }, namespace, ctx)).toEqual([
      { pointer: '/ip6/ip', message: 'The result gives the container fd00:1::7/64 on eth0, but eth0 in the namespace does not have that address.' },
    ]);
    expect(resultMismatches({ cniVersion: '1.0.0', ips: [{ address: '10.1.1.1/24' }] }, namespace, ctx)).toEqual([]);
  });
});

describe("a run's mismatches, each with the plugin that made the claim", () => {
  const env = { CNI_COMMAND: 'ADD' as const, CNI_CONTAINERID: 'c', CNI_NETNS: NETNS, CNI_IFNAME: 'eth0', CNI_ARGS: '', CNI_PATH: '/usr/lib/cni' };
  const start = (index: number, pluginType: string): LabEvent => ({ type: 'invocation-start', phase: 'run', index, pluginType, command: 'ADD', env, stdin: {}, stdinText: '{}' });
  const end = (index: number, pluginType: string, result: JsonObject): LabEvent => ({ type: 'invocation-end', phase: 'run', index, pluginType, command: 'ADD', ok: true, exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 1, timedOut: false, result });
  const observed: LabEvent = { type: 'observed', after: 'ADD', namespace, hostLinks: [], firewallChains: [], sysctls: {} };

  it('names the plugin whose own result first holds the claim, not the last one that passed it on', () => {
    const bridge = bridgeResult();
    // The second plugin adds an address nothing gave eth0 and a second interface; the third passes both on.
    const lying = bridgeResult({ interfaces: [...(bridge.interfaces as JsonObject[]), { name: 'net1', sandbox: NETNS }], ips: [...(bridge.ips as JsonObject[]), { address: '10.99.0.5/24', interface: 2 }] });
    const state = foldLabEvents([start(0, 'bridge'), end(0, 'bridge', bridge), start(1, 'liar'), end(1, 'liar', lying), start(2, 'tuning'), end(2, 'tuning', lying), observed]);
    expect(runResultMismatches(state).map((m) => [m.pointer, m.pluginIndex])).toEqual([
      ['/interfaces/3/name', 1],
      ['/ips/2/address', 1],
    ]);
    // A claim the first plugin made (eth0's MAC changed in the namespace after it) is the first plugin's.
    const moved = foldLabEvents([start(0, 'bridge'), end(0, 'bridge', bridgeResult({ interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', sandbox: NETNS }], ips: [{ address: '10.244.0.5/24', interface: 0 }] })), start(1, 'tuning'), end(1, 'tuning', bridgeResult({ interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', sandbox: NETNS }], ips: [{ address: '10.244.0.5/24', interface: 0 }] })), observed]);
    expect(runResultMismatches(moved).map((m) => [m.pointer, m.pluginIndex])).toEqual([['/interfaces/0/mac', 0]]);
    // A field a later plugin changed is that plugin's claim: tuning's 8-byte MAC on macvlan's eth0 (an outside
    // tester saw macvlan named for it on Debian's 1.1.1).
    const eth0 = (mac: string) => ({ cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mac, sandbox: NETNS }], ips: [{ address: '10.244.0.5/24', interface: 0 }] });
    const tuned = foldLabEvents([start(0, 'macvlan'), end(0, 'macvlan', eth0('0a:58:0a:f4:00:05')), start(1, 'tuning'), end(1, 'tuning', eth0('02:11:22:33:44:55:66:77')), observed]);
    expect(runResultMismatches(tuned).map((m) => [m.pointer, m.pluginIndex, m.pluginType])).toEqual([['/interfaces/0/mac', 1, 'tuning']]);
  });

  it('reads each result as libcni does (handedOn): keys in any case and addresses in any form are the claims they are', () => {
    // As the engine emits them: what the plugin printed, and the result as libcni reads it when that differs.
    const ended = (index: number, pluginType: string, printed: JsonObject): LabEvent => {
      const read = libcniReadsResult(printed, '1.0.0', true);
      return { ...(end(index, pluginType, printed) as Extract<LabEvent, { type: 'invocation-end' }>), ...(JSON.stringify(read) !== JSON.stringify(printed) ? { handedOn: read } : {}) };
    };
    const say: JsonObject = { cniVersion: '1.0.0', Interfaces: [{ Name: 'eth0', Sandbox: NETNS }, { Name: 'eth9', Sandbox: NETNS }], IPs: [{ Address: '2001:db8:0:0::5/64', Interface: 0 }] };
    const passedOn = libcniReadsResult(say, '1.0.0', true);
    const state = foldLabEvents([start(0, 'say'), ended(0, 'say', say), start(1, 'pass'), ended(1, 'pass', passedOn), observed]);
    expect(runResultMismatches(state).map((m) => [m.pointer, m.pluginIndex, m.pluginType])).toEqual([
      ['/interfaces/1/name', 0, 'say'],
      ['/ips/0/address', 0, 'say'],
    ]);
    // Alone, the capitalised keys are claims too (Go reads them whatever their case).
    expect(runResultMismatches(foldLabEvents([start(0, 'say'), ended(0, 'say', say), observed])).map((m) => m.pointer)).toEqual(['/interfaces/1/name', '/ips/0/address']);
  });
});
