// What a plugin release does on CHECK that the configuration alone does not show: found by running the
// real plugins in the lab and confirmed in their source at each tag.
import { describeProfile, releaseAtLeast } from '../../profiles/profile';
import { isJsonObject } from '../../model/types';
import type { Finding } from '../finding';
import type { Rule } from '../context';

/**
 * CNI309: portmap 1.1.0 to 1.2.0 fails every CHECK that carries port mappings. It looks for each address's
 * DNAT rules with both iptables and ip6tables, and an address's rules are in only one of them ("could not
 * check ipv6 dnat: … not found"); plugins 1.3.0 checks only the address's own family.
 */
export const portmapCheck: Rule = ({ plugins, profile }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    if (p.type !== 'portmap' || p.release === undefined || releaseAtLeast(p.release, '1.3.0')) continue;
    const caps = p.conf.capabilities;
    if (!isJsonObject(caps) || caps.portMappings !== true) continue;
    out.push({
      code: 'CNI309',
      severity: 'warning',
      message: `portmap ${p.release} fails CHECK whenever the runtime passes port mappings: it looks for each address's rules with both iptables and ip6tables ("could not check ipv6 dnat: … not found"). ADD and DEL work; a runtime that runs CHECK reports the network broken. Fixed in plugins 1.3.0.`,
      pointer: `${p.pointer}/capabilities/portMappings`,
      profile: describeProfile(profile),
    });
  }
  return out;
};
