// `ip -d` prints what plain `ip` leaves out as defaults; one session per namespace reads with -d and
// turns its addresses and routes back into plain ip's (the real ip's output is compared as root in
// src/helper/network-reader.test.ts).
import { describe, expect, it } from 'vitest';
import { addressesFromDetailed, policyRouting, routeFromDetailed } from './observed';
import { ruleText } from './topology';

describe('routeFromDetailed', () => {
  it('drops only the defaults -d spells out: type unicast, table main, protocol boot, scope global', () => {
    expect(routeFromDetailed({ type: 'unicast', dst: 'default', gateway: '10.0.0.1', dev: 'eth0', table: 'main', protocol: 'boot', scope: 'global', flags: [] })).toEqual({ dst: 'default', gateway: '10.0.0.1', dev: 'eth0', flags: [] });
    const local = { type: 'local', dst: '127.0.0.1', dev: 'lo', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '127.0.0.1', flags: [] };
    expect(routeFromDetailed(local)).toEqual(local);
    expect(routeFromDetailed({ type: 'unicast', dst: '10.1.0.0/16', dev: 'eth0', table: 'main', protocol: 'static', scope: 'link', flags: [] })).toEqual({ dst: '10.1.0.0/16', dev: 'eth0', protocol: 'static', scope: 'link', flags: [] });
  });
});

describe('addressesFromDetailed', () => {
  it('keeps each interface’s name, index and addresses, not the link details -d adds', () => {
    const detailed = [{ ifindex: 2, ifname: 'eth0', mtu: 1500, promiscuity: 0, linkinfo: { info_kind: 'veth' }, addr_info: [{ family: 'inet', local: '10.0.0.2', prefixlen: 24, scope: 'global' }] }];
    expect(addressesFromDetailed(detailed)).toEqual([{ ifindex: 2, ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.0.0.2', prefixlen: 24, scope: 'global' }] }]);
  });
});

describe('policy routing, as sbr leaves it (Debian 1.1.1)', () => {
  it('keeps rules beyond the kernel three and the routes of tables other than main and local', () => {
    const rules = [{ priority: 0, src: 'all', table: 'local' }, { priority: 32765, src: '10.89.9.2', table: '100' }, { priority: 32766, src: 'all', table: 'main' }, { priority: 32767, src: 'all', table: 'default' }];
    const routes = [{ dst: '10.89.9.0/24', dev: 'eth0' }, { dst: 'default', gateway: '10.89.9.1', dev: 'eth0', table: '100' }, { dst: 'local 10.89.9.2', dev: 'eth0', table: 'local' }];
    expect(policyRouting(rules, routes)).toEqual({ rules: [{ priority: 32765, src: '10.89.9.2', table: '100' }], routes: [{ dst: 'default', gateway: '10.89.9.1', dev: 'eth0', table: '100' }] });
    // A namespace with only the kernel's has none.
    expect(policyRouting(rules.filter((r) => r.priority !== 32765), routes.filter((r) => r.table !== '100'))).toBeUndefined();
  });
});

describe('policy routing of both families', () => {
  it("leaves out each family's kernel rules, and marks an IPv6 rule whose addresses do not say so", () => {
    const v4 = [{ priority: 0, src: 'all', table: 'local' }, { priority: 32765, src: '10.1.0.2', table: '100' }, { priority: 32766, src: 'all', table: 'main' }, { priority: 32767, src: 'all', table: 'default' }];
    const v6 = [{ priority: 0, src: 'all', table: 'local' }, { priority: 32764, src: 'all', iif: 'eth0', table: '102' }, { priority: 32765, src: 'fd00::2', table: '101' }, { priority: 32766, src: 'all', table: 'main' }];
    const policy = policyRouting(v4, [], v6);
    expect(policy?.rules.map(ruleText)).toEqual(['32765: from 10.1.0.2 lookup 100', '32764: from all iif eth0 lookup 102 (IPv6)', '32765: from fd00::2 lookup 101']);
    expect(policyRouting(v4.filter((r) => r.table !== '100'), [], v6.filter((r) => r.priority !== 32764 && r.priority !== 32765))).toBeUndefined();
  });
});
