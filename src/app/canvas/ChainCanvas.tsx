// The chain graph. Nodes and edges are a projection of the document; gestures become store actions.
// Fitting the view is use-fit.ts's, drops and reordering by drag use-chain-drops.ts's, the pane's size and
// the zoom variable use-pane.ts's.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Panel, ReactFlow, ViewportPortal, applyNodeChanges, useReactFlow, useStore, type Connection, type Node, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { canAttachIpam, indexOfPlugin, pluginIds, typeOfConf, type Finding } from '../../core';
import { catalog } from '../catalog';
import { store, useActions, useApp, useFindings } from '../state';
import { buildGraph, ipamFlags, keepUnchanged, nodeId, refOf, reproject, type Graph } from './graph';
import { selectedPluginIds, type PartRef } from '../store/store';
import { nodeTypes } from './nodes';
import { useArmedAutoPan } from './use-auto-pan';
import { edgeTypes } from './edges';
import { useCanvasGesture } from './gesture';
import { ChainBackground } from './ChainBackground';
import { ChainMinimap } from './ChainMinimap';
import { COMPACT_ZOOM, layoutChain, MINIMAP, OVERVIEW_ZOOM, wrapChain } from './layout';
import { usePaneSize, useZoomVariable } from './use-pane';
import { useFit } from './use-fit';
import { useChainDrops } from './use-chain-drops';
import { Dialog } from '../components/Dialog';
import { useUnparsed } from '../store/use-unparsed';
import { notInYet } from '../store/unparsed';
import { CanvasBars, CanvasOverlays, useNodeMarks, useTeachingFocus } from '../canvas-marks';
import { LabStaleNote, useLabNodeStates } from '../lab/stale';
import { CanvasHeader } from './CanvasHeader';
import { EmptyCanvas } from './EmptyCanvas';
import { keepFocusOffLeavingNodes } from '../actions/focus';
import { useAfterPaint } from '../after-paint';
import './canvas.css';

const ROLE_COLOR: Record<string, string> = { interface: '#1f6feb', ipam: '#8250df', chained: '#1a7f37', meta: '#bc4c00', unknown: '#6e7781' };

// Made once: a new function on each render would rebuild the minimap's shapes on every render.
const minimapColor = (n: Node) => ROLE_COLOR[(n.data as { role?: string }).role ?? (n.type === 'ipam' ? 'ipam' : 'unknown')] ?? '#888';
// The stale-text banner across the top.
const BANNER_INSET = 48;

interface Props {
  colorMode: 'light' | 'dark';
  onAddPlugin: () => void;
  onTemplates: () => void;
}

const NO_FINDINGS: readonly Finding[] = [];
const UNMEASURED: Graph = { nodes: [], edges: [], layout: layoutChain([], 1) };

export const ChainCanvas = memo(function ChainCanvas({ colorMode, onAddPlugin, onTemplates }: Props) {
  // The document as the canvas draws it: a change is drawn a frame after the gesture that made it, so the
  // frame of a drop or a key press does not also carry the canvas (at 500 plugins, two vsyncs instead of one).
  // One value, so the chain, its offsets and its findings are always drawn together.
  const liveChain = useApp((s) => s.chain);
  const liveOffsets = useApp((s) => s.offsets);
  // No badges until the validator has arrived (the Problems panel says it is checking).
  const liveFindings = useFindings() ?? NO_FINDINGS;
  const live = useMemo(() => ({ chain: liveChain, offsets: liveOffsets, findings: liveFindings }), [liveChain, liveOffsets, liveFindings]);
  const { chain, offsets, findings } = useAfterPaint(live);
  const ids = pluginIds(chain);
  const selected = useApp((s) => s.selected);
  const actions = useActions();
  const flow = useReactFlow();
  const [pendingIpam, setPendingIpam] = useState<string | null>(null);
  // Editor text that is not strict JSON yet: the canvas shows the last valid state and says so.
  const unparsed = useUnparsed();
  const stale = useMemo(() => unparsed.map((u) => u.label), [unparsed]);

  // The pane's size decides how a long chain wraps.
  const pane = useRef<HTMLDivElement>(null);
  const paneSize = usePaneSize(pane);

  const hasIpam = useMemo(() => ipamFlags(chain), [chain]);
  const topInset = stale.length > 0 ? BANNER_INSET : 0;
  const { columns, overflow } = useMemo(() => wrapChain(hasIpam, paneSize, topInset), [hasIpam, paneSize, topInset]);

  // Teaching (the preview's or the lab's replay): the plugin the step is about.
  const focus = useTeachingFocus();
  // Live lab: each plugin lights up as it runs (running, ok, failed); muted once the network changed.
  const { states: labStates, byContainer: labContainers, stale: labStale } = useLabNodeStates();
  // Teaching's step and review's changes, drawn on the nodes.
  const marks = useNodeMarks();
  // Parts that project as before keep their objects (keepUnchanged, reproject), so only what changed is
  // drawn again; React Flow's copies keep their measurements.
  // Nothing is drawn before the pane is measured (after the first commit): how the chain wraps depends on
  // its size, and drawing it at 0×0 first built and rendered every node twice before the first paint.
  const measured = paneSize.width > 0 && paneSize.height > 0;
  const built = useMemo(
    () => (measured ? buildGraph(chain, offsets, findings, catalog, selected, focus, labStates, marks, columns, labContainers, labStale) : UNMEASURED),
    [measured, chain, offsets, findings, selected, focus, labStates, marks, columns, labContainers, labStale],
  );
  const [kept, setKept] = useState({ built, graph: built });
  const [nodes, setNodes] = useState<Node[]>(built.nodes);
  const graph = kept.built === built ? kept.graph : keepUnchanged(kept.graph, built);
  if (kept.built !== built) {
    setKept({ built, graph });
    if (graph.nodes !== kept.graph.nodes) setNodes(reproject(kept.graph.nodes, graph.nodes, nodes));
  }

  // Far out, nodes draw their type large and drop details; further out, only blocks (an overview). The zoom
  // is a CSS variable (no re-render).
  const compact = useStore((s) => s.transform[2] < COMPACT_ZOOM);
  const overview = useStore((s) => s.transform[2] < OVERVIEW_ZOOM);
  useZoomVariable(pane);
  const { allInView, onZoom, onMoveEnd } = useFit({ pane, ids, layout: graph.layout, columns, hasIpam, paneSize, topInset });

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

  // A node reached with the keyboard (Tab) is the selection, as a row in a list would be, so Delete and
  // Alt+arrows act on it at once; one already in a multi-selection leaves it as it is. A click selects
  // through React Flow (its focus is not :focus-visible), Shift+click adding to the selection.
  const onFocusNode = useCallback(
    (e: React.FocusEvent) => {
      const el = e.target;
      if (!(el instanceof HTMLElement) || !el.classList.contains('react-flow__node') || !el.matches(':focus-visible')) return;
      const id = el.dataset.id;
      const ref = id === undefined ? undefined : refOf(flow.getNode(id));
      if (!ref || store.getState().selected.some((r) => nodeId(r) === id)) return;
      actions.select([ref]);
    },
    [actions, flow],
  );

  // Escape on a focused node clears the selection and leaves the focus there. React Flow's own Escape
  // also blurs the node, dropping the focus to the page's body (the next Tab started over from the top).
  const onNodeEscape = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.key !== 'Escape' || !(e.target instanceof HTMLElement) || !e.target.classList.contains('react-flow__node')) return;
      e.stopPropagation();
      e.preventDefault();
      actions.select([]);
    },
    [actions],
  );

  // A click selects through React Flow, and the clicked node takes the focus with it: with Shift held the
  // node is selected without the browser focusing it, so the ring stayed on another node and Delete acted
  // on the selection, not on the ringed node.
  const onNodeClick = useCallback((_e: React.MouseEvent, node: Node) => {
    const el = pane.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(node.id)}"]`);
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  }, []);

  const gesture = useCanvasGesture();
  useEffect(keepFocusOffLeavingNodes, []);
  const { marker, onNodeDrag: dragMarker, onNodeDragStop: dropMoved, onDragOver, onDragLeave, onDrop } = useChainDrops({ layout: graph.layout, placed: graph.nodes, setNodes, askWhereIpam: setPendingIpam });
  const { autoPanOnNodeDrag, onNodeDragStart, onNodeDrag: armAutoPan, onNodeDragStop: endAutoPan } = useArmedAutoPan(pane);
  const onNodeDrag = useCallback(
    (e: unknown, node: Node) => {
      armAutoPan(e);
      dragMarker(e, node);
    },
    [armAutoPan, dragMarker],
  );
  const onNodeDragStop = useCallback(
    (e: unknown, node: Node) => {
      endAutoPan();
      dropMoved(e, node);
    },
    [endAutoPan, dropMoved],
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

  const candidates = pendingIpam
    ? chain.plugins.map((p, index) => ({ id: p.id, index, type: typeOfConf(p.conf) })).filter((c) => canAttachIpam(chain, catalog, c.index, pendingIpam).ok)
    : [];
  const showMinimap = ids.length > 0 && (overflow || !allInView);

  return (
    <div className={`canvas${stale.length ? ' stale' : ''}${compact ? ' compact' : ''}${overview ? ' overview' : ''}`} id="canvas" tabIndex={-1} role="region" aria-label="Chain canvas" data-testid="canvas" data-stale={stale.length > 0}>
      <CanvasHeader count={ids.length} onZoom={onZoom} />
      <CanvasBars />
      <div className="canvas-pane" ref={pane} data-testid="canvas-pane" onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop} onFocus={onFocusNode} onKeyDownCapture={onNodeEscape} onPointerDownCapture={gesture.start} onPointerMove={gesture.claim}>
        <ReactFlow
          nodes={nodes}
          edges={graph.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeClick={onNodeClick}
          onNodeDragStart={onNodeDragStart}
          onNodeDrag={onNodeDrag}
          autoPanOnNodeDrag={autoPanOnNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onNodesDelete={onNodesDelete}
          onMoveEnd={onMoveEnd}
          // Delete and Backspace are the registered "Delete the selection" action (it also moves focus).
          deleteKeyCode={null}
          // Edges say the order and are made by it, never chosen alone: out of the Tab order, which goes node to node.
          edgesFocusable={false}
          colorMode={colorMode}
          minZoom={0.1}
          // Culling off-screen nodes pays off only for big chains; small ones stay fully in the DOM.
          onlyRenderVisibleElements={nodes.length > 60}
          // React Flow's attribution stays (its authors ask that only Pro subscribers hide it), in the
          // corner no overlay of ours uses.
          attributionPosition="bottom-left"
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
              The editor text of {stale.join(' and ')} {notInYet(unparsed)}: the canvas shows the last valid state.
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
});
