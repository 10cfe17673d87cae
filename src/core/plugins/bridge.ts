// bridge: a Linux bridge on the host, a veth pair per container, optionally the gateway and masquerading.
import { show, type Pair, type RiskNote } from '../review/risk-context';
import { defaultRoutes, delSteps, interfaceResult, ipMasqRule, mtuWords, PLACEHOLDER_MAC, PLACEHOLDER_VETH, str, withIpam } from './shared';
import type { PluginBehaviour, PredictContext } from './types';
import { canonicalIp, nthAddress, parseCidr, parseIp } from '../net/ip';
import type { JsonObject, JsonValue } from '../model/types';
import { releaseAtLeast } from '../profiles/profile';

/** The bridge a config plugs into: "bridge", else the plugin's default cni0. */
export const bridgeName = (p: { bridge?: unknown }) => str(p.bridge, 'cni0');

function changed(pair: Pair): RiskNote[] {
  const { before: b, after: a, label: l, pointer } = pair;
  const notes = ipMasqRule(pair);
  if (b.hairpinMode === true && a.hairpinMode !== true) {
    notes.push({
      rule: 'hairpin-off',
      severity: 'medium',
      pointer: `${pointer}/hairpinMode`,
      message: `${l} turns hairpinMode off: a new pod can no longer reach itself through its own published port or a Service address that load-balances back to it (the bridge does not send the traffic back out of the port it came in on).`,
    });
  }
  if ((b.bridge ?? 'cni0') !== (a.bridge ?? 'cni0')) {
    const oldName = show(b.bridge ?? 'cni0');
    const newName = show(a.bridge ?? 'cni0');
    notes.push({
      rule: 'bridge-renamed',
      severity: 'high',
      pointer: `${pointer}/bridge`,
      message: `${l} uses bridge ${newName} instead of ${oldName}: new pods are plugged into a new bridge while pods that already run stay on ${oldName}, so the two groups are no longer on one layer-2 segment. ${oldName} (with its gateway address, routes and masquerade rules) is left on every node until someone removes it; if both bridges get the same subnet, the node has two routes for it and reaches only one group.`,
    });
  }
  return notes;
}

/**
 * As the gateway (isGateway, or isDefaultGateway which implies it), bridge gives an address its IPAM left
 * without a gateway the first address of its network (calcGateways), and puts that on the bridge.
 */
function withGateways(plugin: JsonObject, ctx: PredictContext): PredictContext {
  if (plugin.isGateway !== true && plugin.isDefaultGateway !== true) return ctx;
  return {
    ...ctx,
    ipam() {
      const ipam = ctx.ipam();
      const first = (address: JsonValue | undefined) => {
        const cidr = typeof address === 'string' ? parseCidr(address) : undefined;
        return cidr ? nthAddress(cidr, 1n) : undefined;
      };
      return { ...ipam, ips: ipam.ips.map((ip) => (ip.gateway !== undefined || first(ip.address) === undefined ? ip : { ...ip, gateway: first(ip.address)! })) };
    },
  };
}

export const bridge: PluginBehaviour = {
  type: 'bridge',
  containerLink: 'veth',
  hostSwitches: ['forwarding'],
  // As the gateway, calcGateways: each address's gateway (the first address of its network when the IPAM gave
  // none) goes on the bridge with the address's prefix, and the kernel routes that network to the bridge.
  hostSide(p, ip) {
    if (p.isGateway !== true && p.isDefaultGateway !== true) return [];
    const address = typeof ip.address === 'string' ? parseCidr(ip.address) : undefined;
    if (!address) return [];
    const given = typeof ip.gateway === 'string' ? parseIp(ip.gateway) : undefined;
    const gateway = given ? canonicalIp(given.text) : nthAddress(address, 1n);
    const prefix = given && given.family !== address.ip.family ? (given.family === 4 ? 32 : 128) : address.prefix;
    return [{ cidr: `${gateway}/${prefix}`, gateway, on: `on its bridge ${bridgeName(p)}` }];
  },
  // It makes the bridge when missing; one that is there already it joins and changes (its address, its ports).
  hostLinksUsed: (p) => [{ by: { name: bridgeName(p) }, key: 'bridge', does: `plugs the container's veth into it${p.isGateway === true || p.isDefaultGateway === true ? ' and gives it the gateway address' : ''}${p.ipMasq === true ? ', masquerading its subnet' : ''}` }],
  observe: (plugin) => ({ hostLinks: [{ name: bridgeName(plugin), kind: 'bridge' }] }),
  // Its result's DNS: the config's `dns` when it sets any, else the IPAM plugin's; before 1.2.0 always the config's.
  predictAdd: (plugin, ctx) =>
    interfaceResult(plugin, withGateways(plugin, ctx), [{ name: bridgeName(plugin), mac: PLACEHOLDER_MAC(1) }, { name: PLACEHOLDER_VETH, mac: PLACEHOLDER_MAC(2) }], plugin.isDefaultGateway === true ? defaultRoutes : undefined, ctx.release && !releaseAtLeast(ctx.release, '1.2.0') ? 'config' : 'either'),
  explain: {
    add(p, ctx) {
      const gateways = ctx.ipam?.gateways ?? [];
      return withIpam(
        `Creates the Linux bridge ${bridgeName(p)} on the host if it is missing${p.isGateway || p.isDefaultGateway ? ` and gives it the gateway address${gateways.length ? ` ${gateways.join(' and ')}` : ''}` : ''}, creates a veth pair${mtuWords(p)}, moves one end into the container as ${ctx.ifname} and plugs the other into the bridge${p.hairpinMode ? ' (hairpin on, so the container can reach itself through published ports)' : ''}${p.ipMasq ? '; it masquerades traffic leaving the subnet' : ''}`,
        ctx,
      );
    },
    del: (p, ctx) =>
      `${delSteps(`deletes ${ctx.ifname} in the container (the host end of its veth pair goes with it)`, ctx.ipam?.del, p.ipMasq === true && ctx.ipam !== undefined && 'removes the masquerade rules for its addresses')} The bridge ${bridgeName(p)} stays on the host for the other containers.`,
  },
  risks: {
    changed,
    // The bridge refuses a second, different IPv4 address on an existing bridge unless forceAddress is set.
    addressesChanged(pair, ipam, ctx) {
      const { before: b, after: a } = pair;
      if (a.isGateway !== true && a.isDefaultGateway !== true) return undefined;
      if (a.forceAddress === true || (b.bridge ?? 'cni0') !== (a.bridge ?? 'cni0')) return undefined;
      const oldV4 = ctx.ipamOf(ipam.before.type)?.firstV4?.(ipam.before);
      const newV4 = ctx.ipamOf(ipam.after.type)?.firstV4?.(ipam.after);
      if (oldV4 === undefined || (oldV4.subnet === newV4?.subnet && oldV4.gateway === newV4.gateway)) return undefined;
      return `On nodes where bridge ${show(a.bridge ?? 'cni0')} already exists it still carries the old gateway address, and the bridge plugin refuses to add a different IPv4 address ("already has an IP address different from …"): every ADD fails there until the old address is removed from the bridge or forceAddress is set.`;
    },
  },
};
