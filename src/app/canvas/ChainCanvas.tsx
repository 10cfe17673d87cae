// The chain graph. Nodes and edges are a projection of the document; gestures become store actions.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { canAttachIpam, chainOrder, indexOfPlugin, typeOfConf } from '../../core';
import { catalog } from '../validator';
import { store, useActions, useApp, useFindings, useIds } from '../state';
import { buildGraph, nodeId } from './graph';
import { selectedPluginIds, type PartRef } from '../store/store';
import { nodeTypes } from './nodes';
import { dragTargetIndex, dropIndex, NODE_WIDTH, pluginX } from './layout';
import { PLUGIN_MIME } from './dnd';
import { Dialog } from '../components/Dialog';
import { CanvasOverlays, useNodeMarks } from '../canvas-marks';
import { LabStaleNote, useLabNodeStates } from '../lab/stale';
import { ActionButton } from '../actions/ActionButton';

/** The part a canvas node draws, from its data (never decoded from its id). */
const refOf = (node: Node | undefined): PartRef | undefined => (node?.data as { ref?: PartRef } | undefined)?.ref;

const ROLE_COLOR: Record<string, string> = { interface: '#1f6feb', ipam: '#8250df', chained: '#1a7f37', meta: '#bc4c00', unknown: '#6e7781' };

export function ChainCanvas({ colorMode }: { colorMode: 'light' | 'dark' }) {
  const chain = useApp((s) => s.chain);
  const ids = useIds();
  const offsets = useApp((s) => s.offsets);
  const selected = useApp((s) => s.selected);
  const findings = useFindings();
  const actions = useActions();
  const flow = useReactFlow();
  const [pendingIpam, setPendingIpam] = useState<string | null>(null);
  const drafts = useApp((s) => s.drafts);
  // Editor text that is not strict JSON yet: the canvas shows the last valid state and says so.
  const stale = useMemo(
    () =>
      Object.entries(drafts)
        .filter(([, text]) => {
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        })
        .map(([key]) => (key === 'document' ? 'the whole conflist' : `plugin ${ids.indexOf(key) + 1}`)),
    [drafts, ids],
  );

  const teaching = useApp((s) => s.teaching);
  // Teaching: the plugin the step is about, in the order the runtime loop runs the operation.
  const focus = useMemo(() => {
    const id = teaching ? ids[teaching.index ?? chainOrder(ids.length, teaching.operation)[teaching.step] ?? -1] : undefined;
    return teaching && id ? { pluginId: id, handsOn: teaching.operation === 'ADD' } : undefined;
  }, [teaching, ids]);
  // Live lab: each plugin lights up as it runs (running, ok, failed); muted once the network changed.
  const { states: labStates, stale: labStale } = useLabNodeStates();
  // Teaching's step and review's changes, drawn on the nodes.
  const marks = useNodeMarks();
  const graph = useMemo(() => buildGraph(chain, offsets, findings, catalog, selected, focus, labStates, marks), [chain, offsets, findings, selected, focus, labStates, marks]);
  const [nodes, setNodes] = useState<Node[]>(graph.nodes);
  const [projected, setProjected] = useState(graph.nodes);
  // Re-project on every document change, keeping React Flow's measurements of nodes it already knows.
  if (projected !== graph.nodes) {
    setProjected(graph.nodes);
    const measured = new Map(nodes.map((n) => [n.id, n.measured]));
    setNodes(graph.nodes.map((n) => ({ ...n, measured: measured.get(n.id) })));
  }

  // A whole new document (template, import, restore) shares no node with the previous one: fit it in view.
  // A plugin added out of sight is brought into view, so what was just added can be seen and grabbed.
  const shown = useRef<readonly string[]>(ids);
  const pane = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = shown.current;
    shown.current = ids;
    if (ids.length === 0) return;
    if (!ids.some((id) => before.includes(id))) {
      requestAnimationFrame(() => void flow.fitView({ maxZoom: 1, padding: 0.2 }));
      return;
    }
    const added = ids.findIndex((id) => !before.includes(id));
    const rect = pane.current?.getBoundingClientRect();
    if (added < 0 || !rect) return;
    const { x, y, zoom } = flow.getViewport();
    const left = pluginX(added) * zoom + x;
    const top = (offsets[ids[added]!] ?? 0) * zoom + y;
    const inside = left >= 0 && left + NODE_WIDTH * zoom <= rect.width && top >= 0 && top + 120 * zoom <= rect.height;
    if (inside) return;
    if (ids.length <= 12) void flow.fitView({ maxZoom: 1, padding: 0.2, duration: 150 });
    else void flow.setCenter(pluginX(added) + NODE_WIDTH / 2, (offsets[ids[added]!] ?? 0) + 60, { zoom, duration: 150 });
  }, [ids, offsets, flow]);

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

  const onNodeDragStop = useCallback(
    (_e: unknown, node: Node) => {
      const ref = refOf(node);
      if (ref?.part !== 'plugin') return;
      const count = store.getState().chain.plugins.length;
      const placement = actions.placePlugin(ref.pluginId, dragTargetIndex(node.position.x, count), Math.round(node.position.y));
      if (!placement.ok) setNodes(graph.nodes); // snap back
    },
    [actions, graph.nodes],
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

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PLUGIN_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PLUGIN_MIME);
      if (!type) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const entry = catalog.get(type);
      const s = store.getState();
      if (entry?.role === 'ipam') {
        // Dropped on (or near) a plugin: attach to it; elsewhere: ask which plugin.
        const hit = flow.getIntersectingNodes({ x: at.x - 20, y: at.y - 20, width: 40, height: 40 }).map(refOf).find((r) => r !== undefined);
        if (hit) actions.attachIpam(hit.pluginId, type);
        else setPendingIpam(type);
        return;
      }
      actions.addPlugin(type, dropIndex(at.x, s.chain.plugins.length));
    },
    [actions, flow],
  );

  const candidates = pendingIpam
    ? chain.plugins.map((p, index) => ({ id: p.id, index, type: typeOfConf(p.conf) })).filter((c) => canAttachIpam(chain, catalog, c.index, pendingIpam).ok)
    : [];

  return (
    <div className={`canvas${stale.length ? ' stale' : ''}`} id="canvas" tabIndex={-1} role="region" aria-label="Chain canvas" data-testid="canvas" data-stale={stale.length > 0} ref={pane} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onNodesDelete={onNodesDelete}
        // Delete and Backspace are the registered "Delete the selection" action (it also moves focus).
        deleteKeyCode={null}
        colorMode={colorMode}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        minZoom={0.1}
        // Culling off-screen nodes pays off only for big chains; small ones stay fully in the DOM.
        onlyRenderVisibleElements={nodes.length > 60}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <MiniMap pannable zoomable nodeColor={(n) => ROLE_COLOR[(n.data as { role?: string }).role ?? (n.type === 'ipam' ? 'ipam' : 'unknown')] ?? '#888'} />
        <Controls />
        <CanvasOverlays />
        <Panel position="top-right" className="canvas-tools">
          {/* The registered actions (actions/workbench.ts): the same title, shortcut and reason everywhere. */}
          <ActionButton id="canvas.tidy" />
          <ActionButton id="canvas.fit" />
        </Panel>
        <LabStaleNote shown={labStale && labStates.size > 0} />
        {stale.length > 0 && (
          <Panel position="top-left" className="canvas-stale" data-testid="stale-banner">
            The editor text of {stale.join(' and ')} does not parse yet: the canvas shows the last valid state.
          </Panel>
        )}
        {ids.length === 0 && (
          <Panel position="top-center" className="canvas-empty">
            Drag a plugin here from the palette, press <kbd>Ctrl</kbd>+<kbd>K</kbd>, or start from a template.
          </Panel>
        )}
      </ReactFlow>
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

