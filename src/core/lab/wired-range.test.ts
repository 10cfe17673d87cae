import { describe, expect, it } from 'vitest';
import { freeWiredRange, wiredRange } from './wired-range';

describe("the checks' wired namespaces' addresses", () => {
  const none = { routes: [], addresses: [] };
  it('a /30 of 198.18.0.0/16 per namespace and the outside a /126 of 2001:2::/48, written as sockets print them', () => {
    expect(wiredRange(0, 'outside')).toMatchObject({ hostCidr: '198.18.0.5/30', nsAddress: '198.18.0.6', hostAddress6: '2001:2::5', nsCidr6: '2001:2::6/126' });
    expect(wiredRange(171, 'client')).toMatchObject({ hostCidr: '198.18.171.1/30', hostAddress6: '2001:2:0:ab::1' });
    expect(freeWiredRange(none, 'client', 7)?.hostCidr).toBe('198.18.7.1/30');
  });

  it("never one the machine routes (a proxy's fake-ip route, another run's namespace) or has an address in; a default route, or its halves, do not count", () => {
    const taken = { routes: ['default', '0.0.0.0/1', '128.0.0.0/1', '198.18.7.0/24', '198.18.8.1', '2001:2:0:9::/64', '::/0'], addresses: ['198.18.10.6/30'] };
    expect([7, 8, 9, 10].map((n) => freeWiredRange(taken, 'outside', n)?.hostCidr)).toEqual(['198.18.8.5/30', '198.18.8.5/30', '198.18.11.5/30', '198.18.11.5/30']);
    expect(freeWiredRange(taken, 'outside', 6)?.hostCidr).toBe('198.18.6.5/30');
    // 198.18.8.1 is in the client's range of n = 8, not the outside's.
    expect(freeWiredRange({ routes: ['198.18.8.1'], addresses: [] }, 'outside', 8)?.hostCidr).toBe('198.18.8.5/30');
    expect(freeWiredRange({ routes: ['198.18.8.1'], addresses: [] }, 'client', 8)?.hostCidr).toBe('198.18.9.1/30');
  });

  it('none when the machine routes the whole range (fake-ip mode: 198.18.0.0/15 via its gateway)', () => {
    expect(freeWiredRange({ routes: ['198.18.0.0/15'], addresses: [] }, 'client', 200)).toBeUndefined();
    expect(freeWiredRange({ routes: ['2001:2::/48'], addresses: [] }, 'outside')).toBeUndefined();
  });
});
