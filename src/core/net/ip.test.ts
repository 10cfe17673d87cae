import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, hasHostBits, isMac, networkAddress, nthAddress, parseCidr, parseIp } from './ip';

describe('IP parsing with Go rules', () => {
  it('accepts dotted quads and IPv6, rejects what net.ParseIP rejects', () => {
    expect(parseIp('10.1.2.3')?.family).toBe(4);
    expect(parseIp('fd00::1')?.family).toBe(6);
    expect(parseIp('::ffff:10.0.0.1')?.family).toBe(6);
    for (const bad of ['10.1.2', '010.1.2.3', '10.1.2.256', '0x0a.0.0.1', 'fe80::1%eth0', '', 'host', '10.1.2.3/24']) expect(parseIp(bad), bad).toBeUndefined();
  });
  it('parses CIDRs and finds host bits, sizes and overlaps', () => {
    const c = parseCidr('10.1.0.5/16')!;
    expect(hasHostBits(c)).toBe(true);
    expect(networkAddress(c)).toBe('10.1.0.0');
    expect(hasHostBits(parseCidr('fd00:1::/64')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    expect(cidrsOverlap(parseCidr('10.1.0.0/16')!, parseCidr('10.1.2.0/24')!)).toBe(true);
    expect(cidrsOverlap(parseCidr('10.1.0.0/16')!, parseCidr('10.2.0.0/16')!)).toBe(false);
    expect(cidrsOverlap(parseCidr('10.1.0.0/16')!, parseCidr('fd00::/8')!)).toBe(false);
    expect(cidrContains(parseCidr('10.1.0.0/24')!, parseIp('10.1.0.255')!)).toBe(true);
    expect(cidrContains(parseCidr('10.1.0.0/24')!, parseIp('10.1.1.0')!)).toBe(false);
    expect(nthAddress(parseCidr('10.22.0.0/16')!, 2n)).toBe('10.22.0.2');
  });
  it('accepts the MAC forms Go accepts', () => {
    for (const ok of ['c2:11:22:33:44:55', 'C2-11-22-33-44-55', '0011.2233.4455', '00:11:22:33:44:55:66:77']) expect(isMac(ok), ok).toBe(true);
    for (const bad of ['c2:11:22:33:44', 'c2:11:22:33:44:5g', 'c2:11-22:33:44:55']) expect(isMac(bad), bad).toBe(false);
  });
});
