// firewall (chained): lets the container's addresses through the host firewall (iptables or firewalld).
import { convertsPrevious, delSteps, str } from './shared';
import type { PluginBehaviour } from './types';

export const firewall: PluginBehaviour = {
  type: 'firewall',
  withoutPrevResult: 'missing prevResult from earlier plugin',
  predictAdd: convertsPrevious,
  explain: {
    add: (p) =>
      `Adds firewall rules that allow the container's addresses through the host firewall (${str(p.backend, 'firewalld if running, else iptables')})${p.ingressPolicy && p.ingressPolicy !== 'open' ? `, with ingress policy ${String(p.ingressPolicy)}` : ''}.`,
    del: () => delSteps("removes the rules it added for the container's addresses (read from the cached result DEL receives)"),
  },
  risks: {
    removed: {
      severity: 'medium',
      effect: 'no firewall rules are added for new pods; where the host firewall drops forwarded traffic by default (FORWARD policy DROP, a firewalld zone), their traffic is dropped',
      leftovers: 'their firewall rules',
    },
  },
};
