// The lab machine's own limits, told apart from the configuration's errors: each message is one the real
// plugins (Debian's 1.1.1) printed on a lab VM without the feature (build of the sweep in the session note).
import { describe, expect, it } from 'vitest';
import { machineLimit } from './machine-limits';

describe('machineLimit', () => {
  it("names a missing master or device, never the container link a plugin's DEL did not find", () => {
    expect(machineLimit('macvlan', 'failed to lookup master "qabm0": Link not found', { type: 'macvlan', master: 'qabm0' })).toContain('no link named qabm0');
    expect(machineLimit('host-device', 'failed to find host device: Link not found', { type: 'host-device', device: 'qabm1' })).toContain('no link named qabm1');
    // No master, and no default route on the lab machine to take one from (an outside tester's run).
    expect(machineLimit('macvlan', 'failed to get default route interface: no default route interface found', { type: 'macvlan' })).toContain('has no default route');
    expect(machineLimit('host-device', 'failed to find "eth0": Link not found', { type: 'host-device', device: 'qabm1' })).toBeUndefined();
  });
  it('names the kernel option a link needs when the kernel answers "operation not supported"', () => {
    expect(machineLimit('vrf', 'cmdAdd failed: could not add VRF cnisweepvrf: operation not supported')).toContain('VRF devices (CONFIG_NET_VRF)');
    expect(machineLimit('bridge', 'failed to create bridge "cni5": could not add "cni5": operation not supported', { type: 'bridge', vlan: 4094 })).toContain('CONFIG_BRIDGE_VLAN_FILTERING');
    expect(machineLimit('bridge', 'failed to create bridge "cni5": could not add "cni5": operation not supported', { type: 'bridge' })).toContain('something the plugin asked of it');
  });

  it('says which daemon is not running', () => {
    expect(machineLimit('dhcp', 'error dialing DHCP daemon: dial unix /run/cni/dhcp.sock: connect: no such file or directory')).toContain('dhcp daemon is not running');
    expect(machineLimit('firewall', 'dial unix /var/run/dbus/system_bus_socket: connect: no such file or directory')).toContain('firewalld');
  });

  it("says when the master or device the config names is not a link of the lab machine (the plugins' own words)", () => {
    expect(machineLimit('macvlan', 'Link not found', { type: 'macvlan', master: 'ens5' })).toContain('The lab machine has no link named ens5, which the master must be on a node');
    expect(machineLimit('host-device', 'failed to find host device: Link not found', { type: 'host-device', device: 'ens6' })).toContain('--host-links ens6');
    expect(machineLimit('host-device', 'failed to find host device: failed to find physical interface', { type: 'host-device', hwaddr: '52:54:00:00:00:01' })).toContain('no link with the address 52:54:00:00:00:01');
    expect(machineLimit('macvlan', 'invalid MTU 9000, must be [0, master MTU(1500)]', { type: 'macvlan', master: 'ens5' })).toContain('The master link on the lab machine has MTU 1500, below the 9000 the config asks');
    expect(machineLimit('macvlan', 'invalid MTU -1, must be [0, master MTU(1500)]', { type: 'macvlan', master: 'ens5' })).toBeUndefined();
  });

  it('says a sysctl tuning could not open may be the kernel\'s, and nothing for the configuration\'s own errors', () => {
    expect(machineLimit('tuning', 'open /proc/sys/net/ipv4/conf/eth0/nonexistent: no such file or directory')).toContain('This kernel has no /proc/sys/net/ipv4/conf/eth0/nonexistent');
    expect(machineLimit('bridge', 'failed to create bridge "x": could not add "x": invalid argument')).toBeUndefined();
    // tuning 1.1.1's CHECK reading "IFNAME" as written (CNI311) is not the machine's.
    expect(machineLimit('tuning', 'open /proc/sys/net/ipv4/conf/IFNAME/arp_notify: no such file or directory')).toBeUndefined();
    expect(machineLimit('tuning', 'cannot assign requested address')).toBeUndefined();
  });
});
