// What a plugin type does, beyond its fields: one object per type (one file each in this folder), asked by
// every consumer: the preview's result prediction, the plain-words explanations, the review's risk rules and
// the lab's observation. Fields, defaults and docs stay in the type's schema (schemas/plugins/<type>.schema.json).
import type { JsonObject, JsonValue } from '../model/types';
import type { RuntimeInputs } from '../runtime/inputs';
import type { Pair, RiskNote, RiskSeverity } from '../review/risk-context';

/** A predicted ADD result, for the preview only (the lab helper uses real ones). */
export interface Prediction {
  /**
   * The result as the plugin holds it before printing: a current (spec 1.x) result it built or converted the
   * previous one to; with `prints: 'previous'`, the previous result as it parsed it.
   */
  result: JsonObject;
  /** What could not be predicted, in words (e.g. "addresses come from dhcp at run time"). */
  notes: string[];
  /**
   * How types.PrintResult prints it (cni-reference §3.5). Unset: a current result converted to the config's
   * version. `labelled`: a current result labelled with the config's version, printed without conversion
   * (loopback: a 1.x shape under "0.4.0", so its ips carry no `version`). `previous`: the prevResult parsed in
   * the config's version, printed back as that type.
   */
  prints?: 'labelled' | 'previous';
}

/** What an IPAM delegate would hand out: the addresses first, routes and DNS from its config. */
export interface IpamPrediction {
  ips: JsonObject[];
  routes: JsonValue[];
  dns?: JsonObject;
  /** A file the delegate reads its DNS from at run time (host-local's resolvConf): not known here. */
  dnsFile?: string;
  notes: string[];
  /** The delegate's refusal of these inputs, in its words: ADD fails. */
  refused?: string;
  /** The refusal comes as the delegate loads its config, which its DEL does too: DEL fails alike. */
  refusedAtLoad?: boolean;
  /** What else to know of that refusal (its words may name another address from run to run). */
  refusedNote?: string;
}

export interface PredictContext {
  /** The result the runtime hands in (the previous plugin's), when there is one. */
  prevResult: JsonObject | undefined;
  inputs: RuntimeInputs;
  /** The network name the plugin gets (`name`, the list's). */
  network?: string;
  /** The plugin's release under the runtime profile (reference plugins), when known. */
  release?: string;
  /** What the plugin's IPAM delegate hands out, asked of the delegate's module (empty without IPAM). */
  ipam(): IpamPrediction;
}

/** The IPAM delegate's part of a sentence, from its module. */
export interface IpamWords {
  /** "asks host-local for one address from 10.88.0.0/16". */
  add: string;
  /** "asks host-local to release the addresses it leased to this container". */
  del: string;
  /** Gateways written in the IPAM config, in the order the delegate uses them. */
  gateways: string[];
}

export interface ExplainContext {
  ifname: string;
  /** Undefined when the plugin has no IPAM (or one without a type). */
  ipam?: IpamWords;
}

/** The old and new config of a delegate, for rules that depend on both the plugin and its IPAM. */
export interface IpamChange {
  before: JsonObject;
  after: JsonObject;
}

export interface RiskContext {
  /** The behaviour of an IPAM type (undefined for one without a module). */
  ipamOf(type: JsonValue | undefined): IpamBehaviour | undefined;
}

export interface PluginRisks {
  /** Notes about this plugin changed in place (both configs with keys as Go reads them). */
  changed?(pair: Pair): RiskNote[];
  /** Words added to the addresses-changed note of this plugin, when its IPAM hands out other addresses. */
  addressesChanged?(pair: Pair, ipam: IpamChange, ctx: RiskContext): string | undefined;
  /** What taking it out of the chain means for new pods, and what running pods may leave behind. */
  removed?: { severity: RiskSeverity; effect: string; leftovers?: string };
}

/** A host link a plugin makes: the lab may remove it at teardown only if it did not exist before the run. */
export interface HostLink {
  name: string;
  /** Its kind as `ip -d link` reports it (info_kind): a link of another kind by that name is not it. */
  kind: string;
}

/**
 * A link of the host a plugin acts on when it already exists: the lab runs it only on links the run made
 * or the lab machine allows (its uplink moved into a throwaway namespace cuts the machine off).
 */
export interface HostLinkUse {
  /**
   * How the plugin finds it: by name, by MAC, the link of the host's default route, as an entry of a sysfs
   * `net` folder (a device's: `dirs` are the folders it may read, a segment may be `virtio*`, and `what`
   * says whose they are), or in a way the lab cannot tell ahead.
   */
  by: { name: string } | { mac: string } | { defaultRoute: true } | { netDirs: string[]; what: string } | { unknown: string };
  /** The key that names it (or whose absence picks it). */
  key: string;
  /** What the plugin does to it, in words: "adds a macvlan link on it". */
  does: string;
}

/**
 * A kind of sysctl of the host's namespace a plugin writes: `forwarding` (net.ipv4.ip_forward,
 * net.ipv6.conf.all.forwarding and each interface's), `route_localnet` (net.ipv4.conf.<link>.route_localnet).
 */
export type HostSwitch = 'forwarding' | 'route_localnet';

export interface HostLinkContext {
  /** A plugin runs before it in the chain (so it receives a prevResult). */
  chained: boolean;
  /** The plugins release that runs it, when known. */
  release?: string;
}

/** What to read back on the host and in the namespace after ADD. */
export interface Observation {
  /** sysctl keys (dotted or slashed, as /proc/sys paths) the plugin sets in the container's namespace. */
  sysctls?: string[];
  /** Host links its config says it creates when missing (bridge: its bridge). */
  hostLinks?: HostLink[];
}

/** The first IPv4 range a delegate hands out from: what a gateway bridge carries. */
export interface FirstV4 {
  subnet: string;
  gateway: string | null;
}

/** Consecutive addresses of one family, first and last included. */
export interface AddressSpan {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

/** What an IPAM delegate does for the plugin that calls it. */
export interface IpamBehaviour {
  /** The addresses, routes and DNS of ADD; without it the preview says they come at run time. */
  predict?(ipam: JsonObject, plugin: JsonObject, inputs: RuntimeInputs): IpamPrediction;
  /**
   * Every address it may hand out, beyond the one `predict` gives (host-local: any of its ranges, after
   * the last one it reserved on the node): the lab refuses a run one of these may be another container's.
   */
  mayHandOut?(ipam: JsonObject, plugin: JsonObject, inputs: RuntimeInputs): AddressSpan[];
  /** Its part of the delegating plugin's sentences; without it they say "asks the <type> IPAM plugin". */
  explain?: {
    add(ipam: JsonObject): string;
    /** '' when its DEL has nothing to undo. */
    del(ipam: JsonObject): string;
    gateways?(ipam: JsonObject): string[];
  };
  /** The keys that say which addresses it hands out: a change to one of them gives new pods other addresses. */
  addressKeys: readonly string[];
  /** Those keys with defaults made explicit, so writing a default out is no change. */
  canonicalAddresses?(config: JsonObject): JsonObject;
  /** What it hands out, in short: ["10.88.0.0/16", "2001:db8::/64"]. */
  summary(ipam: JsonObject): string[];
  firstV4?(ipam: JsonObject): FirstV4 | undefined;
  /** Where the addresses of running pods stay held after a change, in words. */
  leases?(ipam: JsonObject, network: string): string;
  /** Words added to the network-renamed note: what renaming does to its allocations. */
  networkRenamed?(ipam: JsonObject, before: string, after: string): string;
}

/** An address a plugin puts on a host link for a container (`hostSide`). */
export interface HostSideAddress {
  /** The address with the prefix it is given ("10.1.0.1/24", "10.1.0.1/32"). */
  cidr: string;
  /** The gateway it is ("ipam"'s, or the first address of the container's network when the IPAM gave none). */
  gateway: string;
  /** Where it is, in words ("on its bridge cni0", "on the host end of its veth"). */
  on: string;
}

export interface PluginBehaviour {
  /** The plugin's `type` (for IPAM plugins, `ipam.type`); equals its schema's x-cni.type. */
  readonly type: string;
  /** Its ADD result (interface, chained and meta plugins); without it the preview goes by the catalog role. */
  predictAdd?(plugin: JsonObject, ctx: PredictContext): Prediction;
  /** What ADD and DEL do, in plain words (full sentences); without it the review uses the catalog summary. */
  explain?: {
    add(plugin: JsonObject, ctx: ExplainContext): string;
    del(plugin: JsonObject, ctx: ExplainContext): string;
    /** Capabilities the words already cover, left out of "the runtime passes it …". */
    covers?: readonly string[];
  };
  /**
   * Chained plugins: the error its ADD fails with when it runs first (no prevResult), in its own words, as
   * the validator's chain-order finding quotes it.
   */
  withoutPrevResult?: string;
  observe?(plugin: JsonObject, inputs: Pick<RuntimeInputs, 'ifname'>): Observation;
  /**
   * The folder it keeps state in on the host and the key that sets it (IPAM plugins: from their `ipam`
   * object), default filled in; undefined when it keeps none or the key is no string (its ADD fails).
   * `made`: the folder in it the plugin makes and writes in, when that is not `dir` itself (host-local's
   * per network, named by the list).
   */
  stateDir?(config: JsonObject, network: string): { key: string; dir: string; made?: string } | undefined;
  /**
   * What its ADD puts on the machine's side for one address its IPAM handed out (besides the address's own
   * network, which the lab counts for every plugin that has this): the addresses it gives host links, as
   * CIDRs (bridge's gateway with the container's prefix, ptp's gateway as a /32 or /128).
   */
  hostSide?(plugin: JsonObject, ip: JsonObject): HostSideAddress[];
  /**
   * The machine's switches it turns on in the host's namespace and never off: bridge's and ptp's forwarding
   * (ip.EnableIP4Forward / EnableIP6Forward), portmap's route_localnet on the link that routes the container.
   */
  hostSwitches?: readonly HostSwitch[];
  /** Plugins that make a link on their `master`: the kernel's refusal of one on the loopback device (Debian's 1.1.1, lint's CNI660). */
  loopbackMasterRefused?: string;
  /** Interface plugins: the kind of link the container gets as CNI_IFNAME ("veth", "macvlan"), when it is known. */
  containerLink?: string;
  /** Host links it acts on if they exist (its master, its device, its bridge). */
  hostLinksUsed?(plugin: JsonObject, ctx: HostLinkContext): HostLinkUse[];
  /** Host links its ADD result reports it created, beyond what it received (bandwidth: its ifb). */
  resultHostLinks?(result: JsonObject, prevResult: JsonObject | undefined): HostLink[];
  risks?: PluginRisks;
  /** IPAM plugins: what they do as the delegate of an interface plugin. */
  ipam?: IpamBehaviour;
}
