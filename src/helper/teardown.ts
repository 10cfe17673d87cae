// What a run leaves when its plugins are done (their DELs have run): its namespaces, the host links it can
// prove it made (ownership.ts), host-local's folders and tuning's backups it made, the switches it turned
// on, and the firewall rules its DELs left. Everything else new on the machine is reported, never removed.
import { adminChainsNamed, cniChainsIn, configuredHostLinks, hostSwitches, missingRules, newFilterChains, nftLeftovers, nftObjects, pluginList, SHARED_CHAINS, type FirewallRule, type HostLink, type JsonObject, type LabEvent } from '../core';
import type { LabHost, NetworkReader } from './host';
import { restoreSwitches, type Switches } from './host-switches';
import { removeLeftNft, removeLeftRules } from './left-rules';
import type { Link } from './netns';
import { sortNewLinks, type OwnedLink } from './ownership';
import { tuningBackupDirs } from './tuning-backups';

/** The run as teardown needs it: what was there before, and what proves a thing is the run's own. */
export interface RunLeftovers {
  host: LabHost;
  net: NetworkReader;
  /** The run's containers: each namespace, and whether the last observation already read it. */
  containers: readonly { ns: { name: string }; containerId: string; fresh: boolean }[];
  /** The run's last observation, when nothing has changed the machine since: its links and its firewall's read. */
  fresh: { links: Link[]; firewall: () => Promise<FirewallRule[]> } | undefined;
  /** Notes the veth peers a container's links name (the run's own host links). */
  notePeers: (container: readonly Link[], host: readonly Link[]) => void;
  linksBefore: ReadonlyMap<string, number>;
  veths: readonly OwnedLink[];
  /** The host links the plugins' results reported. */
  reported: readonly HostLink[];
  /** The list as the plugins decode it. */
  decoded: JsonObject;
  ifname: string;
  leaseFolders: readonly Parameters<LabHost['tidyLeaseFolder']>[0][];
  /** The machine's switches the plugins turn on, as they were before the run (none read: none to give back). */
  switchesBefore: Switches | undefined;
  rulesBefore: readonly FirewallRule[];
  chainsBefore: ReadonlySet<string>;
  /** The addresses the run's ADDs reported: the firewall plugin's rules for them name no container. */
  addresses: ReadonlySet<string>;
  /** nftables as it was before the run (`nft -j list ruleset`; undefined when it could not be read). */
  nftBefore: Promise<unknown>;
}

type Teardown = Extract<LabEvent, { type: 'teardown' }>;

/**
 * Removes what the run can prove is its own and says what it left. `settle` runs once the namespaces and
 * links are gone and the firewall is read (the run's last observation is emitted there, before teardown's).
 */
export async function removeRunLeftovers(run: RunLeftovers, settle: () => Promise<void>): Promise<Omit<Teardown, 'type' | 'removedNamespace' | 'removedNamespaces'>> {
  const { host, net, containers, fresh } = run;
  for (const c of containers) {
    if (c.fresh) continue;
    // The container side names its veth peers; read it while the namespace still exists.
    const [containerLinks, links] = await Promise.all([net.netnsLinks(c.ns.name).catch(() => []), net.hostLinks().catch(() => [])]);
    run.notePeers(containerLinks, links);
  }
  const removeNamespaces = () =>
    Promise.all(
      containers.map((c) => {
        net.release(c.ns.name);
        return host.deleteNetns(c.ns.name).catch(() => {});
      }),
    );
  // Without a fresh observation the links are read once the namespaces (and the veths in them) are gone.
  if (!fresh) await removeNamespaces();
  const { remove, untouched } = sortNewLinks(fresh?.links ?? (await net.hostLinks().catch(() => [])), new Map(run.linksBefore), { veths: [...run.veths], configured: configuredHostLinks(pluginList(run.decoded), run.ifname), reported: [...run.reported] });
  // Independent of one another: the namespaces (when still there), the proven links, the last firewall read
  // (when it failed, a new one).
  const readRules = () => host.firewallRules().catch(() => undefined);
  const [, , rulesRead] = await Promise.all([
    fresh ? removeNamespaces() : undefined,
    Promise.all(remove.map((l) => host.deleteHostLink(l.ifname).catch(() => {}))),
    fresh ? fresh.firewall().catch(readRules) : readRules(),
  ]);
  await settle();
  net.close();
  const removedLinks = remove.map((l) => l.ifname);
  const containerIds = containers.map((c) => c.containerId);
  const backups = tuningBackupDirs(run.decoded);
  const removedFiles = [...run.leaseFolders.flatMap((before) => host.tidyLeaseFolder(before)), ...(backups.length ? host.removeTuningBackups(backups, containerIds, run.ifname) : [])];
  const sysctls = run.switchesBefore && restoreSwitches(run.switchesBefore, () => host.readSwitches(hostSwitches(pluginList(run.decoded))), host.writeSwitch);
  // What the DELs left of the run's own rules (a DEL that failed; firewall's isolation of a bridge the run removed).
  // firewall's admin chain under the config's own name (NOMAD-ADMIN) is the run's when the run made it, as CNI's chains are.
  const adminChains = adminChainsNamed(run.decoded);
  const rules = rulesRead && (await removeLeftRules(host, run.rulesBefore, rulesRead, { containerIds, addresses: [...run.addresses], links: [...removedLinks, ...run.veths.map((v) => v.ifname)], adminChains }));
  const chainsNow = rules ? cniChainsIn(rules.now) : await host.firewallChains().catch(() => []);
  const newChains = [...chainsNow.filter((c) => !run.chainsBefore.has(c)), ...(rules ? newFilterChains(run.rulesBefore, rules.now, adminChains) : [])];
  const keptByDesign = newChains.filter((c) => SHARED_CHAINS.includes(c.split('/')[1]!));
  // nftables: the run's own rules and chains its DELs left (macspoofchk's, portmap's, ipMasq's), removed; the rest compared.
  const nftBefore = await run.nftBefore;
  const nft = nftBefore === undefined ? undefined : await removeLeftNft(host, { containerIds, ifname: run.ifname });
  const nftNew = nft?.now === undefined ? [] : nftLeftovers(nftObjects(nftBefore), nftObjects(nft.now));
  const leftovers = [...newChains.filter((c) => !keptByDesign.includes(c)), ...(rules?.left ?? []), ...nftNew, ...(nft?.left ?? []), ...(sysctls?.left ?? [])];
  const removedRules = [...(rules?.removed ?? []), ...(nft?.removed ?? [])];
  // The machine's own CNI rules (other containers') that went missing during the run: never the run's to remove.
  const gone = rules ? missingRules(run.rulesBefore, rules.now) : [];
  return {
    removedLinks,
    untouchedLinks: untouched,
    leftovers,
    keptByDesign,
    ...(removedRules.length ? { removedRules } : {}),
    ...(gone.length ? { missingRules: gone } : {}),
    ...(removedFiles.length ? { removedFiles } : {}),
    ...(sysctls?.restored.length ? { restoredSysctls: sysctls.restored } : {}),
  };
}
