// What a run may leave on the host if its helper is killed mid-run (SIGKILL, a crash, the machine's OOM
// killer): the links its plugins made there (a bridge), host-local's leases for its containers, and the
// firewall rules bridge's ipMasq and portmap added for them (their comments name the container id). Its
// namespaces carry the helper's pid and are found by name; these are not. So before its first plugin a run
// writes down what it would remove itself (the host's links as they were, the links its config makes,
// the leases' folders and its container ids), adds each host link its plugins make as soon as it sees it
// (by name, kind and ifindex), and removes the note after its teardown. A helper starting finds the notes
// of helpers that are gone and removes what they name, by the same proof as a teardown: a link only when
// it is still the very link the run saw made (a bridge of that name made later, after the helper was
// killed, has another ifindex: it is left, and said), a lease only when it holds one of the run's own
// container ids, a firewall rule or chain (iptables or nftables) only when named after one of them.
import { removeTuningBackups, TUNING_DATA_DIR } from './tuning-backups';
import { tidyLeaseFolder } from './lease-folders';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOnlyAdminChain, ruleRemovals, type FirewallRule, type HostLink, type RuleFamily } from '../core';
import type { Link } from './netns';
import { isSameLink, sortNewLinks, type LinkIdentity } from './ownership';
import { readSwitch, type Switches } from './host-switches';
import { processesIn } from './pids';
import { removeLeftNft } from './left-rules';

/** tmpfs, root's: gone at a reboot, as the links and leases' namespaces are. */
export const JOURNAL_DIR = '/run/cni-studio/runs';

export interface JournalEntry {
  runId: string;
  /** The host's links before the run, by name and index. */
  linksBefore: [string, number][];
  /** The links the config says the plugins make on the host when missing. */
  configured: HostLink[];
  /** Where host-local keeps this network's leases, and the run's container ids. */
  leases: { dir: string; containerIds: string[]; existed?: boolean; bookkeeping?: string[]; madeParents?: string[] }[];
  /** Every container id of the run (notes written before this field have them in `leases` only). */
  containerIds?: string[];
  /**
   * The admin chains its firewall plugins name (iptablesAdminChainName) that the machine's filter table did
   * not have before it: recovery removes one still only what the plugin makes of it (empty, the admin jump alone leading to it).
   */
  adminChains?: string[];
  /** The interface name the run's containers were given: macspoofchk's and ipMasq's nftables names carry it (notes before this field: none removed there). */
  ifname?: string;
  /**
   * The host links the run saw its plugins make (after each ADD call), by identity: recovery removes only
   * these, and only while still the same link. Notes written before this field prove no link.
   */
  made?: LinkIdentity[];
  /**
   * The network namespace the run's helper was in (`net:[inode]`): its host links and firewall are that
   * namespace's, so only a helper in the same one can see and remove them (a `lab run` under `unshare --net`
   * sees none of the host's and must leave the note to one that does). Filled in by the journal.
   */
  netns?: string;
  /** The machine's switches the run's plugins turn on and never off (host-switches.ts), as they were before it. */
  switchesBefore?: Switches;
}

/** This process's network namespace as the kernel names it, or undefined where /proc cannot say. */
export function ownNetns(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/net');
  } catch {
    return undefined;
  }
}

/**
 * Whether the network namespace `id` (`net:[inode]`, as /proc names it) still exists: a process in it, or a
 * bind mount of it this process can see (ip netns's /run/netns/<name>, a runtime's). Unsure (no /proc): yes.
 */
export function netnsExists(id: string, proc = '/proc'): boolean {
  try {
    return readFileSync(join(proc, 'self/mountinfo'), 'utf8').includes(` ${id} `) || processesIn('net', id, proc).length > 0;
  } catch {
    return true;
  }
}

/** One run's note: written before its first plugin, removed after its teardown. */
export interface RunJournal {
  begin(entry: JournalEntry): void;
  /** The host links the run has seen its plugins make so far (every one, each time): the note is rewritten. */
  made(links: readonly LinkIdentity[]): void;
  end(): void;
}

/** The folder, made root's and private; undefined when it cannot be trusted (not a folder of root's, writable by others). */
function journalDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Notes in `dir` (JOURNAL_DIR by default), named after the helper's pid and the run. */
export function fileJournal(dir = JOURNAL_DIR): RunJournal {
  let path: string | undefined;
  let noted: JournalEntry | undefined;
  const write = () => {
    try {
      if (path && noted) writeFileSync(path, JSON.stringify(noted), { mode: 0o600 });
    } catch {
      path = undefined;
    }
  };
  return {
    begin(entry) {
      const at = journalDir(dir);
      if (!at) return;
      path = join(at, `${process.pid}-${entry.runId}.json`);
      const netns = ownNetns();
      noted = { ...entry, made: [], ...(netns ? { netns } : {}) };
      write();
    },
    made(links) {
      if (!noted) return;
      noted = { ...noted, made: [...links] };
      write();
    },
    end() {
      if (path) rmSync(path, { force: true });
      path = undefined;
      noted = undefined;
    },
  };
}

export interface Recovered {
  links: string[];
  leases: string[];
  /** host-local's bookkeeping in a lease folder the run made (its lock, its reservations), and that folder. */
  files: string[];
  /** Firewall chains removed (with the rules leading to them), as `ipv4 nat/CNI-…`; rules alone, as `ipv4 nat: 2 rules`. */
  rules: string[];
  /** Links of the name and kind a dead run's config makes that recovery left, each with why ("link cni0 (bridge): …"). */
  left: string[];
  /**
   * The machine's switches now on that were off before a dead run: said, not written back, as something of
   * the machine's may have turned them on since (kube-proxy turns route_localnet on, a container runtime forwarding).
   */
  switches: { key: string; now: string; was: string }[];
}

/** What recovery removed, and what it left and why, in one line for a log or a terminal; undefined when there is neither. */
export function recoveredWords(r: Recovered): string | undefined {
  const all = [...r.links.map((l) => `link ${l}`), ...r.leases.map((l) => `lease ${l}`), ...r.files.map((f) => `lease folder file ${f}`), ...r.rules.map((x) => `firewall ${x}`)];
  const removed = all.length ? `Removed what a killed lab run left: ${all.join(', ')}.` : '';
  const left = r.left.length ? `Left what a killed lab run cannot be proven to have made: ${r.left.join('; ')}.` : '';
  const one = r.switches.length === 1;
  const switches = r.switches.length
    ? `A killed lab run's plugins may have turned on the machine's ${one ? 'switch' : 'switches'} ${r.switches.map((s) => `${s.key} ${s.now}, was ${s.was}`).join('; ')}: left as ${one ? 'it is' : 'they are'}, as something else may have needed ${one ? 'it' : 'them'} on since; if nothing does, give ${one ? 'it' : 'them'} back with sysctl -w ${r.switches.map((s) => `${s.key}=${s.was}`).join(' ')}.`
    : '';
  return [removed, left, switches].filter(Boolean).join(' ') || undefined;
}

/** The firewall as recovery reads and changes it (helper/firewall.ts's, or a test's); nftables where there is nft. */
export interface RecoveryFirewall {
  rules(): Promise<FirewallRule[]>;
  restore(family: RuleFamily, script: string): Promise<void>;
  nftRuleset?(): Promise<unknown>;
  applyNft?(json: string): Promise<void>;
}

/** A lease file of host-local: named after the address it holds; its first line is the container id. */
const LEASE_NAME = /^[0-9a-fA-F.:]+$/;

/**
 * Removes what the runs of helpers that are gone left (their notes' links and leases), then the notes.
 * A note of a helper still running is its own. Never throws: what cannot be removed stays, and its note too.
 */
export async function recoverDeadRuns(
  hostLinks: () => Promise<Link[]>,
  deleteLink: (ifname: string) => Promise<void>,
  firewall?: RecoveryFirewall,
  dir = JOURNAL_DIR,
  switchNow: (key: string) => string | undefined = readSwitch,
  namespaceExists: (id: string) => boolean = netnsExists,
): Promise<Recovered> {
  const recovered: Recovered = { links: [], leases: [], files: [], rules: [], left: [], switches: [] };
  const at = journalDir(dir);
  if (!at) return recovered;
  const here = ownNetns();
  for (const name of readdirSync(at)) {
    const pid = Number(/^(\d+)-[0-9a-f]+\.json$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const file = join(at, name);
    let entry: JournalEntry;
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    // Another namespace's run: its links and rules are not visible here, and removing nothing would drop the
    // note, left to a helper there. Once that namespace is gone, its links, rules and switches went with it:
    // what the run left in files (leases, tuning's backups) is removed here, and the note with it.
    const gone = entry.netns !== undefined && entry.netns !== here;
    if (gone && namespaceExists(entry.netns!)) continue;
    let complete = true;
    const links = gone ? [] : await hostLinks().catch(() => undefined);
    if (links) {
      // The links of the name and kind the config makes, new since the run began: removed only when still the
      // very link the run saw made. Any other (made after the helper was killed, or before the run saw it) is left.
      const { remove } = sortNewLinks(links, new Map(entry.linksBefore), { veths: [], configured: entry.configured ?? [], reported: [] });
      const made = Array.isArray(entry.made) ? entry.made : undefined;
      for (const l of remove) {
        const link = links.find((x) => x.ifname === l.ifname && x.ifindex === l.ifindex)!;
        const noted = made?.filter((m) => m.name === l.ifname).at(-1);
        if (made?.some((m) => isSameLink(m, link))) {
          await deleteLink(l.ifname).then(
            () => recovered.links.push(l.ifname),
            () => (complete = false),
          );
          continue;
        }
        const kind = link.linkinfo?.info_kind ?? '';
        recovered.left.push(
          `link ${l.ifname} (${kind}): ${
            made === undefined
              ? "the run's note names no link it made (an older helper's)"
              : noted
                ? `not the ${noted.kind} the run made (ifindex ${noted.ifindex}; this one is ifindex ${link.ifindex}, made since)`
                : 'the run never saw it made (killed during the call that made it, or another tool made it since)'
          }`,
        );
      }
    } else complete = false;
    /** The addresses the run's own leases held: the firewall plugin's rules for them name no container. */
    const addresses: string[] = [];
    for (const { dir: leases, containerIds, existed, bookkeeping, madeParents } of entry.leases ?? []) {
      let files: string[];
      try {
        // Only a real folder of the helper's user (root) that no one else may write in (no link, nothing another user could have put there).
        const st = lstatSync(leases);
        if (!st.isDirectory() || st.uid !== (process.getuid?.() ?? 0) || (st.mode & 0o022) !== 0) continue;
        files = readdirSync(leases).filter((f) => LEASE_NAME.test(f));
      } catch {
        continue; // no folder: no lease
      }
      for (const f of files) {
        const lease = join(leases, f);
        try {
          if (!lstatSync(lease).isFile()) continue;
          const holder = readFileSync(lease, 'utf8').split(/\r?\n/)[0]!.trim();
          if (!containerIds.includes(holder)) continue;
          addresses.push(f);
          unlinkSync(lease);
          recovered.leases.push(lease);
        } catch {
          complete = false;
        }
      }
      // The folder and the bookkeeping the run made there (notes written before these fields: the folder was there).
      recovered.files.push(...tidyLeaseFolder({ dir: leases, existed: existed ?? true, bookkeeping: bookkeeping ?? [], ...(Array.isArray(madeParents) ? { madeParents: madeParents.filter((d) => typeof d === 'string') } : {}) }));
    }
    const containerIds = entry.containerIds ?? [...new Set((entry.leases ?? []).flatMap((l) => l.containerIds))];
    const adminChains = Array.isArray(entry.adminChains) ? entry.adminChains.filter((c): c is string => typeof c === 'string') : [];
    if (firewall && !gone && !(await removeRules(firewall, containerIds, addresses, adminChains, recovered))) complete = false;
    // nftables, as teardown removes what a DEL left there (left-rules.ts): nothing to read without nft.
    if (firewall?.nftRuleset && firewall.applyNft && !gone && typeof entry.ifname === 'string') {
      const nft = await removeLeftNft({ nftRuleset: firewall.nftRuleset, applyNft: firewall.applyNft }, { containerIds, ifname: entry.ifname });
      recovered.rules.push(...nft.removed);
      if (nft.left.length) complete = false;
    }
    // tuning's backups of the dead run's containers, in its default folder (the note keeps no dataDir).
    recovered.files.push(...removeTuningBackups([TUNING_DATA_DIR], containerIds.filter((id) => id !== '')));
    // Switches the run's teardown did not give back: off before, on now (a link gone with the run: no value now).
    // An interface's forwarding follows its family's global switch: said by the global one alone when that changed.
    const changed = Object.entries(gone ? {} : (entry.switchesBefore ?? {})).flatMap(([key, was]) => {
      const now = was === '0' ? switchNow(key) : undefined;
      return now !== undefined && was !== undefined && now !== was ? [{ key, now, was }] : [];
    });
    const globals = changed.filter((c) => c.key === 'net.ipv4.ip_forward' || c.key === 'net.ipv6.conf.all.forwarding').map((c) => (c.key === 'net.ipv4.ip_forward' ? 'ipv4' : 'ipv6') as string);
    for (const c of changed) {
      const follows = /^net\.(ipv4|ipv6)\.conf\.[^.]+\.forwarding$/.exec(c.key);
      if (c.key !== 'net.ipv6.conf.all.forwarding' && follows && globals.includes(follows[1]!)) continue;
      recovered.switches.push(c);
    }
    if (complete) rmSync(file, { force: true });
  }
  return recovered;
}

/**
 * The dead run's rules and chains (core's ruleRemovals), family by table, and the admin chains it made that
 * are still only the plugin's (empty, only the admin jump leading there); false when any could not be removed.
 */
async function removeRules(firewall: RecoveryFirewall, containerIds: readonly string[], addresses: readonly string[], adminChains: readonly string[], recovered: Recovered): Promise<boolean> {
  const rules = await firewall.rules().catch(() => undefined);
  if (!rules) return false;
  let complete = true;
  for (const r of ruleRemovals(rules, containerIds, addresses, [], adminChains.filter((c) => isOnlyAdminChain(rules, c)))) {
    await firewall.restore(r.family, r.script).then(
      () => recovered.rules.push(...(r.chains.length ? r.chains.map((c) => `${r.family} ${r.table}/${c}`) : [`${r.family} ${r.table}: ${r.rules} rule${r.rules === 1 ? '' : 's'}`])),
      () => (complete = false),
    );
  }
  return complete;
}

