// Risk notes: the changes between two conflists that matter on nodes that already run pods, in plain words.
// A config change applies to pods created afterwards; pods that already run keep what the old chain set up,
// and are torn down with whatever chain the runtime has loaded when they go. Most notes follow from that.
// The rules live by subject in risk-addresses.ts and risk-plugins.ts, and what is one plugin type's own in
// its module (plugins/); this file holds the version and network-name rules and puts them all together.
import { libcniLoadList } from '../runtime/libcni-load';
import { specVersionsAt, type Catalog, type CatalogEntry } from '../catalog/catalog';
import { bareRelease, inRange } from '../profiles/facts';
import { DEFAULT_PROFILE, describeProfile, pluginRelease, PLUGIN_RELEASES, releaseAtLeast, type RuntimeProfile } from '../profiles/profile';
import { isJsonObject, type JsonObject } from '../model/types';
import { compareVersions, effectiveListVersion, parseVersion } from '../model/versions';
import { ipamBehaviour } from '../plugins';
import { canonicalPlugin, pluginsOf, pluginType, type ConflistDiff } from './diff';
import { compareRiskNotes, label, obj, show, type Ctx, type ListLoads, type Pair, type RiskNote } from './risk-context';
import { addressRules } from './risk-addresses';
import { capabilityRules, chainRules, flagRules } from './risk-plugins';

export { compareRiskNotes, type RiskNote, type RiskRule, type RiskSeverity } from './risk-context';
export { addressSummary } from './risk-addresses';

// ---------------------------------------------------------------------------------------------------------
// cniVersion

/** The spec versions a plugin accepts on the profile's nodes. */
const acceptedAt = (entry: CatalogEntry, profile: RuntimeProfile): readonly string[] => specVersionsAt(entry, pluginRelease(profile, entry.type));

function accepted(entry: CatalogEntry, version: string, profile: RuntimeProfile): boolean {
  const list = acceptedAt(entry, profile);
  return list.length === 0 || list.includes(version);
}

/** The list version the profile's libcni runs: cniVersions negotiated from 1.2.0, ignored before. */
function listVersion(conflist: JsonObject, profile: RuntimeProfile): string {
  if (releaseAtLeast(profile.libcni, '1.2.0')) return effectiveListVersion(conflist.cniVersion, conflist.cniVersions);
  return typeof conflist.cniVersion === 'string' ? conflist.cniVersion : '';
}

function versionRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  const oldV = listVersion(ctx.before, ctx.profile);
  const newV = listVersion(ctx.after, ctx.profile);
  const changed = oldV !== newV;
  const comparable = parseVersion(oldV) !== undefined && parseVersion(newV) !== undefined;
  const cmp = comparable ? compareVersions(newV, oldV) : 0;
  const from = oldV || '(unset)';
  const to = newV || '(unset, read as 0.1.0)';
  if (changed && comparable && cmp < 0) {
    const lost: string[] = [];
    if (compareVersions(oldV, '1.1.0') >= 0 && compareVersions(newV, '1.1.0') < 0) lost.push('the runtime stops sending GC and STATUS (libcni only sends them for 1.1.0 lists)');
    if (compareVersions(oldV, '0.4.0') >= 0 && compareVersions(newV, '0.4.0') < 0)
      lost.push('CHECK is refused and DEL no longer gets the cached result (prevResult) that plugins use to clean up exactly what ADD made');
    notes.push({
      rule: 'cni-version-lowered',
      severity: 'medium',
      pointer: '/cniVersion',
      message: `The spec version goes down from ${from} to ${to}: plugins print results in the older format${lost.length ? `, and ${lost.join('; ')}` : ''}.${compareVersions(newV, '0.4.0') >= 0 ? ` Results cached for pods that already run are in ${oldV} and are converted when those pods are checked or deleted.` : ''}`,
    });
  }

  // Plugins that refuse the list version: after a version change, and for plugins that are new in the chain.
  const added = new Set(ctx.diff.plugins.filter((p) => p.status === 'added').map((p) => p.afterIndex));
  const refusing: string[] = [];
  const debianRefusing: string[] = [];
  const olderUntil = new Set<string>();
  if (newV && parseVersion(newV)) {
    pluginsOf(ctx.after).forEach((p, i) => {
      if (!changed && !added.has(i)) return;
      const entry = ctx.catalog.get(pluginType(p));
      if (!entry) return;
      if (!accepted(entry, newV, ctx.profile)) refusing.push(`${label(entry.type, i)} accepts ${acceptedAt(entry, ctx.profile).join(', ')}`);
      else if (changed && !entry.thirdParty) {
        // Older releases than the profile's: those that accepted the old version but refuse the new one.
        const older = entry.specVersionRanges.filter((r) => r.versions.length > 0 && !r.versions.includes(newV) && r.versions.includes(oldV) && inRange(PLUGIN_RELEASES[0], r));
        if (older.length > 0) {
          debianRefusing.push(label(entry.type, i));
          for (const r of older) if (r.until) olderUntil.add(bareRelease(r.until));
        }
      }
    });
  }
  if (refusing.length) {
    notes.push({
      rule: 'cni-version-unsupported',
      severity: 'high',
      pointer: '/cniVersion',
      message: `With spec version ${newV} ${refusing.length > 1 ? 'these plugins refuse' : 'this plugin refuses'} every call (code 1, "incompatible CNI versions"): ${refusing.join('; ')}. No new pod on this network gets its network set up.${ctx.profile === DEFAULT_PROFILE ? '' : ` (${describeProfile(ctx.profile)})`}`,
    });
  }
  if (debianRefusing.length) {
    notes.push({
      rule: 'cni-version-debian',
      severity: 'medium',
      pointer: '/cniVersion',
      message: `On nodes with plugins before ${[...olderUntil].sort().pop() ?? 'this release'} (Debian bookworm ships 1.1.1), ${debianRefusing.join(', ')} ${debianRefusing.length > 1 ? 'refuse' : 'refuses'} spec ${newV} with "incompatible CNI versions": every ADD fails there. Plugins ${pluginRelease(ctx.profile, '')} (the profile) accept it.`,
    });
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses and IPAM


function networkNameRule(ctx: Ctx): RiskNote[] {
  const change = ctx.diff.listChanges.find((c) => c.pointer === '/name');
  if (!change) return [];
  const oldName = show(change.before);
  const newName = show(change.after);
  // What renaming does to each IPAM delegate's allocations, in its module's words (host-local's leases).
  const allocations = [
    ...new Set(
      pluginsOf(ctx.after).flatMap((p) => {
        const ipam = isJsonObject(p) && isJsonObject(p.ipam) ? p.ipam : undefined;
        const words = ipam ? ipamBehaviour(ipam.type)?.networkRenamed?.(ipam, oldName, newName) : undefined;
        return words ? [words] : [];
      }),
    ),
  ];
  return [
    {
      rule: 'network-renamed',
      severity: 'high',
      pointer: '/name',
      message: `The network is renamed from ${oldName} to ${newName}. Runtimes find networks by name (Multus NetworkAttachmentDefinitions, Podman --network, cnitool), so whatever still asks for ${oldName} no longer finds it. Cached results are stored per network name (/var/lib/cni/results/<name>-<container>-<ifname>), so pods that already run are deleted without their cached result${allocations.map((a) => `, and ${a}`).join('')}.`,
    },
  ];
}


/** The new list no longer loads in the profile's libcni (a flag written as a string in 1.1, a key it refuses): no pod gets a network. */
function listRefusedRule(ctx: Ctx): RiskNote[] {
  const libcni = ctx.profile.libcni;
  const before = ctx.loads?.before ?? libcniLoadList(ctx.before, libcni);
  const after = ctx.loads?.after ?? libcniLoadList(ctx.after, libcni);
  if (after.ok || !before.ok) return [];
  return [{ rule: 'list-refused', severity: 'high', pointer: '', message: `libcni ${libcni} refuses to load the new list ("${after.error}"), where it loaded the old one: every ADD, CHECK and DEL on this network fails, for new pods and for those that run.` }];
}

/** The changes between two lists that matter in production, highest severity first. */
/** `loads`: what libcni makes of each side's file, when the files are at hand (the objects alone cannot show a BOM or a trailing comma). */
export function riskNotes(diff: ConflistDiff, before: JsonObject, after: JsonObject, catalog: Catalog, profile: RuntimeProfile = DEFAULT_PROFILE, loads?: ListLoads): RiskNote[] {
  const oldPlugins = pluginsOf(before);
  const newPlugins = pluginsOf(after);
  const pairs: Pair[] = diff.plugins
    .filter((p) => p.beforeIndex !== undefined && p.afterIndex !== undefined)
    .map((p) => ({
      diff: p,
      before: obj(canonicalPlugin(oldPlugins[p.beforeIndex!], catalog)),
      after: obj(canonicalPlugin(newPlugins[p.afterIndex!], catalog)),
      beforeIndex: p.beforeIndex!,
      afterIndex: p.afterIndex!,
      label: label(p.type, p.afterIndex!),
      pointer: `/plugins/${p.afterIndex!}`,
    }));
  const ctx: Ctx = { diff, before, after, catalog, pairs, networkName: typeof before.name === 'string' ? before.name : '', profile, ...(loads ? { loads } : {}) };
  const notes = [...listRefusedRule(ctx), ...networkNameRule(ctx), ...versionRules(ctx), ...chainRules(ctx), ...addressRules(ctx), ...flagRules(ctx), ...capabilityRules(ctx)];
  // Array.prototype.sort is stable: within a severity the notes keep the order above.
  return notes.sort(compareRiskNotes);
}

