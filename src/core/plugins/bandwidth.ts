// bandwidth (chained): traffic shaping on the host end of the container's veth, egress through an ifb device.
import { isJsonObject, type JsonObject } from '../model/types';
import { goField } from '../model/go-keys';
import { capabilityArg, delSteps, passPrevious, PLACEHOLDER_MAC } from './shared';
import { sha512Hex } from '../net/sha512';
import type { RuntimeInputs } from '../runtime/inputs';
import type { PluginBehaviour } from './types';

/** Host interfaces (no sandbox) a result lists. */
const hostInterfaces = (result: JsonObject | undefined): string[] =>
  Array.isArray(result?.interfaces) ? result.interfaces.filter(isJsonObject).filter((i) => !i.sandbox && typeof i.name === 'string').map((i) => i.name as string) : [];

const RATE_KEYS = ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'];

/**
 * Which shaping ADD sets up: the config's four keys, or runtimeConfig.bandwidth when none of them is there.
 * A direction counts when both its rate and burst are above zero.
 */
function shaping(plugin: JsonObject, inputs: RuntimeInputs): { ingress: boolean; egress: boolean } {
  const own = RATE_KEYS.some((k) => Object.keys(plugin).some((x) => x.toLowerCase() === k.toLowerCase()));
  // getBandwidth: the file's four keys, else runtimeConfig.bandwidth (the runtime's, or the file's own).
  const cap = capabilityArg(plugin, inputs, 'bandwidth');
  const source = own ? plugin : isJsonObject(cap) ? cap : {};
  const value = (k: string) => {
    const found = Object.entries(source).find(([x]) => x.toLowerCase() === k.toLowerCase())?.[1];
    return typeof found === 'number' ? found : 0;
  };
  return { ingress: value('ingressRate') > 0 && value('ingressBurst') > 0, egress: value('egressRate') > 0 && value('egressBurst') > 0 };
}

/** Whether the file writes any of the four limits, null too (Go then has limits of its own, zero or not: CNI608). */
export const hasOwnLimits = (plugin: JsonObject): boolean => RATE_KEYS.some((k) => Object.keys(plugin).some((x) => x.toLowerCase() === k.toLowerCase()));

/**
 * Whether bandwidth has limits at all (Go's getBandwidth not nil): any of the four keys written (null too),
 * or a runtimeConfig.bandwidth object, the runtime's or, when the runtime passes none, the file's own.
 */
export const hasLimits = (plugin: JsonObject, inputs: RuntimeInputs): boolean => hasOwnLimits(plugin) || isJsonObject(capabilityArg(plugin, inputs, 'bandwidth'));

/**
 * The file's own runtimeConfig.bandwidth, an object: limits whenever libcni passes the file's runtimeConfig on
 * (the runtime puts no capability's arguments); undefined when there is none.
 */
export const fileRuntimeLimits = (plugin: JsonObject): JsonObject | undefined => {
  const written = goField(goField(plugin, 'runtimeConfig'), 'bandwidth');
  return isJsonObject(written) ? written : undefined;
};

/** Whether the file's limits are not all zero (Go's isZero: ADD then goes on to need a previous result). */
export const bandwidthLimitsAny = (plugin: JsonObject): boolean => RATE_KEYS.some((k) => Object.entries(plugin).some(([x, v]) => x.toLowerCase() === k.toLowerCase() && typeof v === 'number' && v !== 0));

/** Whether ADD shapes anything (a direction with rate and burst), from the config or the runtime's bandwidth. */
export const bandwidthShapes = (plugin: JsonObject, inputs: RuntimeInputs): boolean => {
  const limits = shaping(plugin, inputs);
  return limits.ingress || limits.egress;
};

/** Ticks of the kernel's packet scheduler in a microsecond (/proc/net/psched: 1000/64 on every kernel since 2.6.x). */
const TICKS_PER_USEC = 15.625;

/**
 * Why the kernel refuses the tbf qdisc bandwidth builds from a rate and a burst (bits per second, bits),
 * or undefined. bandwidth (1.1.1 to 1.9.1) divides both by 8 and gives tbf a buffer of
 * time2Tick(uint32(burst bytes × 10^6 / rate bytes)) ticks, each conversion to a uint32 keeping the low
 * 32 bits (Go on amd64): a rate under 8 bits/s is 0 bytes/s, and a burst that lasts under a microsecond at
 * the rate (or exactly 2^32 µs), or 274877907 µs (2^32 ticks and a fraction), makes a buffer of 0; either
 * way "create qdisc: invalid argument". Seen on Debian's 1.1.1.
 */
export function tbfRefusal(rateBits: number, burstBits: number): string | undefined {
  const rateBytes = Math.floor(rateBits / 8);
  if (rateBytes === 0) return `a rate of ${rateBits} bits/s is 0 bytes/s to tbf`;
  const lasts = Math.floor((Math.floor(burstBits / 8) * 1e6) / rateBytes);
  const micros = lasts % 2 ** 32;
  if (micros === 0) return `a burst of ${burstBits} bits lasts ${lasts === 0 ? 'under a microsecond' : `2^32 µs`} at ${rateBits} bits/s, so tbf's buffer is 0`;
  if (Math.floor(micros * TICKS_PER_USEC) % 2 ** 32 === 0) return `a burst of ${burstBits} bits lasts ${micros} µs at ${rateBits} bits/s, ${micros * TICKS_PER_USEC} ticks of the kernel's packet scheduler, which is 0 in the 32 bits bandwidth gives tbf's buffer`;
  return undefined;
}

/**
 * The largest packet tbf lets through for a rate and a burst (bits per second, bits), in bytes: the kernel
 * drops a packet that takes longer than the buffer at the rate (tbf_change's max_size), and the buffer is
 * bandwidth's, rounded down to the microsecond and the tick as tbfRefusal says. A burst of 1514 bytes at
 * 10 Mbit/s passes 1513: Debian's 1.1.1 drops 1500-byte packets with 12112 bits, not with 12200.
 */
export function tbfLargestPacket(rateBits: number, burstBits: number): number | undefined {
  const rateBytes = Math.floor(rateBits / 8);
  if (rateBytes === 0 || tbfRefusal(rateBits, burstBits)) return undefined;
  const micros = Math.floor((Math.floor(burstBits / 8) * 1e6) / rateBytes) % 2 ** 32;
  const ticks = Math.floor(micros * TICKS_PER_USEC) % 2 ** 32;
  return Math.floor((ticks * (1000 / TICKS_PER_USEC) * rateBytes) / 1e9);
}

/** The MTU of the veth the chain's interface plugin makes, bandwidth's and tuning's concern: its "mtu", else 1500. */
export interface VethFrame {
  mtu: number;
  written: boolean;
}
export function vethFrame(plugins: readonly JsonObject[]): VethFrame {
  const mtu = plugins[0] ? goField(plugins[0], 'mtu') : undefined;
  return typeof mtu === 'number' && Number.isInteger(mtu) && mtu > 0 ? { mtu, written: true } : { mtu: 1500, written: false };
}

/** Ethernet's header, which tbf counts in each packet on the veth beside the IP packet. */
export const ETHERNET_HEADER = 14;

/**
 * Whether tbf drops the full-size frames of a veth with this MTU (and Ethernet's 14 bytes): the largest
 * packet it passes, and the smallest burst (bits) that passes a full-size frame.
 */
export function tbfDropsFrames(rateBits: number, burstBits: number, mtu: number): { largest: number; size: number; needed?: number } | undefined {
  const largest = tbfLargestPacket(rateBits, burstBits);
  const size = mtu + ETHERNET_HEADER;
  if (largest === undefined || largest >= size) return undefined;
  // A byte more at a time: the rounding to the microsecond costs a byte a microsecond at the rate.
  for (let bits = size * 8; bits < size * 8 + 8e6; bits += 8) if ((tbfLargestPacket(rateBits, bits) ?? 0) >= size) return { largest, size, needed: bits };
  return { largest, size };
}

/** The ifb device's name: "bwp" and the SHA-512 of network name and container id, 15 characters in all. */
export const ifbName = (network: string, containerId: string): string => `bwp${sha512Hex(network + containerId)}`.slice(0, 15);

export const bandwidth: PluginBehaviour = {
  type: 'bandwidth',
  // With limits to set; without any it goes on to print the missing previous result, and the Go runtime panics.
  withoutPrevResult: 'must be called as chained plugin',
  predictAdd(plugin, ctx) {
    const limits = shaping(plugin, ctx.inputs);
    // No limits: it prints the previous result back as it parsed it.
    if (!ctx.prevResult || (!limits.ingress && !limits.egress)) return passPrevious(plugin, ctx);
    // Limits: it converts the result to a current one; egress shaping adds its ifb device, named from the
    // network and container id, with a MAC the kernel picks.
    const { result, notes } = passPrevious(plugin, ctx);
    if (limits.egress) result.interfaces = [...(Array.isArray(result.interfaces) ? result.interfaces : []), { name: ifbName(ctx.network ?? '', ctx.inputs.containerId), mac: PLACEHOLDER_MAC(4) }];
    return { result, notes };
  },
  explain: {
    add: () => 'Puts traffic shaping (tbf) on the host end of the veth and on an ifb device, limiting ingress and egress to the configured or runtime-supplied rates.',
    del: () => `${delSteps('deletes the ifb device it made for this container')} The shaping on the host end of the veth goes when the interface plugin deletes the veth.`,
  },
  // Its result adds the ifb device it made to the interfaces it received.
  resultHostLinks(result, prevResult) {
    const before = new Set(hostInterfaces(prevResult));
    return hostInterfaces(result)
      .filter((name) => !before.has(name))
      .map((name) => ({ name, kind: 'ifb' }));
  },
  risks: { removed: { severity: 'medium', effect: 'traffic limits are no longer applied to new pods', leftovers: 'their traffic shaping (ifb devices)' } },
};
