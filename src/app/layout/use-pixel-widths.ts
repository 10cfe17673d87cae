// The palette's and the side panel's widths as the user set them, in pixels. A window too narrow for them
// squeezes them (the library keeps every panel's minimum, and below that collapses one); widened again,
// they come back to these widths, and what is saved is these widths, not the squeezed ones. A window that
// went down to 760 px and back used to leave the palette and side panel that narrow, or the palette
// collapsed, for good, across reloads.
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { GroupImperativeHandle, Layout, LayoutChangedMeta } from 'react-resizable-panels';
import { pixelsOf, withPixels, type PixelPanels } from './storage';

/** Narrower than this, a panel is its collapsed strip (the palette opens at 180 px at least, the side panel at 260). */
const OPEN_MIN_PX = 100;
/** Layout changes this soon after a window resize are the window's doing (the library fitting the panels), not the user's. */
const FORCED_MS = 500;

/** The widths of panels that are open (wider than a strip). */
function openWidths(pixels: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pixels).filter(([, w]) => w >= OPEN_MIN_PX));
}

/** The panels at their strip. */
const atStrip = (pixels: Record<string, number>): Set<string> => new Set(Object.keys(pixels).filter((id) => pixels[id]! < OPEN_MIN_PX));

export function usePixelWidths(
  group: RefObject<GroupImperativeHandle | null>,
  fixed: PixelPanels,
  savedLayout: Layout | undefined,
  save: (layout: Layout, meta: LayoutChangedMeta) => void,
  width: () => number,
): (layout: Layout, meta: LayoutChangedMeta) => void {
  // From what was saved (before the library fitted it to this window), else the first layout drawn; a panel
  // saved collapsed has no open width to keep yet (it takes the one it opens at).
  const saved = savedLayout ? pixelsOf(savedLayout, width(), fixed) : undefined;
  const wanted = useRef<Record<string, number> | undefined>(saved ? openWidths(saved) : undefined);
  // The panels the user has collapsed (a toggle, a drag): a window too narrow may collapse one too, but
  // that one opens again when there is room.
  const collapsed = useRef<Set<string>>(saved ? atStrip(saved) : new Set());
  const resizedAt = useRef(-Infinity);

  const target = useCallback(
    (layout: Layout, px: number): Layout => {
      const now = pixelsOf(layout, px, fixed);
      const keep = Object.fromEntries(Object.entries(wanted.current ?? now).filter(([id]) => !collapsed.current.has(id)));
      return withPixels(layout, { ...now, ...keep }, px, fixed);
    },
    [fixed],
  );

  useEffect(() => {
    const onResize = () => {
      resizedAt.current = performance.now();
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
      const now = pixelsOf(layout, px, fixed);
      const forced = !meta.isUserInteraction && performance.now() - resizedAt.current < FORCED_MS;
      if (!forced) collapsed.current = atStrip(now);
      // A separator dragged or moved by keys: these are the widths wanted now (a panel dragged shut to its
      // strip keeps the width it had, for when it opens again).
      if (meta.isUserInteraction || wanted.current === undefined) wanted.current = { ...wanted.current, ...openWidths(now) };
      save(target(layout, px), meta);
    },
    [fixed, save, target, width],
  );
}
