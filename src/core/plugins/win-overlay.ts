// win-overlay (Windows): an HNS overlay endpoint; ipMasq adds an outbound NAT policy.
import { ipMasqRule } from './shared';
import type { PluginBehaviour } from './types';

export const winOverlay: PluginBehaviour = {
  type: 'win-overlay',
  risks: { changed: ipMasqRule },
};
