// The nftables tables and chains of the machine, as `nft -j list ruleset` prints them: what a run's plugins
// made there and left (bridge's macspoofchk keeps `table bridge nat` and its PREROUTING chain after DEL), which
// iptables-save never shows. Tables iptables-nft keeps for iptables (filter, nat, … of ip and ip6) are left
// out: their chains are read through iptables-save, where CNI's shared ones are told apart.
import { isJsonObject } from '../model/types';

const IPTABLES_TABLES = ['filter', 'nat', 'mangle', 'raw', 'security'];

/** "table bridge nat" and "chain bridge nat PREROUTING" for each table and chain, iptables-nft's left out; [] for what is not nft's JSON. */
export function nftObjects(json: unknown): string[] {
  const items = isJsonObject(json) && Array.isArray(json.nftables) ? json.nftables : [];
  const out: string[] = [];
  for (const item of items) {
    if (!isJsonObject(item)) continue;
    const kind = isJsonObject(item.table) ? 'table' : isJsonObject(item.chain) ? 'chain' : undefined;
    const o = kind && item[kind];
    if (!isJsonObject(o) || typeof o.family !== 'string') continue;
    const table = kind === 'table' ? o.name : o.table;
    if (typeof table !== 'string' || ((o.family === 'ip' || o.family === 'ip6') && IPTABLES_TABLES.includes(table))) continue;
    if (kind === 'table') out.push(`table ${o.family} ${table}`);
    else if (typeof o.name === 'string') out.push(`chain ${o.family} ${table} ${o.name}`);
  }
  return out;
}

/** What `after` has that `before` had not, as leftovers: a new table (its chains with it), and new chains of tables there before. */
export function nftLeftovers(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  const added = after.filter((x) => !had.has(x));
  const newTables = new Set(added.filter((x) => x.startsWith('table ')).map((x) => x.slice('table '.length)));
  return added
    .filter((x) => x.startsWith('table ') || ![...newTables].some((t) => x.startsWith(`chain ${t} `)))
    .map((x) => {
      if (!x.startsWith('table ')) return `nftables ${x}`;
      const t = x.slice('table '.length);
      const chains = added.filter((c) => c.startsWith(`chain ${t} `)).map((c) => c.slice(`chain ${t} `.length));
      return `nftables ${x}${chains.length ? ` (chains ${chains.join(', ')})` : ''}`;
    });
}
