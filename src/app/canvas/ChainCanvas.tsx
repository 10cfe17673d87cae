// The chain graph. Nodes and edges are a projection of the document; gestures become store actions.
// The view fits the chain on load, when a new document arrives and when the pane changes size (until
// the user pans or zooms: then resizes keep their view, and Fit brings the fitting back).
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Panel,
  ReactFlow,
  ViewportPortal,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import { nodeHasDimensions } from '@xyflow/system';
import '@xyflow/react/dist/style.css';
import { canAttachIpam, indexOfPlugin, typeOfConf, type Finding } from '../../core';
import { catalog } from '../catalog';
import { store, useActions, useApp, useFindings, useIds } from '../state';
import { buildGraph, ipamFlags, keepUnchanged, nodeId, reproject } from './graph';
import { selectedPluginIds, type PartRef } from '../store/store';
import { nodeTypes } from './nodes';
import { edgeTypes } from './edges';
import { useCanvasGesture } from './gesture';
import { ChainBackground } from './ChainBackground';
import { ChainMinimap } from './ChainMinimap';
import { chooseColumns, COMPACT_ZOOM, dropIndex, FIT_MIN_ZOOM, fitViewport, insertionMarker, layoutChain, moveMarker, NODE_WIDTH, nearestSlot, NO_INSETS, PLUGIN_HEIGHT, TURN_MARGIN, zoomToFit, type Insets, type Marker, type Size, type Viewport } from './layout';
import { isIpamDrag, PLUGIN_MIME } from './dnd';
import { Dialog } from '../components/Dialog';
import { useUnparsed } from '../store/use-unparsed';
import { CanvasBars, CanvasOverlays, useNodeMarks, useTeachingFocus } from '../canvas-marks';
import { LabStaleNote, useLabNodeStates } from '../lab/stale';
import { CanvasHeader } from './CanvasHeader';
import { EmptyCanvas } from './EmptyCanvas';
import { registerFit } from '../layout/workbench';
import './canvas.css';

/** The part a canvas node draws, from its data (never decoded from its id). */
const refOf = (node: Node | undefined): PartRef | undefined => (node?.data as { ref?: PartRef } | undefined)?.ref;

const ROLE_COLOR: Record<string, string> = { interface: '#1f6feb', ipam: '#8250df', chained: '#1a7f37', meta: '#bc4c00', unknown: '#6e7781' };

// The minimap sits in the bottom-right corner; when it is shown, Fit keeps the chain out of its column.
const MINIMAP = { width: 150, height: 100, margin: 12 };
const MINIMAP_INSETS: Insets = { ...NO_INSETS, right: MINIMAP.width + 2 * MINIMAP.margin };
// Made once: a new function on each render would rebuild the minimap's shapes on every render.
const minimapColor = (n: Node) => ROLE_COLOR[(n.data as { role?: string }).role ?? (n.type === 'ipam' ? 'ipam' : 'unknown')] ?? '#888';
const PRO_OPTIONS = { hideAttribution: true };
// The stale-text banner across the top.
const BANNER_INSET = 48;

const sameSize = (a: Size, b: Size) => a.width === b.width && a.height === b.height;

interface Props {
  colorMode: 'light' | 'dark';
  onAddPlugin: () => void;
  onTemplates: () => void;
}

const NO_FINDINGS: readonly Finding[] = [];

export function ChainCanvas({ colorMode, onAddPlugin, onTemplates }: Props) {
  const chain = useApp((s) => s.chain);
  const ids = useIds();
  const offsets = useApp((s) => s.offsets);
  const selected = useApp((s) => s.selected);
  // No badges until the validator has arrived (the Problems panel says it is checking).
  const findings = useFindings() ?? NO_FINDINGS;
  const actions = useActions();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const [pendingIpam, setPendingIpam] = useState<string | null>(null);
  // Editor text that is not strict JSON yet: the canvas shows the last valid state and says so.
  const unparsed = useUnparsed();
  const stale = useMemo(() => unparsed.map((u) => u.label), [unparsed]);

  // The pane's size decides how a long chain wraps.
  const pane = useRef<HTMLDivElement>(null);
  const [paneSize, setPaneSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    const measure = () => {
      const next = { width: Math.round(el.clientWidth), height: Math.round(el.clientHeight) };
      setPaneSize((prev) => (sameSize(prev, next) ? prev : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const hasIpam = useMemo(() => ipamFlags(chain), [chain]);
  const topInset = stale.length > 0 ? BANNER_INSET : 0;
  const { columns, overflow } = useMemo(() => {
    const base = { ...NO_INSETS, top: topInset };
    const c = chooseColumns(hasIpam, paneSize, base);
    if (zoomToFit(layoutChain(hasIpam, c), paneSize, base) >= FIT_MIN_ZOOM) return { columns: c, overflow: false };
    // Too long to show whole: the minimap comes, and the chain wraps clear of it.
    return { columns: chooseColumns(hasIpam, paneSize, { ...MINIMAP_INSETS, top: topInset }), overflow: true };
  }, [hasIpam, paneSize, topInset]);

  // Teaching (the preview's or the lab's replay): the plugin the step is about.
  const focus = useTeachingFocus();
  // Live lab: each plugin lights up as it runs (running, ok, failed); muted once the network changed.
  const { states: labStates, byContainer: labContainers, stale: labStale } = useLabNodeStates();
  // Teaching's step and review's changes, drawn on the nodes.
  const marks = useNodeMarks();
  // Parts that project as before keep their objects (keepUnchanged, reproject), so only what changed is
  // drawn again; React Flow's copies keep their measurements.
  const built = useMemo(() => buildGraph(chain, offsets, findings, catalog, selected, focus, labStates, marks, columns, labContainers), [chain, offsets, findings, selected, focus, labStates, marks, columns, labContainers]);
  const [kept, setKept] = useState({ built, graph: built });
  const [nodes, setNodes] = useState<Node[]>(built.nodes);
  const graph = kept.built === built ? kept.graph : keepUnchanged(kept.graph, built);
  if (kept.built !== built) {
    setKept({ built, graph });
    if (graph.nodes !== kept.graph.nodes) setNodes(reproject(kept.graph.nodes, graph.nodes, nodes));
  }

  // Far out, nodes draw their type large and drop details; the zoom is a CSS variable (no re-render).
  const compact = useStore((s) => s.transform[2] < COMPACT_ZOOM);
  useEffect(() => {
    const apply = (zoom: number) => pane.current?.style.setProperty('--zoom', String(zoom));
    apply(flowStore.getState().transform[2]);
    return flowStore.subscribe((s, prev) => {
      if (s.transform[2] !== prev.transform[2]) apply(s.transform[2]);
    });
  }, [flowStore]);

  // Fitting. `fitted`: the view is the fitted one (the user has not panned or zoomed since), so layout
  // and size changes refit it.
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
    [flow, topInset, wrapped],
  );
  const fitByHand = useCallback(() => fit(200), [fit]);
  const onZoom = useCallback(
    (dir: 1 | -1) => {
      fitted.current = false;
      void (dir > 0 ? flow.zoomIn({ duration: 150 }) : flow.zoomOut({ duration: 150 }));
    },
    [flow],
  );
  useEffect(() => {
    registerFit(fitByHand);
    return () => registerFit(undefined);
  }, [fitByHand]);

  // Whether every node is in the view after the user moved it (the minimap helps when not).
  const checkInView = useCallback(() => {
    const el = pane.current;
    const all = flow.getNodes();
    if (!el || all.length === 0) return setAllInView(true);
    const b = flow.getNodesBounds(all);
    const { x, y, zoom } = flow.getViewport();
    setAllInView(b.x * zoom + x >= 0 && b.y * zoom + y >= 0 && (b.x + b.width) * zoom + x <= el.clientWidth && (b.y + b.height) * zoom + y <= el.clientHeight);
  }, [flow]);

  // A whole new document (template, import, restore) shares no node with the previous one: fit it.
  // A plugin added out of sight of a view the user chose is brought into view.
  const shown = useRef<readonly string[]>(ids);
  const forceFit = useRef(true);
  useEffect(() => {
    const before = shown.current;
    shown.current = ids;
    if (ids.length === 0) return;
    const had = new Set(before);
    if (!ids.some((id) => had.has(id))) {
      forceFit.current = true;
      return;
    }
    const added = ids.findIndex((id) => !had.has(id));
    // Only then the pane's box: reading it lays out the whole canvas mid-update (40 ms at 500 plugins).
    if (added < 0 || fitted.current) return;
    const rect = pane.current?.getBoundingClientRect();
    if (!rect) return;
    const slot = graph.layout.slots[added];
    if (!slot) return;
    const { x, y, zoom } = flow.getViewport();
    const left = slot.x * zoom + x;
    const top = slot.y * zoom + y;
    const inside = left >= 0 && left + NODE_WIDTH * zoom <= rect.width && top >= 0 && top + PLUGIN_HEIGHT * zoom <= rect.height;
    if (!inside) void flow.setCenter(slot.x + NODE_WIDTH / 2, slot.y + PLUGIN_HEIGHT / 2, { zoom, duration: 150 });
  }, [ids, flow, graph.layout]);

  const layoutKey = `${columns}|${ids.join(',')}|${hasIpam.join(',')}|${paneSize.width}x${paneSize.height}|${topInset}`;

  // A new document's first fit comes in the update that first shows its nodes: React Flow shows a node once
  // its size is measured (its store, synchronously, before that frame is painted), while the measurements
  // reach this controlled flow's own state a task later. Fitting only then showed every load at zoom 1 for
  // a frame, cut off, before it jumped to the fitted view. That fit stands for its layout (`fittedEarly`).
  const fittedEarly = useRef<string | undefined>(undefined);
  useEffect(
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

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      const selection = changes.filter((c) => c.type === 'select');
      if (selection.length > 0) {
        // Node ids are the canvas library's keys; the part each node draws is in its data.
        const now = new Map(store.getState().selected.map((r) => [nodeId(r), r]));
        for (const c of selection) {
          if (c.type !== 'select') continue;
          const ref = refOf(flow.getNode(c.id));
          if (!ref) continue;
          if (c.selected) now.set(c.id, ref);
          else now.delete(c.id);
        }
        actions.select([...now.values()]);
      }
    },
    [actions, flow],
  );

  const gesture = useCanvasGesture();

  // Reordering by drag: the slot nearest the dragged node's centre is where it lands, shown by a marker.
  const [marker, setMarker] = useState<Marker | undefined>();
  const dragTarget = useCallback((node: Node) => nearestSlot(graph.layout, { x: node.position.x + NODE_WIDTH / 2, y: node.position.y + PLUGIN_HEIGHT / 2 }), [graph.layout]);
  const onNodeDrag = useCallback(
    (_e: unknown, node: Node) => {
      const ref = refOf(node);
      if (ref?.part !== 'plugin') return;
      const from = indexOfPlugin(store.getState().chain, ref.pluginId);
      setMarker(from < 0 ? undefined : moveMarker(graph.layout, from, dragTarget(node)));
    },
    [graph.layout, dragTarget],
  );

  const onNodeDragStop = useCallback(
    (_e: unknown, node: Node) => {
      setMarker(undefined);
      const ref = refOf(node);
      if (ref?.part !== 'plugin') return;
      const to = dragTarget(node);
      const slot = graph.layout.slots[to];
      const placement = actions.placePlugin(ref.pluginId, to, Math.round(node.position.y - (slot?.y ?? 0)));
      if (!placement.ok) setNodes(graph.nodes); // snap back
    },
    [actions, graph.nodes, graph.layout, dragTarget],
  );

  // While the user moves the view, each node is a layer of its own (canvas.css), so a pan moves pictures
  // instead of painting every node's text again each frame; set on the element, not in state, so no render.
  // Not for programmatic moves (no event): a drag's auto-pan moves the view a step per frame, each a start
  // and an end, and making and dropping every node's layer each time cost more than the steps themselves.
  const onMoveStart = useCallback((e: MouseEvent | TouchEvent | null) => {
    if (e) pane.current?.setAttribute('data-moving', '');
  }, []);
  const onMoveEnd = useCallback(
    (e: MouseEvent | TouchEvent | null, viewport: Viewport) => {
      pane.current?.removeAttribute('data-moving');
      // Programmatic moves have no event. A press on the pane reports a move that moved nothing:
      // only a view the user really panned or zoomed stops being the fitted one.
      if (!e) return;
      const f = fittedViewport.current;
      if (!f || Math.abs(f.x - viewport.x) > 0.5 || Math.abs(f.y - viewport.y) > 0.5 || Math.abs(f.zoom - viewport.zoom) > 1e-3) fitted.current = false;
      checkInView();
    },
    [checkInView],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      // Drawing an edge A → B means "B runs right after A".
      const s = store.getState();
      const source = refOf(flow.getNode(c.source));
      const target = refOf(flow.getNode(c.target));
      if (source?.part !== 'plugin' || target?.part !== 'plugin' || c.sourceHandle === 'ipam') return;
      const from = indexOfPlugin(s.chain, source.pluginId);
      const to = indexOfPlugin(s.chain, target.pluginId);
      if (from < 0 || to < 0) return;
      // Removing the target first shifts the source left when the target stood before it.
      actions.movePlugin(target.pluginId, to > from ? from + 1 : from);
    },
    [actions, flow],
  );

  const onNodesDelete = useCallback(
    (deleted: Node[]) => {
      const refs = deleted.map(refOf).filter((r): r is PartRef => r !== undefined);
      const plugins = selectedPluginIds(refs);
      for (const r of refs) if (r.part === 'ipam' && !plugins.includes(r.pluginId)) actions.detachIpam(r.pluginId);
      if (plugins.length > 0) actions.removePlugins(plugins);
    },
    [actions],
  );

  // A plugin dragged from the palette: the marker shows where it will be spliced in (IPAM plugins
  // attach to a plugin instead, so they get none).
  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(PLUGIN_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      if (isIpamDrag(e.dataTransfer)) return setMarker(undefined);
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const order = graph.layout.slots.map((_, i) => i);
      setMarker(insertionMarker(graph.layout, order, dropIndex(graph.layout, at)));
    },
    [flow, graph.layout],
  );
  const onDragLeave = useCallback((e: DragEvent) => {
    if (!(e.relatedTarget instanceof globalThis.Node) || !e.currentTarget.contains(e.relatedTarget)) setMarker(undefined);
  }, []);
  useEffect(() => {
    const clear = () => setMarker(undefined);
    window.addEventListener('dragend', clear);
    return () => window.removeEventListener('dragend', clear);
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      setMarker(undefined);
      const type = e.dataTransfer.getData(PLUGIN_MIME);
      if (!type) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const entry = catalog.get(type);
      if (entry?.role === 'ipam') {
        // Dropped on (or near) a plugin: attach to it; elsewhere: ask which plugin.
        const hit = flow.getIntersectingNodes({ x: at.x - 20, y: at.y - 20, width: 40, height: 40 }).map(refOf).find((r) => r !== undefined);
        if (hit) actions.attachIpam(hit.pluginId, type);
        else setPendingIpam(type);
        return;
      }
      actions.addPlugin(type, dropIndex(graph.layout, at));
    },
    [actions, flow, graph.layout],
  );

  const candidates = pendingIpam
    ? chain.plugins.map((p, index) => ({ id: p.id, index, type: typeOfConf(p.conf) })).filter((c) => canAttachIpam(chain, catalog, c.index, pendingIpam).ok)
    : [];
  const showMinimap = ids.length > 0 && (overflow || !allInView);

  return (
    <div className={`canvas${stale.length ? ' stale' : ''}${compact ? ' compact' : ''}`} id="canvas" tabIndex={-1} role="region" aria-label="Chain canvas" data-testid="canvas" data-stale={stale.length > 0}>
      <CanvasHeader count={ids.length} onZoom={onZoom} />
      <CanvasBars />
      <div className="canvas-pane" ref={pane} data-testid="canvas-pane" onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop} onPointerDownCapture={gesture.start} onPointerMove={gesture.claim}>
        <ReactFlow
          nodes={nodes}
          edges={graph.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onNodesDelete={onNodesDelete}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          // Delete and Backspace are the registered "Delete the selection" action (it also moves focus).
          deleteKeyCode={null}
          colorMode={colorMode}
          minZoom={0.1}
          // Culling off-screen nodes pays off only for big chains; small ones stay fully in the DOM.
          onlyRenderVisibleElements={nodes.length > 60}
          proOptions={PRO_OPTIONS}
        >
          <ChainBackground gap={24} />
          {showMinimap && (
            <ChainMinimap width={MINIMAP.width} height={MINIMAP.height} margin={MINIMAP.margin} ariaLabel="Minimap of the chain" colorOf={minimapColor} />
          )}
          {marker && (
            <ViewportPortal>
              <div className="insertion-marker" data-testid="insertion-marker" style={{ transform: `translate(${marker.x - 2}px, ${marker.y - 8}px)`, height: marker.height + 16 }} />
            </ViewportPortal>
          )}
          <CanvasOverlays />
          <LabStaleNote shown={labStale && labStates.size > 0} />
          {stale.length > 0 && (
            <Panel position="top-left" className="canvas-stale" data-testid="stale-banner">
              The editor text of {stale.join(' and ')} does not parse yet: the canvas shows the last valid state.
            </Panel>
          )}
        </ReactFlow>
        {ids.length === 0 && <EmptyCanvas onAddPlugin={onAddPlugin} onTemplates={onTemplates} />}
      </div>
      {pendingIpam && (
        <Dialog title={`Attach ${pendingIpam} to…`} onClose={() => setPendingIpam(null)} testId="attach-ipam">
          {candidates.length === 0 ? (
            <p>No plugin in the chain takes an IPAM delegate yet. Add an interface plugin (bridge, ptp, macvlan…) first.</p>
          ) : (
            <ul className="choice-list">
              {candidates.map((c) => (
                <li key={c.id}>
                  <button
                    onClick={() => {
                      actions.attachIpam(c.id, pendingIpam);
                      setPendingIpam(null);
                    }}
                  >
                    {c.index + 1}. {c.type}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Dialog>
      )}
    </div>
  );
}
