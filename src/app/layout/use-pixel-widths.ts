// The palette's and the side panel's widths as the user set them, in pixels. A window too narrow for them
// squeezes them (the library keeps every panel's minimum); widened again, they come back to these widths,
// and what is saved is these widths, not the squeezed ones. A window that went down to 760 px and back used
// to leave the palette and side panel that narrow for good, across reloads.
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { GroupImperativeHandle, Layout, LayoutChangedMeta } from 'react-resizable-panels';
import { pixelsOf, withPixels, type PixelPanels } from './storage';

/** Narrower than this, a panel is its collapsed strip (the palette opens at 180 px at least, the side panel at 260). */
const OPEN_MIN_PX = 100;

/** The widths of panels that are open (not collapsed, and wider than a strip). */
function openWidths(pixels: Record<string, number>, collapsed: readonly string[] = []): Record<string, number> {
  return Object.fromEntries(Object.entries(pixels).filter(([id, w]) => !collapsed.includes(id) && w >= OPEN_MIN_PX));
}

export function usePixelWidths(
  group: RefObject<GroupImperativeHandle | null>,
  fixed: PixelPanels,
  /** The panels collapsed to a strip now: they keep their strip, whatever they were before. */
  collapsedNow: () => readonly string[],
  savedLayout: Layout | undefined,
  save: (layout: Layout, meta: LayoutChangedMeta) => void,
  width: () => number,
): (layout: Layout, meta: LayoutChangedMeta) => void {
  // From what was saved (before the library fitted it to this window), else the first layout drawn; a panel
  // saved collapsed has no open width to keep yet (it takes the one it opens at).
  const wanted = useRef<Record<string, number> | undefined>(savedLayout ? openWidths(pixelsOf(savedLayout, width(), fixed)) : undefined);
  const target = useCallback(
    (layout: Layout, px: number): Layout => {
      // A panel at its strip (collapsed, whatever the store says yet) keeps it.
      const now = pixelsOf(layout, px, fixed);
      const open = openWidths(now, collapsedNow());
      const keep = Object.fromEntries(Object.entries(wanted.current ?? now).filter(([id]) => id in open));
      return withPixels(layout, { ...now, ...keep }, px, fixed);
    },
    [collapsedNow, fixed],
  );

  useEffect(() => {
    const onResize = () => {
      const g = group.current;
      const now = width();
      if (g && now > 0) g.setLayout(target(g.getLayout(), now));
    };
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [group, target, width]);

  return useCallback(
    (layout: Layout, meta: LayoutChangedMeta) => {
      const px = width();
      // A separator dragged or moved by keys: these are the widths wanted now (a panel dragged shut to its
      // strip keeps the width it had, for when it opens again).
      if (meta.isUserInteraction || wanted.current === undefined) {
        const collapsed = collapsedNow();
        const open = openWidths(pixelsOf(layout, px, fixed), collapsed);
        wanted.current = { ...wanted.current, ...open };
      }
      save(target(layout, px), meta);
    },
    [collapsedNow, fixed, save, target, width],
  );
}
