// Fitting the view to the chain: on load, when a new document arrives and when the layout or the pane
// changes, as long as the view is the fitted one (the user has not panned or zoomed since: then resizes
// keep their view, and Fit, registered for the workbench, brings the fitting back). A plugin added out of
// sight of a view the user chose is brought into view; the minimap is due when not every node is in view.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useNodesInitialized, useReactFlow, useStoreApi } from '@xyflow/react';
import { nodeHasDimensions } from '@xyflow/system';
import { registerFit } from '../layout/workbench';
import { FIT_MIN_ZOOM, fitViewport, MINIMAP_INSETS, NO_INSETS, NODE_WIDTH, PLUGIN_HEIGHT, TURN_MARGIN, zoomToFit, type ChainLayout, type Size, type Viewport } from './layout';

/** A zoom button's step (React Flow's zoomIn and zoomOut use the same) and its animation. */
const ZOOM_STEP = 1.2;
const ZOOM_MS = 150;

interface FitInputs {
  pane: RefObject<HTMLDivElement | null>;
  /** The plugins' ids, in chain order. */
  ids: readonly string[];
  layout: ChainLayout;
  columns: number;
  hasIpam: readonly boolean[];
  paneSize: Size;
  /** Room kept at the top (the stale-text banner). */
  topInset: number;
}

export interface Fitting {
  /** Whether every node is in the view (the minimap helps when not). */
  allInView: boolean;
  /** The header's zoom buttons: the view stops being the fitted one. */
  onZoom: (dir: 1 | -1) => void;
  onMoveEnd: (e: MouseEvent | TouchEvent | null, viewport: Viewport) => void;
}

/** Whether `ids` share no node with `before`: a whole new document (template, import, restore). */
function isNewDocument(before: readonly string[], ids: readonly string[]): boolean {
  const had = new Set(before);
  return ids.length > 0 && !ids.some((id) => had.has(id));
}

export function useFit({ pane, ids, layout, columns, hasIpam, paneSize, topInset }: FitInputs): Fitting {
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  // `fitted`: the view is the fitted one, so layout and size changes refit it.
  const fitted = useRef(true);
  const wrapped = columns < ids.length;
  const fittedViewport = useRef<Viewport | undefined>(undefined);
  const [allInView, setAllInView] = useState(true);
  const fit = useCallback(
    (duration = 0) => {
      const el = pane.current;
      const all = flow.getNodes();
      if (!el || all.length === 0) return;
      const nodeBounds = flow.getNodesBounds(all);
      // A wrapped chain's edges from row to row curve out past the nodes' sides, their label on the curve.
      const bounds = wrapped ? { ...nodeBounds, x: nodeBounds.x - TURN_MARGIN, width: nodeBounds.width + 2 * TURN_MARGIN } : nodeBounds;
      const size = { width: el.clientWidth, height: el.clientHeight };
      const tooLong = zoomToFit(bounds, size, { ...NO_INSETS, top: topInset }) < FIT_MIN_ZOOM;
      fitted.current = true;
      setAllInView(!tooLong);
      const viewport = fitViewport(bounds, size, { ...(tooLong ? MINIMAP_INSETS : NO_INSETS), top: topInset });
      fittedViewport.current = viewport;
      void flow.setViewport(viewport, duration ? { duration } : undefined);
    },
    [flow, pane, topInset, wrapped],
  );
  const fitByHand = useCallback(() => fit(200), [fit]);
  // Each click of a zoom button is a step of 1.2 from where the last click was going: React Flow's own
  // zoomIn scales the view as it stands, so a click during the last one's 150 ms animation stepped from
  // part way and quick clicks zoomed less than they said.
  const zoomTarget = useRef<{ zoom: number; until: number } | undefined>(undefined);
  const onZoom = useCallback(
    (dir: 1 | -1) => {
      fitted.current = false;
      const now = performance.now();
      const going = zoomTarget.current && zoomTarget.current.until > now ? zoomTarget.current.zoom : flow.getZoom();
      const { minZoom, maxZoom } = flowStore.getState();
      const zoom = Math.min(maxZoom, Math.max(minZoom, going * (dir > 0 ? ZOOM_STEP : 1 / ZOOM_STEP)));
      zoomTarget.current = { zoom, until: now + ZOOM_MS };
      void flow.zoomTo(zoom, { duration: ZOOM_MS });
    },
    [flow, flowStore],
  );
  useEffect(() => {
    registerFit(fitByHand);
    return () => registerFit(undefined);
  }, [fitByHand]);

  // Whether every node is in the view after the user moved it.
  const checkInView = useCallback(() => {
    const el = pane.current;
    const all = flow.getNodes();
    if (!el || all.length === 0) return setAllInView(true);
    const b = flow.getNodesBounds(all);
    const { x, y, zoom } = flow.getViewport();
    setAllInView(b.x * zoom + x >= 0 && b.y * zoom + y >= 0 && (b.x + b.width) * zoom + x <= el.clientWidth && (b.y + b.height) * zoom + y <= el.clientHeight);
  }, [flow, pane]);

  // A whole new document (template, import, restore) shares no node with the previous one: fit it. Due in a
  // layout effect: React Flow takes the new nodes into its store in a passive effect (a child's, so run before
  // this component's), and nodes that carry their size (handles.ts) show at once, so the fit must be due by
  // then; due later, a frame showed the new nodes at the old view.
  const forceFit = useRef(true);
  const shownForFit = useRef<readonly string[]>(ids);
  useLayoutEffect(() => {
    if (isNewDocument(shownForFit.current, ids)) forceFit.current = true;
    shownForFit.current = ids;
  }, [ids]);
  // A plugin added out of sight of a view the user chose is brought into view.
  const shown = useRef<readonly string[]>(ids);
  useEffect(() => {
    const before = shown.current;
    shown.current = ids;
    // A new document: fitted (above).
    if (ids.length === 0 || isNewDocument(before, ids)) return;
    const had = new Set(before);
    const added = ids.findIndex((id) => !had.has(id));
    // Only then the pane's box: reading it lays out the whole canvas mid-update (40 ms at 500 plugins).
    if (added < 0 || fitted.current) return;
    const rect = pane.current?.getBoundingClientRect();
    if (!rect) return;
    const slot = layout.slots[added];
    if (!slot) return;
    const { x, y, zoom } = flow.getViewport();
    const left = slot.x * zoom + x;
    const top = slot.y * zoom + y;
    const inside = left >= 0 && left + NODE_WIDTH * zoom <= rect.width && top >= 0 && top + PLUGIN_HEIGHT * zoom <= rect.height;
    if (!inside) void flow.setCenter(slot.x + NODE_WIDTH / 2, slot.y + PLUGIN_HEIGHT / 2, { zoom, duration: 150 });
  }, [ids, flow, layout, pane]);

  const layoutKey = `${columns}|${ids.join(',')}|${hasIpam.join(',')}|${paneSize.width}x${paneSize.height}|${topInset}`;

  // A new document's first fit comes in the update that first shows its nodes: React Flow shows a node once
  // its size is measured (its store, synchronously, before that frame is painted), while the measurements
  // reach this controlled flow's own state a task later. Fitting only then showed every load at zoom 1 for
  // a frame, cut off, before it jumped to the fitted view. That fit stands for its layout (`fittedEarly`).
  const fittedEarly = useRef<string | undefined>(undefined);
  // A layout effect, as the one above: this update's subscriber (its layout, its fit) must be the one React
  // Flow's store calls when it takes the new nodes.
  useLayoutEffect(
    () =>
      flowStore.subscribe((s) => {
        if (!forceFit.current || paneSize.width === 0 || s.nodeLookup.size === 0) return;
        for (const n of s.nodeLookup.values()) if (!nodeHasDimensions(n)) return;
        forceFit.current = false;
        fittedEarly.current = layoutKey;
        fit();
      }),
    [flowStore, fit, paneSize.width, layoutKey],
  );

  // Once the nodes are measured after a change of document, layout or pane size: refit if due.
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (!initialized || paneSize.width === 0 || !(forceFit.current || fitted.current)) return;
    // Fitted already when its nodes were first shown: fitting again once they are re-measured (a far zoom
    // draws them compact) would move the view a second time.
    if (fittedEarly.current === layoutKey) return;
    fittedEarly.current = undefined;
    // A due fit stays due until it runs (a newer change may cancel this frame).
    const frame = requestAnimationFrame(() => {
      forceFit.current = false;
      fit();
    });
    return () => cancelAnimationFrame(frame);
  }, [initialized, layoutKey, fit, paneSize.width]);

  const onMoveEnd = useCallback(
    (e: MouseEvent | TouchEvent | null, viewport: Viewport) => {
      // Programmatic moves have no event. A press on the pane reports a move that moved nothing:
      // only a view the user really panned or zoomed stops being the fitted one.
      if (!e) return;
      const f = fittedViewport.current;
      if (!f || Math.abs(f.x - viewport.x) > 0.5 || Math.abs(f.y - viewport.y) > 0.5 || Math.abs(f.zoom - viewport.zoom) > 1e-3) fitted.current = false;
      checkInView();
    },
    [checkInView],
  );

  return { allInView, onZoom, onMoveEnd };
}
