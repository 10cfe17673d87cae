// What the canvas does with things dropped on it: a plugin node dragged to another slot (reordering), a
// plugin from the palette spliced in where it is dropped, an IPAM plugin attached to the plugin it lands on.
// The slot a drop would take is shown by a marker while dragging.
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { useReactFlow, type Node } from '@xyflow/react';
import { indexOfPlugin } from '../../core';
import { catalog } from '../catalog';
import { store, useActions } from '../state';
import { refOf } from './graph';
import { isIpamDrag, PLUGIN_MIME } from './dnd';
import { dropIndex, insertionMarker, moveMarker, nearestSlot, NODE_WIDTH, PLUGIN_HEIGHT, type ChainLayout, type Marker } from './layout';

interface DropInputs {
  layout: ChainLayout;
  /** The nodes as the document places them: a move the chain refuses snaps back to them. */
  placed: Node[];
  setNodes: (nodes: Node[]) => void;
  /** An IPAM plugin dropped away from any plugin: which plugin takes it is asked. */
  askWhereIpam: (type: string) => void;
}

export function useChainDrops({ layout, placed, setNodes, askWhereIpam }: DropInputs) {
  const flow = useReactFlow();
  const actions = useActions();
  const [marker, setMarker] = useState<Marker | undefined>();

  // Reordering by drag: the slot nearest the dragged node's centre is where it lands.
  const dragTarget = useCallback((node: Node) => nearestSlot(layout, { x: node.position.x + NODE_WIDTH / 2, y: node.position.y + PLUGIN_HEIGHT / 2 }), [layout]);
  const onNodeDrag = useCallback(
    (_e: unknown, node: Node) => {
      const ref = refOf(node);
      if (ref?.part !== 'plugin') return;
      const from = indexOfPlugin(store.getState().chain, ref.pluginId);
      setMarker(from < 0 ? undefined : moveMarker(layout, from, dragTarget(node)));
    },
    [layout, dragTarget],
  );
  const onNodeDragStop = useCallback(
    (_e: unknown, node: Node) => {
      setMarker(undefined);
      const ref = refOf(node);
      if (ref?.part !== 'plugin') return;
      const to = dragTarget(node);
      const slot = layout.slots[to];
      const placement = actions.placePlugin(ref.pluginId, to, Math.round(node.position.y - (slot?.y ?? 0)));
      if (!placement.ok) setNodes(placed); // snap back
    },
    [actions, placed, layout, dragTarget, setNodes],
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
      const order = layout.slots.map((_, i) => i);
      setMarker(insertionMarker(layout, order, dropIndex(layout, at)));
    },
    [flow, layout],
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
        else askWhereIpam(type);
        return;
      }
      actions.addPlugin(type, dropIndex(layout, at));
    },
    [actions, flow, layout, askWhereIpam],
  );

  return { marker, onNodeDrag, onNodeDragStop, onDragOver, onDragLeave, onDrop };
}
