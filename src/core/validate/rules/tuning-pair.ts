// Two tuning plugins in one chain: both work at ADD (the later one's settings win), but each one's CHECK
// compares the interface with its own settings, and wants promiscuous mode off where "promisc" is not set
// (plugins/meta/tuning cmdCheck, the same from 1.1 to 1.9). Found with Debian's 1.1.1 by an outside tester.
import { macAsLinuxPrints } from '../../net/mac';
import { isJsonObject, type JsonObject } from '../../model/types';

/** Why one of the two tunings fails every CHECK (the first such reason), or undefined when they agree. */
export function tuningPairCheckFailure(first: JsonObject, second: JsonObject, at: [number, number]): string | undefined {
  const [a, b] = at.map((i) => `plugin ${i + 1}`) as [string, string];
  if ((first.promisc === true) !== (second.promisc === true)) {
    const [off, on] = first.promisc === true ? [b, a] : [a, b];
    return `${on} turns promiscuous mode on, and ${off}'s CHECK wants it off wherever "promisc" is not set: every CHECK fails ("Error: Tuning link eth0 configured promisc is false, current value is 1")`;
  }
  // Set by both, differently: the later value is the interface's, so the earlier plugin's CHECK fails.
  const differs = (x: unknown, y: unknown) => x !== undefined && y !== undefined && x !== y;
  if (typeof first.mtu === 'number' && typeof second.mtu === 'number' && differs(first.mtu, second.mtu)) {
    return `${a} sets "mtu" ${first.mtu} and ${b} ${second.mtu}, which the interface keeps: ${a}'s CHECK fails ("Error: Tuning configured MTU of eth0 is ${first.mtu}, current value is ${second.mtu}")`;
  }
  if (typeof first.mac === 'string' && typeof second.mac === 'string' && differs(macAsLinuxPrints(first.mac) ?? first.mac, macAsLinuxPrints(second.mac) ?? second.mac)) {
    return `${a} sets "mac" ${first.mac} and ${b} ${second.mac}, which the interface keeps: ${a}'s CHECK fails ("Error: Tuning configured Ethernet of eth0 is ${first.mac}, current value is …")`;
  }
  if (typeof first.allmulti === 'boolean' && typeof second.allmulti === 'boolean' && differs(first.allmulti, second.allmulti)) {
    return `${a} sets "allmulti" ${first.allmulti} and ${b} ${second.allmulti}: ${a}'s CHECK fails ("Error: Tuning configured all-multicast mode of eth0 is ${first.allmulti}, current value is ${second.allmulti}")`;
  }
  if (isJsonObject(first.sysctl) && isJsonObject(second.sysctl)) {
    for (const [key, value] of Object.entries(first.sysctl)) {
      const later = second.sysctl[key];
      if (typeof value === 'string' && typeof later === 'string' && value !== later) {
        return `both set sysctl "${key}", ${a} to ${JSON.stringify(value)} and ${b} to ${JSON.stringify(later)}, which the interface keeps: ${a}'s CHECK fails ("Error: Tuning configured value of /proc/sys/${key.replace(/\./g, '/')} is ${value}, current value is ${later}")`;
      }
    }
  }
  return undefined;
}
