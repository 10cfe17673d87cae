// portmap (chained): forwards host ports to the container (DNAT), with masquerading for hairpin and localhost.
import { goField } from '../model/go-keys';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { releaseAtLeast } from '../profiles/profile';
import type { Pair, RiskNote } from '../review/risk-context';
import { passPrevious } from './shared';
import type { PluginBehaviour } from './types';

function snatRule({ before: b, after: a, label: l, pointer }: Pair): RiskNote[] {
  // snat defaults to on.
  if ((b.snat !== false) === (a.snat !== false)) return [];
  return [
    a.snat === false
      ? {
          rule: 'portmap-snat',
          severity: 'medium',
          pointer: `${pointer}/snat`,
          message: `${l} turns snat off: connections to a published host port from the node itself (localhost) or from the same pod (hairpin) are no longer masqueraded, so they may stop working for new pods.`,
        }
      : {
          rule: 'portmap-snat',
          severity: 'low',
          pointer: `${pointer}/snat`,
          message: `${l} turns snat back on: connections to a published host port from the node itself or from the pod are masqueraded for new pods.`,
        },
  ];
}

export type PortmapBackend = 'iptables' | 'nftables';
export const CONDITION_KEYS = ['conditionsV4', 'conditionsV6'] as const;

/**
 * The backend a conditions list is written for, as portmap tells it from 1.6.0 on (detectBackendOfConditions):
 * iptables words begin with "-" ("-d", "--sport", "-m"), and from 1.6.1 also "!"; anything else is nftables.
 * Undefined for no list, an empty one or an empty first word. `release` undefined: the newest plugins.
 */
export function conditionsBackend(conditions: JsonValue | undefined, release?: string): PortmapBackend | undefined {
  if (!Array.isArray(conditions) || typeof conditions[0] !== 'string' || conditions[0] === '') return undefined;
  const first = conditions[0][0];
  if (first === '-') return 'iptables';
  if (first === '!') return release !== undefined && releaseAtLeast(release, '1.6.0') && !releaseAtLeast(release, '1.6.1') ? 'nftables' : 'iptables';
  return 'nftables';
}

/**
 * Before 1.6.0 portmap has no nftables backend: it hands its conditions to iptables as they are, and iptables
 * refuses nftables words ("Bad argument `ip'"), so every ADD with port mappings fails (one without any does
 * nothing and runs). The condition keys written in nftables words, for such a release; none from 1.6.0 on.
 */
export function conditionsIptablesRefuses(conf: JsonObject, release: string | undefined): string[] {
  if (release === undefined || releaseAtLeast(release, '1.6.0')) return [];
  return CONDITION_KEYS.filter((k) => conditionsBackend(goField(conf, k)) === 'nftables');
}

const declaresPorts = (p: { capabilities?: unknown }) => isJsonObject(p.capabilities) && p.capabilities.portMappings === true;

export const portmap: PluginBehaviour = {
  type: 'portmap',
  withoutPrevResult: 'must be called as chained plugin',
  // With snat (its default), for each IPv4 container address: route_localnet 1 on the host link that routes
  // it (forwardPorts, getRoutableHostIF), whichever link that is (the machine's default route's, for an
  // address nothing of the run routes); its DEL never writes 0.
  hostSwitches: ['route_localnet'],
  predictAdd: passPrevious,
  explain: {
    add: (p) =>
      `Adds NAT rules on the host that forward the host ports the runtime asks for (runtimeConfig.portMappings) to the container address from the previous result${p.snat === false ? '; snat is off, so connections to a host port from the node itself or from the same container are not masqueraded' : ''}.${declaresPorts(p) ? '' : ' It declares no portMappings capability, so the runtime sends it no port mappings and it forwards nothing.'}`,
    // With no port mappings in runtimeConfig its DEL returns at once.
    del: (p) =>
      declaresPorts(p)
        ? 'Undoes its port forwarding: removes the forwarding and masquerade rules it added for this container (found by its container id). DEL succeeds even when they are already gone.'
        : 'Undoes nothing: without the portMappings capability it gets no port mappings, and with none its DEL returns at once.',
    covers: ['portMappings'],
  },
  risks: {
    changed: snatRule,
    removed: { severity: 'high', effect: 'host ports stop working (the port mappings requested for new pods are not set up)', leftovers: 'their port-forwarding rules' },
  },
};
