// loopback: brings lo up in the container.
import { clone } from './shared';
import type { PluginBehaviour } from './types';

export const loopback: PluginBehaviour = {
  type: 'loopback',
  predictAdd(_plugin, { prevResult, inputs }) {
    // Chained after another plugin, it prints that result back as it parsed it.
    if (prevResult) return { result: clone(prevResult), notes: [], prints: 'previous' };
    // Its own result is a current one labelled with the config's version and printed unconverted: under
    // 0.3.x/0.4.0 its ips carry no `version` (libcni then reads `"version": ""`), under 0.1.0/0.2.0 libcni
    // finds no ip4/ip6 in it at all. ::1 is there when IPv6 is on in the namespace (the kernel's default).
    return { result: { interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: inputs.netns }], ips: [{ interface: 0, address: '127.0.0.1/8' }, { interface: 0, address: '::1/128' }] }, notes: [], prints: 'labelled' };
  },
  explain: {
    add: () => 'Brings up lo in the container with 127.0.0.1 and ::1.',
    del: () => 'Sets lo down in the container (nothing to do when the namespace is already gone).',
  },
  risks: { removed: { severity: 'medium', effect: 'lo stays down in new containers, so anything that talks to localhost inside the pod fails' } },
};
