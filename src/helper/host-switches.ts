// The machine's switches that plugins turn on in the host's namespace and never off (core's `hostSwitches`):
// bridge (as a gateway) and ptp write 1 to the forwarding switches (ip.EnableIP4Forward / EnableIP6Forward),
// portmap writes 1 to route_localnet on the link that routes the container's IPv4 address, a link of the
// machine when nothing of the run routes it. A lab run gives them back as it found them: IPv6 forwarding on
// also makes Linux ignore router advertisements, which can cost a lab VM its address, and route_localnet on
// an uplink lets hosts of its LAN reach services bound to 127.0.0.1 (CVE-2020-8558).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { HostSwitch } from '../core';

/**
 * The two global forwarding switches, by name, and their files in the helper's (the host's) namespace.
 * Writing one sets every interface's own forwarding switch (and the default for new ones) to the same value,
 * so those are read too, and given back after the global one. route_localnet has no such switch: "all" is
 * or-ed with each interface's, and written alone.
 */
export const FORWARDING = { 'net.ipv4.ip_forward': '/proc/sys/net/ipv4/ip_forward', 'net.ipv6.conf.all.forwarding': '/proc/sys/net/ipv6/conf/all/forwarding' } as const;
/** A global switch's name, or a per-interface one's ("net.ipv4.conf.eth0.forwarding", "net.ipv4.conf.eth0.route_localnet"). */
export type SwitchKey = string;
export type Switches = Partial<Record<SwitchKey, string>>;

/** The families each kind has a per-interface switch in. */
const FAMILIES: Record<HostSwitch, readonly string[]> = { forwarding: ['ipv4', 'ipv6'], route_localnet: ['ipv4'] };

const GLOBAL = Object.keys(FORWARDING);
/** A key's file: the global ones by name, the others by their place under /proc/sys/net/ipv{4,6}/conf. */
const fileOf = (key: SwitchKey): string | undefined => {
  if (key in FORWARDING) return FORWARDING[key as keyof typeof FORWARDING];
  const m = /^net\.(ipv4|ipv6)\.conf\.([^/]+)\.(forwarding|route_localnet)$/.exec(key);
  if (!m || m[2] === '.' || m[2] === '..' || !FAMILIES[m[3] as HostSwitch].includes(m[1]!)) return undefined;
  return `/proc/sys/net/${m[1]}/conf/${m[2]}/${m[3]}`;
};

const readValue = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined; // not there (no IPv6; a link gone)
  }
};

/** The switches of these kinds as they are now: the global ones, then each interface's and the default's, per family. */
export function readSwitches(kinds: readonly HostSwitch[]): Switches {
  const out: Switches = {};
  if (kinds.includes('forwarding')) {
    for (const key of GLOBAL) {
      const v = readValue(fileOf(key)!);
      if (v !== undefined) out[key] = v;
    }
  }
  for (const family of ['ipv4', 'ipv6']) {
    const named = kinds.filter((k) => FAMILIES[k].includes(family));
    if (named.length === 0) continue;
    let names: string[];
    try {
      names = readdirSync(`/proc/sys/net/${family}/conf`);
    } catch {
      continue;
    }
    for (const name of names) {
      for (const kind of named) {
        // ipv6's "all" forwarding is the global switch itself.
        const key = `net.${family}.conf.${name}.${kind}`;
        if (key === 'net.ipv6.conf.all.forwarding') continue;
        const v = readValue(fileOf(key)!);
        if (v !== undefined) out[key] = v;
      }
    }
  }
  return out;
}

/** One switch's value now, or undefined when it is not there (a link gone) or not a switch a plugin turns on. */
export function readSwitch(key: SwitchKey): string | undefined {
  const file = fileOf(key);
  return file === undefined ? undefined : readValue(file);
}

export function writeSwitch(key: SwitchKey, value: string): void {
  const file = fileOf(key);
  if (!file) throw new Error(`not a switch a plugin turns on: ${key}`);
  writeFileSync(file, value);
}

/**
 * Gives back each switch the run changed, the global ones first (writing one resets every interface's),
 * then the others as `now` is after that, as "net.ipv4.ip_forward 1 → 0"; what could not be written goes to
 * `left`, with why. A switch of an interface made during the run (its own bridge or veth) has no value
 * before and is left alone: it goes with its link.
 */
export function restoreSwitches(before: Switches, read: () => Switches, write: (key: SwitchKey, value: string) => void): { restored: string[]; left: string[] } {
  const restored: string[] = [];
  const left: string[] = [];
  const giveBack = (keys: readonly string[], now: Switches) => {
    for (const key of keys) {
      const was = before[key];
      const is = now[key];
      if (was === undefined || is === undefined || is === was) continue;
      try {
        write(key, was);
        restored.push(`${key} ${is} → ${was}`);
      } catch (e) {
        left.push(`${key} ${is} (was ${was}; ${(e as Error).message})`);
      }
    }
  };
  const first = read();
  const globalsChanged = GLOBAL.some((k) => before[k] !== undefined && first[k] !== undefined && first[k] !== before[k]);
  giveBack(GLOBAL, first);
  // The per-interface switches as the global write left them (read again only when one was written).
  giveBack(Object.keys(before).filter((k) => !GLOBAL.includes(k)), globalsChanged ? read() : first);
  return { restored, left };
}

/**
 * The links of the machine (there before the run) whose route_localnet the run turned on, "all" among them:
 * while it is on, hosts of that link's network can reach the machine's services bound to 127.0.0.1
 * (CVE-2020-8558). On a link the run made (its bridge) it reaches only the run's own containers.
 */
export function localnetExposed(before: Switches, now: Switches, machineLinks: ReadonlySet<string>): string[] {
  return Object.entries(now).flatMap(([key, value]) => {
    const link = /^net\.ipv4\.conf\.([^/]+)\.route_localnet$/.exec(key)?.[1];
    return link !== undefined && link !== 'default' && value === '1' && before[key] === '0' && (link === 'all' || machineLinks.has(link)) ? [link] : [];
  });
}
