// Edit actions: undo, redo, the clipboard and the gestures on the selected plugins. They act through the
// store only, so the keyboard, toolbar and palette do exactly the same thing.
import { ArrowLeft, ArrowRight, ClipboardPaste, Copy, CopyPlus, ListChecks, Redo2, Trash2, Undo2 } from 'lucide-react';
import { clipboardText, conflistOf, indexOfPlugin, pluginIds, type Chain } from '../../core';
import { ipamFlags, nodeId } from '../canvas/graph';
import { store } from '../state';
import { pluginRef, selectedPluginIds, type PartRef } from '../store/store';
import type { Action } from './registry';
import { focusAwayFrom, focusCanvasNow, focusCanvasSoon, focusPart, focusPartNow, focusSelection, keepFocusOnCanvas } from './focus';
import { importWithRetries } from '../retry';

const selectedIds = () => selectedPluginIds(store.getState().selected);
const selectedIndexes = () => {
  const s = store.getState();
  return selectedIds()
    .map((id) => indexOfPlugin(s.chain, id))
    .filter((i) => i >= 0);
};

/** The selected plugins as conflist JSON (what Copy puts on the clipboard), or undefined when none is selected. */
export function selectionText(): string | undefined {
  const indexes = selectedIndexes();
  return indexes.length ? clipboardText(conflistOf(store.getState().chain), indexes) : undefined;
}

/** Inserts plugins read from clipboard text after the selection (or at the end); a refusal says why. */
export async function pasteText(text: string): Promise<void> {
  // Clipboard text may be YAML: its reader comes with the validator's chunk, not on the first screen.
  const { pluginsFromText } = await importWithRetries(() => import('../../core/edit/clipboard'));
  const pasted = pluginsFromText(text);
  const { actions, chain } = store.getState();
  if (!pasted.ok) return actions.notify({ kind: 'refused', text: pasted.reason });
  const after = Math.max(-1, ...selectedIndexes());
  if (actions.pastePlugins(pasted.plugins, after >= 0 ? after + 1 : chain.plugins.length).ok) focusSelection();
}

const one = (verb: string) => () => (selectedIds().length === 1 ? true : selectedIds().length === 0 ? `Select a plugin on the canvas to ${verb} it.` : `Select one plugin to ${verb} (${selectedIds().length} are selected).`);

function move(delta: -1 | 1): void {
  const id = selectedIds()[0]!;
  const { chain, actions } = store.getState();
  const i = indexOfPlugin(chain, id);
  if (actions.movePlugin(id, i + delta).ok) focusPart(pluginRef(id));
}

const canMove = (delta: -1 | 1) => () => {
  const single = one('move')();
  if (single !== true) return single;
  const { chain } = store.getState();
  const i = indexOfPlugin(chain, selectedIds()[0]!);
  if (delta < 0 && i === 0) return 'The selected plugin is already first.';
  if (delta > 0 && i === chain.plugins.length - 1) return 'The selected plugin is already last.';
  return true;
};

/** Removes the selection (an IPAM part detaches from its plugin); focus goes to the neighbour, or the canvas. */
function deleteSelection(): void {
  const { selected, actions } = store.getState();
  const plugins = selectedPluginIds(selected);
  const ipams = selected.filter((r) => r.part === 'ipam' && !plugins.includes(r.pluginId));
  if (plugins.length === 0) {
    if (ipams[0]) detachIpamKeepingFocus(ipams[0].pluginId, ipams.slice(1));
    return;
  }
  if (ipams[0]) focusAwayFrom(ipams, pluginRef(ipams[0].pluginId));
  for (const r of ipams) actions.detachIpam(r.pluginId);
  removePluginsKeepingFocus(plugins);
}

/** Detaches a plugin's IPAM (and `others'`): the focus goes to the plugin's node, first from its IPAM node if it was there. */
export function detachIpamKeepingFocus(pluginId: string, others: readonly PartRef[] = []): void {
  const { actions } = store.getState();
  const ipam: PartRef = { pluginId, part: 'ipam' };
  // Now, while every node is drawn: the button pressed (the selected plugin's Detach) goes with the IPAM.
  focusPartNow(pluginRef(pluginId));
  for (const r of [ipam, ...others]) actions.detachIpam(r.pluginId);
  focusPart(pluginRef(pluginId));
}

/**
 * Removes plugins (the Delete key, the selected plugin's Delete button): the plugin after the last one
 * removed, else the one before the first, else one left between them, is selected and gets the focus; with
 * none left, the canvas does.
 */
export function removePluginsKeepingFocus(plugins: readonly string[]): void {
  const { chain, actions } = store.getState();
  const order = pluginIds(chain);
  const indexes = plugins.map((id) => order.indexOf(id)).filter((i) => i >= 0);
  const after = order.slice(Math.max(...indexes) + 1).find((id) => !plugins.includes(id));
  const before = order.slice(0, Math.min(...indexes)).reverse().find((id) => !plugins.includes(id));
  // Plugins 1 and 3 of three removed: the one left between them.
  const between = order.slice(Math.min(...indexes) + 1).find((id) => !plugins.includes(id));
  const neighbour = after ?? before ?? between;
  const giveBack = focusAwayFrom(
    plugins.flatMap((pluginId) => [pluginRef(pluginId), { pluginId, part: 'ipam' as const }]),
    neighbour === undefined ? undefined : pluginRef(neighbour),
  );
  actions.removePlugins([...plugins]);
  // Refused (the notice says why): nothing left, so the focus goes back.
  if (store.getState().chain.plugins.length === order.length) return giveBack();
  if (neighbour) {
    // The selected plugin's panel now shows the neighbour (its buttons stay), and the focus goes to its node.
    actions.select([pluginRef(neighbour)]);
    focusPart(pluginRef(neighbour));
  } else {
    // Now from a node or the selected plugin's panel; again once drawn, for a dialog that gives focus back.
    focusCanvasNow();
    focusCanvasSoon();
  }
}

function stepAndForgetNote(step: () => void): void {
  step();
  // A note about the change just undone (or redone) no longer describes the network shown: "Restored the
  // version …", "Imported …". Errors stay until closed.
  if (store.getState().notice?.kind === 'info') store.getState().actions.notify(null);
}

/**
 * Undo or redo from a text editor (its Ctrl+Z): the same history as the toolbar's, with the focus and the
 * selection left where they are, since the editor's text shows the change. Refused (the notice says why)
 * when there is nothing to undo or redo.
 */
export function travelFromText(direction: 'undo' | 'redo'): void {
  const temporal = store.temporal.getState();
  const steps = direction === 'undo' ? temporal.pastStates : temporal.futureStates;
  if (steps.length === 0) return store.getState().actions.notify({ kind: 'refused', text: direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.' });
  stepAndForgetNote(direction === 'undo' ? temporal.undo : temporal.redo);
}

/**
 * Undo or redo. Parts it brings back (plugins of an undone delete or a redone paste, an IPAM detached and
 * undone) become the selection and the first gets the focus, so the next key acts on them; otherwise the
 * focus stays on its node, or goes to the canvas when that node is gone.
 */
function travel(step: () => void): void {
  const parts = (chain: Chain) => {
    const hasIpam = ipamFlags(chain);
    return chain.plugins.flatMap(({ id }, i): PartRef[] => [pluginRef(id), ...(hasIpam[i] ? [{ pluginId: id, part: 'ipam' as const }] : [])]);
  };
  const before = new Set(parts(store.getState().chain).map(nodeId));
  stepAndForgetNote(step);
  const back = parts(store.getState().chain).filter((ref) => !before.has(nodeId(ref)));
  if (back.length === 0) return keepFocusOnCanvas();
  // A plugin brought back with its IPAM is one part to act on: the plugin.
  const returned = back.filter((ref) => ref.part === 'plugin' || !back.some((r) => r.part === 'plugin' && r.pluginId === ref.pluginId));
  store.getState().actions.select(returned);
  focusSelection();
}

export function editActions(): Action[] {
  const temporal = () => store.temporal.getState();
  return [
    {
      id: 'edit.undo',
      title: 'Undo',
      group: 'Edit',
      keys: ['Mod+Z'],
      icon: Undo2,
      enabled: () => temporal().pastStates.length > 0 || 'Nothing to undo.',
      run: () => travel(() => temporal().undo()),
    },
    {
      id: 'edit.redo',
      title: 'Redo',
      group: 'Edit',
      keys: ['Mod+Shift+Z', 'Mod+Y'],
      icon: Redo2,
      enabled: () => temporal().futureStates.length > 0 || 'Nothing to redo.',
      run: () => travel(() => temporal().redo()),
    },
    {
      id: 'edit.copy',
      title: 'Copy the selected plugins as conflist JSON',
      label: 'Copy',
      group: 'Edit',
      keys: ['Mod+C'],
      keyScope: 'clipboard',
      icon: Copy,
      enabled: () => selectedIds().length > 0 || 'Select the plugins to copy on the canvas.',
      run: () => {
        const text = selectionText();
        const { notify } = store.getState().actions;
        if (text)
          void navigator.clipboard.writeText(text).then(
            () => notify({ kind: 'info', text: `Copied ${selectedIds().length} plugin${selectedIds().length > 1 ? 's' : ''} as conflist JSON.` }),
            () => notify({ kind: 'error', text: 'The browser refused clipboard access; press Ctrl+C on the canvas instead.' }),
          );
      },
    },
    {
      id: 'edit.paste',
      title: 'Paste plugins (conflist or plugin JSON)',
      label: 'Paste',
      group: 'Edit',
      keys: ['Mod+V'],
      keyScope: 'clipboard',
      icon: ClipboardPaste,
      run: () =>
        void navigator.clipboard.readText().then(pasteText, () =>
          store.getState().actions.notify({ kind: 'error', text: 'The browser refused to read the clipboard; press Ctrl+V on the canvas instead.' }),
        ),
    },
    {
      id: 'edit.duplicate',
      title: 'Duplicate the selected plugin',
      label: 'Duplicate',
      group: 'Edit',
      keys: ['Mod+D'],
      icon: CopyPlus,
      enabled: one('duplicate'),
      run: () => {
        store.getState().actions.duplicatePlugin(selectedIds()[0]!);
        focusSelection();
      },
    },
    { id: 'edit.move-left', title: 'Move the selected plugin earlier in the chain', label: 'Move left', group: 'Edit', keys: ['Alt+ArrowLeft'], icon: ArrowLeft, enabled: canMove(-1), run: () => move(-1) },
    { id: 'edit.move-right', title: 'Move the selected plugin later in the chain', label: 'Move right', group: 'Edit', keys: ['Alt+ArrowRight'], icon: ArrowRight, enabled: canMove(1), run: () => move(1) },
    {
      id: 'edit.delete',
      title: 'Delete the selection',
      label: 'Delete',
      group: 'Edit',
      keys: ['Delete', 'Backspace'],
      // Pressed in the problems list, the palette or a panel's buttons, it deleted the canvas selection unseen.
      keyScope: 'canvas',
      icon: Trash2,
      enabled: () => store.getState().selected.length > 0 || 'Select a plugin (or its IPAM) on the canvas to delete it.',
      run: deleteSelection,
    },
    {
      id: 'edit.select-all',
      title: 'Select every plugin',
      label: 'Select all',
      group: 'Edit',
      keys: ['Mod+A'],
      icon: ListChecks,
      enabled: () => store.getState().chain.plugins.length > 0 || 'The chain is empty.',
      run: () => store.getState().actions.select(pluginIds(store.getState().chain).map(pluginRef)),
    },
  ];
}
