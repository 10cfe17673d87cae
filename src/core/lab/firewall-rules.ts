// Firewall rules a lab run added: `iptables-save` (and `ip6tables-save`) read before the run and after a
// step, the difference kept, and each rule said in words ("tcp :8080 → 10.88.0.5:80"). Pure: the helper
// runs the tools, this reads what they print.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';

/** Chains plugins create once and keep for every container on the host (portmap's, firewall's, bridge's isolation). */
export const SHARED_CHAINS = ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-SNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK', 'CNI-FORWARD', 'CNI-ADMIN', 'CNI-ISOLATION-STAGE-1', 'CNI-ISOLATION-STAGE-2'];

export type RuleFamily = 'ipv4' | 'ipv6';

/** One line of `iptables-save`: a chain declared (`:CNI-DN-…`) or a rule appended (`-A CHAIN …`). */
export interface FirewallRule {
  family: RuleFamily;
  table: string;
  /** The line exactly as iptables-save prints it. */
  rule: string;
}

/** At most this many added lines are reported; a run adding more says how many were left out. */
export const MAX_REPORTED_RULES = 400;
/** Lines longer than this are cut (iptables-save prints long comments); the cut is marked. */
export const MAX_RULE_CHARS = 1000;

/** The chain and rule lines of one `iptables-save` output, by table (counters and COMMIT left out). */
export function parseIptablesSave(text: string, family: RuleFamily): FirewallRule[] {
  const out: FirewallRule[] = [];
  let table = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('*')) table = line.slice(1).trim();
    else if (table && line.startsWith('-A ')) out.push({ family, table, rule: line });
    // A chain declaration carries its packet counters ("[0:0]"), which change on their own: only the name counts.
    else if (table && line.startsWith(':')) out.push({ family, table, rule: line.split(' ')[0]! });
  }
  return out;
}

/** The tables CNI's chains are looked for in (and their order). */
const CHAIN_TABLES = ['filter', 'nat', 'mangle'];

/**
 * CNI's IPv4 chains as `table/CHAIN`, read from the same iptables-save lines as the rules: one read of the
 * firewall answers both questions.
 */
export function cniChainsIn(rules: readonly FirewallRule[]): string[] {
  const chains = rules.filter((r) => r.family === 'ipv4' && CHAIN_TABLES.includes(r.table) && r.rule.startsWith(':CNI-'));
  // Table by table in the order above, as the three reads listed them; iptables-save's own order may differ.
  return CHAIN_TABLES.flatMap((t) => chains.filter((r) => r.table === t).map((r) => `${t}/${r.rule.slice(1)}`));
}

/**
 * Of the filter chains named (firewall's admin chains), those `now` declares and `before` did not, as
 * `filter/CHAIN`: made by the run, reported as CNI's chains are, whatever their name.
 */
export function newFilterChains(before: readonly FirewallRule[], now: readonly FirewallRule[], names: readonly string[]): string[] {
  const declared = (rules: readonly FirewallRule[], name: string) => rules.some((r) => r.table === 'filter' && r.rule === `:${name}`);
  return names.filter((n) => !n.startsWith('CNI-') && declared(now, n) && !declared(before, n)).map((n) => `filter/${n}`);
}

const key = (r: FirewallRule) => `${r.family} ${r.table} ${r.rule}`;

/**
 * What appeared between two snapshots: every line of `after` not in `before` (counted, so a rule present
 * once before and twice after is one addition), kept only when it is CNI's (a `CNI-` chain, or a line that
 * names the run's container id): another program changing the firewall meanwhile is not the run's doing.
 */
export function addedRules(before: readonly FirewallRule[], after: readonly FirewallRule[], containerId: string): { rules: FirewallRule[]; omitted: number } {
  const seen = new Map<string, number>();
  for (const r of before) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
  const added: FirewallRule[] = [];
  for (const r of after) {
    const n = seen.get(key(r)) ?? 0;
    if (n > 0) {
      seen.set(key(r), n - 1);
      continue;
    }
    if (/\bCNI-/.test(r.rule) || (containerId !== '' && r.rule.includes(containerId))) added.push(r);
  }
  const kept = added.slice(0, MAX_REPORTED_RULES).map((r) => (r.rule.length > MAX_RULE_CHARS ? { ...r, rule: `${r.rule.slice(0, MAX_RULE_CHARS)} …(cut)` } : r));
  return { rules: kept, omitted: added.length - kept.length };
}

/** A rule line split as iptables-save quotes it: words, and "double-quoted strings" with \" inside. */
export function ruleWords(rule: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rule))) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return words;
}

export interface RuleParts {
  /** The chain a rule is appended to, or the chain a declaration names. */
  chain: string;
  declaration: boolean;
  protocol?: string;
  source?: string;
  destination?: string;
  /** Destination ports (--dport, --dports). */
  ports?: string;
  /** Where matching packets go: a target (DNAT, MASQUERADE, ACCEPT, MARK) or a chain. */
  target?: string;
  toDestination?: string;
  comment?: string;
  /** Other matches, as written ("-m addrtype --dst-type LOCAL"). */
  other: string[];
}

/** The parts of a rule line that say what it does. */
export function ruleParts(rule: string): RuleParts {
  const w = ruleWords(rule);
  if (w[0]?.startsWith(':')) return { chain: w[0].slice(1), declaration: true, other: [] };
  const parts: RuleParts = { chain: w[1] ?? '', declaration: false, other: [] };
  const options: Record<string, keyof RuleParts> = { '-p': 'protocol', '-s': 'source', '-d': 'destination', '--dport': 'ports', '--dports': 'ports', '-j': 'target', '-g': 'target', '--to-destination': 'toDestination', '--comment': 'comment' };
  for (let i = 2; i < w.length; ) {
    const not = w[i] === '!' ? '! ' : '';
    if (not) i++;
    const word = w[i]!;
    const field = options[word];
    if (field && w[i + 1] !== undefined) {
      (parts as unknown as Record<string, string>)[field] = `${field === 'target' || field === 'comment' ? '' : not}${w[i + 1]}`;
      i += 2;
    } else if (word === '-m' && w[i + 1] !== undefined) {
      // The match module's name says nothing by itself; its options are read above or kept below.
      i += 2;
    } else {
      parts.other.push(`${not}${word}`);
      i += 1;
    }
  }
  return parts;
}

const WORDS: Record<string, string> = {
  DNAT: 'forward to',
  MASQUERADE: 'masquerade (source NAT to the host address)',
  ACCEPT: 'accept',
  DROP: 'drop',
  REJECT: 'reject',
  RETURN: 'return',
  MARK: 'mark',
  SNAT: 'source NAT',
};

/** A rule in words: "nat PREROUTING: tcp to :8080 → forward to 10.88.0.5:80". */
export function summarizeRule(r: FirewallRule): string {
  const p = ruleParts(r.rule);
  if (p.declaration) return `${r.table}: new chain ${p.chain}`;
  const match = [p.protocol, p.source ? `from ${p.source}` : '', p.destination ? `to ${p.destination}` : '', p.ports ? `port ${p.ports}` : ''].filter(Boolean).join(' ');
  const target = p.target === undefined ? 'count' : p.target === 'DNAT' ? `forward to ${p.toDestination ?? '?'}` : (WORDS[p.target] ?? `jump to ${p.target}`);
  return `${r.table} ${p.chain}: ${match || 'all traffic'} → ${target}`;
}

/** Rules that belong together: a chain the run created with the rules that lead into it (IPv4 and IPv6 alike). */
export interface RuleGroup {
  table: string;
  /** The run's own chain (CNI-DN-…, CNI-…); "shared" for the chains plugins keep for every container. */
  chain: string;
  /** What the group does, in words: "port forwarding (DNAT)", "masquerade …", … */
  purpose: string;
  rules: FirewallRule[];
  /** Single addresses (no prefix length) the group forwards to or matches as a source, loopback aside. */
  addresses: string[];
}

/** The host part of a single-address CIDR or of a DNAT destination ("10.0.0.5:80", "[fd00::5]:80"). */
function singleAddress(value: string | undefined): string | undefined {
  if (!value || value.startsWith('!')) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+(?:-\d+)?)?$/.exec(value);
  if (bracketed) return bracketed[1];
  if (/^[\d.]+:\d+(-\d+)?$/.test(value)) return value.replace(/:\d+(-\d+)?$/, '');
  const cidr = /^(.*)\/(\d+)$/.exec(value);
  if (cidr) return (cidr[2] === '32' && !cidr[1]!.includes(':')) || (cidr[2] === '128' && cidr[1]!.includes(':')) ? cidr[1] : undefined;
  return value;
}

/**
 * Groups added rules by the chain they are in or jump to (a jump into a chain the run created goes with
 * that chain); IPv4 and IPv6 rules of a chain are one group, and the shared chains one group of their own.
 */
export function groupRules(rules: readonly FirewallRule[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  const declared = new Set(rules.filter((r) => r.rule.startsWith(':')).map((r) => `${r.family} ${r.table} ${r.rule.slice(1)}`));
  for (const r of rules) {
    const p = ruleParts(r.rule);
    // A jump into a shared chain (portmap's SETMARK) stays with the run's chain it is written in.
    const into = !p.declaration && p.target && !SHARED_CHAINS.includes(p.target) && declared.has(`${r.family} ${r.table} ${p.target}`);
    let chain = into ? p.target! : p.chain;
    if (SHARED_CHAINS.includes(chain)) chain = 'shared';
    const id = `${r.table} ${chain}`;
    const group = groups.get(id) ?? { table: r.table, chain, purpose: '', rules: [], addresses: [] };
    group.rules.push(r);
    for (const value of [p.source, p.toDestination]) {
      const a = singleAddress(value);
      // A loopback source is the host's own traffic (portmap's hairpin), never a container's address.
      if (a && !/^(127\.|::1$)/.test(a) && !group.addresses.includes(a)) group.addresses.push(a);
    }
    groups.set(id, group);
  }
  for (const g of groups.values()) {
    const targets = new Set(g.rules.map((r) => ruleParts(r.rule).target));
    g.purpose =
      g.chain === 'shared'
        ? 'chains plugins share across containers (created once, kept)'
        : targets.has('DNAT')
          ? 'port forwarding (DNAT)'
          : targets.has('MASQUERADE')
            ? 'masquerade: outgoing traffic takes the host address'
            : targets.has('MARK')
              ? 'marks traffic to masquerade'
              : `${g.table} rules`;
  }
  return [...groups.values()];
}

/** What to remove of one family's table: the `iptables-restore --noflush` input that removes it, and what it names. */
export interface RuleRemoval {
  family: RuleFamily;
  table: string;
  /** `-D` of each rule, then `-F` and `-X` of each chain the rules led to. */
  script: string;
  /** The chains removed, and the count of rules deleted outside them, for the report. */
  chains: string[];
  rules: number;
}

/**
 * The rules and chains that belong to containers that no longer run, from `rules` (iptables-save lines):
 * a rule is theirs when its comment names one of `containerIds` as the plugins write it (bridge's ipMasq,
 * portmap: `id: "<container id>"`), and a chain when such a rule jumps to it and it is no shared chain (its
 * name is a hash of the network and that container id). A chain another rule still jumps to is kept; the
 * restore is then refused as a whole and nothing of that table changes (the leak check names what stays).
 * `addresses`: the addresses the run's own leases held, whose firewall-plugin rules (no container id) go too;
 * `links`: bridges the run made and removed (and its veths' host ends), whose isolation rules (firewall's
 * same-bridge, never removed by its DEL) go too; `madeChains`: chains the run made and left empty, removed
 * with the jumps to them.
 */
export function ruleRemovals(rules: readonly FirewallRule[], containerIds: readonly string[], addresses: readonly string[] = [], links: readonly string[] = [], madeChains: readonly string[] = []): RuleRemoval[] {
  const ids = containerIds.filter((id) => id !== '').map((id) => `id: \\"${id}\\"`);
  // The firewall plugin's rules name no container: its two per address in CNI-FORWARD, for addresses the run's own leases held.
  const hosts = new Set(addresses.flatMap((a) => [`${a}/32`, `${a}/128`]));
  const forwardsFor = (r: FirewallRule) => {
    if (r.table !== 'filter' || !r.rule.startsWith('-A CNI-FORWARD ')) return false;
    const parts = ruleParts(r.rule);
    return parts.target === 'ACCEPT' && ((parts.source !== undefined && hosts.has(parts.source)) || (parts.destination !== undefined && hosts.has(parts.destination)));
  };
  // firewall's same-bridge isolation: `-A CNI-ISOLATION-STAGE-1 -i <bridge> ! -o <bridge> …`, `-A CNI-ISOLATION-STAGE-2 -o <bridge> …`.
  const isolates = (r: FirewallRule) => {
    if (r.table !== 'filter' || !r.rule.startsWith('-A CNI-ISOLATION-STAGE-')) return false;
    const w = ruleWords(r.rule);
    return w.some((word, i) => (word === '-i' || word === '-o') && links.includes(w[i + 1] ?? ''));
  };
  // A chain the run made and left empty (firewall's admin chain under a name of the config's own): the jumps to it.
  const jumpsToMade = (r: FirewallRule) => madeChains.includes(ruleParts(r.rule).target ?? '');
  if (ids.length === 0 && hosts.size === 0 && links.length === 0 && madeChains.length === 0) return [];
  const removals: RuleRemoval[] = [];
  const tables = new Map<string, FirewallRule[]>();
  for (const r of rules) tables.set(`${r.family} ${r.table}`, [...(tables.get(`${r.family} ${r.table}`) ?? []), r]);
  for (const lines of tables.values()) {
    const theirs = lines.filter((r) => r.rule.startsWith('-A ') && (ids.some((id) => r.rule.includes(id)) || forwardsFor(r) || isolates(r) || jumpsToMade(r)));
    if (theirs.length === 0) continue;
    const declared = new Set(lines.filter((r) => r.rule.startsWith(':')).map((r) => r.rule.slice(1)));
    // The containers' own chains are CNI-…; an admin chain the run made may have any name the config gave it.
    const chains = [...new Set(theirs.map((r) => ruleParts(r.rule).target ?? ''))].filter((c) => (c.startsWith('CNI-') || madeChains.includes(c)) && !SHARED_CHAINS.includes(c) && declared.has(c));
    // Rules inside those chains go with their flush.
    const outside = theirs.filter((r) => !chains.includes(ruleParts(r.rule).chain));
    const { family, table } = theirs[0]!;
    const script = [`*${table}`, ...outside.map((r) => `-D ${r.rule.slice(3)}`), ...chains.map((c) => `-F ${c}`), ...chains.map((c) => `-X ${c}`), 'COMMIT', ''].join('\n');
    removals.push({ family, table, script, chains, rules: outside.length });
  }
  return removals;
}

/** What of a run is in the firewall: its container ids, the addresses its ADDs reported, the bridges it made and removed. */
export interface RunFirewallOwner {
  containerIds: readonly string[];
  addresses: readonly string[];
  links: readonly string[];
  /** The admin chains its firewall plugins name (`iptablesAdminChainName`): made by the run, they are its own whatever their name. */
  adminChains?: readonly string[];
}

/**
 * The run's rules its DELs left, to be removed at its end: of the lines added since `before` (a rule there
 * before the run is never touched), those ruleRemovals finds the run's (a DEL that failed; firewall's
 * same-bridge isolation, which its DEL never removes). The removal's input lists only the added rules with
 * every chain declaration, so a chain is flushed only of rules the run added.
 */
export function leftRuleRemovals(before: readonly FirewallRule[], now: readonly FirewallRule[], owner: RunFirewallOwner): { removals: RuleRemoval[]; rules: FirewallRule[] } {
  const seen = new Map<string, number>();
  for (const r of before) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
  const added = now.filter((r) => {
    const n = seen.get(key(r)) ?? 0;
    if (n > 0) seen.set(key(r), n - 1);
    return n === 0 && r.rule.startsWith('-A ');
  });
  // Chains the run declared that hold no rule at all now (not even one someone added meanwhile): its own, empty.
  // CNI's, or the admin chain the config names (NOMAD-ADMIN): firewall makes it under that name, empty.
  const declaredBefore = new Set(before.filter((r) => r.rule.startsWith(':')).map(key));
  const admins = owner.adminChains ?? [];
  const madeChains = now
    .filter((r) => (r.rule.startsWith(':CNI-') || (r.table === 'filter' && admins.includes(r.rule.slice(1)))) && !declaredBefore.has(key(r)) && !SHARED_CHAINS.includes(r.rule.slice(1)))
    .filter((c) => !now.some((r) => r.family === c.family && r.table === c.table && ruleParts(r.rule).chain === c.rule.slice(1) && r.rule.startsWith('-A ')))
    .map((c) => c.rule.slice(1));
  const removals = ruleRemovals([...now.filter((r) => r.rule.startsWith(':')), ...added], owner.containerIds, owner.addresses, owner.links, madeChains);
  // The lines each removal deletes (outside its chains) and the rules inside the chains it flushes.
  const rules = added.filter((r) => {
    const removal = removals.find((x) => x.family === r.family && x.table === r.table);
    return !!removal && (removal.script.includes(`\n-D ${r.rule.slice(3)}\n`) || removal.chains.includes(ruleParts(r.rule).chain));
  });
  // And the chains it removes that the run declared (":NOMAD-ADMIN"), so the report names them too.
  const chainsMade = now.filter((r) => r.rule.startsWith(':') && !declaredBefore.has(key(r)) && removals.some((x) => x.family === r.family && x.table === r.table && x.chains.includes(r.rule.slice(1))));
  return { removals, rules: [...rules, ...chainsMade] };
}

/** The single addresses a plugin's ADD result gives (its `ips`, or a 0.2.0 result's ip4 and ip6), without their prefix length. */
export function resultAddresses(result: JsonObject): string[] {
  const out: string[] = [];
  const add = (v: JsonValue | undefined) => {
    if (typeof v === 'string' && v.includes('/')) out.push(v.slice(0, v.indexOf('/')));
  };
  if (Array.isArray(result.ips)) for (const ip of result.ips) if (isJsonObject(ip)) add(ip.address);
  for (const k of ['ip4', 'ip6']) {
    const v = result[k];
    if (isJsonObject(v)) add(v.ip);
  }
  return out;
}
