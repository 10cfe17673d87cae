// Projects the chain onto canvas nodes and edges: a pure function of (chain, offsets, findings, columns).
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import { countBySeverity, deepEqual, goAtPointer, ipamOfConf, isJsonObject, jsonText, partAtPointer, pluginIds, typeOfConf, type PluginCatalog, type Chain, type Finding, type JsonObject, type PluginRunStatus } from '../../core';
import { IPAM_DY, layoutChain, NODE_HEIGHT, NODE_WIDTH, type ChainLayout } from './layout';
import { IPAM_HANDLES, pluginHandles } from './handles';
import type { IpamNodeType, PluginNodeType } from './nodes';
import type { PartRef } from '../store/store';
import { count } from '../text';

/** The canvas library's node id for a part: an opaque key, never read back (node data carries the ref). */
export const nodeId = (ref: PartRef) => (ref.part === 'ipam' ? `${ref.pluginId}#ipam` : ref.pluginId);
/** The part a canvas node draws, from its data (never decoded from its id). */
export const refOf = (node: Node | undefined): PartRef | undefined => (node?.data as { ref?: PartRef } | undefined)?.ref;
const isSelected = (selected: readonly PartRef[], ref: PartRef) => selected.some((r) => r.pluginId === ref.pluginId && r.part === ref.part);

function show(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  // jsonText: a number beyond a float64 reads 1e400 as written, not Infinity.
  const text = jsonText(value);
  return text.length > 28 ? text.slice(0, 27) + '…' : text;
}

function settingsOf(obj: JsonObject, pointers: readonly string[], skip: readonly string[] = []): [string, string][] {
  const out: [string, string][] = [];
  for (const p of pointers) {
    if (skip.some((s) => p.startsWith(s))) continue;
    // As the plugin reads it: "isgateway" beside "isGateway" is the value that runs.
    const v = show(goAtPointer(obj, p));
    if (v !== undefined) out.push([p.split('/').filter((s) => !/^\d+$/.test(s)).pop() ?? p, v]);
  }
  return out;
}

export interface Graph {
  nodes: (PluginNodeType | IpamNodeType)[];
  edges: Edge[];
  /** Where each plugin sits (by chain index): drops and drags are placed against it. */
  layout: ChainLayout;
}

/** Whether each plugin has an IPAM node below it: rows with one are taller. */
export const ipamFlags = (chain: Chain): boolean[] => chain.plugins.map(({ conf }) => ipamOfConf(conf) !== undefined);

/** Teaching mode: the plugin running now, and whether it hands its result to the next one (ADD). */
export interface TeachingFocus {
  pluginId: string;
  handsOn: boolean;
}

/** A mark other views put on a plugin's node (teaching's step, review's change): a class and a badge. */
export interface NodeMark {
  className: string;
  badge?: string;
  /** The node is the step running now (aria-current="step"). */
  current?: boolean;
}

/**
 * How a plugin did in the live run (core's fold of the run's events); `contradicted`: its ADD succeeded but
 * its result claims what the namespace after it does not hold (core's resultMismatches names the claims).
 */
export type LabState = PluginRunStatus | 'contradicted';

/**
 * `columns` wraps the chain (see layout.ts); a node's free vertical offset applies while the chain is one
 * row (in a wrapped chain, rows keep their plugins in line).
 */
export function buildGraph(chain: Chain, offsets: Record<string, number>, findings: readonly Finding[], catalog: PluginCatalog, selected: readonly PartRef[], teaching?: TeachingFocus, lab?: ReadonlyMap<string, LabState>, marks?: ReadonlyMap<string, NodeMark>, columns = Infinity, labContainers?: ReadonlyMap<string, readonly { container: string; status: LabState }[]>, labStale = false): Graph {
  const ids = pluginIds(chain);
  const layout = layoutChain(ipamFlags(chain), columns);
  const oneRow = layout.columns >= chain.plugins.length;
  const nodes: Graph['nodes'] = [];
  const edges: Edge[] = [];
  // Findings by the plugin part they are about.
  const byPlugin = new Map<string, { own: Finding[]; ipam: Finding[] }>();
  for (const f of findings) {
    const at = partAtPointer(chain, f.pointer);
    if (!at) continue;
    const bucket = byPlugin.get(at.pluginId) ?? { own: [], ipam: [] };
    (at.part === 'ipam' ? bucket.ipam : bucket.own).push(f);
    byPlugin.set(at.pluginId, bucket);
  }
  chain.plugins.forEach(({ id, conf }, index) => {
    const plugin = isJsonObject(conf) ? conf : {};
    // Under whichever spelling the plugin reads it ("IPAM" too).
    const ipam = ipamOfConf(plugin);
    const bucket = byPlugin.get(id) ?? { own: [], ipam: [] };
    const slot = layout.slots[index]!;
    const x = slot.x;
    const y = slot.y + (oneRow ? (offsets[id] ?? 0) : 0);
    const ref: PartRef = { pluginId: id, part: 'plugin' };
    const ipamRef: PartRef = { pluginId: id, part: 'ipam' };
    const counts = countBySeverity(ipam ? bucket.own : [...bucket.own, ...bucket.ipam]);
    const ipamCounts = countBySeverity(bucket.ipam);
    const handing = index > 0 && teaching?.handsOn === true && teaching.pluginId === ids[index - 1];
    const className = teaching?.pluginId === id || lab?.has(id) || marks?.has(id) ? [teaching?.pluginId === id ? 'teaching-current' : '', lab?.has(id) ? `lab-${lab.get(id)}` : '', marks?.get(id)?.className ?? ''].filter(Boolean).join(' ') : undefined;
    // Everything the plugin's nodes and edges are made of besides its config (a value, never changed in place).
    const [pluginSelected, ipamSelected] = [isSelected(selected, ref), isSelected(selected, ipamRef)];
    const inputs = [catalog, id, index, index > 0 ? ids[index - 1] : undefined, x, y, slot.direction, pluginSelected, ipamSelected, className, marks?.get(id), labContainers?.get(id), lab?.get(id), labStale, handing, counts.error, counts.warning, counts.info, ipamCounts.error, ipamCounts.warning, ipamCounts.info];
    const kept = isJsonObject(conf) ? projected.get(conf) : undefined;
    const part = kept && sameInputs(kept.inputs, inputs) ? kept : { inputs, ...projectPlugin(plugin, ipam, catalog, { id, index, ids, x, y, direction: slot.direction, ref, ipamRef, selected: pluginSelected, ipamSelected, className, mark: marks?.get(id), labContainers: labContainers?.get(id), labState: lab?.get(id), labStale, handing, counts, ipamCounts }) };
    if (isJsonObject(conf) && part !== kept) projected.set(conf, part);
    nodes.push(...part.nodes);
    edges.push(...part.edges);
  });
  return { nodes, edges, layout };
}

/**
 * One plugin's projection, kept per config object: a change elsewhere in a long chain (a reorder, a finding)
 * makes the same node and edge objects again for the plugins it leaves as they were, so nothing downstream
 * compares or draws them.
 */
const projected = new WeakMap<JsonObject, { inputs: readonly unknown[]; nodes: Graph['nodes']; edges: Edge[] }>();
const sameInputs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

interface PluginPlace {
  id: string;
  index: number;
  ids: readonly string[];
  x: number;
  y: number;
  direction: ChainLayout['slots'][number]['direction'];
  ref: PartRef;
  ipamRef: PartRef;
  selected: boolean;
  ipamSelected: boolean;
  className: string | undefined;
  mark: NodeMark | undefined;
  labContainers: readonly { container: string; status: LabState }[] | undefined;
  labState: LabState | undefined;
  /** The lab run was on an earlier version of the network (its colours are muted). */
  labStale: boolean;
  handing: boolean;
  counts: ReturnType<typeof countBySeverity>;
  ipamCounts: ReturnType<typeof countBySeverity>;
}

/** ", 1 error, 2 warnings" for a node's name; nothing when it has none. */
const findingWords = (counts: ReturnType<typeof countBySeverity>) => [counts.error ? count(counts.error, 'error') : '', counts.warning ? count(counts.warning, 'warning') : ''].filter(Boolean).map((w) => `, ${w}`).join('');

function projectPlugin(plugin: JsonObject, ipam: JsonObject | undefined, catalog: PluginCatalog, at: PluginPlace): { nodes: Graph['nodes']; edges: Edge[] } {
  const { id, index, ids, x, y, ref, ipamRef } = at;
  const type = typeOfConf(plugin);
  const entry = catalog.get(type);
  const nodes: Graph['nodes'] = [];
  const edges: Edge[] = [];
  const named = type || '(no type)';
  nodes.push({
    id: nodeId(ref),
    type: 'plugin',
    // Its name for screen readers (React Flow's node is a focusable group): the plugin, its place and its findings.
    ariaLabel: `Plugin ${index + 1}: ${named}${findingWords(at.counts)}${at.labState === 'contradicted' ? (at.labStale ? ', its result in the last live run, on an earlier version of this network, did not match the namespace' : ', its result in the live run does not match the namespace') : ''}`,
    position: { x, y },
    // Its size and handles before it is measured (handles.ts): a node out of view is never drawn to be measured.
    initialWidth: NODE_WIDTH,
    initialHeight: NODE_HEIGHT,
    // The stylesheet's fixed box, given as measured: React Flow still measures a node in view, and reports a
    // change only if the box differs. Without it, each node's first measurement came back as a dimension
    // change (onNodesChange, a setNodes), and every node was drawn once more before the first screen.
    measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
    handles: pluginHandles(at.direction, ipam !== undefined),
    selected: at.selected,
    ...(at.className !== undefined ? { className: at.className } : {}),
    data: {
      ref,
      index,
      type: type || '(no type)',
      title: entry?.title ?? type,
      role: entry?.role ?? 'unknown',
      thirdParty: entry?.thirdParty ?? false,
      settings: settingsOf(plugin, entry?.keySettings ?? [], ['/ipam']),
      counts: at.counts,
      hasIpam: ipam !== undefined,
      ...(at.mark ? { mark: at.mark } : {}),
      ...(at.labContainers ? { labContainers: at.labContainers } : {}),
      direction: at.direction,
    },
  });
  if (index > 0) {
    edges.push({
      id: `e-${ids[index - 1]}-${id}`,
      type: 'labelled',
      ariaLabel: `Plugin ${index} hands its result to plugin ${index + 1} (${named})`,
      source: ids[index - 1]!,
      sourceHandle: 'out',
      target: id,
      label: 'prevResult',
      className: `chain-edge${at.handing ? ' handing' : ''}`,
      animated: at.handing,
      // The arrow says which way the result goes (rows of a wrapped chain alternate direction).
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    });
  }
  if (ipam) {
    const ipamType = typeOfConf(ipam);
    const ipamEntry = catalog.get(ipamType);
    const ipamPointers = ipamEntry?.keySettings.length ? ipamEntry.keySettings : ['/subnet', '/ranges/0/0/subnet', '/addresses/0/address', '/range'];
    const nid = nodeId(ipamRef);
    nodes.push({
      id: nid,
      type: 'ipam',
      ariaLabel: `IPAM of plugin ${index + 1}: ${ipamType || '(no type)'}${findingWords(at.ipamCounts)}`,
      position: { x, y: y + IPAM_DY },
      initialWidth: NODE_WIDTH,
      initialHeight: NODE_HEIGHT,
      measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
      handles: [...IPAM_HANDLES],
      selected: at.ipamSelected,
      draggable: false,
      data: { ref: ipamRef, parentIndex: index, type: ipamType, settings: settingsOf(ipam, ipamPointers), counts: at.ipamCounts },
    });
    edges.push({ id: `d-${id}`, type: 'labelled', ariaLabel: `Plugin ${index + 1} (${named}) delegates to ${ipamType || 'its IPAM'}`, source: id, sourceHandle: 'ipam', target: nid, label: 'delegates', className: 'ipam-edge', style: { strokeDasharray: '5 4' } });
  }
  return { nodes, edges };
}

const sameNode = (a: Node, b: Node) =>
  a === b ||
  (a.type === b.type && a.position.x === b.position.x && a.position.y === b.position.y && a.selected === b.selected && a.className === b.className && a.ariaLabel === b.ariaLabel && a.draggable === b.draggable && deepEqual(a.data as never, b.data as never));
const sameEdge = (a: Edge, b: Edge) => a === b || deepEqual(a as never, b as never);

/**
 * `next` with every node and edge that projects exactly as in `previous` replaced by the previous object,
 * so the canvas library (and the memoised node components) redraw only the parts that changed: a selection,
 * a finding or a new plugin no longer redraws every node of a 500-plugin chain.
 */
export function keepUnchanged(previous: Graph | undefined, next: Graph): Graph {
  if (!previous) return next;
  const reuse = <T extends { id: string }>(before: readonly T[], after: T[], same: (a: T, b: T) => boolean): T[] => {
    const byId = new Map(before.map((x) => [x.id, x]));
    let changed = before.length !== after.length;
    const out = after.map((x, i) => {
      const was = byId.get(x.id);
      const kept = was !== undefined && same(was, x) ? was : x;
      if (kept !== before[i]) changed = true;
      return kept;
    });
    // Nothing changed: the previous array itself, so whoever compares arrays sees no change either.
    return changed ? out : (before as T[]);
  };
  const nodes = reuse(previous.nodes, next.nodes, sameNode);
  const edges = reuse(previous.edges, next.edges, sameEdge);
  const layout = deepEqual(previous.layout as never, next.layout as never) ? previous.layout : next.layout;
  return nodes === previous.nodes && edges === previous.edges && layout === previous.layout ? previous : { nodes, edges, layout };
}

/**
 * The nodes to give React Flow after the projection went from `before` to `after`: a node projected as
 * before stays React Flow's object in `current` (with its measurements), unless React Flow's copy is no
 * longer where the projection puts it (left off its slot by a drag) or selected otherwise; a changed one
 * keeps the measurements of the node React Flow already knows.
 */
export function reproject(before: readonly Node[], after: readonly Node[], current: readonly Node[]): Node[] {
  const unchanged = new Set(before);
  const known = new Map(current.map((n) => [n.id, n]));
  return after.map((n) => {
    const was = known.get(n.id);
    const keep = was && unchanged.has(n) && was.position.x === n.position.x && was.position.y === n.position.y && was.selected === n.selected;
    return keep ? was : { ...n, measured: was?.measured ?? n.measured };
  });
}
