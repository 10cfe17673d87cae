// Rules about the chain: which plugin may come first, what may follow, which versions every plugin accepts.
import { isSpecVersion } from '../../model/versions';
import { isJsonObject, type JsonValue } from '../../model/types';
import { shippedIn, specVersionsAt, type Catalog } from '../../catalog/catalog';
import { bareRelease, inRange } from '../../profiles/facts';
import { describeProfile, PLUGIN_RELEASES } from '../../profiles/profile';
import type { Finding } from '../finding';
import type { PluginView, Rule } from '../context';
import { closest } from '../suggest';
import { memo } from '../../model/memo';
import { pluginList } from '../../model/chain';
import { bandwidthLimitsAny, bandwidthShapes, fileRuntimeLimits, hasOwnLimits, linkWithoutVeth, noVethPeer, pluginBehaviour } from '../../plugins';
import { DEFAULT_INPUTS } from '../../runtime/inputs';
import { checkGate } from '../../runtime/check-gate';
import { tuningPairCheckFailure } from './tuning-pair';
import { reads } from './releases';

/** A plugin that creates the container interface and cannot share the chain with another one. */
function createsInterface(p: PluginView): boolean {
  return p.entry?.role === 'interface' && !p.entry.chainable;
}

export const pluginType: Rule = ({ plugins, catalog, profile }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    const t = p.conf.type;
    if (t === undefined) {
      out.push({ code: 'CNI200', severity: 'error', message: `Plugin ${p.index + 1} has no "type": libcni cannot tell which binary to run ("missing 'type'").`, pointer: p.pointer });
    } else if (typeof t !== 'string' || t === '') {
      out.push({ code: 'CNI200', severity: 'error', message: `Plugin ${p.index + 1}: "type" must be the non-empty name of a plugin binary.`, pointer: `${p.pointer}/type` });
    } else if (/[/\\]/.test(t)) {
      // Offered only when the path ends in a plugin CNI Studio knows ("/opt/cni/bin/bridge"): "../../bin/sh" is no plugin to switch to.
      const last = t.split(/[/\\]/).pop() ?? '';
      const bare = catalog.entries.some((e) => e.type === last) ? last : '';
      out.push({
        code: 'CNI211',
        severity: 'error',
        message: `"type" must be a bare binary name found in CNI_PATH, not a path: libcni refuses "${t}" ("invalid plugin name").`,
        pointer: `${p.pointer}/type`,
        ...(bare ? { fix: { title: `Use "${bare}"`, patch: [{ op: 'replace' as const, path: `${p.pointer}/type`, value: bare }] } } : {}),
      });
    } else if (!p.entry) {
      const hint = typeHint(t, catalog, profile.plugins);
      // The nearest type of any release, when the profile's has none near: a typo all the same, said without a fix.
      const later = hint ? undefined : typeHint(t, catalog, undefined);
      const since = later && catalog.get(later)?.shipped.since;
      out.push({
        code: 'CNI201',
        severity: hint || later ? 'warning' : 'info',
        message: hint
          ? `Unknown plugin type "${t}". Did you mean "${hint}"? A runtime fails with "failed to find plugin" when no such binary exists.`
          : later
            ? `Unknown plugin type "${t}". Did you mean "${later}"? It is not in plugins ${profile.plugins}${since ? ` (it came in ${bareRelease(since)})` : ''}. A runtime fails with "failed to find plugin" when no such binary exists.`
            : `"${t}" is not a plugin CNI Studio knows; only the generic rules were checked.`,
        pointer: `${p.pointer}/type`,
        ...(hint ? { fix: { title: `Use "${hint}"`, patch: [{ op: 'replace' as const, path: `${p.pointer}/type`, value: hint }] } } : {}),
      });
    }
  }
  return out;
};

/** The chained plugin's own error without a previous result, quoted from its module when it has one. */
const failsWith = (type: string, written: JsonValue | undefined) => {
  const words = pluginBehaviour(type)?.withoutPrevResult;
  // bandwidth with no limits to set goes on to print the missing result first, and Go panics (1.1.1 to 1.9.1).
  if (type === 'bandwidth' && isJsonObject(written) && !bandwidthLimitsAny(written)) {
    // Limits in the file's own runtimeConfig are bandwidth's when it writes none of the four keys.
    const fileLimits = hasOwnLimits(written) ? undefined : fileRuntimeLimits(written);
    if (fileLimits && bandwidthLimitsAny(fileLimits)) return `("${words}")`;
    const capabilities = written.capabilities;
    const fromRuntime = !hasOwnLimits(written) && isJsonObject(capabilities) && capabilities.bandwidth === true;
    return `(with no limits it prints the missing result and panics, "invalid memory address or nil pointer dereference"${fromRuntime ? `; with limits from the runtime, "${words}"` : ''})`;
  }
  return words ? `("${words}")` : '(it has no previous result to work on)';
};

export const chainOrder: Rule = ({ plugins, conflist, version }) => {
  const out: Finding[] = [];
  const first = plugins[0];
  if (first?.entry) {
    if (first.entry.requiresPrevResult) {
      out.push({
        code: 'CNI300',
        severity: 'error',
        message: `${first.entry.type} needs a previous result: it cannot be first. The runtime runs it with no prevResult and its ADD fails ${failsWith(first.entry.type, pluginList(conflist)[0])}, so the container gets no network. Put an interface plugin such as bridge or ptp before it.`,
        pointer: `${first.pointer}/type`,
      });
    }
  }
  const creators = plugins.filter(createsInterface);
  for (const extra of creators.slice(1)) {
    const thirdParty = extra.entry!.thirdParty || creators[0]!.entry!.thirdParty;
    out.push({
      code: 'CNI302',
      severity: thirdParty ? 'warning' : 'error',
      message: `${extra.entry!.type} creates the container interface too, after ${creators[0]!.entry!.type}: both use the same CNI_IFNAME, so the second fails ("already exists"). Use one interface plugin per list (Multus attaches more networks).`,
      pointer: `${extra.pointer}/type`,
    });
  }
  for (const p of plugins) {
    if (p.entry?.role === 'ipam') {
      out.push({
        code: 'CNI303',
        severity: 'error',
        message: `${p.entry.type} is an IPAM plugin: it belongs in an interface plugin's "ipam" object, not in the chain.`,
        pointer: `${p.pointer}/type`,
      });
    }
  }
  const seen = new Map<string, number>();
  for (const p of plugins) {
    if (!p.type || !p.entry || p.entry.role === 'interface') continue;
    const earlier = seen.get(p.type);
    if (earlier !== undefined && p.type === 'tuning') {
      // Two tunings both work at ADD; what can fail is one's CHECK (none where CHECK never runs).
      const why = checkGate(conflist, version) ? undefined : tuningPairCheckFailure(plugins.find((x) => x.index === earlier)!.conf, p.conf, [earlier, p.index]);
      if (why) out.push({ code: 'CNI304', severity: 'warning', message: `tuning appears twice in the chain (also plugin ${earlier + 1}): ${why}. This alone does not stop ADD or DEL; a runtime that runs CHECK reports the network broken. Put the settings in one tuning.`, pointer: `${p.pointer}/type` });
    } else if (earlier !== undefined) {
      out.push({ code: 'CNI304', severity: 'warning', message: `${p.type} appears twice in the chain (also plugin ${earlier + 1}); the second repeats or undoes the first one's work.`, pointer: `${p.pointer}/type` });
    } else seen.set(p.type, p.index);
  }
  // bandwidth shapes a veth's host end: after an interface plugin that gives the container another link, its ADD fails.
  for (const p of plugins) {
    const other = p.type === 'bandwidth' && bandwidthShapes(p.conf, DEFAULT_INPUTS) ? linkWithoutVeth(plugins.map((x) => x.conf), p.index) : undefined;
    if (other) {
      out.push({
        code: 'CNI310',
        severity: 'error',
        message: `bandwidth shapes traffic on the host end of the container interface's veth, but ${other.type} gives the container a ${other.kind} link, which has none: ADD fails (${noVethPeer(other.type)}).`,
        pointer: `${p.pointer}/type`,
      });
    }
  }
  for (const p of plugins) if (p.type === 'tuning') out.push(...tuningAfterLoopbackOnly(p, plugins, conflist, version));
  const platforms = new Set(plugins.filter((p) => p.entry && !p.entry.thirdParty).map((p) => p.entry!.platform));
  if (platforms.size > 1) {
    for (const p of plugins.filter((x) => x.entry?.platform === 'windows')) {
      out.push({ code: 'CNI307', severity: 'warning', message: `${p.entry!.type} is a Windows plugin in a chain of Linux plugins: one of them does not exist on the node.`, pointer: `${p.pointer}/type` });
    }
  }
  return out;
};

/** tuning's keys that make it look up the container interface at ADD (createBackup, 1.0 to 1.9), as it tests them. */
const TUNING_LINK_KEYS: readonly [string, (v: unknown) => boolean][] = [
  ['mac', (v) => typeof v === 'string' && v !== ''],
  ['mtu', (v) => typeof v === 'number' && v !== 0],
  ['promisc', (v) => v === true],
  ['allmulti', (v) => v !== undefined && v !== null],
  ['txQLen', (v) => v !== undefined && v !== null],
];

/**
 * CNI314: tuning after loopback alone. loopback brings up lo whatever CNI_IFNAME is and makes no link of that
 * name, so tuning finds none: its ADD fails when it sets the link (mac, mtu, promisc, allmulti, txQLen), and
 * its CHECK always looks the link up ("Cannot find container link"). Runtimes pass eth0 (net1… under Multus).
 */
function tuningAfterLoopbackOnly(p: PluginView, plugins: PluginView[], conflist: Parameters<typeof checkGate>[0], version: string): Finding[] {
  const before = plugins.slice(0, plugins.indexOf(p));
  if (before.length === 0 || !before.every((x) => x.type === 'loopback')) return [];
  const ifname = DEFAULT_INPUTS.ifname;
  const linkKeys = TUNING_LINK_KEYS.filter(([k, set]) => set(p.conf[k]) && reads(p, k)).map(([k]) => `"${k}"`);
  const lone = `only loopback comes before it, which brings up lo whatever interface name the runtime passes and makes no link of that name`;
  if (linkKeys.length > 0) {
    return [{ code: 'CNI314', severity: 'error', message: `tuning sets ${linkKeys.join(', ')} on the container interface (CNI_IFNAME), but ${lone}: with the name runtimes pass, ADD fails ("failed to get ${JSON.stringify(ifname)}: Link not found"). Put an interface plugin such as bridge or ptp before tuning.`, pointer: `${p.pointer}/type` }];
  }
  if (checkGate(conflist, version)) return [];
  return [{ code: 'CNI314', severity: 'warning', message: `tuning's CHECK looks up the container interface (CNI_IFNAME), but ${lone}: with the name runtimes pass, ADD works and every CHECK fails ("Cannot find container link ${ifname}"). Put an interface plugin such as bridge or ptp before tuning.`, pointer: `${p.pointer}/type` }];
}

/** The plugin's own words when it refuses a version (skel's error, as libcni prints it: msg; details). */
export const incompatibleVersions = (version: string, accepted: readonly string[]) =>
  `incompatible CNI versions; config is "${version}", plugin supports [${accepted.map((v) => JSON.stringify(v)).join(' ')}]`;

/**
 * "Did you mean" for an unknown type, among the types the plugins release ships (and third-party ones): a
 * type added later would fail as "failed to find plugin" all the same (CNI308). Once per release and type
 * (a config names the same ones at every keystroke).
 */
const typeHints = new WeakMap<Catalog, ReturnType<typeof memo<string, string | undefined>>>();
function typeHint(type: string, catalog: Catalog, release: string | undefined): string | undefined {
  let hints = typeHints.get(catalog);
  if (!hints) typeHints.set(catalog, (hints = memo<string, string | undefined>(256)));
  return hints(`${release}\u0000${type}`, () => closest(type, catalog.entries.filter((e) => e.thirdParty || release === undefined || shippedIn(e, release)).map((e) => e.type)));
}

export const versionSupport: Rule = ({ plugins, version: listVersion, conflist, profile }) => {
  // A list without a version: libcni injects "", and plugins (skel) read it as 0.1.0.
  const version = listVersion === '' ? '0.1.0' : listVersion;
  if (!isSpecVersion(version)) return [];
  const out: Finding[] = [];
  const at = typeof conflist.cniVersion === 'string' ? '/cniVersion' : '';
  const named = describeProfile(profile);
  /** Reference plugins the profile's release accepts the version for, but older releases refuse. */
  const olderRefuse = new Map<string, string>();
  const check = (type: string, entry: NonNullable<PluginView['entry']>, release: string | undefined, pointer: string) => {
    if (release !== undefined && !shippedIn(entry, release)) return; // CNI308 says the binary is missing
    const accepted = release === undefined ? entry.specVersions : specVersionsAt(entry, release);
    if (accepted.length > 0 && !accepted.includes(version)) {
      out.push({
        code: 'CNI305',
        severity: entry.thirdParty ? 'warning' : 'error',
        message: entry.thirdParty
          ? `${type} accepts spec versions ${accepted[0]} to ${accepted[accepted.length - 1]}, not ${version}: it fails with "incompatible CNI versions".`
          : `${type} ${release} refuses spec ${version}: every call fails ("${incompatibleVersions(version, accepted)}").`,
        pointer,
        ...(entry.thirdParty ? {} : { profile: named }),
      });
      return;
    }
    if (release === undefined) return;
    const first = entry.specVersionRanges.find((r) => r.versions.includes(version));
    if (first?.since !== undefined && !inRange(PLUGIN_RELEASES[0], first)) olderRefuse.set(type, bareRelease(first.since));
  };
  for (const p of plugins) {
    if (p.entry && p.type) check(p.type, p.entry, p.release, `${p.pointer}/type`);
    if (p.ipamEntry && p.ipamType && p.ipamEntry.role === 'ipam') check(p.ipamType, p.ipamEntry, p.ipamRelease, `${p.pointer}/ipam/type`);
  }
  if (olderRefuse.size > 0) {
    const since = [...new Set(olderRefuse.values())].sort().pop()!;
    out.push({
      code: 'CNI306',
      severity: 'info',
      message: `${[...olderRefuse.keys()].join(', ')} accept${olderRefuse.size > 1 ? '' : 's'} spec ${version} from plugins ${since} on; older releases (Debian bookworm ships 1.1.1) refuse it with "incompatible CNI versions".`,
      pointer: at,
      profile: named,
    });
  }
  return out;
};
