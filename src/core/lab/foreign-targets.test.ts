import { describe, expect, it } from 'vitest';
import { foreignTargetRefusals } from './foreign-targets';
import { parseIptablesSave } from './firewall-rules';
import type { JsonObject } from '../model/types';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'lab', plugins });
// A machine whose filter table has a chain of its own (fail2ban's) and CNI's shared ones, as iptables-save prints it.
const rules = parseIptablesSave(['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':f2b-sshd - [0:0]', ':CNI-FORWARD - [0:0]', '-A FORWARD -j CNI-FORWARD', 'COMMIT'].join('\n'), 'ipv4');

describe('foreignTargetRefusals', () => {
  it("refuses a firewall admin chain the machine keeps for something else, built-in ones included", () => {
    expect(foreignTargetRefusals(list({ type: 'bridge' }, { type: 'firewall', iptablesAdminChainName: 'f2b-sshd' }), rules)).toEqual([expect.stringContaining(`plugin 2 (firewall): its "iptablesAdminChainName" names f2b-sshd, a chain of this machine's filter table`)]);
    // A built-in one, said as what happens: iptables refuses the jump (an outside tester's run).
    for (const chain of ['INPUT', 'OUTPUT']) {
      expect(foreignTargetRefusals(list({ type: 'bridge' }, { type: 'firewall', iptablesAdminChainName: chain }), rules)).toEqual([expect.stringContaining(`names ${chain}, a built-in chain of the filter table: the plugin would jump to it from its CNI-FORWARD chain, which iptables refuses`)]);
    }
    // Built-in chains count even when iptables-save has not listed the filter table yet.
    expect(foreignTargetRefusals(list({ type: 'firewall', iptablesAdminChainName: 'FORWARD' }), [])).toHaveLength(1);
  });

  it('lets the firewall use the default, a CNI- chain or a chain the machine does not have', () => {
    for (const firewall of [{} as JsonObject, { iptablesAdminChainName: '' }, { iptablesAdminChainName: 'CNI-ADMIN' }, { iptablesAdminChainName: 'CNI-LAB-ADMIN' }, { iptablesAdminChainName: 'LAB-ADMIN' }]) {
      expect(foreignTargetRefusals(list({ type: 'firewall', ...firewall }), rules)).toEqual([]);
    }
    // Another plugin's key of that name means nothing.
    expect(foreignTargetRefusals(list({ type: 'tuning', iptablesAdminChainName: 'INPUT' }), rules)).toEqual([]);
  });

  it("lets the firewall use a chain of the machine that is only what the plugin makes of it: empty, CNI-FORWARD's admin jump alone leading to it", () => {
    const nomad = list({ type: 'bridge' }, { type: 'firewall', iptablesAdminChainName: 'NOMAD-ADMIN' });
    const machine = (...lines: string[]) => parseIptablesSave(['*filter', ':FORWARD DROP [0:0]', ':CNI-FORWARD - [0:0]', ':NOMAD-ADMIN - [0:0]', '-A FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD', ...lines, 'COMMIT'].join('\n'), 'ipv4');
    const jump = '-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j NOMAD-ADMIN';
    // As a run (a runtime's, or the lab's own before it removed it) leaves it: the run changes nothing of it.
    expect(foreignTargetRefusals(nomad, machine(jump))).toEqual([]);
    // Anything more, and it is said what: its own rules, another jump to it, or no jump of CNI's at all.
    expect(foreignTargetRefusals(nomad, machine(jump, '-A NOMAD-ADMIN -s 192.0.2.9/32 -j DROP'))).toEqual([expect.stringContaining('names NOMAD-ADMIN, a chain of this machine\'s filter table that is not only CNI firewall\'s admin chain (it holds 1 rule of its own (ipv4))')]);
    expect(foreignTargetRefusals(nomad, machine(jump, '-A FORWARD -j NOMAD-ADMIN'))).toEqual([expect.stringContaining('(-A FORWARD -j NOMAD-ADMIN leads to it (ipv4))')]);
    expect(foreignTargetRefusals(nomad, machine())).toEqual([expect.stringContaining("(no rule of CNI's firewall plugin leads to it (ipv4))")]);
  });

  it("lets host-local read a resolv.conf only where machines keep theirs (it reads as root and returns the lines)", () => {
    const hostLocal = (resolvConf: string, type = 'bridge') => foreignTargetRefusals(list({ type, ipam: { type: 'host-local', subnet: '10.1.0.0/24', resolvConf } }), []);
    for (const ok of ['/etc/resolv.conf', '/etc/cni/resolv.conf', '/run/systemd/resolve/resolv.conf', '']) expect(hostLocal(ok)).toEqual([]);
    for (const bad of ['/root/.ssh/id_rsa', '/etc/../root/x', 'resolv.conf', '/run/user/1000/resolv.conf', '/etcx/resolv.conf']) {
      expect(hostLocal(bad)).toEqual([expect.stringContaining(`plugin 1 (bridge): its "ipam.resolvConf" ${JSON.stringify(bad)} is not under /etc/ or /run/systemd/resolve/`)]);
    }
    // Another IPAM's key of that name is not read as a file.
    expect(foreignTargetRefusals(list({ type: 'bridge', ipam: { type: 'static', resolvConf: '/root/x' } }), [])).toEqual([]);
  });

  it("lets dhcp IPAM ask only the daemon socket the lab checks", () => {
    const dhcp = (ipam: JsonObject) => foreignTargetRefusals(list({ type: 'macvlan', master: 'eth1', ipam: { type: 'dhcp', ...ipam } }), []);
    expect(dhcp({})).toEqual([]);
    expect(dhcp({ daemonSocketPath: '/run/cni/dhcp.sock' })).toEqual([]);
    expect(dhcp({ daemonSocketPath: '/run/cni/../cni/dhcp.sock' })).toEqual([]);
    expect(dhcp({ daemonSocketPath: '/run/containerd/containerd.sock' })).toEqual([expect.stringContaining('plugin 1 (macvlan): its "ipam.daemonSocketPath" "/run/containerd/containerd.sock" is not the dhcp daemon\'s socket this lab checks (/run/cni/dhcp.sock)')]);
    expect(dhcp({ daemonSocketPath: 'dhcp.sock' })).toHaveLength(1);
    // dhcp run as the plugin itself reads the same key.
    expect(foreignTargetRefusals(list({ type: 'dhcp', ipam: { type: 'host-local', daemonSocketPath: '/run/containerd/containerd.sock' } }), [])).toEqual([expect.stringContaining('plugin 1 (dhcp): its "ipam.daemonSocketPath"')]);
    // Another IPAM's key of that name means nothing.
    expect(foreignTargetRefusals(list({ type: 'bridge', ipam: { type: 'host-local', daemonSocketPath: '/x' } }), [])).toEqual([]);
  });
});
