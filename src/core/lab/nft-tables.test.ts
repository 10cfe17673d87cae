import { describe, expect, it } from 'vitest';
import { nftLeftovers, nftObjects } from './nft-tables';

// `nft -j list ruleset` of a machine after a run of bridge with macspoofchk (Debian's 1.1.1; nft 1.0.6), its
// iptables-nft tables shortened: the table and base chain spoofcheck keeps after DEL.
const AFTER = {
  nftables: [
    { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
    { table: { family: 'ip', name: 'nat', handle: 1 } },
    { chain: { family: 'ip', table: 'nat', name: 'CNI-HOSTPORT-DNAT', handle: 7 } },
    { rule: { family: 'ip', table: 'nat', chain: 'PREROUTING', handle: 9, expr: [{ jump: { target: 'CNI-HOSTPORT-DNAT' } }] } },
    { table: { family: 'bridge', name: 'nat', handle: 3 } },
    { chain: { family: 'bridge', table: 'nat', name: 'PREROUTING', handle: 1, type: 'filter', hook: 'prerouting', prio: -300, policy: 'accept' } },
    { table: { family: 'inet', name: 'site', handle: 4 } },
    { chain: { family: 'inet', table: 'site', name: 'input', handle: 1 } },
  ],
};

describe("what a run left in nftables (iptables-save never shows it)", () => {
  it("names tables and chains, iptables-nft's own tables left out (iptables-save reads those), rules skipped", () => {
    expect(nftObjects(AFTER)).toEqual(['table bridge nat', 'chain bridge nat PREROUTING', 'table inet site', 'chain inet site input']);
    expect([nftObjects(null), nftObjects({ nftables: 'x' }), nftObjects([])]).toEqual([[], [], []]);
  });

  it('says a new table with its chains, and a new chain of a table that was there (security: macspoofchk left table bridge nat unreported)', () => {
    const before = ['table inet site', 'chain inet site input'];
    expect(nftLeftovers(before, nftObjects(AFTER))).toEqual(['nftables table bridge nat (chains PREROUTING)']);
    expect(nftLeftovers(before, [...before, 'chain inet site cni-x'])).toEqual(['nftables chain inet site cni-x']);
    expect(nftLeftovers(before, before)).toEqual([]);
  });
});
