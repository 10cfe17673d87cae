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

/**
 * localStorage behind a check of what it returns (undefined without localStorage). With `pixels`, the
 * width the layout was saved at is kept beside it (`<key>.px`), and a layout read back at another width
 * keeps those panels' pixels (`keepPixels`).
 */
export function layoutStorage(storage: Storage | undefined, pixels?: PixelPanels & { width: () => number }): LayoutStorage | undefined {
  if (!storage) return undefined;
  return {
    getItem(key) {
      try {
        const text = storage.getItem(key);
        if (text === null || !isStoredLayout(text)) return null;
        const savedAt = pixels ? Number(storage.getItem(`${key}.px`)) : NaN;
        return pixels && savedAt > 0 ? JSON.stringify(keepPixels(JSON.parse(text) as Record<string, number>, savedAt, pixels.width(), pixels)) : text;
      } catch {
        return null;
      }
    },
    setItem(key, value) {
      try {
        storage.setItem(key, value);
        if (pixels) storage.setItem(`${key}.px`, String(pixels.width()));
      } catch {
        // Full or refused: the layout is simply not remembered.
      }
    },
  };
}

/** Panels that keep their width in pixels when the window's width changes; the rest takes what they leave. */
export interface PixelPanels {
  panels: readonly string[];
  rest: string;
}

/**
 * A layout of percentages made at `fromPx` wide, for `toPx`: the `panels` keep their pixels (a palette of
 * 232 px stays 232 px), each at most `max` percent, and `rest` gets the remainder. Laid out at 900 px and
 * reopened at 1280, the palette and side panel otherwise grew with the window and squeezed the canvas.
 */
export function keepPixels(layout: Readonly<Record<string, number>>, fromPx: number, toPx: number, fixed: PixelPanels, max = 45): Record<string, number> {
  if (!(fromPx > 0) || !(toPx > 0) || fromPx === toPx || !(fixed.rest in layout)) return { ...layout };
  return withPixels(layout, pixelsOf(layout, fromPx, fixed), toPx, fixed, max);
}

/** The pixel widths of the `panels` in a layout of percentages `width` pixels wide. */
export function pixelsOf(layout: Readonly<Record<string, number>>, width: number, { panels }: PixelPanels): Record<string, number> {
  return Object.fromEntries(panels.filter((id) => id in layout).map((id) => [id, (layout[id]! * width) / 100]));
}

/** A layout `toPx` wide in which the `panels` have the widths `pixels` (each at most `max` percent) and `rest` the remainder. */
export function withPixels(layout: Readonly<Record<string, number>>, pixels: Readonly<Record<string, number>>, toPx: number, { panels, rest }: PixelPanels, max = 45): Record<string, number> {
  if (!(toPx > 0) || !(rest in layout)) return { ...layout };
  const out: Record<string, number> = { ...layout };
  let used = 0;
  for (const id of Object.keys(layout)) {
    if (id === rest) continue;
    if (panels.includes(id) && pixels[id] !== undefined) out[id] = Math.min(max, (pixels[id]! / toPx) * 100);
    used += out[id]!;
  }
  out[rest] = Math.max(0, 100 - used);
  return out;
}
