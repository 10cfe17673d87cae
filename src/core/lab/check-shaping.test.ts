// A check whose probe's packets are longer than what bandwidth's tbf passes fails for that, and says so:
// cni.dev's bandwidth example (rates of 123 bits/s, bursts of 456 bits: 57 bytes) drops every probe.
import { describe, expect, it } from 'vitest';
import { bandwidthOf, planChecks, type CheckContainer } from './checks';
import { shapingDrop } from './check-shaping';

const ptp = (name: string, n: number, bandwidth?: CheckContainer['bandwidth']): CheckContainer => ({
  name,
  ifname: 'eth0',
  linkKind: 'veth',
  addresses: [{ family: 'ipv4', address: `10.1.1.${n}`, prefixlen: 24 }],
  gateways: [{ family: 'ipv4', address: '10.1.1.1' }],
  mtu: 1500,
  portMappings: [],
  ...(bandwidth ? { bandwidth } : {}),
});
const example = bandwidthOf([{ type: 'ptp' }, { type: 'bandwidth', ingressRate: 123, ingressBurst: 456, egressRate: 123, egressBurst: 456 }], {});
const shapingOf = (containers: CheckContainer[], kind: string, from: string, to: string) => planChecks({ containers, ping: true, ...(containers[0]!.bandwidth ? { bandwidth: containers[0]!.bandwidth } : {}) }).find((c) => c.kind === kind && c.from === from && c.to === to && (c.family ?? 'ipv4') === 'ipv4')!.shaping;

describe('a bandwidth limit that drops the probes', () => {
  it("names the limit and the packets for every check through cni.dev's example, in the direction they first meet it", () => {
    expect(example).toEqual({ ingressRate: 123, ingressBurst: 456, egressRate: 123, egressBurst: 456 });
    const c1 = [ptp('c1', 2, example)];
    expect(shapingOf(c1, 'ping', 'host', 'c1')).toBe("bandwidth's ingressBurst of 456 bits at 123 bits/s passes packets of at most 57 bytes into c1, and its echo requests are 98 bytes with Ethernet's header: tbf drops them (see CNI658)");
    expect(shapingOf(c1, 'ping', 'c1', 'gateway')).toBe("bandwidth's egressBurst of 456 bits at 123 bits/s passes packets of at most 57 bytes out of c1, and its echo requests are 98 bytes with Ethernet's header: tbf drops them (see CNI658)");
    expect(shapingOf(c1, 'tcp', 'host', 'c1')).toBe("bandwidth's ingressBurst of 456 bits at 123 bits/s passes packets of at most 57 bytes into c1, and the connection's SYN is 74 bytes with Ethernet's header: tbf drops it (see CNI658)");
    expect(shapingOf(c1, 'masquerade', 'c1', 'outside')).toContain('out of c1, and the connection\'s SYN is 74 bytes');
    expect(shapingOf(c1, 'mtu', 'c1', 'gateway')).toContain('out of c1, and its MTU-sized echo requests are 1514 bytes');
    expect(shapingOf(c1, 'bandwidth', 'c1', 'host')).toContain('out of c1, and the connection\'s SYN is 74 bytes');
  });

  it('says nothing where tbf passes the packets, or where no container on the way is shaped', () => {
    // 8000 bits/s: a burst of 776 bits passes 97 bytes, and ping (98) fails; 784 passes 98, and ping passed (Debian's 1.1.1).
    const at = (burst: number) => [ptp('c1', 2, { ingressRate: 8000, ingressBurst: burst, egressRate: 8000, egressBurst: burst })];
    expect(shapingOf(at(776), 'ping', 'host', 'c1')).toContain('at most 97 bytes into c1');
    expect(shapingOf(at(784), 'ping', 'host', 'c1')).toBeUndefined();
    expect(shapingOf(at(784), 'tcp', 'host', 'c1')).toBeUndefined();
    // Only the answer's way is shaped: the echo reply out of c1 is what tbf drops.
    expect(shapingOf([ptp('c1', 2, { egressRate: 123, egressBurst: 456 })], 'ping', 'host', 'c1')).toContain('out of c1, and the echo replies are 98 bytes');
    // c2 unshaped (its own capability arguments), c1 shaped: c2's own gateway is reached.
    const two = [ptp('c1', 2, example), ptp('c2', 3)];
    expect(shapingOf(two, 'ping', 'c2', 'gateway')).toBeUndefined();
    expect(shapingOf(two, 'ping', 'c2', 'c1')).toContain('into c1');
    expect(shapingOf([ptp('c1', 2)], 'ping', 'host', 'c1')).toBeUndefined();
  });

  it("a burst that passes the connection but not full-size frames (CNI658's case): the transfer names its data packets", () => {
    // 10 Mbit/s with 12112 bits passes 1513 bytes: a 1514-byte frame is dropped, the SYN is not.
    const c1 = [ptp('c1', 2, { ingressRate: 10_000_000, ingressBurst: 12_112 })];
    expect(shapingOf(c1, 'bandwidth', 'host', 'c1')).toBe("bandwidth's ingressBurst of 12112 bits at 10000000 bits/s passes packets of at most 1513 bytes into c1, and its full-size data packets are 1514 bytes with Ethernet's header: tbf drops them (see CNI658)");
    expect(shapingOf(c1, 'tcp', 'host', 'c1')).toBeUndefined();
    expect(shapingDrop({ kind: 'bandwidth', from: 'host', to: 'c1' }, [ptp('c1', 2, { ingressRate: 10_000_000, ingressBurst: 12_120 })])).toBeUndefined();
  });
});
