import { describe, expect, it } from 'vitest';
import { leftRuleRemovals, newFilterChains, resultAddresses, ruleRemovals, type FirewallRule } from './firewall-rules';
import recorded from './testdata/bridge-portmap-dual.observed.json';

// The rules a real run of bridge (ipMasq) + portmap added, Debian's plugins 1.1.1 (testdata/README.md),
// beside rules of another container and of another program that must stay.
const RUN = recorded.firewallRules as FirewallRule[];
const OTHER: FirewallRule[] = [
  { family: 'ipv4', table: 'nat', rule: ':CNI-aaaaaaaaaaaaaaaaaaaaaaaa' },
  { family: 'ipv4', table: 'nat', rule: '-A POSTROUTING -s 10.88.0.9/32 -m comment --comment "name: \\"podman\\" id: \\"cnistudio-190c92290\\"" -j CNI-aaaaaaaaaaaaaaaaaaaaaaaa' },
  { family: 'ipv4', table: 'filter', rule: '-A INPUT -m comment --comment "id: cnistudio-190c9229" -j ACCEPT' },
];

describe('the rules of containers that no longer run', () => {
  it("removes bridge's ipMasq chain and portmap's DNAT chain with the rules that lead to them, in both families, and nothing else", () => {
    const removals = ruleRemovals([...OTHER, ...RUN], ['cnistudio-190c9229']);
    expect(removals.map((r) => [r.family, r.table, r.chains, r.rules])).toEqual([
      ['ipv4', 'nat', ['CNI-81308aca7a86f82c184c9936', 'CNI-DN-81308aca7a86f82c184c9'], 2],
      ['ipv6', 'nat', ['CNI-81308aca7a86f82c184c9936', 'CNI-DN-81308aca7a86f82c184c9'], 2],
    ]);
    expect(removals[0]!.script).toBe(
      [
        '*nat',
        '-D POSTROUTING -s 10.244.232.2/32 -m comment --comment "name: \\"cnistudio-record\\" id: \\"cnistudio-190c9229\\"" -j CNI-81308aca7a86f82c184c9936',
        '-D CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cnistudio-record\\" id: \\"cnistudio-190c9229\\"" -m multiport --dports 18082 -j CNI-DN-81308aca7a86f82c184c9',
        '-F CNI-81308aca7a86f82c184c9936',
        '-F CNI-DN-81308aca7a86f82c184c9',
        '-X CNI-81308aca7a86f82c184c9936',
        '-X CNI-DN-81308aca7a86f82c184c9',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it("removes the firewall plugin's rules for the addresses the run's leases held (they name no container), and no other address's", () => {
    const forward = (rule: string, family: 'ipv4' | 'ipv6' = 'ipv4'): FirewallRule => ({ family, table: 'filter', rule });
    const rules = [
      forward('-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN'),
      forward('-A CNI-FORWARD -d 10.226.0.2/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'),
      forward('-A CNI-FORWARD -s 10.226.0.2/32 -j ACCEPT'),
      forward('-A CNI-FORWARD -s 10.226.0.20/32 -j ACCEPT'),
      forward('-A CNI-FORWARD -s fd00:226::2/128 -j ACCEPT', 'ipv6'),
    ];
    const removals = ruleRemovals(rules, ['cnistudio-dead'], ['10.226.0.2', 'fd00:226::2']);
    expect(removals.map((r) => [r.family, r.table, r.chains, r.rules])).toEqual([
      ['ipv4', 'filter', [], 2],
      ['ipv6', 'filter', [], 1],
    ]);
    expect(removals[0]!.script).toBe('*filter\n-D CNI-FORWARD -d 10.226.0.2/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-D CNI-FORWARD -s 10.226.0.2/32 -j ACCEPT\nCOMMIT\n');
  });

  it('removes nothing for no container, or for one no rule names', () => {
    expect(ruleRemovals(RUN, [])).toEqual([]);
    expect(ruleRemovals(RUN, [''])).toEqual([]);
    expect(ruleRemovals(RUN, ['cnistudio-190c922'])).toEqual([]);
  });
});

describe("a run's rules its DELs left", () => {
  const filter = (rule: string): FirewallRule => ({ family: 'ipv4', table: 'filter', rule });
  // firewall's same-bridge isolation (its DEL never removes it) and its forwarding for an address whose DEL failed, as Debian's 1.1.1 writes them.
  const isolation = (bridge: string) => [
    filter(`-A CNI-ISOLATION-STAGE-1 -i ${bridge} ! -o ${bridge} -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j CNI-ISOLATION-STAGE-2`),
    filter(`-A CNI-ISOLATION-STAGE-2 -o ${bridge} -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j DROP`),
  ];
  const forwarding = (address: string) => [filter(`-A CNI-FORWARD -d ${address}/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`), filter(`-A CNI-FORWARD -s ${address}/32 -j ACCEPT`)];
  const shared = [filter(':CNI-FORWARD'), filter(':CNI-ISOLATION-STAGE-1'), filter(':CNI-ISOLATION-STAGE-2'), filter('-A FORWARD -j CNI-ISOLATION-STAGE-1')];

  it('removes the isolation of a bridge the run removed and the forwarding of its addresses, only as added during the run', () => {
    // The same rules for another bridge and address were there before; a rule added meanwhile for another bridge is not the run's.
    const before = [...shared, ...isolation('other0'), ...forwarding('10.9.0.7')];
    const now = [...before, ...isolation('wbr7'), ...forwarding('10.198.0.2'), ...isolation('concurrent0')];
    const { removals, rules } = leftRuleRemovals(before, now, { containerIds: ['cnistudio-x'], addresses: ['10.198.0.2', '10.9.0.7'], links: ['wbr7', 'other0'] });
    expect(removals.map((r) => [r.family, r.table, r.chains, r.rules])).toEqual([['ipv4', 'filter', [], 4]]);
    expect(rules.map((r) => r.rule)).toEqual([...isolation('wbr7'), ...forwarding('10.198.0.2')].map((r) => r.rule));
    expect(removals[0]!.script).not.toContain('other0');
    expect(removals[0]!.script).not.toContain('10.9.0.7');
    expect(removals[0]!.script).not.toContain('concurrent0');
  });

  it("removes an admin chain the run made under the config's own name, with its jump, only while empty (fidelity tester: CNI-QA2-ADMIN was left)", () => {
    const jump = filter('-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-QA2-ADMIN');
    const now = [...shared, filter(':CNI-QA2-ADMIN'), jump];
    const { removals, rules } = leftRuleRemovals(shared, now, { containerIds: ['cnistudio-x'], addresses: [], links: [] });
    expect(removals.map((r) => r.chains)).toEqual([['CNI-QA2-ADMIN']]);
    expect(removals[0]!.script).toBe(`*filter\n-D ${jump.rule.slice(3)}\n-F CNI-QA2-ADMIN\n-X CNI-QA2-ADMIN\nCOMMIT\n`);
    expect(rules.map((r) => r.rule)).toEqual([jump.rule, ':CNI-QA2-ADMIN']);
    // Someone's rule in it: kept, chain and jump. The shared CNI-ADMIN is kept by design.
    expect(leftRuleRemovals(shared, [...now, filter('-A CNI-QA2-ADMIN -s 192.0.2.9/32 -j DROP')], { containerIds: [], addresses: [], links: [] }).removals).toEqual([]);
    expect(leftRuleRemovals(shared, [...shared, filter(':CNI-ADMIN'), filter('-A CNI-FORWARD -j CNI-ADMIN')], { containerIds: [], addresses: [], links: [] }).removals).toEqual([]);
  });

  it("removes an admin chain the run made under a name of the config's own that is no CNI- name (nomad's NOMAD-ADMIN was left, and the next run refused)", () => {
    const jump = filter('-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j NOMAD-ADMIN');
    const now = [...shared, filter(':NOMAD-ADMIN'), jump];
    const owner = { containerIds: ['cnistudio-x'], addresses: [], links: [], adminChains: ['NOMAD-ADMIN'] };
    const { removals, rules } = leftRuleRemovals(shared, now, owner);
    expect(removals.map((r) => r.chains)).toEqual([['NOMAD-ADMIN']]);
    expect(removals[0]!.script).toBe(`*filter\n-D ${jump.rule.slice(3)}\n-F NOMAD-ADMIN\n-X NOMAD-ADMIN\nCOMMIT\n`);
    expect(rules.map((r) => r.rule)).toEqual([jump.rule, ':NOMAD-ADMIN']);
    // Not the config's admin chain: another program's chain made meanwhile, never the run's.
    expect(leftRuleRemovals(shared, now, { ...owner, adminChains: [] }).removals).toEqual([]);
    // There before the run, or holding a rule now: kept.
    expect(leftRuleRemovals([...shared, filter(':NOMAD-ADMIN')], now, owner).removals).toEqual([]);
    expect(leftRuleRemovals(shared, [...now, filter('-A NOMAD-ADMIN -s 192.0.2.9/32 -j DROP')], owner).removals).toEqual([]);
    expect(newFilterChains(shared, now, ['NOMAD-ADMIN', 'CNI-ADMIN', 'OTHER'])).toEqual(['filter/NOMAD-ADMIN']);
    expect(newFilterChains([...shared, filter(':NOMAD-ADMIN')], now, ['NOMAD-ADMIN'])).toEqual([]);
  });

  it("removes the isolation of the run's veths (ptp's, which no bridge holds) once they are gone", () => {
    const now = [...shared, ...isolation('veth1a2b3c4d')];
    expect(leftRuleRemovals(shared, now, { containerIds: ['cnistudio-x'], addresses: [], links: ['veth1a2b3c4d'] }).rules.map((r) => r.rule)).toEqual(isolation('veth1a2b3c4d').map((r) => r.rule));
  });

  it('removes nothing when the DELs left nothing of the run', () => {
    expect(leftRuleRemovals(shared, [...shared, ...isolation('concurrent0')], { containerIds: ['cnistudio-x'], addresses: ['10.198.0.2'], links: ['wbr7'] })).toEqual({ removals: [], rules: [] });
  });

  it("reads the addresses of a result of any version, without their prefix length", () => {
    expect(resultAddresses({ cniVersion: '1.0.0', ips: [{ address: '10.1.0.5/24' }, { address: 'fd00::5/64' }, { address: 7 }] })).toEqual(['10.1.0.5', 'fd00::5']);
    expect(resultAddresses({ cniVersion: '0.2.0', ip4: { ip: '10.1.0.5/24' }, ip6: { ip: 'fd00::5/64' } })).toEqual(['10.1.0.5', 'fd00::5']);
    expect(resultAddresses({})).toEqual([]);
  });
});
