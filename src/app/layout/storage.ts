// Panel sizes as react-resizable-panels reads them back: a saved layout is taken only when it is what the
// library wrote (an object of panel ids to finite percentages); anything else (another app's value, a hand
// edit, a truncated write) is dropped, so the workbench opens at its defaults instead of failing.
import type { LayoutStorage } from 'react-resizable-panels';

/** Whether a stored text is a layout: `{"panel-id": percent, …}` with every percent in 0–100. */
export function isStoredLayout(text: string): boolean {
  if (text.length > 10_000) return false;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    return entries.length > 0 && entries.every(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100);
  } catch {
    return false;
  }
}

/** localStorage behind a check of what it returns (undefined without localStorage). */
export function layoutStorage(storage: Storage | undefined): LayoutStorage | undefined {
  if (!storage) return undefined;
  return {
    getItem(key) {
      try {
        const text = storage.getItem(key);
        return text !== null && isStoredLayout(text) ? text : null;
      } catch {
        return null;
      }
    },
    setItem(key, value) {
      try {
        storage.setItem(key, value);
      } catch {
        // Full or refused: the layout is simply not remembered.
      }
    },
  };
}
