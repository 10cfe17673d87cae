import { describe, expect, it } from 'vitest';
import ipaddr from 'ipaddr.js';
import { canonicalIp, cidrBounds, cidrContains, cidrsOverlap, formatIp, hasHostBits, sameIp, ipValue, isMac, networkAddress, nthAddress, parseCidr, parseIp, parseIpv4 } from './ip';

describe('IP parsing with Go rules', () => {
  it('accepts dotted quads and IPv6, rejects what net.ParseIP rejects', () => {
    expect(parseIp('10.1.2.3')?.family).toBe(4);
    expect(parseIp('fd00::1')?.family).toBe(6);
    // An IPv4-mapped address is IPv4, as Go's To4 and every plugin read it.
    expect(parseIp('::ffff:10.0.0.1')).toMatchObject({ family: 4, bytes: [10, 0, 0, 1], text: '::ffff:10.0.0.1' });
    expect(parseIp('::ffff:a00:1')).toMatchObject({ family: 4, bytes: [10, 0, 0, 1] });
    expect(canonicalIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    // A mapped network is the IPv4 one its mask's last 4 bytes make (netlink adds 10.1.0.0/24; a /95 is a /0).
    expect(parseCidr('::ffff:10.1.0.0/120')).toMatchObject({ ip: { family: 4, bytes: [10, 1, 0, 0] }, prefix: 24, mapped: { prefix: 120 } });
    expect(parseCidr('::ffff:10.1.0.0/95')).toMatchObject({ ip: { family: 4, bytes: [10, 1, 0, 0] }, prefix: 0, mapped: { prefix: 95 } });
    expect(parseCidr('::ffff:10.1.0.0/129')).toBeUndefined();
    for (const bad of ['10.1.2', '010.1.2.3', '10.1.2.256', '0x0a.0.0.1', 'fe80::1%eth0', '', 'host', '10.1.2.3/24']) expect(parseIp(bad), bad).toBeUndefined();
    // An IPv6 address's IPv4 tail is read as Go reads IPv4 (ipaddr.js alone takes these).
    for (const bad of ['::ffff:01.2.3.4', '::ffff:0x1.2.3.4', '::ffff:1.2.3.04', '::1.2.3']) expect(parseIp(bad), bad).toBeUndefined();
    expect(parseIp('64:ff9b::192.0.2.33')?.family).toBe(6);
  });
  it('parses CIDRs and finds host bits, sizes and overlaps', () => {
    const c = parseCidr('10.1.0.5/16')!;
    expect(hasHostBits(c)).toBe(true);
    expect(networkAddress(c)).toBe('10.1.0.0');
    expect(hasHostBits(parseCidr('fd00:1::/64')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    // Go reads the prefix's digits whatever their number.
    expect(parseCidr('10.9.0.2/0024')?.prefix).toBe(24);
    expect(parseCidr('10.9.0.2/000000000000000000033')).toBeUndefined();
    expect(parseCidr('10.9.0.2/+24')).toBeUndefined();
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

describe('parseIpv4', () => {
  it('accepts exactly what ipaddr accepts as a four-part decimal, with the same bytes', () => {
    // Every string of up to 4 tokens of these, and every four-part combination of the parts below.
    const alphabet = ['0', '1', '2', '5', '9', '.', 'x', '25', '255', '256', '00', '010'];
    const parts = ['0', '1', '9', '25', '99', '100', '255', '256', '00', '01', '010', '1000', 'x', '', '-1'];
    const texts = new Set<string>(['1.2.3.4', '255.255.255.255', '0.0.0.0', '01.2.3.4', '1.2.3.04', '1.2.3', '1.2.3.4.', '.1.2.3.4', '1..2.3', '1.2.3.256', '1.2.3.4.5', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '0x1.2.3.4', '1e2.2.3.4', '']);
    const grow = (prefix: string, depth: number) => {
      texts.add(prefix);
      if (depth === 0) return;
      for (const a of alphabet) grow(prefix + a, depth - 1);
    };
    grow('', 4);
    for (const a of parts) for (const b of parts) for (const c of parts) for (const d of parts) texts.add(`${a}.${b}.${c}.${d}`);
    let valid = 0;
    for (const text of texts) {
      const theirs = ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text).toByteArray() : undefined;
      expect(parseIpv4(text), JSON.stringify(text)).toEqual(theirs);
      if (theirs) valid++;
    }
    expect(valid).toBeGreaterThan(2000);
  });
});

describe('network address and host bits by byte arithmetic', () => {
  it('agree with the integer bounds for every prefix of IPv4 and IPv6 addresses', () => {
    const addresses = ['10.1.2.3', '255.255.255.255', '0.0.0.0', '192.168.129.77', 'fd00:1234:5678:9abc:def0:1357:2468:ace0', '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::8000'];
    for (const address of addresses) {
      const family = address.includes(':') ? 6 : 4;
      for (let prefix = 0; prefix <= (family === 4 ? 32 : 128); prefix++) {
        const cidr = parseCidr(`${address}/${prefix}`)!;
        const { first } = cidrBounds(cidr);
        expect(networkAddress(cidr), `${address}/${prefix}`).toBe(formatIp(family, first));
        expect(hasHostBits(cidr), `${address}/${prefix}`).toBe(ipValue(cidr.ip) !== first);
      }
    }
  });
});

describe('addresses compared as addresses, not as text', () => {
  it('finds the same address in any of its spellings, and only then', () => {
    expect(sameIp('2001:2:0:0::5', '2001:2::5')).toBe(true);
    expect(sameIp('2001:0002::0005', '2001:2::5')).toBe(true);
    expect(sameIp('FD00::1', 'fd00:0:0:0:0:0:0:1')).toBe(true);
    expect(sameIp('::ffff:10.0.0.1', '10.0.0.1')).toBe(true);
    expect(sameIp('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(sameIp('2001:2::5', '2001:2::6')).toBe(false);
    expect(sameIp('10.0.0.1', '10.0.0.2')).toBe(false);
    expect(sameIp('10.0.0.1', '::a00:1')).toBe(false);
    expect(sameIp('host', 'host')).toBe(false);
  });
  it('writes an address as sockets print it: IPv6 compressed (RFC 5952), any other text unchanged', () => {
    expect(canonicalIp('2001:2:0:0::5')).toBe('2001:2::5');
    expect(canonicalIp('2001:2:0:c4::5')).toBe('2001:2:0:c4::5');
    expect(canonicalIp('2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('198.18.0.5')).toBe('198.18.0.5');
    expect(canonicalIp('not an address')).toBe('not an address');
    // Every outside address the lab's checks can pick is written as the listener will report it.
    for (let n = 0; n < 256; n++) {
      const text = canonicalIp(`2001:2:0:${n.toString(16)}::5`);
      expect(text).toBe(ipaddr.parse(text).toString());
    }
  });
});

describe('integers and texts of addresses', () => {
  // Byte by byte, as the values were first worked out: the word-wise and remembered forms must agree with it.
  const byBytes = (bytes: readonly number[]) => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  const random = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 256));

  it('reads and prints every address as its bytes say, IPv4 and IPv6, whatever was asked before', () => {
    for (let round = 0; round < 300; round++) {
      const v4 = round < 2 ? Array(4).fill(round === 0 ? 0 : 255) : random(4);
      const v6 = round < 2 ? Array(16).fill(round === 0 ? 0 : 255) : random(16);
      if (round % 3 === 0) v6.fill(0, 2, 12); // a run of zeros to compress
      const ip4 = parseIp(v4.join('.'))!;
      const ip6 = parseIp(ipaddr.fromByteArray(v6).toString())!;
      expect(ipValue(ip4)).toBe(byBytes(v4));
      expect(ipValue(ip6)).toBe(byBytes(v6));
      expect(formatIp(4, byBytes(v4))).toBe(v4.join('.'));
      expect(formatIp(6, byBytes(v6))).toBe(ipaddr.fromByteArray(v6).toString());
      const prefix = Math.floor(Math.random() * 129);
      const { first, last } = cidrBounds(parseCidr(`${ip6.text}/${prefix}`)!);
      const size = 1n << BigInt(128 - prefix);
      expect([first, last]).toEqual([(byBytes(v6) / size) * size, (byBytes(v6) / size) * size + size - 1n]);
    }
  });

  it('hands out frozen answers, so one caller cannot change another’s', () => {
    const a = parseCidr('10.1.2.3/16')!;
    expect(parseCidr('10.1.2.3/16')).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.ip) && Object.isFrozen(a.ip.bytes)).toBe(true);
    expect(() => (a.ip.bytes as number[]).push(1)).toThrow();
    expect(nthAddress(a, 1n)).toBe('10.1.0.1');
    expect(nthAddress(parseCidr('2001:db8::/64')!, 1n)).toBe('2001:db8::1');
  });
});
