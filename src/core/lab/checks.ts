// Reachability checks after a lab ADD (issue 14): which probes a run with several containers makes, and
// which it cannot make and why, from what the plugins really returned. Pure: the helper runs the probes
// (ping, a TCP listener and client, a hostPort client, an "outside" namespace, a don't-fragment ping,
// a bounded transfer) and fills in the verdicts; the CLI and the Lab panel read the same results.

import { cidrContains, parseCidr, parseIp } from '../net/ip';
import { routeOut, unaddressedHost, unheldGateway, type CheckRoute } from './check-paths';
import { shapingDrop, type BandwidthLimits } from './check-shaping';

export type CheckKind = 'ping' | 'tcp' | 'hostPort' | 'masquerade' | 'mtu' | 'bandwidth';
export type CheckFamily = 'ipv4' | 'ipv6';

/** What one container got from ADD, as the checks need it (from its result and the observed namespace). */
export interface CheckContainer {
  /** "c1", "c2"…: the name the matrix and the JSON use. */
  name: string;
  ifname: string;
  /** The kind of its interface (veth, macvlan, ipvlan, …), from the observed link. */
  linkKind?: string;
  /** Its mode where the kind has one (macvlan's bridge, private, vepa…), from the observed link. */
  linkMode?: string;
  addresses: { family: CheckFamily; address: string; prefixlen: number }[];
  gateways: { family: CheckFamily; address: string }[];
  mtu?: number;
  portMappings: { hostPort: number; containerPort: number; protocol: string }[];
  /** Its namespace's routes as observed after ADD, every table (check-paths.ts); unknown when left out. */
  routes?: CheckRoute[];
  /** The addresses on the host's side of its link when that side is the run's alone (check-paths.ts). */
  hostSide?: string[];
  /** The limits the bandwidth plugin shapes its veth with, when the chain has it (bandwidthOf). */
  bandwidth?: BandwidthLimits;
}

export interface CheckContext {
  containers: CheckContainer[];
  /** Whether `ping` is on the lab machine (Debian: iputils-ping). */
  ping: boolean;
  /** The limits the bandwidth plugin was configured with (bits per second, bits), when it is in the chain: the first container's. */
  bandwidth?: BandwidthLimits;
  /** What in the config leaves the gateway to no one (check-paths.ts's gatewayNote), said with such a gateway. */
  gatewayNote?: string;
}

/** A probe to make, or one that cannot be made (`notApplicable` says why; it is never silently passed). */
export interface PlannedCheck {
  kind: CheckKind;
  from: string;
  to: string;
  family?: CheckFamily;
  /** The address (and port) the probe aims at. */
  target?: string;
  /** The MTU an mtu check probes. */
  mtu?: number;
  /** What the kernel does here regardless of the config (macvlan's host isolation): said with the verdict. */
  expectation?: string;
  notApplicable?: string;
  /** A bandwidth limit on the way that drops the probe's packets (check-shaping.ts): said with its failure. */
  shaping?: string;
}

/** A check's outcome as the CLI's JSON carries it: `ok` is null when the check was not applicable. */
export interface CheckResult {
  kind: CheckKind;
  from: string;
  to: string;
  ok: boolean | null;
  detail: string;
  ms: number;
  /** A failure the kernel makes whatever the config says (macvlan's host isolation): said, not a defect. */
  byDesign?: boolean;
}

const FAMILIES: readonly CheckFamily[] = ['ipv4', 'ipv6'];
const addressOf = (c: CheckContainer, family: CheckFamily) => c.addresses.find((a) => a.family === family);
const familyWords = (f: CheckFamily) => (f === 'ipv4' ? 'IPv4' : 'IPv6');

/**
 * Why a gateway is not probed: it is not on the container's own subnet, so a packet for it would be routed
 * (possibly off the lab machine) rather than answered on the network's link. Undefined when it is on-link.
 */
function offSubnet(c: CheckContainer, gateway: { family: CheckFamily; address: string }): string | undefined {
  const ip = parseIp(gateway.address);
  const onLink = ip && c.addresses.some((a) => {
    const cidr = a.family === gateway.family ? parseCidr(`${a.address}/${a.prefixlen}`) : undefined;
    return cidr !== undefined && cidrContains(cidr, ip);
  });
  return onLink ? undefined : `the gateway ${gateway.address} is not on ${c.name}'s own subnet: not probed, as a packet for it could be routed off the lab machine`;
}

/** Interfaces whose parent does not carry traffic to its own children: the host cannot reach them. */
const HOST_ISOLATED: Record<string, string> = {
  macvlan: 'macvlan: the host cannot reach its own macvlan interfaces through their master (the kernel does not pass traffic between a master and its macvlan children), so host → container fails by design',
  ipvlan: 'ipvlan: the host cannot reach ipvlan interfaces through their master (the master does not forward to its ipvlan slaves), so host → container fails by design',
};

/** Modes whose links on one master do not reach each other here: container → container fails by design. */
const PEERS_ISOLATED: Record<string, string> = {
  'macvlan private': 'macvlan private mode: the kernel passes no traffic between macvlan links of one master, so container → container fails by design',
  'macvlan vepa': "macvlan vepa mode: traffic between macvlan links of one master goes out to the switch behind it, which must send it back (hairpin); the lab's master has no such switch, so container → container fails here",
};
const peersIsolated = (a: CheckContainer, b: CheckContainer): string | undefined =>
  a.linkKind === b.linkKind ? PEERS_ISOLATED[`${a.linkKind} ${a.linkMode}`] ?? PEERS_ISOLATED[`${b.linkKind} ${b.linkMode}`] : undefined;

/** Every check a run makes for these containers, in a stable order, the ones it cannot make included. */
/**
 * A macvlan's or ipvlan's gateway is on its master's network, a router off this machine: a probe of it
 * would leave the lab machine through the master, so it is not sent (and its silence says nothing).
 */
const masterNetwork = (c: CheckContainer): string | undefined =>
  c.linkKind && HOST_ISOLATED[c.linkKind] ? `${c.linkKind}: the gateway is on the master's network, off this machine: not probed, as the lab sends traffic only to namespaces it made` : undefined;

export function planChecks(ctx: CheckContext): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  /** A gateway nothing holds: no probe of it can be answered. */
  const noOneAt = (c: CheckContainer, gateway: string) => {
    const why = unheldGateway(c, gateway, ctx.containers, ctx.gatewayNote);
    return why && `${why}: not probed, as no one can answer by design`;
  };
  const noPing = ctx.ping ? undefined : 'ping is not installed on the lab machine (Debian: apt install iputils-ping)';
  for (const c of ctx.containers) {
    for (const family of FAMILIES) {
      if (!addressOf(c, family)) {
        // No IPv6 (or IPv4) at all: the family's checks are said not to apply, once per container.
        out.push({ kind: 'ping', from: c.name, to: 'gateway', family, notApplicable: `${c.name} has no ${familyWords(family)} address (the result names none on ${c.ifname})` });
        continue;
      }
      const gateway = c.gateways.find((g) => g.family === family);
      const offLink = gateway && (masterNetwork(c) ?? offSubnet(c, gateway) ?? noOneAt(c, gateway.address));
      out.push(
        gateway
          ? { kind: 'ping', from: c.name, to: 'gateway', family, target: gateway.address, ...(offLink || noPing ? { notApplicable: offLink ?? noPing } : {}) }
          : { kind: 'ping', from: c.name, to: 'gateway', family, notApplicable: `the ${familyWords(family)} result of ${c.name} names no gateway` },
      );
    }
  }
  // Container to container, both ways, per family both have.
  for (const a of ctx.containers) {
    for (const b of ctx.containers) {
      if (a === b) continue;
      for (const family of FAMILIES) {
        const target = addressOf(b, family);
        if (!addressOf(a, family) || !target) continue;
        // Peers on one network share a subnet; an address elsewhere (a plugin's odd result) would be routed.
        const elsewhere = offSubnet(a, { family, address: target.address })?.replace(/^the gateway/, `${b.name}'s address`);
        const isolated = peersIsolated(a, b);
        const expectation = isolated ? { expectation: isolated } : {};
        out.push({ kind: 'ping', from: a.name, to: b.name, family, target: target.address, ...expectation, ...(elsewhere || noPing ? { notApplicable: elsewhere ?? noPing } : {}) });
        out.push({ kind: 'tcp', from: a.name, to: b.name, family, target: `${target.address}:${TCP_PORT}`, ...expectation, ...(elsewhere ? { notApplicable: elsewhere } : {}) });
      }
    }
  }
  // The host to each container.
  for (const c of ctx.containers) {
    const isolated = c.linkKind ? HOST_ISOLATED[c.linkKind] : undefined;
    for (const family of FAMILIES) {
      const target = addressOf(c, family);
      if (!target) continue;
      const expectation = isolated ? { expectation: isolated } : {};
      // No address of the host's on the network: the host has no way in (podman's internal bridge).
      const unreachable = unaddressedHost(c, family, ctx.gatewayNote);
      out.push({ kind: 'ping', from: 'host', to: c.name, family, target: target.address, ...expectation, ...(unreachable || noPing ? { notApplicable: unreachable ?? noPing } : {}) });
      out.push({ kind: 'tcp', from: 'host', to: c.name, family, target: `${target.address}:${TCP_PORT}`, ...expectation, ...(unreachable ? { notApplicable: unreachable } : {}) });
    }
  }
  // Each port mapping, from a client namespace wired to the host, through the host's address.
  if (ctx.containers.length && ctx.containers.every((c) => c.portMappings.length === 0)) {
    out.push({ kind: 'hostPort', from: 'client', to: ctx.containers[0]!.name, notApplicable: 'no port mappings: the runtime passed none (portMappings, for the portmap plugin)' });
  }
  let probed = 0;
  for (const c of ctx.containers) {
    for (const m of c.portMappings) {
      const to = `${c.name}:${m.containerPort}`;
      if (m.protocol.toLowerCase() !== 'tcp') out.push({ kind: 'hostPort', from: 'client', to, target: `host:${m.hostPort}`, notApplicable: `${m.protocol} mappings are not probed (only tcp exchanges data both ways)` });
      // Each probed mapping starts a listener in the container: bounded, whatever the request asks for.
      else if (++probed > MAX_HOST_PORT_PROBES) out.push({ kind: 'hostPort', from: 'client', to, target: `host:${m.hostPort}`, notApplicable: `not probed: a run probes at most ${MAX_HOST_PORT_PROBES} tcp port mappings` });
      else out.push({ kind: 'hostPort', from: 'client', to, target: `host:${m.hostPort}` });
    }
  }
  // Leaving the node: an "outside" namespace stands in for the uplink; the source it sees says whether masquerade applied.
  for (const c of ctx.containers) {
    // macvlan and ipvlan leave through their master's own network, not through the host's routing.
    const offHost = c.linkKind && HOST_ISOLATED[c.linkKind] ? `${c.linkKind}: traffic leaves through the master's network to its router, not through this host, so an outside namespace wired to the host cannot stand in for the uplink (and ipMasq does not apply)` : undefined;
    for (const family of FAMILIES) {
      if (!addressOf(c, family)) continue;
      const route = c.gateways.some((g) => g.family === family);
      // Where its observed routes send a packet for the outside: nowhere, or through a gateway nothing holds.
      const exit = routeOut(c, family);
      const unheld = exit && 'route' in exit && exit.route.gateway ? unheldGateway(c, exit.route.gateway, ctx.containers, ctx.gatewayNote) : undefined;
      const observed = exit && 'none' in exit ? exit.none : unheld && `${unheld}, and ${c.name}'s route out leads there: the outside is unreachable by design`;
      const why = offHost ?? observed ?? (route ? undefined : `${c.name} has no ${familyWords(family)} gateway to leave through`);
      out.push({ kind: 'masquerade', from: c.name, to: 'outside', family, ...(why ? { notApplicable: why } : {}) });
    }
  }
  // The MTU: a don't-fragment probe of exactly the MTU passes and one byte more fails.
  for (const c of ctx.containers) {
    const gateway = c.gateways.find((g) => g.family === 'ipv4');
    const why = noPing ?? (c.mtu === undefined ? `the MTU of ${c.name}'s ${c.ifname} was not observed` : !gateway ? `${c.name} has no IPv4 gateway to probe` : (masterNetwork(c) ?? offSubnet(c, gateway) ?? noOneAt(c, gateway.address)));
    out.push({ kind: 'mtu', from: c.name, to: 'gateway', family: 'ipv4', ...(gateway ? { target: gateway.address } : {}), ...(c.mtu !== undefined ? { mtu: c.mtu } : {}), ...(why ? { notApplicable: why } : {}) });
  }
  // The rate: a bounded transfer through each shaped direction.
  const first = ctx.containers[0];
  if (first) {
    const rates = ctx.bandwidth;
    const shaped = [rates?.ingressRate !== undefined && 'ingress', rates?.egressRate !== undefined && 'egress'].filter((d): d is 'ingress' | 'egress' => Boolean(d));
    if (shaped.length === 0) out.push({ kind: 'bandwidth', from: 'host', to: first.name, notApplicable: rates ? 'the bandwidth plugin has no rate configured' : 'no bandwidth plugin in the chain' });
    // Both directions are measured against the host's side of the link: not where the host holds no address there.
    const unreachable = unaddressedHost(first, 'ipv4', ctx.gatewayNote);
    const apart = unreachable ? { notApplicable: unreachable } : {};
    for (const d of shaped) out.push(d === 'ingress' ? { kind: 'bandwidth', from: 'host', to: first.name, ...apart } : { kind: 'bandwidth', from: first.name, to: 'host', ...apart });
  }
  return out.map((c) => {
    const shaping = c.notApplicable ? undefined : shapingDrop(c, ctx.containers);
    return shaping ? { ...c, shaping } : c;
  });
}

/** How many tcp port mappings a run probes (each starts a listener in its container). */
export const MAX_HOST_PORT_PROBES = 16;

/** The port the project's listener takes inside a container for the tcp checks. */
export const TCP_PORT = 8099;

/** A planned check that could not be made, as a result. */
export const notApplicableResult = (c: PlannedCheck): CheckResult => ({ kind: c.kind, from: c.from, to: c.to, ok: null, detail: c.notApplicable ?? 'not applicable', ms: 0 });

/** Whether a set of results gates a rollout: any failed check fails the run (not-applicable ones do not). */
export const checksFailed = (results: readonly CheckResult[]): boolean => results.some((r) => r.ok === false && !r.byDesign);

export type Verdict = 'passed' | 'failed' | 'failed by design' | 'not applicable';
export const verdictOf = (r: Pick<CheckResult, 'ok' | 'byDesign'>): Verdict => (r.ok === null ? 'not applicable' : r.ok ? 'passed' : r.byDesign ? 'failed by design' : 'failed');

/** A check in words, as every view names it: "ping c1 → c2 (IPv4)". */
export const checkTitle = (r: Pick<CheckResult, 'kind' | 'from' | 'to'> & { family?: CheckFamily }): string => `${r.kind} ${r.from} → ${r.to}${r.family ? ` (${familyWords(r.family)})` : ''}`;

/** Rows (from) by columns (to) of one protocol, each cell the results for that pair (both families). */
export interface ReachabilityMatrix {
  kind: CheckKind;
  rows: string[];
  columns: string[];
  cell(from: string, to: string): CheckResult[];
}

/**
 * The reachability matrix of each probe kind that has results, rows and columns in first-seen order, but
 * the columns that are rows too in the rows' order: c1's own cell on the diagonal (c1 probes c2 first).
 */
export function reachabilityMatrices(results: readonly CheckResult[]): ReachabilityMatrix[] {
  const kinds = [...new Set(results.map((r) => r.kind))];
  return kinds.map((kind) => {
    const mine = results.filter((r) => r.kind === kind);
    const rows = [...new Set(mine.map((r) => r.from))];
    const seen = [...new Set(mine.map((r) => r.to))];
    const asRows = seen.filter((c) => rows.includes(c)).sort((a, b) => rows.indexOf(a) - rows.indexOf(b));
    const columns = seen.map((c) => (rows.includes(c) ? asRows.shift()! : c));
    return { kind, rows, columns, cell: (from, to) => mine.filter((r) => r.from === from && r.to === to) };
  });
}

/** The first reference to a JSON object key that is a number, when it is one (results carry indexes as numbers). */
const numberOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/**
 * What one container got, for the checks: its addresses and gateways from the ADD result the runtime cached
 * (the ips on its own interface), its interface's kind and MTU as observed, and the port mappings it asked for.
 */
export function checkContainerOf(
  name: string,
  ifname: string,
  result: Record<string, unknown> | undefined,
  links: readonly { ifname: string; mtu?: number; linkinfo?: { info_kind?: string; info_data?: { mode?: unknown } } }[],
  capabilityArgs: Record<string, unknown>,
): CheckContainer {
  const interfaces = Array.isArray(result?.interfaces) ? (result.interfaces as Record<string, unknown>[]) : [];
  const ips = Array.isArray(result?.ips) ? (result.ips as Record<string, unknown>[]) : [];
  // A result of spec 0.1.0 or 0.2.0 has one address per family, ip4 and ip6, on the container interface.
  const legacy = ['ip4', 'ip6'].flatMap((k) => {
    const entry = result?.[k] as Record<string, unknown> | undefined;
    return entry && typeof entry === 'object' && typeof entry.ip === 'string' ? [{ address: entry.ip, gateway: entry.gateway }] : [];
  });
  const own = [
    ...ips.filter((ip) => {
      const at = numberOf(ip.interface);
      return at === undefined || (interfaces[at]?.name === ifname && typeof interfaces[at]?.sandbox === 'string');
    }),
    ...legacy,
  ];
  const addresses: CheckContainer['addresses'] = [];
  const gateways: CheckContainer['gateways'] = [];
  for (const ip of own) {
    if (typeof ip.address !== 'string') continue;
    const [address, prefix] = ip.address.split('/');
    const family: CheckFamily = address!.includes(':') ? 'ipv6' : 'ipv4';
    addresses.push({ family, address: address!, prefixlen: Number(prefix) });
    if (typeof ip.gateway === 'string' && !gateways.some((g) => g.family === family)) gateways.push({ family, address: ip.gateway });
  }
  const link = links.find((l) => l.ifname === ifname);
  const mappings = Array.isArray(capabilityArgs.portMappings) ? (capabilityArgs.portMappings as Record<string, unknown>[]) : [];
  const portMappings = mappings.flatMap((m) => {
    const hostPort = numberOf(m.hostPort ?? m.HostPort);
    const containerPort = numberOf(m.containerPort ?? m.ContainerPort);
    const protocol = String(m.protocol ?? m.Protocol ?? 'tcp');
    return hostPort !== undefined && containerPort !== undefined ? [{ hostPort, containerPort, protocol }] : [];
  });
  const mode = link?.linkinfo?.info_data?.mode;
  return { name, ifname, ...(link?.linkinfo?.info_kind ? { linkKind: link.linkinfo.info_kind } : {}), ...(typeof mode === 'string' ? { linkMode: mode } : {}), addresses, gateways, ...(link?.mtu !== undefined ? { mtu: link.mtu } : {}), portMappings };
}

/** The limits the bandwidth plugin shapes with, from the conflist or the runtime's bandwidth capability. */
export function bandwidthOf(plugins: readonly unknown[], capabilityArgs: Record<string, unknown>): BandwidthLimits | undefined {
  const bw = plugins.find((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && (p as { type?: unknown }).type === 'bandwidth');
  if (!bw) return undefined;
  const caps = (bw.capabilities as { bandwidth?: unknown } | undefined)?.bandwidth === true && typeof capabilityArgs.bandwidth === 'object' && capabilityArgs.bandwidth !== null ? (capabilityArgs.bandwidth as Record<string, unknown>) : {};
  const limits: BandwidthLimits = {};
  for (const key of ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'] as const) {
    const value = numberOf(caps[key]) ?? numberOf(bw[key]);
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
