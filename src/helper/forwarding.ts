// The machine's forwarding switches, which bridge (as a gateway) and ptp turn on in the host's namespace
// (ip.EnableIP4Forward / EnableIP6Forward write 1 and never 0). A lab run gives them back as it found them:
// IPv6 forwarding on also makes Linux ignore router advertisements, which can cost a lab VM its address.
import { readFileSync, writeFileSync } from 'node:fs';

/** The sysctls, by name, and their files in the helper's (the host's) namespace. */
export const FORWARDING = { 'net.ipv4.ip_forward': '/proc/sys/net/ipv4/ip_forward', 'net.ipv6.conf.all.forwarding': '/proc/sys/net/ipv6/conf/all/forwarding' } as const;
export type ForwardingKey = keyof typeof FORWARDING;
export type Forwarding = Partial<Record<ForwardingKey, string>>;

/** Plugins that turn forwarding on: a run of one of them reads the switches before and gives them back after. */
export const TURNS_FORWARDING_ON = new Set(['bridge', 'ptp']);

/** The switches as they are now (one a kernel without IPv6 lacks is left out). */
export function readForwarding(): Forwarding {
  const out: Forwarding = {};
  for (const [key, file] of Object.entries(FORWARDING) as [ForwardingKey, string][]) {
    try {
      out[key] = readFileSync(file, 'utf8').trim();
    } catch {
      // not there (no IPv6)
    }
  }
  return out;
}

export function writeForwarding(key: ForwardingKey, value: string): void {
  writeFileSync(FORWARDING[key], value);
}

/**
 * Gives back each switch the run changed, as "net.ipv4.ip_forward 1 → 0"; what could not be written goes to
 * `left`, with why.
 */
export function restoreForwarding(before: Forwarding, now: Forwarding, write: (key: ForwardingKey, value: string) => void): { restored: string[]; left: string[] } {
  const restored: string[] = [];
  const left: string[] = [];
  for (const key of Object.keys(before) as ForwardingKey[]) {
    const was = before[key]!;
    const is = now[key];
    if (is === undefined || is === was) continue;
    try {
      write(key, was);
      restored.push(`${key} ${is} → ${was}`);
    } catch (e) {
      left.push(`${key} ${is} (was ${was}; ${(e as Error).message})`);
    }
  }
  return { restored, left };
}
