// Recovery from a killed run's note, with fake links and firewall: what it removes, and the notes it
// must leave (a helper still running, a run in another network namespace).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FirewallRule } from '../core';
import { fileJournal, netnsExists, ownNetns, recoverDeadRuns, recoveredWords, type JournalEntry } from './run-journal';
import type { Link } from './netns';

const dir = mkdtempSync(join(tmpdir(), 'cnistudio-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid no process has now: one that ran and exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

const bridge: Link = { ifname: 'cnistudio-jb1', ifindex: 40, linkinfo: { info_kind: 'bridge' } } as Link;
const note = (runId: string, netns?: string): JournalEntry & { netns?: string } => ({
  runId,
  linksBefore: [['lo', 1]],
  configured: [{ name: 'cnistudio-jb1', kind: 'bridge' }] as JournalEntry['configured'],
  leases: [],
  containerIds: [`cnistudio-${runId}`],
  // The bridge as the run saw it made.
  made: [{ name: 'cnistudio-jb1', kind: 'bridge', ifindex: 40 }],
  ...(netns ? { netns } : {}),
});
const masquerade = (id: string): FirewallRule[] => [
  { family: 'ipv4', table: 'nat', rule: ':CNI-0123456789abcdef01234567' },
  { family: 'ipv4', table: 'nat', rule: `-A POSTROUTING -s 10.9.0.2/32 -m comment --comment "name: \\"n\\" id: \\"${id}\\"" -j CNI-0123456789abcdef01234567` },
];

describe('recovering what a killed run left', () => {
  it('removes the links and rules of a dead run noted in this network namespace, and the note', async () => {
    const file = join(dir, `${deadPid()}-a1.json`);
    writeFileSync(file, JSON.stringify(note('a1', ownNetns())));
    const deleted: string[] = [];
    const scripts: string[] = [];
    const r = await recoverDeadRuns(async () => [bridge], async (ifname) => void deleted.push(ifname), { rules: async () => masquerade('cnistudio-a1'), restore: async (_f, script) => void scripts.push(script) }, dir);
    expect(r).toEqual({ links: ['cnistudio-jb1'], leases: [], files: [], rules: ['ipv4 nat/CNI-0123456789abcdef01234567'], left: [], switches: [] });
    expect(deleted).toEqual(['cnistudio-jb1']);
    expect(scripts[0]).toContain('-X CNI-0123456789abcdef01234567');
    expect(existsSync(file)).toBe(false);
  });

  it("removes a dead run's nftables chains and rules (macspoofchk's, named after its container id and interface) in one transaction, and keeps the note when nft refuses", async () => {
    const ruleset = (id: string) => ({
      nftables: [
        { table: { family: 'bridge', name: 'nat' } },
        { chain: { family: 'bridge', table: 'nat', name: 'PREROUTING' } },
        { chain: { family: 'bridge', table: 'nat', name: `cni-br-iface-${id}-eth0` } },
        { rule: { family: 'bridge', table: 'nat', chain: 'PREROUTING', handle: 4, comment: `macspoofchk-${id}-eth0`, expr: [{ jump: { target: `cni-br-iface-${id}-eth0` } }] } },
      ],
    });
    const file = join(dir, `${deadPid()}-c3.json`);
    writeFileSync(file, JSON.stringify({ ...note('c3', ownNetns()), ifname: 'eth0' }));
    const applied: string[] = [];
    const firewall = { rules: async () => [], restore: async () => {}, nftRuleset: async () => ruleset('cnistudio-c3'), applyNft: async (json: string) => void applied.push(json) };
    // nft refuses the transaction: nothing said removed, and the note stays for the next helper.
    const refused = await recoverDeadRuns(async () => [], async () => {}, { ...firewall, applyNft: async () => Promise.reject(new Error('nft: Could not process rule')) }, dir);
    expect(refused.rules).toEqual([]);
    expect(existsSync(file)).toBe(true);
    const r = await recoverDeadRuns(async () => [], async () => {}, firewall, dir);
    expect(r.rules).toEqual(['nftables bridge nat/cni-br-iface-cnistudio-c3-eth0']);
    expect(JSON.parse(applied[0]!)).toEqual({ nftables: [{ delete: { rule: { family: 'bridge', table: 'nat', chain: 'PREROUTING', handle: 4 } } }, { flush: { chain: { family: 'bridge', table: 'nat', name: 'cni-br-iface-cnistudio-c3-eth0' } } }, { delete: { chain: { family: 'bridge', table: 'nat', name: 'cni-br-iface-cnistudio-c3-eth0' } } }] });
    expect(recoveredWords(r)).toBe('Removed what a killed lab run left: firewall nftables bridge nat/cni-br-iface-cnistudio-c3-eth0.');
    expect(existsSync(file)).toBe(false);
    // Another run's chains are not this one's: nothing to do.
    writeFileSync(file, JSON.stringify({ ...note('c4', ownNetns()), ifname: 'eth0' }));
    expect((await recoverDeadRuns(async () => [], async () => {}, firewall, dir)).rules).toEqual([]);
  });

  it("removes the admin chain a dead run's firewall made (named by the config, absent before), with its jump, only while nothing else is in it", async () => {
    const admin = (extra: FirewallRule[] = []): FirewallRule[] => [
      { family: 'ipv4', table: 'filter', rule: ':CNI-FORWARD' },
      { family: 'ipv4', table: 'filter', rule: ':STUDIO-ADMIN' },
      { family: 'ipv4', table: 'filter', rule: '-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j STUDIO-ADMIN' },
      ...extra,
    ];
    const file = join(dir, `${deadPid()}-d5.json`);
    const noted = { ...note('d5', ownNetns()), adminChains: ['STUDIO-ADMIN'] };
    // Someone has put a rule of their own in it since: it is theirs now, left (and nothing else of the run's to remove).
    writeFileSync(file, JSON.stringify(noted));
    const scripts: string[] = [];
    const kept = await recoverDeadRuns(async () => [], async () => {}, { rules: async () => admin([{ family: 'ipv4', table: 'filter', rule: '-A STUDIO-ADMIN -s 10.0.0.0/8 -j DROP' }]), restore: async (_f, script) => void scripts.push(script) }, dir);
    expect(kept.rules).toEqual([]);
    expect(scripts).toEqual([]);
    writeFileSync(file, JSON.stringify(noted));
    const r = await recoverDeadRuns(async () => [], async () => {}, { rules: async () => admin(), restore: async (_f, script) => void scripts.push(script) }, dir);
    expect(r.rules).toEqual(['ipv4 filter/STUDIO-ADMIN']);
    expect(scripts[0]).toBe('*filter\n-D CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j STUDIO-ADMIN\n-F STUDIO-ADMIN\n-X STUDIO-ADMIN\nCOMMIT\n');
    // A note without the field (an older helper's) proves no chain.
    writeFileSync(file, JSON.stringify(note('d5', ownNetns())));
    expect((await recoverDeadRuns(async () => [], async () => {}, { rules: async () => admin(), restore: async () => {} }, dir)).rules).toEqual([]);
  });

  it("leaves a note written in another network namespace, whose links and rules it cannot see (unshare --net)", async () => {
    const file = join(dir, `${deadPid()}-b2.json`);
    writeFileSync(file, JSON.stringify(note('b2', 'net:[1]')));
    const deleted: string[] = [];
    const r = await recoverDeadRuns(async () => [bridge], async (ifname) => void deleted.push(ifname), { rules: async () => masquerade('cnistudio-b2'), restore: async () => {} }, dir, undefined, () => true);
    expect(r).toEqual({ links: [], leases: [], files: [], rules: [], left: [], switches: [] });
    expect(deleted).toEqual([]);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
  });

  it("once that network namespace is gone (deleted after its run was killed), removes the run's leases and the note, and touches no link or rule of this one", async () => {
    const leases = mkdtempSync(join(tmpdir(), 'cnistudio-journal-leases-'));
    writeFileSync(join(leases, '10.9.0.2'), 'cnistudio-b3\r\neth0');
    writeFileSync(join(leases, '10.9.0.3'), 'someone-else\r\neth0');
    const file = join(dir, `${deadPid()}-b3.json`);
    writeFileSync(file, JSON.stringify({ ...note('b3', 'net:[1]'), leases: [{ dir: leases, containerIds: ['cnistudio-b3'] }], switchesBefore: { 'net.ipv4.ip_forward': '0' } }));
    const deleted: string[] = [];
    const asked: string[] = [];
    const r = await recoverDeadRuns(async () => (asked.push('links'), [bridge]), async (ifname) => void deleted.push(ifname), { rules: async () => (asked.push('rules'), masquerade('cnistudio-b3')), restore: async () => void asked.push('restore') }, dir, () => '1', () => false);
    expect(r).toMatchObject({ links: [], leases: [join(leases, '10.9.0.2')], rules: [], switches: [] });
    expect(deleted).toEqual([]);
    expect(asked).toEqual([]);
    expect(readdirSync(leases)).toEqual(['10.9.0.3']);
    expect(existsSync(file)).toBe(false);
    rmSync(leases, { recursive: true, force: true });
  });

  it('knows a network namespace exists by a process in it or a bind mount of it', () => {
    const proc = mkdtempSync(join(tmpdir(), 'cnistudio-proc-'));
    mkdirSync(join(proc, 'self'));
    writeFileSync(join(proc, 'self/mountinfo'), '46 45 0:4 net:[4026532240] /run/netns/probe rw shared:2 - nsfs nsfs rw\n');
    mkdirSync(join(proc, '4242/ns'), { recursive: true });
    symlinkSync('net:[4026532999]', join(proc, '4242/ns/net'));
    expect(netnsExists('net:[4026532240]', proc)).toBe(true);
    expect(netnsExists('net:[4026532999]', proc)).toBe(true);
    expect(netnsExists('net:[4026532000]', proc)).toBe(false);
    // No /proc to read: unsure, so it exists (its note is left).
    expect(netnsExists('net:[4026532000]', join(proc, 'none'))).toBe(true);
    rmSync(proc, { recursive: true, force: true });
    expect(netnsExists(ownNetns()!)).toBe(true);
  });

  it("leaves a link of the run's name and kind that is not the one it saw made (a bridge made since, after the helper was killed), and says why", async () => {
    // The run's bridge went, and another tool made one of the same name: the kernel gave it the next ifindex.
    const later: Link = { ...bridge, ifindex: 57 };
    const cases: [JournalEntry, string][] = [
      [note('d4', ownNetns()), 'link cnistudio-jb1 (bridge): not the bridge the run made (ifindex 40; this one is ifindex 57, made since)'],
      [{ ...note('d5', ownNetns()), made: [] }, 'link cnistudio-jb1 (bridge): the run never saw it made'],
      // A note of an older helper: no identity, so nothing is proven.
      [{ ...note('d6', ownNetns()), made: undefined }, "link cnistudio-jb1 (bridge): the run's note names no link it made"],
    ];
    for (const [entry, why] of cases) {
      const file = join(dir, `${deadPid()}-${entry.runId}.json`);
      writeFileSync(file, JSON.stringify(entry));
      const deleted: string[] = [];
      const r = await recoverDeadRuns(async () => [later], async (ifname) => void deleted.push(ifname), undefined, dir);
      expect(deleted).toEqual([]);
      expect(r.links).toEqual([]);
      expect(r.left).toEqual([expect.stringContaining(why)]);
      expect(recoveredWords(r)).toContain(`Left what a killed lab run cannot be proven to have made: ${why}`);
      // Nothing more to do for that note: it goes.
      expect(existsSync(file)).toBe(false);
    }
  });

  it('notes the links the run saw made, by identity, in its note as soon as told', () => {
    const journal = fileJournal(dir);
    const before = new Set(readdirSync(dir));
    journal.begin(note('e7'));
    const [file] = readdirSync(dir).filter((f) => !before.has(f));
    const read = () => JSON.parse(readFileSync(join(dir, file!), 'utf8')) as JournalEntry;
    expect(read().made).toEqual([]);
    journal.made([{ name: 'cnistudio-jb1', kind: 'bridge', ifindex: 41 }]);
    expect(read()).toMatchObject({ runId: 'e7', made: [{ name: 'cnistudio-jb1', kind: 'bridge', ifindex: 41 }] });
    journal.end();
    expect(existsSync(join(dir, file!))).toBe(false);
  });

  it("says the machine's switches a killed run's plugins turned on, and leaves them as they are (portmap's route_localnet on the uplink, bridge's forwarding)", async () => {
    const file = join(dir, `${deadPid()}-d4.json`);
    const switchesBefore = {
      'net.ipv4.ip_forward': '0',
      'net.ipv4.conf.eth0.forwarding': '0',
      'net.ipv4.conf.eth0.route_localnet': '0',
      'net.ipv4.conf.lo.route_localnet': '0',
      // A link the run made and took with it: no value now.
      'net.ipv4.conf.cnistudio-jb1.route_localnet': '0',
      // On before the run: not the run's doing.
      'net.ipv6.conf.all.forwarding': '1',
    };
    writeFileSync(file, JSON.stringify({ ...note('d4', ownNetns()), switchesBefore }));
    const now: Record<string, string> = { 'net.ipv4.ip_forward': '1', 'net.ipv4.conf.eth0.forwarding': '1', 'net.ipv4.conf.eth0.route_localnet': '1', 'net.ipv4.conf.lo.route_localnet': '0', 'net.ipv6.conf.all.forwarding': '1' };
    const r = await recoverDeadRuns(async () => [], async () => {}, undefined, dir, (key) => now[key]);
    expect(r.switches).toEqual([
      { key: 'net.ipv4.ip_forward', now: '1', was: '0' },
      { key: 'net.ipv4.conf.eth0.route_localnet', now: '1', was: '0' },
    ]);
    expect(recoveredWords(r)).toBe(
      "A killed lab run's plugins may have turned on the machine's switches net.ipv4.ip_forward 1, was 0; net.ipv4.conf.eth0.route_localnet 1, was 0: left as they are, as something else may have needed them on since; if nothing does, give them back with sysctl -w net.ipv4.ip_forward=0 net.ipv4.conf.eth0.route_localnet=0.",
    );
    expect(existsSync(file)).toBe(false);
  });

  it('leaves the note of a helper that still runs', async () => {
    const file = join(dir, `${process.ppid}-c3.json`);
    writeFileSync(file, JSON.stringify(note('c3', ownNetns())));
    const r = await recoverDeadRuns(async () => [bridge], async () => {}, undefined, dir);
    expect(r.links).toEqual([]);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
  });
});
