// What a run's plugins left in nftables for its own containers, to remove when their DELs did not (a
// killed run, a DEL that failed). Each rule and chain is proven the run's by a name or comment made of
// its container ids, as the plugins make them:
//  - bridge's macspoofchk (1.1+): in a bridge table (`nat`, later `cni_spoofcheck`), a jump in the base
//    chain to `cni-br-iface-<containerId>-<ifname>`, which jumps to `…-mac`; every rule commented
//    `macspoofchk-<containerId>-<ifname>`;
//  - portmap's nftables backend (1.6+): rules in `ip`/`ip6 cni_hostport` commented with the container id;
//  - bridge's and ptp's ipMasq on nftables (1.6+): rules in `inet cni_plugins_masquerade` chain
//    `masq_checks`, commented with a hash of the network, then `-`, then a hash of `<ifname>:<containerId>`
//    (16 hex digits of SHA-512 each; the id in the comment's text may be cut at 128 characters, the hash not).
// Tables and base chains are the plugins' shared ones, which their DELs keep too: never removed here.
import { isJsonObject } from '../model/types';
import { sha512Hex } from '../net/sha512';

/** What a run is in nftables: its container ids, and the interface name its containers were given. */
export interface RunNftOwner {
  containerIds: readonly string[];
  ifname: string;
}

export interface NftRemoval {
  /** `nft -j -f -` input: every removal in one transaction, applied whole or not at all. */
  json: string;
  /** What it removes, for a person: `nftables bridge nat/cni-br-iface-…` per chain, `nftables ip cni_hostport: 2 rules` per table. */
  said: string[];
}

interface Rule {
  family: string;
  table: string;
  chain: string;
  handle: number;
  comment?: string;
  jumps: string[];
}

/** The targets of a rule's jump and goto statements. */
function jumpsOf(expr: unknown): string[] {
  if (!Array.isArray(expr)) return [];
  return expr.flatMap((s) => {
    if (!isJsonObject(s)) return [];
    const to = isJsonObject(s.jump) ? s.jump : isJsonObject(s.goto) ? s.goto : undefined;
    return to && typeof to.target === 'string' ? [to.target] : [];
  });
}

/** The rules and chains of `nft -j list ruleset`; nothing for what is not its JSON. */
function readRuleset(json: unknown): { rules: Rule[]; chains: { family: string; table: string; name: string }[] } {
  const items = isJsonObject(json) && Array.isArray(json.nftables) ? json.nftables : [];
  const rules: Rule[] = [];
  const chains: { family: string; table: string; name: string }[] = [];
  for (const item of items) {
    if (!isJsonObject(item)) continue;
    const r = item.rule;
    if (isJsonObject(r) && typeof r.family === 'string' && typeof r.table === 'string' && typeof r.chain === 'string' && Number.isInteger(r.handle)) {
      rules.push({ family: r.family, table: r.table, chain: r.chain, handle: r.handle as number, ...(typeof r.comment === 'string' ? { comment: r.comment } : {}), jumps: jumpsOf(r.expr) });
    }
    const c = item.chain;
    if (isJsonObject(c) && typeof c.family === 'string' && typeof c.table === 'string' && typeof c.name === 'string') chains.push({ family: c.family, table: c.table, name: c.name });
  }
  return { rules, chains };
}

/** The run's rules and chains in `ruleset` (`nft -j list ruleset`), as one transaction; undefined when there are none. */
export function nftRemovals(ruleset: unknown, run: RunNftOwner): NftRemoval | undefined {
  const ids = run.containerIds.filter((id) => id !== '');
  if (ids.length === 0) return undefined;
  const { rules, chains } = readRuleset(ruleset);
  const refs = ids.map((id) => `${id}-${run.ifname}`);
  const spoofComments = new Set(refs.map((ref) => `macspoofchk-${ref}`));
  const spoofChains = new Set(refs.flatMap((ref) => [`cni-br-iface-${ref}`, `cni-br-iface-${ref}-mac`]));
  const masqHashes = ids.map((id) => sha512Hex(`${run.ifname}:${id}`).slice(0, 16));
  const isMasq = (comment: string) => /^[0-9a-f]{16}-[0-9a-f]{16}(,|$)/.test(comment) && masqHashes.includes(comment.slice(17, 33));

  const gone = chains.filter((c) => c.family === 'bridge' && spoofChains.has(c.name));
  const inGone = (r: Rule) => gone.some((c) => c.family === r.family && c.table === r.table && c.name === r.chain);
  const theirs = rules.filter((r) => {
    if (inGone(r)) return false; // flushed with their chain
    if (r.family === 'bridge') return (r.comment !== undefined && spoofComments.has(r.comment)) || r.jumps.some((t) => gone.some((c) => c.table === r.table && c.name === t));
    if ((r.family === 'ip' || r.family === 'ip6') && r.table === 'cni_hostport') return r.comment !== undefined && ids.includes(r.comment);
    if (r.family === 'inet' && r.table === 'cni_plugins_masquerade') return r.chain === 'masq_checks' && r.comment !== undefined && isMasq(r.comment);
    return false;
  });
  if (theirs.length === 0 && gone.length === 0) return undefined;

  const chainRef = (c: { family: string; table: string; name: string }) => ({ family: c.family, table: c.table, name: c.name });
  const commands = [
    ...theirs.map((r) => ({ delete: { rule: { family: r.family, table: r.table, chain: r.chain, handle: r.handle } } })),
    // A chain is deleted empty and unreferenced: every one flushed (the iface chain's jump to its -mac chain with it), then deleted.
    ...gone.map((c) => ({ flush: { chain: chainRef(c) } })),
    ...gone.map((c) => ({ delete: { chain: chainRef(c) } })),
  ];
  const byTable = new Map<string, number>();
  for (const r of theirs) if (!(r.family === 'bridge' && r.jumps.length > 0)) byTable.set(`${r.family} ${r.table}`, (byTable.get(`${r.family} ${r.table}`) ?? 0) + 1);
  const said = [...gone.map((c) => `nftables ${c.family} ${c.table}/${c.name}`), ...[...byTable].map(([t, n]) => `nftables ${t}: ${n} rule${n === 1 ? '' : 's'}`)];
  return { json: JSON.stringify({ nftables: commands }), said };
}
