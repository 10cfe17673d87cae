// loopback: brings lo up in the container.
import { clone } from './shared';
import type { PluginBehaviour } from './types';

export const loopback: PluginBehaviour = {
  type: 'loopback',
  predictAdd(_plugin, { prevResult, inputs }) {
    // Chained after another plugin, it hands that result on.
    if (prevResult) return { result: clone(prevResult), notes: [] };
    return { result: { interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: inputs.netns }], ips: [{ interface: 0, address: '127.0.0.1/8' }, { interface: 0, address: '::1/128' }] }, notes: [] };
  },
  explain: {
    add: () => 'Brings up lo in the container with 127.0.0.1 and ::1.',
    del: () => 'Sets lo down in the container (nothing to do when the namespace is already gone).',
  },
  risks: { removed: { severity: 'medium', effect: 'lo stays down in new containers, so anything that talks to localhost inside the pod fails' } },
};
