// bandwidth (chained): traffic shaping on the host end of the container's veth, egress through an ifb device.
import { isJsonObject, type JsonObject } from '../model/types';
import { delSteps, passPrevious } from './shared';
import type { PluginBehaviour } from './types';

/** Host interfaces (no sandbox) a result lists. */
const hostInterfaces = (result: JsonObject | undefined): string[] =>
  Array.isArray(result?.interfaces) ? result.interfaces.filter(isJsonObject).filter((i) => !i.sandbox && typeof i.name === 'string').map((i) => i.name as string) : [];

export const bandwidth: PluginBehaviour = {
  type: 'bandwidth',
  predictAdd: passPrevious,
  explain: {
    add: () => 'Puts traffic shaping (tbf) on the host end of the veth and on an ifb device, limiting ingress and egress to the configured or runtime-supplied rates.',
    del: () => `${delSteps('deletes the ifb device it made for this container')} The shaping on the host end of the veth goes when the interface plugin deletes the veth.`,
  },
  // Its result adds the ifb device it made to the interfaces it received.
  resultHostLinks(result, prevResult) {
    const before = new Set(hostInterfaces(prevResult));
    return hostInterfaces(result)
      .filter((name) => !before.has(name))
      .map((name) => ({ name, kind: 'ifb' }));
  },
  risks: { removed: { severity: 'medium', effect: 'traffic limits are no longer applied to new pods', leftovers: 'their traffic shaping (ifb devices)' } },
};
