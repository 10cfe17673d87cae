import { describe, expect, it } from 'vitest';
import { addressRuleRefusals, missingRules } from './address-rules';
import { parseIptablesSave, type FirewallRule } from './firewall-rules';
import type { JsonObject } from '../model/types';
import type { RuntimeInputs } from '../runtime/inputs';
import recorded from './testdata/bridge-portmap-dual.observed.json';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'lab', plugins });
const inputs: RuntimeInputs[] = [{ containerId: 'cnistudio-x', netns: '/run/netns/x', ifname: 'eth0', cniArgs: '', cniPath: [], capabilityArgs: {} }] as unknown as RuntimeInputs[];
// Another container's rules, as firewall 1.1.1 writes them for 10.213.77.5 (iptables-save's spelling).
const machine = parseIptablesSave(
  ['*filter', ':CNI-FORWARD - [0:0]', '-A FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD', '-A CNI-FORWARD -d 10.213.77.5/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A CNI-FORWARD -s 10.213.77.5/32 -j ACCEPT', '-A INPUT -s 10.213.77.9/32 -j ACCEPT', 'COMMIT'].join('\n'),
  'ipv4',
);
const staticAt = (address: string) => list({ type: 'static', ipam: { type: 'static', addresses: [{ address }] } }, { type: 'firewall' });

describe("the machine's CNI rules for its containers' addresses", () => {
  it("refuses a run whose static address another container's firewall rules name (its DEL removed them: a security tester's run)", () => {
    expect(addressRuleRefusals(staticAt('10.213.77.5/24'), inputs, machine)).toEqual([
      'plugin 1 (static): its IPAM (static) may give the container 10.213.77.5, an address this machine\'s CNI rules name (ipv4 filter: -A CNI-FORWARD -d 10.213.77.5/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT; and 1 more rule): another container\'s, whose rules the run\'s DEL would remove (firewall, portmap and ipMasq find their rules by the address); give the run addresses the machine\'s containers do not use',
    ]);
    // Another address, or one only a rule of no CNI chain names: run.
    expect(addressRuleRefusals(staticAt('10.213.77.6/24'), inputs, machine)).toEqual([]);
    expect(addressRuleRefusals(staticAt('10.213.77.9/24'), inputs, machine)).toEqual([]);
  });

  it("refuses a host-local range holding such an address, wherever in the range (it hands out round-robin), and the runtime's ipRanges", () => {
    const hostLocal = (range: JsonObject, p: JsonObject = {}) => list({ type: 'bridge', bridge: 'cni9', ipam: { type: 'host-local', ranges: [[range]] }, ...p });
    expect(addressRuleRefusals(hostLocal({ subnet: '10.213.77.0/24' }), inputs, machine)).toEqual([expect.stringContaining('plugin 1 (bridge): its IPAM (host-local) may give the container 10.213.77.5,')]);
    expect(addressRuleRefusals(hostLocal({ subnet: '10.213.77.0/24', rangeStart: '10.213.77.100' }), inputs, machine)).toEqual([]);
    expect(addressRuleRefusals(hostLocal({ subnet: '10.213.78.0/24' }), inputs, machine)).toEqual([]);
    const ranged = [{ ...inputs[0]!, capabilityArgs: { ipRanges: [[{ subnet: '10.213.77.0/28' }]] } }] as RuntimeInputs[];
    expect(addressRuleRefusals(hostLocal({ subnet: '10.1.0.0/24' }, { capabilities: { ipRanges: true } }), ranged, machine)).toHaveLength(1);
  });

  it("reads portmap's DNAT target and bridge's ipMasq jump (both families) from a real run's rules", () => {
    const rules = recorded.firewallRules as FirewallRule[];
    // That run's container had 10.244.232.2 and an IPv6 address: portmap's and ipMasq's rules name them.
    expect(addressRuleRefusals(staticAt('10.244.232.2/24'), inputs, rules)).toEqual([expect.stringContaining('10.244.232.2, an address this machine\'s CNI rules name (ipv4 nat: -A POSTROUTING -s 10.244.232.2/32')]);
    expect(addressRuleRefusals(staticAt('fd00:c5:232::2/64'), inputs, rules)).toEqual([expect.stringContaining('may give the container fd00:c5:232::2, an address this machine\'s CNI rules name (ipv6 nat: -A POSTROUTING -s fd00:c5:232::2/128')]);
    // portmap's DNAT alone (no ipMasq): its target names the address, in both spellings.
    const dnat = rules.filter((r) => r.rule.startsWith('-A CNI-DN-'));
    expect(addressRuleRefusals(staticAt('10.244.232.2/24'), inputs, dnat)).toEqual([expect.stringContaining('(ipv4 nat: -A CNI-DN-81308aca7a86f82c184c9 -p tcp -m tcp --dport 18082 -j DNAT --to-destination 10.244.232.2:80)')]);
    expect(addressRuleRefusals(staticAt('fd00:c5:232::2/64'), inputs, dnat)).toEqual([expect.stringContaining('--to-destination [fd00:c5:232::2]:80)')]);
    // Subnets and loopback name no container.
    expect(addressRuleRefusals(staticAt('127.0.0.1/8'), inputs, dnat)).toEqual([]);
  });

  it("names the machine's CNI rules there before that are gone after (counted), and no other", () => {
    const gone = machine.filter((r) => r.rule.startsWith('-A CNI-FORWARD -s'));
    const now = machine.filter((r) => !gone.includes(r));
    expect(missingRules(machine, now)).toEqual(['ipv4 filter: -A CNI-FORWARD -s 10.213.77.5/32 -j ACCEPT']);
    expect(missingRules(machine, machine)).toEqual([]);
    // Not CNI's (INPUT's rule): not counted.
    expect(missingRules(machine, machine.filter((r) => !r.rule.startsWith('-A INPUT')))).toEqual([]);
    // Twice before, once after: one gone.
    expect(missingRules([...machine, gone[0]!], machine)).toEqual(['ipv4 filter: -A CNI-FORWARD -s 10.213.77.5/32 -j ACCEPT']);
  });
});
