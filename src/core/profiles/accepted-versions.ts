// Which spec versions a chain's plugins accept under a profile, as the network's cniVersion field lists them.
import { goIpamType } from '../model/go-keys';
import { pluginList, typeOfConf } from '../model/chain';
import { SPEC_VERSIONS, type JsonObject } from '../model/types';
import { shippedIn, specVersionsAt, type PluginCatalog } from '../catalog/plugin-catalog';
import { pluginRelease, type RuntimeProfile } from './profile';

/**
 * For each spec version, the plugins that would refuse it under the profile ("bridge 1.1.1"; a third-party
 * type by its name alone), each named once however often the chain repeats it. Types are read as the
 * plugins read them ("Type" and the IPAM's type included); a type the catalog does not know, or a reference
 * plugin the profile's release does not ship, refuses nothing here (the validator says what is wrong).
 */
export function specVersionRejections(doc: JsonObject, profile: RuntimeProfile, catalog: Pick<PluginCatalog, 'get'>): Map<string, string[]> {
  const out = new Map<string, string[]>(SPEC_VERSIONS.map((v) => [v, []]));
  // A long chain repeats a few types: each is judged once, in the order it first appears.
  const types = new Set<string>();
  for (const p of pluginList(doc)) {
    for (const t of [typeOfConf(p), goIpamType(p)]) if (typeof t === 'string' && t !== '') types.add(t);
  }
  for (const t of types) {
    const entry = catalog.get(t);
    const release = pluginRelease(profile, t);
    if (!entry || (!entry.thirdParty && !shippedIn(entry, release))) continue;
    const accepted = specVersionsAt(entry, release);
    if (accepted.length === 0) continue;
    for (const v of SPEC_VERSIONS) if (!accepted.includes(v)) out.get(v)!.push(entry.thirdParty ? t : `${t} ${release}`);
  }
  return out;
}
