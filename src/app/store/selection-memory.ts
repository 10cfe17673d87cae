// Which parts of the chain were selected, kept per tab (sessionStorage): a reload finds the same plugin
// selected and so its editor open, with what was typed in it (the text alone came back, behind "Select a
// plugin"). Another tab keeps its own selection. Restored once, for the parts still in the chain; and
// whenever the chain changes, a selected part it no longer has leaves the selection.
import { ipamOfConf, type Chain } from '../../core';
import type { AppStore, PartRef } from './state';

export const SELECTION_KEY = 'cni-studio.selected';
const MAX_TEXT = 100_000;

/** The stored selection, if it is one: a list of { pluginId, part } with part "plugin" or "ipam". */
export function readSelection(text: string | null): PartRef[] {
  if (text === null || text.length > MAX_TEXT) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter((r): r is PartRef => typeof r === 'object' && r !== null && typeof (r as PartRef).pluginId === 'string' && ((r as PartRef).part === 'plugin' || (r as PartRef).part === 'ipam'));
  } catch {
    return [];
  }
}

/** The parts of `refs` the chain still has: its plugins, and the IPAM of those that have one. */
export function partsPresent(chain: Chain, refs: readonly PartRef[]): PartRef[] {
  const confs = new Map(chain.plugins.map((p) => [p.id, p.conf]));
  return refs.filter((r) => confs.has(r.pluginId) && (r.part === 'plugin' || ipamOfConf(confs.get(r.pluginId)) !== undefined));
}

export function rememberSelection(store: AppStore, storage: Storage | undefined): void {
  if (!storage) return;
  let stored: PartRef[] = [];
  try {
    stored = readSelection(storage.getItem(SELECTION_KEY));
  } catch {
    // storage refused: nothing to restore
  }
  const { chain, selected, actions } = store.getState();
  const present = partsPresent(chain, stored);
  if (present.length > 0 && selected.length === 0) actions.select(present);
  store.subscribe((s, prev) => {
    // A part gone from the chain (another tab's delete or IPAM detach, an undo, a redo) leaves the selection.
    if (s.chain !== prev.chain) {
      const kept = partsPresent(s.chain, s.selected);
      if (kept.length !== s.selected.length) return s.actions.select(kept);
    }
    if (s.selected === prev.selected) return;
    try {
      storage.setItem(SELECTION_KEY, JSON.stringify(s.selected));
    } catch {
      // full or refused: the selection is simply not remembered
    }
  });
}
