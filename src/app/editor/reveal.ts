// "Show me where": a click on a problem asks the plugin's editor to put its cursor on the finding's place.
// A request, not state: each click is one (a counter tells two clicks on one finding apart), and the editor
// answers it once it shows that plugin, whether it was open already or loads on the click.
import { useSyncExternalStore } from 'react';

export interface RevealRequest {
  pluginId: string;
  /** Where, inside the plugin ("/ipam/addresses/1/address"); '' is the plugin itself. */
  pointer: string;
  /** The same place in the whole list ("/plugins/3/ipam/…"), for the Whole conflist tab. */
  documentPointer: string;
  /** The key rather than its value (an unknown key's finding). */
  target?: 'key' | 'value';
  /** Tells this request from an earlier one for the same place. */
  n: number;
}

let current: RevealRequest | undefined;
let count = 0;
const listeners = new Set<() => void>();

/** Asks the editor of `pluginId` to reveal `documentPointer` (a pointer into the list, "/plugins/3/…"). */
export function requestReveal(pluginId: string, documentPointer: string, target?: 'key' | 'value'): void {
  current = { pluginId, pointer: documentPointer.replace(/^\/plugins\/\d+/, ''), documentPointer, ...(target ? { target } : {}), n: ++count };
  for (const l of listeners) l();
}

/** The editor did what request `n` asked: it is not asked again when the plugin is shown later. */
export function revealAnswered(n: number): void {
  if (current?.n !== n) return;
  current = undefined;
  for (const l of listeners) l();
}

export function useRevealRequest(): RevealRequest | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
