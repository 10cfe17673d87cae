import { describe, expect, it } from 'vitest';
import { defaultRouteLinksIn } from './default-route';

// As a VM's /proc prints them (tabs and trailing spaces kept): an IPv4 default via eth0, an IPv6 default
// via eth0, and the kernel's "unreachable" IPv6 defaults on lo, which are no way out.
const ROUTE4 = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0                                                                               
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                                                               
`;
const ROUTE6 = `fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth1
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
`;

describe('the links of the default routes', () => {
  it('reads both families, leaving out routes to a subnet and reject routes', () => {
    expect(defaultRouteLinksIn(ROUTE4, ROUTE6)).toEqual(['eth0', 'eth1']);
  });

  it('a machine without a default route has none, and unreadable files say nothing', () => {
    expect(defaultRouteLinksIn(ROUTE4.split('\n').filter((l) => !l.includes('\t00000000\t0')).join('\n'), '')).toEqual([]);
    expect(defaultRouteLinksIn('', '')).toEqual([]);
  });
});
