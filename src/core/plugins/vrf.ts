// vrf (chained): puts the container interface into a VRF in the container's namespace.
import { convertsPrevious, delSteps, str } from './shared';
import type { PluginBehaviour } from './types';

export const vrf: PluginBehaviour = {
  type: 'vrf',
  withoutPrevResult: 'missing prevResult from earlier plugin',
  predictAdd: convertsPrevious,
  explain: {
    add: (p) => `Creates (or reuses) VRF ${str(p.vrfname, '(unnamed)')} and enslaves the container interface to it.`,
    del: (p, ctx) => delSteps(`takes ${ctx.ifname} out of VRF ${str(p.vrfname, '(unnamed)')}`, 'deletes the VRF when no other interface is left in it'),
  },
  risks: { removed: { severity: 'medium', effect: 'new pods are no longer put into the VRF, so they use the main routing table', leftovers: 'the VRF device' } },
};
