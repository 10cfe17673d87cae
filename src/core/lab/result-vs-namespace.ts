// What an ADD's final result claims about the container against what the namespace holds after it: the
// interfaces it says it put in the container, with their MACs, and the addresses it says it gave them. A
// plugin's result is its own word, which the runtime caches and the next plugin builds on; a result that
// names an address the namespace does not have is a plugin defect the run would otherwise hide.
// Routes are not compared: a chained plugin may move them out of the main table on purpose (sbr), and the
// observation reads the main table.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { parseCidr, sameIp } from '../net/ip';
import type { ObservedNamespace } from './observed';
import type { LabRunState } from './run-state';

export interface ResultMismatch {
  /** Where in the result the claim is (JSON pointer). */
  pointer: string;
  message: string;
  /** The plugin (chain index, type) whose own result first made the claim, the rest having passed it on; set for a run. */
  pluginIndex?: number;
  pluginType?: string;
}

/** The facts the comparison needs from the run: the namespace path and interface name the ADD was given. */
export interface ResultContext {
  netns: string;
  ifname: string;
}

/** /var/run is a link to /run: the same namespace file by either path. */
const samePath = (a: string, b: string) => a.replace(/^\/var\/run\//, '/run/') === b.replace(/^\/var\/run\//, '/run/');
const text = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const sameMac = (a: string, b: string) => a.toLowerCase().replace(/-/g, ':') === b.toLowerCase().replace(/-/g, ':');

function addressesOf(namespace: ObservedNamespace, ifname: string | undefined): { local: string; prefixlen: number; ifname: string }[] {
  return namespace.addresses
    .filter((a) => ifname === undefined || a.ifname === ifname)
    .flatMap((a) => (a.addr_info ?? []).map((x) => ({ local: x.local, prefixlen: x.prefixlen, ifname: a.ifname })));
}

/** One claimed address (`10.1.2.3/24`) against the addresses of `ifname` (any interface when undefined). */
function addressMismatch(claim: string, pointer: string, namespace: ObservedNamespace, ifname: string | undefined): ResultMismatch | undefined {
  const cidr = parseCidr(claim);
  // A malformed address is the result's problem, which the timeline already shows as the plugin printed it.
  if (!cidr) return undefined;
  const present = addressesOf(namespace, ifname).filter((a) => sameIp(a.local, cidr.ip.text));
  if (present.length === 0) {
    if (ifname === undefined) return { pointer, message: `The result gives the container ${claim}, but no interface in the namespace has that address.` };
    const elsewhere = addressesOf(namespace, undefined).filter((a) => sameIp(a.local, cidr.ip.text));
    const also = elsewhere.length > 0 ? ` (${elsewhere[0]!.ifname} has it)` : '';
    return { pointer, message: `The result gives the container ${claim} on ${ifname}, but ${ifname} in the namespace does not have that address${also}.` };
  }
  if (!present.some((a) => a.prefixlen === cidr.prefix)) {
    return { pointer, message: `The result gives the container ${claim}, but ${present[0]!.ifname} in the namespace has ${present[0]!.local}/${present[0]!.prefixlen}: a different prefix, so a different subnet on the link.` };
  }
  return undefined;
}

/**
 * The claims of `result` (an ADD's final result, as the runtime caches it) that the namespace observed
 * after the ADD contradicts, each with where it is in the result. Interfaces outside the container (no
 * sandbox: a bridge, a veth's host end) and addresses on them are not the container's, and not compared.
 */
export function resultMismatches(result: JsonObject, namespace: ObservedNamespace, ctx: ResultContext): ResultMismatch[] {
  const found: ResultMismatch[] = [];
  const links = new Map(namespace.links.map((l) => [l.ifname, l]));
  const interfaces = Array.isArray(result.interfaces) ? result.interfaces : [];
  // Each interface's name in the container, when the result puts it there and it is there (by index).
  const inContainer = new Map<number, string>();
  interfaces.forEach((entry, i) => {
    if (!isJsonObject(entry)) return;
    const name = text(entry.name);
    const sandbox = text(entry.sandbox);
    if (!name || !sandbox) return;
    const pointer = `/interfaces/${i}`;
    if (!samePath(sandbox, ctx.netns)) {
      found.push({ pointer: `${pointer}/sandbox`, message: `The result puts ${name} in ${sandbox}, but the plugin was given the namespace ${ctx.netns}.` });
      return;
    }
    const link = links.get(name);
    if (!link) {
      found.push({ pointer: `${pointer}/name`, message: `The result says the container has an interface ${name}, but the namespace has none of that name (it has ${[...links.keys()].join(', ') || 'no interface'}).` });
      return;
    }
    inContainer.set(i, name);
    const mac = text(entry.mac);
    if (mac && link.address && !sameMac(mac, link.address)) {
      found.push({ pointer: `${pointer}/mac`, message: `The result gives ${name} the MAC ${mac}, but ${name} in the namespace has ${link.address}.` });
    }
  });
  if (Array.isArray(result.ips)) {
    result.ips.forEach((entry, i) => {
      if (!isJsonObject(entry) || typeof entry.address !== 'string') return;
      const index = entry.interface;
      // An index past the result's interfaces (host-device taking its device for a DPDK one lists none): it
      // names no interface, and the address is compared with every one in the namespace.
      if (typeof index === 'number' && (index < 0 || index >= interfaces.length)) {
        const nowhere = addressMismatch(entry.address, `/ips/${i}/interface`, namespace, undefined);
        found.push({ pointer: `/ips/${i}/interface`, message: `The result puts ${entry.address} on interface ${index}, but lists ${interfaces.length === 0 ? 'no interface' : `${interfaces.length} interface${interfaces.length === 1 ? '' : 's'}`}${nowhere ? ', and no interface in the namespace has that address' : ''}.` });
        return;
      }
      // An address with no interface (IPAM's own result) or on an interface outside the container: not compared.
      if (typeof index !== 'number' || !inContainer.has(index)) return;
      const mismatch = addressMismatch(entry.address, `/ips/${i}/address`, namespace, inContainer.get(index));
      if (mismatch) found.push(mismatch);
    });
  } else {
    // Results before spec 0.3.0: one IPv4 and one IPv6 address, on the interface CNI_IFNAME named.
    const ifname = links.has(ctx.ifname) ? ctx.ifname : undefined;
    for (const family of ['ip4', 'ip6'] as const) {
      const entry = result[family];
      if (isJsonObject(entry) && typeof entry.ip === 'string') {
        const mismatch = addressMismatch(entry.ip, `/${family}/ip`, namespace, ifname);
        if (mismatch) found.push(mismatch);
      }
    }
  }
  return found;
}

/**
 * A run's mismatches for one of its containers (the first by default): its ADD's final result against its
 * namespace observed after it, once every plugin's ADD succeeded; none before that or after a failed ADD
 * (the runtime then DELs).
 */
export function runResultMismatches(state: LabRunState, container = 0): ResultMismatch[] {
  const adds = state.steps.filter((s) => s.start.phase === 'run' && s.start.command === 'ADD' && (s.start.container ?? 0) === container);
  const last = adds[adds.length - 1];
  // Each result as libcni reads it (handedOn, when it differs from the printed one): its keys in their
  // documented case and its addresses in Go's form, as the runtime caches it and the next plugin gets it.
  const result = readResult([...adds].reverse().find((s) => s.end?.result));
  const observed = state.observedByContainer?.get(container) ?? (container === 0 ? state.observedAfterAdd : undefined);
  if (!result || !observed || !last?.end || adds.some((s) => s.end && !s.end.ok)) return [];
  return resultMismatches(result, observed.namespace, { netns: last.start.env.CNI_NETNS, ifname: last.start.env.CNI_IFNAME }).map((m) => {
    const by = claimedBy(m.pointer, result, adds);
    return { ...m, pluginIndex: by.index, pluginType: by.pluginType };
  });
}

const readResult = (step: LabRunState['steps'][number] | undefined): JsonObject | undefined => step?.end?.handedOn ?? step?.end?.result;

/** What names a result's entry across the chain: an interface by name and sandbox, an address by itself. */
function entryKey(list: string, entry: JsonValue | undefined): string | undefined {
  if (!isJsonObject(entry)) return undefined;
  return list === 'interfaces' ? `${text(entry.name) ?? ''}\u0000${text(entry.sandbox) ?? ''}` : list === 'ips' ? text(entry.address) : undefined;
}

/**
 * The plugin whose own result first holds the claim a mismatch is about, its entry with the same value at
 * the field named (each chained plugin passes its prevResult's entries on, and may change a field, as
 * tuning's MAC): the one to fix. The last plugin that printed a result when no earlier one has it.
 */
function claimedBy(pointer: string, result: JsonObject, adds: readonly LabRunState['steps'][number][]): { index: number; pluginType: string } {
  const [, list, at, ...field] = pointer.split('/');
  const entries = (r: JsonObject | undefined) => (r && Array.isArray(r[list!]) ? (r[list!] as JsonValue[]) : []);
  const valueAt = (entry: JsonValue | undefined) => JSON.stringify(field.reduce<JsonValue | undefined>((v, k) => (isJsonObject(v) ? v[k] : undefined), entry));
  const claimed = entries(result)[Number(at)];
  const key = entryKey(list!, claimed);
  const printed = adds.filter((s) => s.end?.result);
  const first = key === undefined ? undefined : printed.find((s) => entries(readResult(s)).some((e) => entryKey(list!, e) === key && valueAt(e) === valueAt(claimed)));
  return (first ?? printed[printed.length - 1]!).start;
}

/** Every container's mismatches, in container order (one entry per container that has any). */
export function allResultMismatches(state: LabRunState): { container: number; mismatches: ResultMismatch[] }[] {
  const count = state.start?.containers?.length ?? 1;
  return Array.from({ length: count }, (_, container) => ({ container, mismatches: runResultMismatches(state, container) })).filter((c) => c.mismatches.length > 0);
}
