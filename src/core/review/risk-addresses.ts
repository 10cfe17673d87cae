// Risk rules about addresses: what the IPAM hands out, and where running pods' leases live. What each IPAM
// type reads as "which addresses", and where it keeps them, is its module's (plugins/).
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { ANY_ADDRESS_KEYS, ipamBehaviour, pluginBehaviour, type RiskContext } from '../plugins';
import { deepEqual } from '../model/equal';
import { show, type Ctx, type RiskNote } from './risk-context';

const riskContext: RiskContext = { ipamOf: ipamBehaviour };

/** The part of an IPAM config that says which addresses it hands out, with its module's defaults made explicit. */
function addressConfig(ipam: JsonObject): JsonObject {
  const behaviour = ipamBehaviour(ipam.type);
  const out: JsonObject = {};
  for (const k of behaviour?.addressKeys ?? ANY_ADDRESS_KEYS) if (Object.hasOwn(ipam, k)) out[k] = ipam[k]!;
  return behaviour?.canonicalAddresses ? behaviour.canonicalAddresses(out) : out;
}

/** "10.88.0.0/16, 2001:db8::/64": what the IPAM config hands out, in short. */
export function addressSummary(ipam: JsonObject): string {
  const behaviour = ipamBehaviour(ipam.type);
  const parts = behaviour ? behaviour.summary(ipam) : typeof ipam.subnet === 'string' && ipam.subnet ? [ipam.subnet] : [];
  return parts.length ? parts.join(', ') : JSON.stringify(addressConfig(ipam));
}

function leasesWhere(ipam: JsonObject, network: string): string {
  return ipamBehaviour(ipam.type)?.leases?.(ipam, network) ?? `${String(ipam.type)} keeps what it allocated for them until those pods are deleted`;
}

const ipamOf = (v: JsonValue | undefined) => (isJsonObject(v) && Object.keys(v).length ? v : undefined);

export function addressRules(ctx: Ctx): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const pair of ctx.pairs) {
    const oldIpam = ipamOf(pair.before.ipam);
    const newIpam = ipamOf(pair.after.ipam);
    if (!oldIpam && !newIpam) continue;
    const pointer = `${pair.pointer}/ipam`;
    if (!oldIpam || !newIpam) {
      notes.push({
        rule: 'ipam-changed',
        severity: newIpam ? 'medium' : 'high',
        pointer: newIpam ? pointer : pair.pointer,
        message: newIpam
          ? `${pair.label} now has IPAM (${show(newIpam.type)}): new pods get addresses from ${addressSummary(newIpam)}, pods that already run have none from this network until they are recreated.`
          : `${pair.label} no longer has IPAM: new pods get an interface without any address (layer 2 only), while pods that already run keep theirs; ${leasesWhere(oldIpam!, ctx.networkName)}.`,
      });
      continue;
    }
    if (oldIpam.type !== newIpam.type) {
      notes.push({
        rule: 'ipam-changed',
        severity: 'high',
        pointer: `${pointer}/type`,
        message: `${pair.label} switches IPAM from ${show(oldIpam.type)} to ${show(newIpam.type)}: the new allocator knows nothing of the addresses ${show(oldIpam.type)} gave to pods that already run, so it can hand the same addresses out again if the pools overlap; ${leasesWhere(oldIpam, ctx.networkName)}.`,
      });
      continue;
    }
    if (deepEqual(addressConfig(oldIpam), addressConfig(newIpam))) continue;
    const type = String(newIpam.type);
    let message = `The addresses ${pair.label} hands out change (${type}: ${addressSummary(oldIpam)} → ${addressSummary(newIpam)}). Pods that already run keep their old addresses until they are recreated, so for a while old and new pods sit in different ranges; ${leasesWhere(oldIpam, ctx.networkName)}, and routes, firewall rules or policies written for the old range (on the nodes and elsewhere) may not cover the new one or may conflict with it.`;
    const more = pluginBehaviour(pair.diff.type)?.risks?.addressesChanged?.(pair, { before: oldIpam, after: newIpam }, riskContext);
    if (more) message += ` ${more}`;
    notes.push({ rule: 'addresses-changed', severity: 'high', pointer, message });
  }
  return notes;
}
