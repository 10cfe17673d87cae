// The workbench's layout actions, each with its title and shortcut: one list that buttons, the keyboard
// and a command palette can all take their entries from.
import { fitView, toggleMaximiseBottom, toggleMaximiseCanvas, togglePanel } from './workbench';

export interface LayoutAction {
  id: string;
  title: string;
  /** As shown to the user (Ctrl stands for Cmd on a Mac). */
  shortcut: string;
  /** Whether a key press is this action's shortcut (by physical key where layouts differ). */
  matches(e: KeyboardEvent): boolean;
  run(): void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

export const LAYOUT_ACTIONS: readonly LayoutAction[] = [
  {
    // As in Figma ("show/hide UI"): every panel around the canvas goes, and comes back.
    id: 'layout.maximise-canvas',
    title: 'Maximise the canvas / restore the panels',
    shortcut: 'Ctrl+\\',
    matches: (e) => mod(e) && !e.shiftKey && !e.altKey && (e.code === 'Backslash' || e.key === '\\'),
    run: toggleMaximiseCanvas,
  },
  {
    id: 'layout.toggle-palette',
    title: 'Show / hide the plugin palette',
    shortcut: 'Ctrl+B',
    matches: (e) => mod(e) && !e.shiftKey && !e.altKey && e.code === 'KeyB',
    run: () => togglePanel('palette'),
  },
  {
    id: 'layout.toggle-bottom',
    title: 'Show / hide the bottom panel (editor, preview, lab, review)',
    shortcut: 'Ctrl+J',
    matches: (e) => mod(e) && !e.shiftKey && !e.altKey && e.code === 'KeyJ',
    run: () => togglePanel('bottom'),
  },
  {
    id: 'layout.maximise-bottom',
    title: 'Maximise the bottom panel / restore',
    shortcut: 'Ctrl+Shift+J',
    matches: (e) => mod(e) && e.shiftKey && !e.altKey && e.code === 'KeyJ',
    run: toggleMaximiseBottom,
  },
  {
    id: 'layout.toggle-side',
    title: 'Show / hide the side panel (network, problems)',
    shortcut: 'Ctrl+Alt+B',
    matches: (e) => mod(e) && e.altKey && !e.shiftKey && e.code === 'KeyB',
    run: () => togglePanel('side'),
  },
  {
    // As in Figma and n8n.
    id: 'layout.fit-view',
    title: 'Fit the chain in view',
    shortcut: 'Shift+1',
    matches: (e) => e.shiftKey && !mod(e) && !e.altKey && e.code === 'Digit1',
    run: fitView,
  },
];

export const layoutAction = (id: string): LayoutAction => {
  const action = LAYOUT_ACTIONS.find((a) => a.id === id);
  if (!action) throw new Error(`no layout action ${id}`);
  return action;
};

/** "Title (shortcut)", for a button's tooltip. */
export const withShortcut = (id: string, title?: string) => {
  const a = layoutAction(id);
  return `${title ?? a.title} (${a.shortcut})`;
};
