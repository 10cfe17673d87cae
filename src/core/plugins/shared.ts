// Pieces several plugin modules are built from: the interface plugins' result shape and sentences, the
// chained plugins' pass-through, the ipMasq rule. Only modules import this; consumers ask the modules.
import { cloneJson, isJsonObject, ownValue, setOwn, type JsonObject, type JsonValue } from '../model/types';
import { goField } from '../model/go-keys';
import { parseCidr } from '../net/ip';
import { jsonText } from '../model/serialize';
import type { RuntimeInputs } from '../runtime/inputs';
import { convertTypedResult, declaredVersion, resultFamily } from '../runtime/go-result';
import type { Pair, RiskNote } from '../review/risk-context';
import { releaseAtLeast } from '../profiles/profile';
import type { ExplainContext, HostLinkContext, HostLinkUse, PredictContext, Prediction } from './types';

export const PLACEHOLDER_MAC = (n: number) => `02:00:00:00:00:0${n}`;
/** The host end of a veth: the kernel names it at run time. */
export const PLACEHOLDER_VETH = 'veth00000000';

/**
 * The host link macvlan, ipvlan and vlan make their own link on: `master`, or what they take without it
 * (`missing`). None when `linkInContainer` puts the master in the container's namespace (plugins 1.3.0 on;
 * earlier releases, or one not known, read the host's).
 */
export function masterUse(p: JsonObject, ctx: HostLinkContext, does: string, missing?: HostLinkUse['by']): HostLinkUse[] {
  if (p.linkInContainer === true && ctx.release !== undefined && releaseAtLeast(ctx.release, '1.3.0')) return [];
  if (typeof p.master === 'string' && p.master !== '') return [{ by: { name: p.master }, key: 'master', does }];
  return missing ? [{ by: missing, key: 'master', does }] : [];
}

export const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
export const mtuWords = (p: JsonObject) => (typeof p.mtu === 'number' && p.mtu > 0 ? ` (MTU ${jsonText(p.mtu)})` : '');
export const clone = cloneJson;

/**
 * The runtimeConfig the plugin receives (libcni's injectRuntimeConfig): when the runtime passes an argument
 * for any capability the plugin declares, those arguments alone (`injected`); otherwise the runtimeConfig
 * written in the file, as it is (so a file's "ipRanges" reaches host-local). Capability names are map keys
 * libcni matches exactly.
 */
export function receivedRuntimeConfig(plugin: JsonObject, inputs: RuntimeInputs): { runtimeConfig: JsonValue | undefined; injected: boolean } {
  const declared = goField(plugin, 'capabilities');
  const caps = isJsonObject(declared) ? declared : {};
  const injected: JsonObject = {};
  for (const [name, on] of Object.entries(caps)) {
    const arg = ownValue(inputs.capabilityArgs, name);
    if (on === true && arg !== undefined) setOwn(injected, name, arg);
  }
  return Object.keys(injected).length > 0 ? { runtimeConfig: injected, injected: true } : { runtimeConfig: goField(plugin, 'runtimeConfig'), injected: false };
}

/** What the plugin reads at `runtimeConfig.<name>` (its fields without regard to case): see receivedRuntimeConfig. */
export function capabilityArg(plugin: JsonObject, inputs: RuntimeInputs, name: string): JsonValue | undefined {
  return goField(receivedRuntimeConfig(plugin, inputs).runtimeConfig, name);
}

/** Where a plugin takes the container interface's MAC from: its config's "mac", CNI_ARGS MAC=, args.cni.mac, runtimeConfig.mac. */
type MacSource = 'config' | 'cniArgs' | 'args' | 'runtime';

/**
 * Each plugin's sources, the later winning (each one's loadConf, the same from 1.1.1 to 1.9.1). bridge has
 * no "mac" of its own; the others set no MAC (the kernel's, or the master's).
 */
const MAC_SOURCES: ReadonlyMap<string, readonly MacSource[]> = new Map([
  ['bridge', ['cniArgs', 'args', 'runtime']],
  ['macvlan', ['config', 'cniArgs', 'runtime']],
  ['tap', ['config', 'cniArgs', 'runtime']],
  ['tuning', ['config', 'cniArgs', 'runtime', 'args']],
] as const);

/** Plugins that set the container interface's MAC from the runtime (runtimeConfig.mac, CNI_ARGS MAC=). */
export const readsRuntimeMac = (type: string): boolean => MAC_SOURCES.get(type)?.includes('runtime') ?? false;

/** The MAC the plugin gives the container interface, from the sources it reads; undefined when it sets none. */
export function requestedMac(plugin: JsonObject, inputs: RuntimeInputs): string | undefined {
  let mac: string | undefined;
  for (const source of MAC_SOURCES.get(String(plugin.type)) ?? []) {
    const value =
      source === 'config' ? plugin.mac
      : source === 'cniArgs' ? cniArg(inputs, 'MAC')
      : source === 'args' ? (isJsonObject(plugin.args) && isJsonObject(plugin.args.cni) ? plugin.args.cni.mac : undefined)
      : capabilityArg(plugin, inputs, 'mac');
    if (typeof value === 'string' && value !== '') mac = value;
  }
  return mac;
}

/**
 * A CNI_ARGS key's value as the plugins read it (types.LoadArgs sets the field once per pair: the last pair
 * wins), or undefined.
 */
export function cniArg(inputs: RuntimeInputs, key: string): string | undefined {
  return [...inputs.cniArgs].reverse().find(([k]) => k === key)?.[1];
}

/** `IP=` of CNI_ARGS, split on commas; none when empty (the plugins skip an empty value). */
export function cniArgsIps(inputs: RuntimeInputs): string[] {
  const value = cniArg(inputs, 'IP');
  return value ? value.split(',') : [];
}

/** `args.cni.ips` of the plugin config, when it is a list. */
export function argsIps(plugin: JsonObject): JsonValue[] | undefined {
  return isJsonObject(plugin.args) && isJsonObject(plugin.args.cni) && Array.isArray(plugin.args.cni.ips) ? plugin.args.cni.ips : undefined;
}

/**
 * The result of a plugin that creates the container interface: the host-side links it makes (bridge, veth),
 * then the container's interface with the IPAM addresses on it, routes and DNS. `extraRoutes` adds routes
 * the plugin itself installs from those addresses.
 */
/**
 * Where an interface plugin's result DNS comes from: `either` the config's `dns` when it sets something, else
 * the IPAM result's (ptp; bridge from 1.2.0); `config` the config's always, the IPAM's dropped (macvlan,
 * ipvlan, vlan, host-device, tap; bridge before 1.2.0); `ipam` the IPAM result's (dummy).
 */
export type DnsSource = 'either' | 'config' | 'ipam';

export function interfaceResult(plugin: JsonObject, ctx: PredictContext, hostSide: JsonObject[], extraRoutes?: (ips: JsonObject[], routes: JsonValue[]) => JsonValue[], dnsFrom: DnsSource = 'either'): Prediction {
  const ipam = isJsonObject(plugin.ipam) && Object.keys(plugin.ipam).length > 0 ? ctx.ipam() : { ips: [], routes: [], notes: [] };
  const container = { name: ctx.inputs.ifname, mac: requestedMac(plugin, ctx.inputs) ?? PLACEHOLDER_MAC(3), sandbox: ctx.inputs.netns };
  const interfaces = [...hostSide, container];
  const at = interfaces.length - 1;
  const routes = [...ipam.routes, ...(extraRoutes?.(ipam.ips, ipam.routes) ?? [])];
  const own = isJsonObject(plugin.dns) ? plugin.dns : undefined;
  const dns = dnsFrom === 'config' ? own : dnsFrom === 'ipam' ? ipam.dns : own && Object.keys(own).length > 0 ? own : ipam.dns;
  const result: JsonObject = { interfaces, ips: ipam.ips.map((ip) => ({ ...ip, interface: at })), ...(routes.length ? { routes } : {}), dns: dns ?? {} };
  const notes = [...ipam.notes];
  if (ipam.dnsFile !== undefined) {
    const type = typeof plugin.type === 'string' ? plugin.type : 'the plugin';
    const keeps = dnsFrom === 'ipam' || (dnsFrom === 'either' && !(own && Object.keys(own).length > 0));
    notes.push(
      keeps
        ? `host-local fills dns from ${ipam.dnsFile} at run time (its nameservers, domain, search and options), and ${type} keeps it in its result: shown empty here, as the file is read on the machine.`
        : `host-local fills dns from ${ipam.dnsFile} at run time, but ${type} returns ${dnsFrom === 'config' ? 'only its own "dns"' : 'its own "dns", as it sets one'}: the file's is dropped.`,
    );
  }
  return { result, notes };
}

/**
 * A chained plugin that prints the previous result back as it parsed it (types.PrintResult of its prevResult),
 * or an empty one when it runs first.
 */
export function passPrevious(_plugin: JsonObject, ctx: PredictContext): Prediction {
  return ctx.prevResult ? { result: clone(ctx.prevResult), notes: [], prints: 'previous' } : { result: { interfaces: [], ips: [] }, notes: [] };
}

/**
 * The previous result as a plugin holds it after current.NewResultFromResult: a result of the 0.1.0/0.2.0
 * kind (a list without a version hands on one, ip4/ip6) becomes a current one (ips), so printing it at the
 * list's version gives its addresses back.
 */
export function currentPrevious(ctx: PredictContext): JsonObject | undefined {
  const prev = ctx.prevResult;
  if (!prev) return undefined;
  return resultFamily(declaredVersion(prev)) === '020' ? convertTypedResult(prev, '1.0.0', false) : clone(prev);
}

/** A chained plugin that converts the previous result to a current one before printing it (firewall, sbr, vrf). */
export function convertsPrevious(plugin: JsonObject, ctx: PredictContext): Prediction {
  const current = currentPrevious(ctx);
  return current ? { result: current, notes: [] } : { result: { interfaces: [], ips: [] }, notes: [] };
}

/** Default routes to each address's gateway (bridge's isDefaultGateway), unless the IPAM routes have one. */
export function defaultRoutes(ips: JsonObject[], routes: JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const ip of ips) {
    const cidr = parseCidr(String(ip.address));
    const dst = cidr?.ip.family === 6 ? '::/0' : '0.0.0.0/0';
    if (typeof ip.gateway === 'string' && ![...routes, ...out].some((r) => isJsonObject(r) && r.dst === dst && r.gw)) out.push({ dst, gw: ip.gateway });
  }
  return out;
}

/** An interface plugin's ADD sentence, finished with what its IPAM does (or that there is none). */
export function withIpam(sentence: string, ctx: ExplainContext): string {
  return ctx.ipam ? `${sentence}, and ${ctx.ipam.add}` : `${sentence}; with no IPAM it configures no address`;
}

/**
 * A DEL sentence from its steps in order ("asks host-local to release …", "deletes eth0 …"); steps that do
 * not apply are left out. DEL of the reference plugins succeeds when what it removes is already gone.
 */
export function delSteps(...steps: (string | false | undefined)[]): string {
  const parts = steps.filter((s): s is string => typeof s === 'string' && s !== '');
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? 'does nothing');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}. DEL succeeds even when this is already gone.`;
}

/** Plugins where ipMasq means source NAT for traffic leaving the pod subnet (bridge, ptp, win-overlay). */
export function ipMasqRule({ before: b, after: a, label: l, pointer }: Pair): RiskNote[] {
  if ((b.ipMasq === true) === (a.ipMasq === true)) return [];
  return [
    a.ipMasq === true
      ? {
          rule: 'ip-masq',
          severity: 'medium',
          pointer: `${pointer}/ipMasq`,
          message: `${l} turns ipMasq on: traffic that new pods send out of their subnet leaves with the node's address (source NAT), so destinations and firewalls outside see the node, not the pod. Pods that already run keep going out with their own address until recreated.`,
        }
      : {
          rule: 'ip-masq',
          severity: 'high',
          pointer: `${pointer}/ipMasq`,
          message: `${l} turns ipMasq off: traffic that new pods send out of their subnet keeps the pod address, so it only gets answers where the network routes the pod subnet back to this node; otherwise new pods lose outside connectivity. Pods that already run keep their masquerade rules until they are deleted.`,
        },
  ];
}
