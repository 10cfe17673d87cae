// The canvas pane's size (whole pixels, kept as it resizes: it decides how a long chain wraps) and the
// view's zoom as a CSS variable on it (far out, nodes draw their type large; no re-render per zoom step).
import { useEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useStoreApi } from '@xyflow/react';
import type { Size } from './layout';

const sameSize = (a: Size, b: Size) => a.width === b.width && a.height === b.height;

export function usePaneSize(pane: RefObject<HTMLDivElement | null>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    // Measured when the browser reports the pane's box (after layout, before the frame is painted), never at
    // commit: then the workbench's panels have not settled, and on a narrow window the canvas was drawn for a
    // 138 px pane, then redrawn for its real 330 px a frame later. The first size is drawn in that same frame.
    let first = true;
    const measure = () => {
      const next = { width: Math.round(el.clientWidth), height: Math.round(el.clientHeight) };
      const update = () => setSize((prev) => (sameSize(prev, next) ? prev : next));
      if (first) flushSync(update);
      else update();
      first = false;
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [pane]);
  return size;
}

export function useZoomVariable(pane: RefObject<HTMLDivElement | null>): void {
  const flowStore = useStoreApi();
  useEffect(() => {
    const apply = (zoom: number) => pane.current?.style.setProperty('--zoom', String(zoom));
    apply(flowStore.getState().transform[2]);
    return flowStore.subscribe((s, prev) => {
      if (s.transform[2] !== prev.transform[2]) apply(s.transform[2]);
    });
  }, [flowStore, pane]);
}
