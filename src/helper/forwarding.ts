// The machine's forwarding switches, which bridge (as a gateway) and ptp turn on in the host's namespace
// (ip.EnableIP4Forward / EnableIP6Forward write 1 and never 0). A lab run gives them back as it found them:
// IPv6 forwarding on also makes Linux ignore router advertisements, which can cost a lab VM its address.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The two global switches, by name, and their files in the helper's (the host's) namespace. Writing one sets
 * every interface's own switch (and the default for new ones) to the same value, so those are read too, and
 * given back after the global one.
 */
export const FORWARDING = { 'net.ipv4.ip_forward': '/proc/sys/net/ipv4/ip_forward', 'net.ipv6.conf.all.forwarding': '/proc/sys/net/ipv6/conf/all/forwarding' } as const;
/** A global switch's name, or a per-interface one's ("net.ipv4.conf.eth0.forwarding", "….default.…"). */
export type ForwardingKey = string;
export type Forwarding = Partial<Record<ForwardingKey, string>>;

const GLOBAL = Object.keys(FORWARDING);
/** A key's file: the global ones by name, the others by their place under /proc/sys/net/ipv{4,6}/conf. */
const fileOf = (key: ForwardingKey): string | undefined => {
  if (key in FORWARDING) return FORWARDING[key as keyof typeof FORWARDING];
  const m = /^net\.(ipv4|ipv6)\.conf\.([^/]+)\.forwarding$/.exec(key);
  return m && m[2] !== '.' && m[2] !== '..' ? `/proc/sys/net/${m[1]}/conf/${m[2]}/forwarding` : undefined;
};

const readValue = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined; // not there (no IPv6; a link gone)
  }
};

/** The switches as they are now: the global ones, then each interface's and the default's, per family. */
export function readForwarding(): Forwarding {
  const out: Forwarding = {};
  for (const key of GLOBAL) {
    const v = readValue(fileOf(key)!);
    if (v !== undefined) out[key] = v;
  }
  for (const family of ['ipv4', 'ipv6']) {
    let names: string[];
    try {
      names = readdirSync(`/proc/sys/net/${family}/conf`);
    } catch {
      continue;
    }
    for (const name of names) {
      // ipv6's "all" is the global switch itself.
      const key = `net.${family}.conf.${name}.forwarding`;
      if (key === 'net.ipv6.conf.all.forwarding') continue;
      const v = readValue(fileOf(key)!);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

export function writeForwarding(key: ForwardingKey, value: string): void {
  const file = fileOf(key);
  if (!file) throw new Error(`not a forwarding switch: ${key}`);
  writeFileSync(file, value);
}

/**
 * Gives back each switch the run changed, the global ones first (writing one resets every interface's),
 * then the others as `now` is after that, as "net.ipv4.ip_forward 1 → 0"; what could not be written goes to
 * `left`, with why. A switch of an interface made during the run has no value before and is left alone.
 */
export function restoreForwarding(before: Forwarding, read: () => Forwarding, write: (key: ForwardingKey, value: string) => void): { restored: string[]; left: string[] } {
  const restored: string[] = [];
  const left: string[] = [];
  const giveBack = (keys: readonly string[], now: Forwarding) => {
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
