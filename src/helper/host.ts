// Everything a run does to the lab machine besides running plugins, behind one interface: the engine
// is tested through a recording fake on any machine (testing.ts), and against Linux as root.
import { applyNft, cniChains, firewallRules, nftRuleset, primeFirewallReads, restoreRules } from './firewall';
import type { FirewallRule, HostSwitch, Listener, RuleFamily } from '../core';
import { readSysctls } from './netns';
import { removeHostLink, removeNetns } from './host-session';
import { networkReader, type NetworkReader } from './network-reader';
import { primeNetns } from './spare-netns';
import { findPlugin } from './probe';
import { firstToMake, foreignLeases, replaceable, stateDirUnsafe } from './system-path';
import { leaseFolderBefore, otherFiles, tidyLeaseFolder, type LeaseFolderBefore } from './lease-folders';
import { removeTuningBackups } from './tuning-backups';
import { readSwitches, writeSwitch, type Switches, type SwitchKey } from './host-switches';
import { STATE_ROOTS } from '../core';
import { defaultRouteLinks } from './default-route';
import { netDirEntries } from './sysfs';
import { listeningPorts } from './listening';

export type { NetworkReader } from './network-reader';

export interface LabHost {
  /** A plugin binary: a bare name found executable in one of the CNI_PATH directories. */
  findPlugin(type: string, cniPath: readonly string[]): string | undefined;
  /**
   * Why, as root, what `path` holds must not be run: someone else could replace it. For a plugin found and
   * for each CNI_PATH directory (plugins search it for their delegates; one that does not exist yet counts
   * by the directory that would hold it). undefined when no one else could.
   */
  replaceable(path: string): string | undefined;
  /**
   * Why, as root, a plugin's state folder (one it writes in and makes what is missing of) could be sent
   * elsewhere by another user, or out of core's STATE_ROOTS by a link: see system-path.ts stateDirUnsafe.
   */
  stateDirUnsafe(path: string): string | undefined;
  /** The first folder of a state folder's path still to be made (core's newFolderRefusal judges it; system-path.ts firstToMake). */
  firstToMake(path: string): { parent: string; name: string } | undefined;
  /** How many of host-local's leases in `dir` are for containers the lab did not make (system-path.ts foreignLeases). */
  foreignLeases(dir: string): number;
  /** The entries of a lease folder host-local does not make (lease-folders.ts). */
  otherFiles(dir: string): string[];
  /** A lease folder as a run starts, and its tidying after the run's DELs (lease-folders.ts). */
  leaseFolderBefore(dir: string): LeaseFolderBefore;
  tidyLeaseFolder(before: LeaseFolderBefore): string[];
  /** tuning's backups named after the run's container ids, left by a DEL that failed (tuning-backups.ts). */
  removeTuningBackups(dirs: readonly string[], containerIds: readonly string[], ifname?: string): string[];
  deleteNetns(name: string): Promise<void>;
  /** The run's namespaces, made, and their links, addresses and routes and the host's read, for one run and closed at its end. */
  reader(): NetworkReader;
  deleteHostLink(ifname: string): Promise<void>;
  /** CNI's firewall chains, as `table/CHAIN` (where the rules are not needed: one read instead of two). */
  firewallChains(): Promise<string[]>;
  /** Every firewall chain and rule (IPv4 and IPv6), to tell what a run added; core's `cniChainsIn` finds CNI's chains in them. */
  firewallRules(): Promise<FirewallRule[]>;
  /** The nftables ruleset (`nft -j list ruleset`), to tell what a run left there (firewall.ts nftRuleset); undefined when unreadable. */
  nftRuleset(): Promise<unknown>;
  /** Applies core's nftRemovals, whole or not at all (firewall.ts applyNft). */
  applyNft(json: string): Promise<void>;
  /** Applies core's ruleRemovals script to one family's table, whole or not at all (firewall.ts restoreRules). */
  restoreRules(family: RuleFamily, script: string): Promise<void>;
  readSysctls(name: string, keys: readonly string[]): Promise<Record<string, string>>;
  /** The machine's switches of these kinds (forwarding, route_localnet: plugins turn them on), and one given back (host-switches.ts). */
  readSwitches(kinds: readonly HostSwitch[]): Switches;
  writeSwitch(key: SwitchKey, value: string): void;
  /** The links the machine's default routes leave through (macvlan's and ipvlan's master when none is named). */
  defaultRouteLinks(): Promise<string[]>;
  /** The entries of sysfs `net` folders (host-device's device links; core's HostLinkFacts.netDirEntries). */
  netDirEntries(dirs: readonly string[]): Promise<string[]>;
  /** The ports its processes listen on (a port mapping must not take one). */
  listeningPorts(): Promise<Listener[]>;
  /**
   * The helper is idle (started, or a run has ended): the time to start the processes the next run's
   * reads will need, which would otherwise fork the helper while the run waits for them.
   */
  prime?(): void;
}


export const linuxHost: LabHost = { findPlugin, replaceable, firstToMake: (path) => firstToMake(path), foreignLeases, otherFiles, leaseFolderBefore, tidyLeaseFolder, removeTuningBackups, stateDirUnsafe: (path) => (process.getuid?.() === 0 ? stateDirUnsafe(path, STATE_ROOTS) : undefined), deleteNetns: removeNetns, reader: networkReader, deleteHostLink: removeHostLink, firewallChains: cniChains, firewallRules, nftRuleset, applyNft, restoreRules, readSysctls, readSwitches, writeSwitch, defaultRouteLinks, netDirEntries, listeningPorts, prime };

/** The next run's firewall read gates and its first namespace, made while nothing runs. */
function prime(): void {
  primeFirewallReads();
  primeNetns().catch(() => {}); // a run makes its namespace itself then
}
