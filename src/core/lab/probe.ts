// The probe: what a lab machine offers (the helper's answer to GET /api/probe), and what it means for
// one conflist.
import { isJsonObject, type JsonObject } from '../model/types';
import type { Catalog } from '../catalog/catalog';
import { PLUGIN_RELEASES, type RuntimeProfile } from '../profiles/profile';
import { pluginList } from '../model/chain';
import { hostLinkUses } from './host-links';

export interface ProbedPlugin {
  /** The executable's name in CNI_PATH, which is the plugin `type` that runs it. */
  type: string;
  path: string;
  /** Its VERSION answer; absent when it gave none (then versionError says why). */
  supportedVersions?: string[];
  versionError?: string;
  /** The reference-plugins release it comes from, and how that was found. */
  release?: string;
  releaseFrom?: 'banner' | 'package' | 'versions';
}

/** The plugins release a banner names ("CNI bridge plugin v1.6.2"); 'unknown' for distribution builds. */
export function releaseFromBanner(stderr: string, type: string): string | 'unknown' | undefined {
  const m = /^CNI (\S+) plugin (\S.*)$/m.exec(stderr);
  if (!m || m[1] !== type) return undefined;
  if (/version unknown/.test(m[2]!)) return 'unknown';
  const v = /^v?(\d+\.\d+\.\d+)/.exec(m[2]!.trim());
  return v ? v[1] : 'unknown';
}

/** The upstream release in a package's version: "1.1.1+ds1-3+b5" (Debian), "1.4.0-2.el9" (RPM). */
export function upstreamRelease(packageVersion: string): string | undefined {
  return /^(?:\d+:)?(\d+\.\d+\.\d+)/.exec(packageVersion.trim())?.[1];
}

/**
 * What VERSION's answer says of the release when nothing names it: the newest release whose plugins
 * answer that way (plugins up to 1.5.1 accept up to spec 1.0.0, from 1.6.0 up to 1.1.0).
 */
export function releaseFromVersions(supportedVersions: readonly string[]): string | undefined {
  if (supportedVersions.includes('1.1.0')) return PLUGIN_RELEASES[PLUGIN_RELEASES.length - 1];
  if (supportedVersions.includes('1.0.0')) return '1.5.1';
  return undefined;
}

/** The profile of the lab machine: the plugins release most of its reference plugins come from. */
export function probedProfile(plugins: readonly ProbedPlugin[], libcni: string): { profile: RuntimeProfile; how: string } | undefined {
  const dated = plugins.filter((p) => p.release !== undefined);
  if (dated.length === 0) return undefined;
  const exact = dated.filter((p) => p.releaseFrom !== 'versions');
  const pool = exact.length ? exact : dated;
  const counts = new Map<string, number>();
  for (const p of pool) counts.set(p.release!, (counts.get(p.release!) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0]![0];
  const mixed: (readonly [string, string])[] = exact.filter((p) => p.release !== main).map((p) => [p.type, p.release!] as const);
  // A plugin dated only by the spec versions it accepts, where those differ from what the main release's
  // plugins accept, is from another release (a newer portmap beside Debian's 1.1.1): named with its guess.
  const mainVersions = exact.find((p) => p.release === main && p.supportedVersions)?.supportedVersions?.join(',');
  const guessed = exact.length ? dated.filter((p) => p.releaseFrom === 'versions' && p.release !== main && mainVersions !== undefined && p.supportedVersions?.join(',') !== mainVersions) : [];
  for (const p of guessed) mixed.push([p.type, p.release!]);
  const from = new Set(pool.map((p) => p.releaseFrom));
  const base = from.has('banner') ? 'from the plugins\' banners' : from.has('package') ? 'from the package that installed them' : 'inferred from the spec versions they accept (the newest release that answers so)';
  const how = guessed.length ? `${base}; ${guessed.map((p) => p.type).join(', ')} ${guessed.length > 1 ? 'accept' : 'accepts'} other spec versions (up to ${guessed[0]!.supportedVersions!.at(-1)}), so ${guessed.length > 1 ? 'they come' : 'it comes'} from another release: taken as the newest that accepts them, its exact release unknown` : base;
  return { profile: { libcni, plugins: main, ...(mixed.length ? { pluginReleases: mixed } : {}) }, how };
}

export interface ProbeAnswer {
  root: boolean;
  ip: boolean;
  cniPath: string[];
  /** Every executable in CNI_PATH (the first of each name, as lookup finds it), with its VERSION answer. */
  plugins: ProbedPlugin[];
  iptables: boolean;
  nftables: boolean;
  dhcpSocket: boolean;
  /** What is missing for a live run, and how to get it, in words. */
  missing: string[];
  /** Whether a run is going on now (only the HTTP answer has it). */
  busy?: boolean;
  /** The machine's runtime profile: its plugins' release, and the libcni release the helper walks lists as. */
  profile?: RuntimeProfile;
  /** How the plugins' release was found, in words. */
  profileFrom?: string;
  /** Links of the machine its runs may act on (`--host-links`; only the HTTP answer has it). */
  hostLinks?: string[];
}

/** What would go wrong running this conflist on the probed machine: a plugin missing, a version refused. */
export function probeWarnings(conflist: JsonObject, probe: ProbeAnswer, catalog: Catalog): string[] {
  const version = typeof conflist.cniVersion === 'string' ? conflist.cniVersion : '';
  const out = new Set<string>();
  for (const p of pluginList(conflist)) {
    if (!isJsonObject(p)) continue;
    for (const type of [p.type, isJsonObject(p.ipam) ? p.ipam.type : undefined]) {
      if (typeof type !== 'string' || type === '') continue;
      const found = probe.plugins.find((x) => x.type === type);
      if (!found) {
        const entry = catalog.get(type);
        out.add(entry?.thirdParty ? `${type} (third-party, from its own project) is not installed in ${probe.cniPath.join(':')} on the lab machine.` : `${type} is not installed in ${probe.cniPath.join(':')} on the lab machine.`);
        continue;
      }
      const versions = found.supportedVersions ?? [];
      if (versions.length && !versions.includes(version)) out.add(`${type} here accepts up to ${versions[versions.length - 1]}; this conflist says ${version || '(none)'}.`);
    }
  }
  // A master or device the helper was not allowed: the run is refused (the machine has it) or fails (it has
  // not). A bridge is the run's own unless the machine has one by that name: the helper says so if it does.
  if (probe.hostLinks) {
    const allowed = probe.hostLinks;
    const said = allowed.length ? `it allows ${allowed.join(', ')}` : 'it allows none';
    for (const { index, type, use } of hostLinkUses(conflist, probe.profile?.plugins)) {
      if (use.key === 'bridge' || ('name' in use.by && allowed.includes(use.by.name))) continue;
      const what = 'name' in use.by ? `the link ${use.by.name}` : 'mac' in use.by ? `the link with address ${use.by.mac}` : 'defaultRoute' in use.by ? "the link of the lab machine's default route" : 'netDirs' in use.by ? `the network link of ${use.by.what}` : use.by.unknown;
      out.add(`${type} (plugin ${index + 1}) works on ${what} ("${use.key}"): the helper runs plugins only on links of its machine it was started with --host-links for (${said}), so unless that link is one of them the run is refused, or fails where the machine has no such link.`);
    }
  }
  return [...out];
}
