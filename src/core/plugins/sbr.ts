// sbr (chained): source-based routing, so replies leave through the interface they came in on.
import { convertsPrevious, delSteps } from './shared';
import type { PluginBehaviour } from './types';

export const sbr: PluginBehaviour = {
  type: 'sbr',
  withoutPrevResult: 'This plugin must be called as chained plugin',
  predictAdd: convertsPrevious,
  explain: {
    add: () => "Moves the interface's routes into their own routing table with a source rule, so replies leave through the interface they came in on.",
    del: (_p, ctx) => delSteps(`removes the source rules of ${ctx.ifname}'s addresses (the routes in their table go with the interface)`),
  },
  risks: { removed: { severity: 'medium', effect: 'source-based routing is gone: replies of new pods may leave through the default route instead of the interface the request came in on', leftovers: 'their routing rules' } },
};
