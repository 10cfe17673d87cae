import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nftRemovals } from './nft-removals';

// `nft -j list ruleset` of a namespace where the real bridge plugin (1.1.1) ran ADD with macspoofchk for two
// containers (0123abcd-cap, ffff-other, both eth0), and portmap's and ipMasq's nftables tables were
// written by hand in the plugins' shape (their 1.6 sources: comments of the container id; of the network's
// and "<ifname>:<id>"'s SHA-512 prefixes) for the same two containers.
const RULESET = JSON.parse(readFileSync(join(__dirname, 'testdata/nft-ruleset.json'), 'utf8')) as unknown;
const RUN = { containerIds: ['0123abcd-cap'], ifname: 'eth0' };

type Command = { delete?: { rule?: { chain: string; handle: number; table: string }; chain?: { name: string } }; flush?: { chain: { name: string } } };
const commands = (json: string) => (JSON.parse(json) as { nftables: Command[] }).nftables;

describe('nftRemovals', () => {
  it("removes the run's macspoofchk chains (with the base chain's jump), portmap's and ipMasq's rules, and nothing of the other container's", () => {
    const removal = nftRemovals(RULESET, RUN)!;
    expect(removal.said).toEqual(['nftables bridge nat/cni-br-iface-0123abcd-cap-eth0', 'nftables bridge nat/cni-br-iface-0123abcd-cap-eth0-mac', 'nftables ip cni_hostport: 3 rules', 'nftables inet cni_plugins_masquerade: 1 rule']);
    const all = commands(removal.json);
    const rules = all.flatMap((c) => (c.delete?.rule ? [`${c.delete.rule.table}/${c.delete.rule.chain}`] : []));
    expect(rules).toEqual(['nat/PREROUTING', 'cni_hostport/hostports', 'cni_hostport/masquerading', 'cni_hostport/masquerading', 'cni_plugins_masquerade/masq_checks']);
    // Flushed before deleted: the iface chain's jump to -mac goes with its flush.
    expect(all.filter((c) => c.flush).map((c) => c.flush!.chain.name)).toEqual(['cni-br-iface-0123abcd-cap-eth0', 'cni-br-iface-0123abcd-cap-eth0-mac']);
    expect(all.filter((c) => c.delete?.chain).map((c) => c.delete!.chain!.name)).toEqual(['cni-br-iface-0123abcd-cap-eth0', 'cni-br-iface-0123abcd-cap-eth0-mac']);
    expect(removal.json).not.toContain('ffff-other');
  });

  it('the other container, alone: its own', () => {
    const removal = nftRemovals(RULESET, { containerIds: ['ffff-other'], ifname: 'eth0' })!;
    expect(removal.said).toEqual(['nftables bridge nat/cni-br-iface-ffff-other-eth0', 'nftables bridge nat/cni-br-iface-ffff-other-eth0-mac', 'nftables ip cni_hostport: 1 rule', 'nftables inet cni_plugins_masquerade: 1 rule']);
    expect(removal.json).not.toContain('0123abcd-cap');
  });

  it('nothing for another interface name, an unknown or empty id, or what is not nft JSON', () => {
    // The masquerade hash is of "<ifname>:<id>": eth1's is another; portmap's comment is the id alone, so its rules are still the run's.
    expect(nftRemovals(RULESET, { containerIds: ['0123abcd-cap'], ifname: 'eth1' })!.said).toEqual(['nftables ip cni_hostport: 3 rules']);
    expect(nftRemovals(RULESET, { containerIds: ['0123abcd'], ifname: 'eth0' })).toBeUndefined();
    expect(nftRemovals(RULESET, { containerIds: [''], ifname: 'eth0' })).toBeUndefined();
    expect(nftRemovals({ nftables: 'no' }, RUN)).toBeUndefined();
    expect(nftRemovals(null, RUN)).toBeUndefined();
  });

  it('a comment that only starts like the run\'s, or names its id in another table, is not the run\'s', () => {
    const ruleset = {
      nftables: [
        { chain: { family: 'bridge', table: 'nat', name: 'cni-br-iface-0123abcd-cap-eth0x' } },
        { rule: { family: 'bridge', table: 'nat', chain: 'PREROUTING', handle: 9, comment: 'macspoofchk-0123abcd-cap-eth0x', expr: [{ jump: { target: 'cni-br-iface-0123abcd-cap-eth0x' } }] } },
        { rule: { family: 'ip', table: 'mine', chain: 'x', handle: 3, comment: '0123abcd-cap' } },
        { rule: { family: 'ip', table: 'cni_hostport', chain: 'hostports', handle: 4, comment: '0123abcd-cap-2' } },
        { rule: { family: 'inet', table: 'cni_plugins_masquerade', chain: 'postrouting', handle: 5, comment: 'a7f9e1d4c3abf1e2-2a68bb147015dc8b, net: capnet, if: eth0, id: 0123abcd-cap' } },
      ],
    };
    expect(nftRemovals(ruleset, RUN)).toBeUndefined();
  });
});
