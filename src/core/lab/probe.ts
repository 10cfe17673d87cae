// The probe: what a lab machine offers (the helper's answer to GET /api/probe), and what it means for
// one conflist.
import { isJsonObject, type JsonObject } from '../model/types';
import type { Catalog } from '../catalog/catalog';
import { pluginList } from '../model/chain';

export interface ProbedPlugin {
  /** The executable's name in CNI_PATH, which is the plugin `type` that runs it. */
  type: string;
  path: string;
  /** Its VERSION answer; absent when it gave none (then versionError says why). */
  supportedVersions?: string[];
  versionError?: string;
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
  return [...out];
}
