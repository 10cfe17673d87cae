// The machine's CNI rules for its containers' addresses, which a run handed one of those addresses would
// take for its own: firewall's ADD finds its two CNI-FORWARD rules for the address there and adds nothing,
// and its DEL removes them (another container's); portmap's and bridge's ipMasq rules name the address too.
// Nothing but the address ties those rules to a container, so a run is refused before it runs when its
// container may be given an address the machine's CNI rules name, and its teardown says which rules of the
// machine went missing meanwhile.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { formatIp, ipValue, isLoopbackIp, parseCidr, parseIp, type ParsedIp } from '../net/ip';
import { ipamBehaviour, type AddressSpan } from '../plugins';
import { predictIpam } from '../runtime/predict';
import type { RuntimeInputs } from '../runtime/inputs';
import { ruleParts, type FirewallRule } from './firewall-rules';

/** A rule of CNI's: in a CNI- chain, or leading into one (bridge's ipMasq jump from POSTROUTING). */
const isCniRule = (r: FirewallRule) => {
  if (!r.rule.startsWith('-A ')) return false;
  const p = ruleParts(r.rule);
  return p.chain.startsWith('CNI-') || (p.target ?? '').startsWith('CNI-');
};

/** The single address a rule's source, destination or DNAT target names ("10.0.0.5/32", "10.0.0.5:80", "[fd00::5]:80"), loopback aside. */
function singleAddresses(r: FirewallRule): ParsedIp[] {
  const p = ruleParts(r.rule);
  const out: ParsedIp[] = [];
  for (const value of [p.source, p.destination, p.toDestination]) {
    if (!value || value.startsWith('!')) continue;
    const host = /^\[([^\]]+)\]/.exec(value)?.[1] ?? (/^[\d.]+:\d+(-\d+)?$/.test(value) ? value.replace(/:.*$/, '') : value);
    const cidr = parseCidr(host);
    const ip = cidr ? (cidr.prefix === (cidr.ip.family === 4 ? 32 : 128) ? cidr.ip : undefined) : parseIp(host);
    if (ip && !isLoopbackIp(ip)) out.push(ip);
  }
  return out;
}

/** Where a container of the run may get its address: each plugin's predicted addresses, and what its IPAM may hand out besides. */
interface MayGet {
  plugin: number;
  exact: ParsedIp[];
  spans: AddressSpan[];
}

function runAddresses(conflist: JsonObject, inputs: readonly RuntimeInputs[]): MayGet[] {
  const out: MayGet[] = [];
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p) || !isJsonObject(p.ipam)) return;
    const ipam = p.ipam;
    for (const input of inputs) {
      const exact = predictIpam(p, input).ips.flatMap((ip) => (typeof ip.address === 'string' ? [parseCidr(ip.address)?.ip ?? parseIp(ip.address)] : [])).filter((ip): ip is ParsedIp => ip !== undefined);
      out.push({ plugin: i, exact, spans: ipamBehaviour(ipam.type)?.mayHandOut?.(ipam, p, input) ?? [] });
    }
  });
  return out;
}

const same = (a: ParsedIp, b: ParsedIp) => a.family === b.family && ipValue(a) === ipValue(b);
const within = (ip: ParsedIp, s: AddressSpan) => ip.family === s.family && ipValue(ip) >= s.first && ipValue(ip) <= s.last;

/** How a rule is named in refusals and reports: "ipv4 filter: -A CNI-FORWARD -s 10.0.0.5/32 -j ACCEPT". */
export const ruleLine = (r: FirewallRule) => `${r.family} ${r.table}: ${r.rule}`;

/**
 * Why the run may not run (one reason per plugin): its container may be given an address a CNI rule of the
 * machine names (`rules`: the firewall as read before the run). [] when none may.
 */
export function addressRuleRefusals(conflist: JsonObject, inputs: readonly RuntimeInputs[], rules: readonly FirewallRule[]): string[] {
  const named = rules.filter(isCniRule).flatMap((rule) => singleAddresses(rule).map((ip) => ({ rule, ip })));
  if (named.length === 0) return [];
  const plugins = pluginList(conflist);
  const refusals = new Map<number, string>();
  for (const { plugin, exact, spans } of runAddresses(conflist, inputs)) {
    if (refusals.has(plugin)) continue;
    const hits = named.filter(({ ip }) => exact.some((e) => same(e, ip)) || spans.some((s) => within(ip, s)));
    if (hits.length === 0) continue;
    const p = plugins[plugin] as JsonObject;
    const ipam = p.ipam as JsonObject;
    const address = formatIp(hits[0]!.ip.family, ipValue(hits[0]!.ip));
    const more = hits.length > 1 ? `; and ${hits.length - 1} more rule${hits.length === 2 ? '' : 's'}` : '';
    refusals.set(
      plugin,
      `plugin ${plugin + 1} (${String(p.type)}): its IPAM (${String(ipam.type)}) may give the container ${address}, an address this machine's CNI rules name (${ruleLine(hits[0]!.rule)}${more}): another container's, whose rules the run's DEL would remove (firewall, portmap and ipMasq find their rules by the address); give the run addresses the machine's containers do not use`,
    );
  }
  return [...refusals.values()];
}

/**
 * The machine's CNI rules there before the run that are gone now (counted: one of two alike gone is one),
 * as "ipv4 filter: -A …": a run must never remove them, and when one went (the run's DEL, or another tool
 * meanwhile) its teardown says so.
 */
export function missingRules(before: readonly FirewallRule[], now: readonly FirewallRule[]): string[] {
  const left = new Map<string, number>();
  for (const r of now) left.set(ruleLine(r), (left.get(ruleLine(r)) ?? 0) + 1);
  const gone: string[] = [];
  for (const r of before.filter(isCniRule)) {
    const n = left.get(ruleLine(r)) ?? 0;
    if (n > 0) left.set(ruleLine(r), n - 1);
    else gone.push(ruleLine(r));
  }
  return gone;
}
