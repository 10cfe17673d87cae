// The plugin modules, looked up by type. Types are user text: a Map, so "toString" or "__proto__" are
// unknown types, never Object.prototype's members. Adding a plugin type: its schema in schemas/plugins/ and
// its module here (the test checks that every module has a schema).
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { bandwidth } from './bandwidth';
import { bridge } from './bridge';
import { calicoIpam } from './calico-ipam';
import { dhcp } from './dhcp';
import { dummy } from './dummy';
import { firewall } from './firewall';
import { hostDevice } from './host-device';
import { hostLocal } from './host-local';
import { ipvlan } from './ipvlan';
import { loopback } from './loopback';
import { macvlan } from './macvlan';
import { portmap } from './portmap';
import { ptp } from './ptp';
import { sbr } from './sbr';
import { staticIpam } from './static';
import { tap } from './tap';
import { tuning } from './tuning';
import { vlan } from './vlan';
import { vrf } from './vrf';
import { whereabouts } from './whereabouts';
import { winOverlay } from './win-overlay';
import type { HostLink, HostSwitch, IpamBehaviour, PluginBehaviour } from './types';

export type { AddressSpan, ExplainContext, FirstV4, HostLink, HostSideAddress, HostLinkContext, HostLinkUse, HostSwitch, IpamBehaviour, IpamChange, IpamPrediction, IpamWords, Observation, PluginBehaviour, PluginRisks, PredictContext, Prediction, RiskContext } from './types';
export { hostLocalRangeSets } from './host-local';
export { bandwidthLimitsAny, bandwidthShapes, fileRuntimeLimits, hasLimits, hasOwnLimits, tbfDropsFrames, tbfLargestPacket, tbfRefusal, vethFrame, type VethFrame } from './bandwidth';
export { conditionsBackend, conditionsIptablesRefuses, CONDITION_KEYS, type PortmapBackend } from './portmap';

export const PLUGIN_MODULES: readonly PluginBehaviour[] = [
  bridge, ptp, macvlan, ipvlan, hostDevice, vlan, loopback, dummy, tap,
  hostLocal, staticIpam, dhcp, whereabouts, calicoIpam,
  portmap, bandwidth, tuning, firewall, sbr, vrf, winOverlay,
];

const BY_TYPE: ReadonlyMap<string, PluginBehaviour> = (() => {
  const map = new Map<string, PluginBehaviour>();
  for (const m of PLUGIN_MODULES) {
    if (map.has(m.type)) throw new Error(`two plugin modules for type "${m.type}"`);
    map.set(m.type, m);
  }
  return map;
})();

/** The module of a plugin type (a chain step's `type` or an `ipam.type`); undefined for any other value. */
export function pluginBehaviour(type: JsonValue | undefined): PluginBehaviour | undefined {
  return typeof type === 'string' ? BY_TYPE.get(type) : undefined;
}

/** What an IPAM type does as a delegate; undefined for types without an IPAM module. */
export function ipamBehaviour(type: JsonValue | undefined): IpamBehaviour | undefined {
  return pluginBehaviour(type)?.ipam;
}

/** Every key any IPAM module reads as "which addresses": what a change of an unknown IPAM type is judged by. */
export const ANY_ADDRESS_KEYS: readonly string[] = [...new Set(PLUGIN_MODULES.flatMap((m) => m.ipam?.addressKeys ?? []))];

/** Host links the chain's plugins say in their config they create when missing (bridges). */
export function configuredHostLinks(plugins: readonly JsonValue[], ifname: string): HostLink[] {
  return plugins.filter(isJsonObject).flatMap((p: JsonObject) => pluginBehaviour(p.type)?.observe?.(p, { ifname }).hostLinks ?? []);
}

/** The kinds of the machine's switches the chain's plugins turn on and never off (a run gives them back). */
export function hostSwitches(plugins: readonly JsonValue[]): HostSwitch[] {
  return [...new Set(plugins.filter(isJsonObject).flatMap((p: JsonObject) => pluginBehaviour(p.type)?.hostSwitches ?? []))];
}

/** The sysctls the chain's plugins set in the container's namespace, to read back after ADD. */
export function observedSysctls(plugins: readonly JsonValue[], ifname: string): string[] {
  const keys = plugins.filter(isJsonObject).flatMap((p: JsonObject) => pluginBehaviour(p.type)?.observe?.(p, { ifname }).sysctls ?? []);
  return [...new Set(keys)];
}

/**
 * The observed sysctls worth showing: a key of the container interface (tuning's `….IFNAME.…`) is left out
 * once the interface is gone (after DEL), rather than shown as unreadable.
 */
export function shownSysctls(read: Readonly<Record<string, string>>, ifname: string, links: readonly { ifname: string }[]): Record<string, string> {
  if (links.some((l) => l.ifname === ifname)) return { ...read };
  return Object.fromEntries(Object.entries(read).filter(([key]) => !key.split(/[./]/).includes(ifname)));
}

/**
 * bandwidth shapes on the host end of the container interface's veth, found through its peer index (all
 * releases, 1.1.1 to 1.9.1): the interface plugin before it that gives the container another kind of link
 * (macvlan, ipvlan, vlan, tap, dummy), so that ADD fails, with that link's kind.
 */
export function linkWithoutVeth(plugins: readonly JsonValue[], index: number): { type: string; kind: string } | undefined {
  for (const p of plugins.slice(0, index).filter(isJsonObject)) {
    const kind = pluginBehaviour(p.type)?.containerLink;
    if (kind !== undefined) return kind === 'veth' ? undefined : { type: String(p.type), kind };
  }
  return undefined;
}

/** bandwidth's words when the container interface has no veth peer it finds (getHostInterface, 1.1.1 to 1.9.1), after `type`. */
export const noVethPeer = (type: string) =>
  type === 'host-device' ? '"container interface … has no veth peer", or for a veth moved in, "no veth peer of container interface found in host ns"' : '"container interface … has no veth peer"';
