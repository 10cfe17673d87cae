// bandwidth (chained): traffic shaping on the host end of the container's veth, egress through an ifb device.
import { delSteps, passPrevious } from './shared';
import type { PluginBehaviour } from './types';

export const bandwidth: PluginBehaviour = {
  type: 'bandwidth',
  predictAdd: passPrevious,
  explain: {
    add: () => 'Puts traffic shaping (tbf) on the host end of the veth and on an ifb device, limiting ingress and egress to the configured or runtime-supplied rates.',
    del: () => `${delSteps('deletes the ifb device it made for this container')} The shaping on the host end of the veth goes when the interface plugin deletes the veth.`,
  },
  risks: { removed: { severity: 'medium', effect: 'traffic limits are no longer applied to new pods', leftovers: 'their traffic shaping (ifb devices)' } },
};
