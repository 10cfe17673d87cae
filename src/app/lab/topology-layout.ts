// Where each element of the topology picture goes: dagre lays the model out left to right (host links,
// then the container's interfaces; rule groups beside the links they lead to), with a box around each
// side: the host, each container (c1, c2… in a run of several) and the checks' client and outside namespaces. Sizes are estimated from the text in the picture's monospace font, so the layout is exact enough
// for boxes that wrap long lines.
import dagre from '@dagrejs/dagre';
import { clusterOf, type TopologyModel, type TopologyNode } from '../../core';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  /** One box per cluster (`clusterOf`: host, container or c1, c2…, client, outside), in the model's order. */
  clusters: { key: string; side: TopologyNode['side']; box: Box }[];
  edges: { id: string; points: { x: number; y: number }[]; label?: { x: number; y: number } }[];
}

/** The picture's type metrics (lab.css draws it in this font and these sizes). */
export const METRICS = { char: 7.3, captionChar: 6.4, line: 19, header: 42, pad: 10, minWidth: 170, maxWidth: 340, labelChar: 6.4, labelHeight: 18, clusterLabel: 26 } as const;

const lines = (chars: number, perChar: number, width: number) => Math.max(1, Math.ceil((chars * perChar) / (width - 2 * METRICS.pad)));

/** The size a node's box needs: its widest line up to the maximum width, its lines wrapped at that width. */
export function nodeSize(n: TopologyNode): { width: number; height: number } {
  const widest = Math.max(n.name.length * METRICS.char + 24, n.caption.length * METRICS.captionChar, ...n.items.map((i) => i.text.length * METRICS.char + 30));
  const width = Math.round(Math.min(METRICS.maxWidth, Math.max(METRICS.minWidth, widest + 2 * METRICS.pad)));
  const caption = lines(n.caption.length, METRICS.captionChar, width) - 1;
  const items = n.items.reduce((sum, i) => sum + lines(i.text.length + 4, METRICS.char, width), 0);
  return { width, height: Math.round(METRICS.header + caption * 16 + items * METRICS.line + (n.items.length ? 8 : 0)) };
}

export function layoutTopology(model: TopologyModel): TopologyLayout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  const keys = [...new Set(model.nodes.map(clusterOf))];
  // Boxes stacked in one column (several containers, the checks' namespaces) need room for a label and margins between them.
  const stacked = keys.length > 2;
  g.setGraph({ rankdir: 'LR', nodesep: stacked ? 2 * 10 + METRICS.clusterLabel + 8 : 18, ranksep: 46, edgesep: 12, marginx: 12, marginy: 12 + METRICS.clusterLabel });
  g.setDefaultEdgeLabel(() => ({}));
  for (const key of keys) g.setNode(`cluster:${key}`, { width: 0, height: 0, paddingTop: METRICS.clusterLabel });
  for (const n of model.nodes) {
    g.setNode(n.id, nodeSize(n));
    g.setParent(n.id, `cluster:${clusterOf(n)}`);
  }
  // The checks' namespaces stand in the containers' column, right of every host box (their host link has no wire in).
  const sideOf = new Map(model.nodes.map((n) => [n.id, n.side]));
  const wiredNs = (id: string) => sideOf.get(id) === 'client' || sideOf.get(id) === 'outside';
  for (const e of model.edges) g.setEdge(e.from, e.to, { width: e.label.length * METRICS.labelChar + 12, height: METRICS.labelHeight, labelpos: 'c', ...(wiredNs(e.to) ? { minlen: 2 } : {}) }, e.id);
  // Interfaces with no wire (lo, a macvlan) stand with their namespace's wired ones, not at the far left.
  const clusterOfId = new Map(model.nodes.map((n) => [n.id, clusterOf(n)]));
  for (const n of model.nodes) {
    if (n.side !== 'container' || model.edges.some((e) => e.to === n.id)) continue;
    const wiredFrom = model.edges.find((e) => e.kind === 'veth-pair' && clusterOfId.get(e.to) === clusterOf(n))?.from ?? model.edges.find((e) => e.kind === 'veth-pair')?.from;
    if (wiredFrom) g.setEdge(wiredFrom, n.id, { weight: 0 }, `layout:${n.id}`);
  }
  dagre.layout(g);

  const box = (id: string): Box => {
    const n = g.node(id);
    return { x: n.x! - n.width / 2, y: n.y! - n.height / 2, width: n.width, height: n.height };
  };
  const nodes = new Map(model.nodes.map((n) => [n.id, box(n.id)]));
  const clusters = keys.map((key) => {
    const members = model.nodes.filter((n) => clusterOf(n) === key);
    const inside = members.map((n) => nodes.get(n.id)!);
    // The cluster's box from its nodes (with room for its label), whatever dagre made of the border.
    const x = Math.min(...inside.map((b) => b.x)) - 10;
    const y = Math.min(...inside.map((b) => b.y)) - 10 - METRICS.clusterLabel;
    const right = Math.max(...inside.map((b) => b.x + b.width)) + 10;
    const bottom = Math.max(...inside.map((b) => b.y + b.height)) + 10;
    return { key, side: members[0]!.side, box: { x, y, width: right - x, height: bottom - y } };
  });
  const edges = model.edges.map((e) => {
    const label = g.edge({ v: e.from, w: e.to, name: e.id });
    return { id: e.id, points: label.points ?? [], ...(label.x !== undefined && label.y !== undefined ? { label: { x: label.x, y: label.y } } : {}) };
  });
  const all = [...nodes.values(), ...clusters.map((c) => c.box)];
  const width = Math.ceil(Math.max(...all.map((b) => b.x + b.width), 0) + 12);
  const height = Math.ceil(Math.max(...all.map((b) => b.y + b.height), 0) + 12);
  return { width, height, nodes, clusters, edges };
}
