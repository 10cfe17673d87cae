// The topology model from what `ip -j` and iptables-save really printed after a bridge + portmap ADD,
// and from crafted shapes for what that run does not show (two interfaces listed out of order, macvlan).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterOf, runTopologyModel, topologyModel, type RunTopologyInput, type TopologyInput, type TopologyNode } from './topology';
import { addedRules, cniChainsIn, groupRules, parseIptablesSave, ruleParts, summarizeRule } from './firewall-rules';

const recorded = JSON.parse(readFileSync(resolve(__dirname, 'testdata/bridge-portmap-dual.observed.json'), 'utf8')) as TopologyInput;
const node = (nodes: TopologyNode[], id: string) => nodes.find((n) => n.id === id)!;
const texts = (n: TopologyNode, section: string) => n.items.filter((i) => i.section === section).map((i) => i.text);

describe('topologyModel (recorded bridge + portmap, IPv4 and IPv6)', () => {
  const model = topologyModel(recorded);

  it('has every host link that appeared and every container interface, lo included', () => {
    expect(model.nodes.filter((n) => n.kind !== 'rules').map((n) => n.id)).toEqual(['host:cnistudio-rec0', 'host:veth8bf32128', 'ns:lo', 'ns:eth0']);
  });

  it('wires the host veth whose peer index is eth0 to eth0, and the veth to its bridge', () => {
    const veth = recorded.hostLinks.find((l) => l.ifname === 'veth8bf32128')!;
    const eth0 = recorded.namespace.links.find((l) => l.ifname === 'eth0')!;
    expect([veth.link_index, eth0.link_index]).toEqual([eth0.ifindex, veth.ifindex]);
    expect(model.edges.filter((e) => e.kind === 'veth-pair')).toEqual([{ id: 'veth:veth8bf32128:eth0', from: 'host:veth8bf32128', to: 'ns:eth0', kind: 'veth-pair', label: 'veth pair #1247 ↔ #2' }]);
    expect(model.edges.filter((e) => e.kind === 'bridge-port')).toEqual([{ id: 'port:veth8bf32128', from: 'host:cnistudio-rec0', to: 'host:veth8bf32128', kind: 'bridge-port', label: 'bridge port' }]);
    expect(node(model.nodes, 'ns:eth0').caption).toBe('veth · #2 · peer #1247 on the host · mtu 1500');
  });

  it("shows the bridge's gateway addresses and both families in the container, without IPv6 link-local noise", () => {
    const bridge = node(model.nodes, 'host:cnistudio-rec0');
    expect(texts(bridge, 'address')).toEqual(['10.244.232.1/24', 'fd00:c5:232::1/64']);
    expect(texts(bridge, 'route')).toEqual(['10.244.232.0/24 proto kernel scope link', 'fd00:c5:232::/64 proto kernel']);
    const eth0 = node(model.nodes, 'ns:eth0');
    expect(eth0.items.filter((i) => i.section === 'address').map((i) => [i.text, i.family])).toEqual([
      ['10.244.232.2/24', 'ipv4'],
      ['fd00:c5:232::2/64', 'ipv6'],
    ]);
    expect(texts(eth0, 'route')).toEqual(['default via 10.244.232.1', '10.244.232.0/24 proto kernel scope link', 'fd00:c5:232::/64 proto kernel', 'default via fd00:c5:232::1']);
    expect(texts(node(model.nodes, 'ns:lo'), 'address')).toEqual(['127.0.0.1/8', '::1/128']);
    // Each item keeps the record it was read from.
    expect(eth0.items[0]!.raw).toMatchObject({ family: 'inet', local: '10.244.232.2', prefixlen: 24 });
    expect(node(model.nodes, 'host:veth8bf32128').raw).toMatchObject({ link: { ifname: 'veth8bf32128', link_index: 2, link_netnsid: 0, master: 'cnistudio-rec0' } });
  });

  it('groups the rules the run added by chain, says what they do, and wires DNAT and masquerade to eth0', () => {
    const dnat = node(model.nodes, 'rules:nat:CNI-DN-81308aca7a86f82c184c9');
    expect(dnat.caption).toBe('port forwarding (DNAT) · IPv4 + IPv6 · new chain CNI-DN-81308aca7a86f82c184c9');
    expect(texts(dnat, 'rule')).toContain('nat CNI-DN-81308aca7a86f82c184c9: tcp port 18082 → forward to 10.244.232.2:80');
    expect(texts(dnat, 'rule')).toContain('nat CNI-DN-81308aca7a86f82c184c9: tcp port 18082 → forward to [fd00:c5:232::2]:80');
    expect(texts(dnat, 'rule')).toContain('nat CNI-HOSTPORT-DNAT: tcp port 18082 → jump to CNI-DN-81308aca7a86f82c184c9');
    const masq = node(model.nodes, 'rules:nat:CNI-81308aca7a86f82c184c9936');
    expect(texts(masq, 'rule')).toEqual([
      'nat POSTROUTING: from 10.244.232.2/32 → jump to CNI-81308aca7a86f82c184c9936',
      'nat CNI-81308aca7a86f82c184c9936: to 10.244.232.0/24 → accept',
      'nat CNI-81308aca7a86f82c184c9936: to ! 224.0.0.0/4 → masquerade (source NAT to the host address)',
      'nat POSTROUTING: from fd00:c5:232::2/128 → jump to CNI-81308aca7a86f82c184c9936',
      'nat CNI-81308aca7a86f82c184c9936: to fd00:c5:232::/64 → accept',
      'nat CNI-81308aca7a86f82c184c9936: to ! ff00::/8 → masquerade (source NAT to the host address)',
    ]);
    expect(model.edges.filter((e) => e.kind === 'firewall').map((e) => [e.from, e.to, e.label])).toEqual([
      ['rules:nat:CNI-81308aca7a86f82c184c9936', 'ns:eth0', 'masquerade'],
      ['rules:nat:CNI-DN-81308aca7a86f82c184c9', 'ns:eth0', 'DNAT'],
    ]);
    // portmap's shared IPv6 chains were new on the recording host: one group, said to be shared.
    expect(node(model.nodes, 'rules:nat:shared').caption).toMatch(/^chains plugins share across containers/);
    expect(model.notes).toEqual([]);
  });
});

describe('runTopologyModel (recorded: two containers on one bridge, checks wired a client and an outside namespace)', () => {
  const two = JSON.parse(readFileSync(resolve(__dirname, 'testdata/bridge-portmap-two-containers.json'), 'utf8')) as RunTopologyInput;
  const model = runTopologyModel(two);
  const ids = (cluster: string) => model.nodes.filter((n) => clusterOf(n) === cluster && n.kind !== 'rules').map((n) => n.id);

  it('is the one-container model for a run of one', () => {
    expect(runTopologyModel({ containers: [recorded] })).toEqual(topologyModel(recorded));
  });

  it("draws each container's namespace as c1, c2 with ids that do not clash, and both veths on the bridge", () => {
    expect(ids('host')).toEqual(['host:cnistudio-wc9', 'host:veth8a705ddf', 'host:vethc25ac756', 'host:cnistudioc0efe', 'host:cnistudioo71a0']);
    expect(ids('c1')).toEqual(['c1:lo', 'c1:eth0']);
    expect(ids('c2')).toEqual(['c2:lo', 'c2:eth0']);
    expect(new Set(model.nodes.map((n) => n.id)).size).toBe(model.nodes.length);
    expect(model.edges.filter((e) => e.kind === 'veth-pair' && /^c\d:/.test(e.to)).map((e) => [e.from, e.to])).toEqual([
      ['host:veth8a705ddf', 'c1:eth0'],
      ['host:vethc25ac756', 'c2:eth0'],
    ]);
    expect(model.edges.filter((e) => e.kind === 'bridge-port').map((e) => e.to)).toEqual(['host:veth8a705ddf', 'host:vethc25ac756']);
    expect(node(model.nodes, 'host:vethc25ac756').caption).toBe('veth · #2250 · peer #2 in c2 · mtu 1500');
    expect(texts(node(model.nodes, 'c2:eth0'), 'address')).toEqual(['10.244.249.3/24', 'fd00:c5:249::3/64']);
    expect(model.notes).toEqual([]);
  });

  it("wires each container's masquerade rules to its own interface", () => {
    const masq = model.edges.filter((e) => e.kind === 'firewall' && e.label === 'masquerade').map((e) => e.to);
    expect(masq.sort()).toEqual(['c1:eth0', 'c2:eth0']);
  });

  it('draws the client and outside namespaces from what the checks said, each wired to its host link', () => {
    const client = model.nodes.find((n) => n.side === 'client')!;
    expect(client).toMatchObject({ name: 'cnistudio-19220-97ad7095', caption: "the veth's other end · connects to the host ports" });
    expect(texts(client, 'address')).toEqual(['198.18.189.2']);
    const outside = model.nodes.find((n) => n.side === 'outside')!;
    expect(outside.items.map((i) => [i.text, i.family])).toEqual([
      ['198.18.145.6', 'ipv4'],
      ['2001:2:0:91::6', 'ipv6'],
    ]);
    expect(texts(node(model.nodes, 'host:cnistudioo71a0'), 'address')).toEqual(['198.18.145.5', '2001:2:0:91::5']);
    expect(model.edges.filter((e) => e.id.startsWith('wired:')).map((e) => [e.from, e.to])).toEqual([
      ['host:cnistudioc0efe', client.id],
      ['host:cnistudioo71a0', outside.id],
    ]);
  });
});

describe('topologyModel (crafted shapes)', () => {
  const link = (ifname: string, ifindex: number, extra: object = {}) => ({ ifname, ifindex, ...extra });
  it('pairs by peer index, not by listing order, and draws no wire where the indexes do not agree', () => {
    const model = topologyModel({
      namespace: {
        links: [link('lo', 1, { link_type: 'loopback' }), link('eth0', 2, { link_index: 31, link_netnsid: 0, linkinfo: { info_kind: 'veth' } }), link('net1', 3, { link_index: 30, link_netnsid: 0, linkinfo: { info_kind: 'veth' } }), link('net2', 4, { link_index: 40, link_netnsid: 0, linkinfo: { info_kind: 'veth' } })],
        addresses: [],
        routes: [],
      },
      // Listed with net1's peer first; vethz names ifindex 4 but is not named back by net2 (40 ≠ 41).
      hostLinks: [link('vethb', 30, { link_index: 3, link_netnsid: 7, linkinfo: { info_kind: 'veth' } }), link('vetha', 31, { link_index: 2, link_netnsid: 7, linkinfo: { info_kind: 'veth' } }), link('vethz', 41, { link_index: 4, link_netnsid: 7, linkinfo: { info_kind: 'veth' } })],
    });
    expect(model.edges.map((e) => [e.from, e.to])).toEqual([
      ['host:vetha', 'ns:eth0'],
      ['host:vethb', 'ns:net1'],
    ]);
    expect(model.notes).toEqual(["net2's veth peer (#40) is not among the host links that appeared during the run."]);
    expect(model.nodes.find((n) => n.id === 'ns:lo')!.caption).toBe('loopback · #1');
  });

  it("shows sbr's policy routing: its table's routes on the interface, each with its table, and its rules in a note", () => {
    const model = topologyModel({
      namespace: {
        links: [link('eth0', 2, { link_index: 9, link_netnsid: 0, linkinfo: { info_kind: 'veth' } })],
        addresses: [],
        routes: [],
        policy: { rules: [{ priority: 32765, src: '10.89.9.2', table: '100' }], routes: [{ dst: 'default', gateway: '10.89.9.1', dev: 'eth0', table: '100' }] },
      },
      hostLinks: [],
    });
    expect(texts(model.nodes[0]!, 'route')).toEqual(['default via 10.89.9.1 table 100']);
    expect(model.notes).toContain('Policy routing rules: 32765: from 10.89.9.2 lookup 100.');
  });

  it('says a macvlan sits on a host link the run did not create, with no wire', () => {
    const model = topologyModel({ namespace: { links: [link('eth0', 2, { link_index: 4, link_netnsid: 0, linkinfo: { info_kind: 'macvlan' } })], addresses: [], routes: [] }, hostLinks: [] });
    expect(model.edges).toEqual([]);
    expect(model.nodes[0]!.caption).toBe('macvlan · #2 · on host link #4');
  });
});

describe('firewall rules a run added', () => {
  const save = (rules: string) => `# Generated by iptables-save\n*nat\n:PREROUTING ACCEPT [3:180]\n:CNI-HOSTPORT-DNAT - [0:0]\n${rules}\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n`;

  it('keeps what appeared (chain declarations without counters), CNI lines or the container id only', () => {
    const before = parseIptablesSave(save('-A PREROUTING -j CNI-HOSTPORT-DNAT'), 'ipv4');
    const after = parseIptablesSave(save('-A PREROUTING -j CNI-HOSTPORT-DNAT\n:CNI-DN-1 - [0:0]\n-A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 80 -j CNI-DN-1\n-A PREROUTING -p udp -j ACCEPT\n-A PREROUTING -m comment --comment "id: \\"c-1\\"" -j ACCEPT'), 'ipv4');
    expect(after[0]).toEqual({ family: 'ipv4', table: 'nat', rule: ':PREROUTING' });
    expect(addedRules(before, after, 'c-1').rules.map((r) => r.rule)).toEqual([':CNI-DN-1', '-A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 80 -j CNI-DN-1', '-A PREROUTING -m comment --comment "id: \\"c-1\\"" -j ACCEPT']);
    // A rule there twice after and once before is one addition.
    const twice = parseIptablesSave(save('-A PREROUTING -j CNI-HOSTPORT-DNAT\n-A PREROUTING -j CNI-HOSTPORT-DNAT'), 'ipv4');
    expect(addedRules(before, twice, 'x').rules).toEqual([{ family: 'ipv4', table: 'nat', rule: '-A PREROUTING -j CNI-HOSTPORT-DNAT' }]);
  });

  it("finds CNI's IPv4 chains in the same lines, table by table as `iptables -t <table> -S` listed them", () => {
    const v4 = parseIptablesSave('*mangle\n:CNI-M - [0:0]\nCOMMIT\n*nat\n:POSTROUTING ACCEPT [0:0]\n:CNI-DN-1 - [0:0]\n-A CNI-DN-1 -j CNI-X\nCOMMIT\n*filter\n:CNI-FORWARD - [0:0]\nCOMMIT\n*raw\n:CNI-R - [0:0]\nCOMMIT\n', 'ipv4');
    const v6 = parseIptablesSave('*nat\n:CNI-DN-6 - [0:0]\nCOMMIT\n', 'ipv6');
    expect(cniChainsIn([...v4, ...v6])).toEqual(['filter/CNI-FORWARD', 'nat/CNI-DN-1', 'mangle/CNI-M']);
  });

  it('bounds what it reports and says how much it left out', () => {
    const many = Array.from({ length: 450 }, (_, i) => ({ family: 'ipv4' as const, table: 'nat', rule: `-A CNI-X -s 10.0.${i >> 8}.${i & 255}/32 -j ACCEPT` }));
    const r = addedRules([], many, '');
    expect([r.rules.length, r.omitted]).toEqual([400, 50]);
    expect(addedRules([], [{ family: 'ipv4', table: 'nat', rule: `-A CNI-X -m comment --comment "${'x'.repeat(2000)}" -j ACCEPT` }], '').rules[0]!.rule).toMatch(/ …\(cut\)$/);
  });

  it('reads negations, quoted comments and DNAT destinations', () => {
    expect(ruleParts('-A CNI-1 ! -d 224.0.0.0/4 -m comment --comment "name: \\"n\\" id: \\"c\\"" -j MASQUERADE')).toEqual({ chain: 'CNI-1', declaration: false, destination: '! 224.0.0.0/4', comment: 'name: "n" id: "c"', target: 'MASQUERADE', other: [] });
    expect(summarizeRule({ family: 'ipv4', table: 'nat', rule: '-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT' })).toBe('nat PREROUTING: all traffic → jump to CNI-HOSTPORT-DNAT');
    expect(groupRules([{ family: 'ipv6', table: 'nat', rule: '-A CNI-DN-1 -p tcp -m tcp --dport 80 -j DNAT --to-destination [fd00::5]:8080' }])[0]!.addresses).toEqual(['fd00::5']);
  });
});
