// The workbench's layout actions (panels, maximise, fit) as entries of the one action list (actions/), so
// the keyboard, the command palette, the shortcut sheet and the panels' own buttons share title and keys.
import { Maximize2, PanelBottom, PanelBottomOpen, PanelLeft, PanelRight, Scan } from 'lucide-react';
import type { Action } from '../actions/registry';
import { keysText } from '../actions/KeyCaps';
import { fitView, toggleMaximiseBottom, toggleMaximiseCanvas, togglePanel } from './workbench';
import { store } from '../state';

const needsPlugins = (): true | string => (store.getState().chain.plugins.length > 0 ? true : 'The chain is empty: add a plugin first, then fit it.');

export const LAYOUT_ACTIONS: readonly Action[] = [
  // As in Figma's "show/hide UI": every panel around the canvas goes, and comes back.
  { id: 'layout.maximise-canvas', title: 'Maximise the canvas / restore the panels', label: 'Maximise canvas', group: 'View', keys: ['Mod+\\'], icon: Maximize2, keywords: ['zoom', 'full', 'focus', 'hide panels'], run: toggleMaximiseCanvas },
  { id: 'layout.toggle-palette', title: 'Show / hide the plugin palette', label: 'Palette', group: 'View', keys: ['Mod+B'], icon: PanelLeft, keywords: ['sidebar', 'panel'], run: () => togglePanel('palette') },
  { id: 'layout.toggle-bottom', title: 'Show / hide the bottom panel (editor, preview, lab, review)', label: 'Bottom panel', group: 'View', keys: ['Mod+J'], icon: PanelBottom, keywords: ['panel', 'editor'], run: () => togglePanel('bottom') },
  { id: 'layout.maximise-bottom', title: 'Maximise the bottom panel / restore', label: 'Maximise bottom panel', group: 'View', keys: ['Mod+Shift+J'], icon: PanelBottomOpen, keywords: ['panel', 'editor', 'full'], run: toggleMaximiseBottom },
  { id: 'layout.toggle-side', title: 'Show / hide the side panel (network, problems)', label: 'Side panel', group: 'View', keys: ['Mod+Alt+B'], icon: PanelRight, keywords: ['panel', 'problems', 'settings'], run: () => togglePanel('side') },
  { id: 'canvas.fit', title: 'Fit the chain in view', label: 'Fit', group: 'Canvas', keys: ['Shift+F'], icon: Scan, keywords: ['zoom', 'view', 'all'], enabled: needsPlugins, run: fitView },
];

/** "Title (shortcut)", for a panel button's tooltip, from the action's own keys. */
export function withShortcut(id: string, title?: string): string {
  const a = LAYOUT_ACTIONS.find((x) => x.id === id);
  if (!a) throw new Error(`no layout action ${id}`);
  const keys = keysText(a.keys);
  return keys ? `${title ?? a.title} (${keys})` : (title ?? a.title);
}
