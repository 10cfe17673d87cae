// Where the chain's nodes go, and how the view frames them: pure geometry in flow units.
//
// The chain reads in ADD order as a snake: row 0 left to right, row 1 right to left, and so on, so every
// edge joins neighbours (a row's last plugin hands its result straight down to the next row's first).
// A short chain is one row; a long one wraps into as many columns as lets the canvas show it largest.
// IPAM nodes hang below the plugin that delegates to them; a row with one is taller.
export const NODE_WIDTH = 210;
// Wide enough for an edge's "prevResult" label with the arrow still showing beside it.
export const GAP_X = 88;
export const SLOT_X = NODE_WIDTH + GAP_X;
/** Every node's drawn height, full or compact (styles.css: .plugin-node, .ipam-node). */
export const NODE_HEIGHT = 100;
/** A plugin's slot height as laid out: its node (NODE_HEIGHT) and room around it. */
export const PLUGIN_HEIGHT = 110;
/** An IPAM node's top, below its plugin's top. */
export const IPAM_DY = 170;
export const IPAM_HEIGHT = NODE_HEIGHT;
export const ROW_GAP = 56;
/** How far a wrapped chain's row-to-row edge (and its label) reaches past the nodes' sides. */
export const TURN_MARGIN = 44;

/** Below this zoom nodes draw their type large and drop details (a long chain stays legible at Fit). */
export const COMPACT_ZOOM = 0.75;
/**
 * Below this zoom even compact labels are under 7 px on screen: nodes draw as blocks in their role's colour
 * (ringed red or amber with findings) and the view is one layer, so a pan moves one picture instead of hundreds.
 */
export const OVERVIEW_ZOOM = 0.2;
/** Fit never zooms out further than this: compact labels stay ≥ 10 px on screen; the rest is a pan away. */
export const FIT_MIN_ZOOM = 0.3;
export const FIT_MAX_ZOOM = 1;
/** Empty space kept around the chain at Fit, in screen pixels. */
export const FIT_PADDING = 20;
/** A single row is kept while it fits at least this zoom; beyond, wrapping must show the chain larger. */
const ONE_ROW_ZOOM = COMPACT_ZOOM;

export type Direction = 'ltr' | 'rtl';

export interface Slot {
  x: number;
  y: number;
  row: number;
  /** The way the chain runs through this slot's row: handles and edges follow it. */
  direction: Direction;
}

export interface ChainLayout {
  columns: number;
  slots: Slot[];
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Space on the pane's sides that overlays take (e.g. the minimap): nothing is framed under it. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/** The minimap sits in the bottom-right corner; when it is shown, Fit keeps the chain out of its column. */
export const MINIMAP = { width: 150, height: 100, margin: 12 };
export const MINIMAP_INSETS: Insets = { ...NO_INSETS, right: MINIMAP.width + 2 * MINIMAP.margin };

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

const rowHeight = (hasIpam: readonly boolean[], from: number, to: number) => (hasIpam.slice(from, to).some(Boolean) ? IPAM_DY + IPAM_HEIGHT : PLUGIN_HEIGHT);

/** The snake through `columns` columns, for plugins with (true) or without an IPAM node below. */
export function layoutChain(hasIpam: readonly boolean[], columns: number): ChainLayout {
  const n = hasIpam.length;
  const cols = Math.max(1, Math.min(Math.floor(columns) || 1, Math.max(1, n)));
  const slots: Slot[] = [];
  let top = 0;
  let height = 0;
  for (let start = 0, row = 0; start < n; start += cols, row++) {
    const end = Math.min(n, start + cols);
    const direction: Direction = row % 2 === 0 ? 'ltr' : 'rtl';
    for (let i = start; i < end; i++) {
      const col = i - start;
      slots.push({ x: (direction === 'ltr' ? col : cols - 1 - col) * SLOT_X, y: top, row, direction });
    }
    height = top + rowHeight(hasIpam, start, end);
    top = height + ROW_GAP;
  }
  const width = n === 0 ? 0 : Math.min(n, cols) * SLOT_X - GAP_X;
  return { columns: cols, slots, width, height };
}

/** How many of the plugins before each index (and before the end) have an IPAM node: a row's height in O(1). */
export function countsBefore(hasIpam: readonly boolean[]): Uint32Array {
  const out = new Uint32Array(hasIpam.length + 1);
  hasIpam.forEach((ipam, i) => (out[i + 1] = out[i]! + (ipam ? 1 : 0)));
  return out;
}

/**
 * layoutChain's width and height without placing a slot: chooseColumns asks it of every column count, which
 * for a 500-plugin chain was 250,000 slots per document change.
 */
export function chainSize(ipamBefore: Uint32Array, columns: number): Size {
  const n = ipamBefore.length - 1;
  const cols = Math.max(1, Math.min(Math.floor(columns) || 1, Math.max(1, n)));
  let height = 0;
  for (let start = 0; start < n; start += cols) {
    const end = Math.min(n, start + cols);
    height += (start > 0 ? ROW_GAP : 0) + (ipamBefore[end]! > ipamBefore[start]! ? IPAM_DY + IPAM_HEIGHT : PLUGIN_HEIGHT);
  }
  return { width: n === 0 ? 0 : Math.min(n, cols) * SLOT_X - GAP_X, height };
}

/** The zoom at which `content` fills `pane` (less insets and padding), not clamped. */
export function zoomToFit(content: Size, pane: Size, insets: Insets = NO_INSETS): number {
  const w = pane.width - insets.left - insets.right - 2 * FIT_PADDING;
  const h = pane.height - insets.top - insets.bottom - 2 * FIT_PADDING;
  if (content.width <= 0 || content.height <= 0) return FIT_MAX_ZOOM;
  return Math.max(0, Math.min(w / content.width, h / content.height));
}

/**
 * How many columns show the chain largest in `pane`: a single row while it fits at a comfortable zoom,
 * otherwise the column count whose Fit zoom is highest (ties: fewer rows).
 */
export function chooseColumns(hasIpam: readonly boolean[], pane: Size, insets: Insets = NO_INSETS): number {
  const n = hasIpam.length;
  if (n <= 1 || pane.width <= 0 || pane.height <= 0) return Math.max(1, n);
  const ipamBefore = countsBefore(hasIpam);
  const zoomAt = (c: number) => Math.min(FIT_MAX_ZOOM, zoomToFit(chainSize(ipamBefore, c), pane, insets));
  if (zoomAt(n) >= ONE_ROW_ZOOM) return n;
  let best = n;
  let bestZoom = zoomAt(n);
  for (let c = n - 1; c >= 1; c--) {
    const z = zoomAt(c);
    if (z > bestZoom + 1e-9) {
      best = c;
      bestZoom = z;
    }
  }
  return best;
}

/**
 * How the canvas wraps a chain in `pane`: the columns that show it largest; when even those cannot show it
 * whole at FIT_MIN_ZOOM it overflows, the minimap comes, and the chain wraps clear of it. `top` is space a
 * banner takes above the chain.
 */
export function wrapChain(hasIpam: readonly boolean[], pane: Size, top = 0): { columns: number; overflow: boolean } {
  const base = { ...NO_INSETS, top };
  const columns = chooseColumns(hasIpam, pane, base);
  if (zoomToFit(layoutChain(hasIpam, columns), pane, base) >= FIT_MIN_ZOOM) return { columns, overflow: false };
  return { columns: columnsAtLeastZoom(hasIpam, pane, { ...MINIMAP_INSETS, top }), overflow: true };
}

/**
 * A chain too long to show whole is shown at FIT_MIN_ZOOM and scrolls down its rows: as many columns as fit
 * across at that zoom, clear of the minimap's column. (The columns that balance width and height fit it
 * whole only below that zoom: shown at it, their rows ran under the minimap and off the pane's right edge.)
 */
function columnsAtLeastZoom(hasIpam: readonly boolean[], pane: Size, insets: Insets): number {
  const across = (pane.width - insets.left - insets.right - 2 * FIT_PADDING) / FIT_MIN_ZOOM;
  const ipamBefore = countsBefore(hasIpam);
  let columns = 1;
  while (columns < hasIpam.length && chainSize(ipamBefore, columns + 1).width <= across) columns++;
  return columns;
}

/**
 * The viewport that frames `bounds` (flow units) in `pane` (screen pixels), clear of `insets`. When the
 * chain cannot be shown whole at FIT_MIN_ZOOM, it is framed from its start (top left) at that zoom.
 */
export function fitViewport(bounds: { x: number; y: number } & Size, pane: Size, insets: Insets = NO_INSETS): Viewport {
  const zoom = Math.max(FIT_MIN_ZOOM, Math.min(FIT_MAX_ZOOM, zoomToFit(bounds, pane, insets)));
  const availW = pane.width - insets.left - insets.right;
  const availH = pane.height - insets.top - insets.bottom;
  const place = (start: number, avail: number, pos: number, size: number) => {
    const scaled = size * zoom;
    // Centred when it fits; otherwise its start stays in view, with the padding.
    const offset = scaled + 2 * FIT_PADDING <= avail ? (avail - scaled) / 2 : FIT_PADDING;
    return start + offset - pos * zoom;
  };
  return { x: place(insets.left, availW, bounds.x, bounds.width), y: place(insets.top, availH, bounds.y, bounds.height), zoom };
}

const centre = (s: Slot) => ({ x: s.x + NODE_WIDTH / 2, y: s.y + PLUGIN_HEIGHT / 2 });

/** The slot whose plugin centre is nearest to `point`: where a dragged node lands. */
export function nearestSlot(layout: ChainLayout, point: { x: number; y: number }): number {
  let best = 0;
  let bestDistance = Infinity;
  layout.slots.forEach((s, i) => {
    const c = centre(s);
    const d = (c.x - point.x) ** 2 + (c.y - point.y) ** 2;
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/** For a drop at `point`: the chain position a new plugin takes (before or after the nearest plugin). */
export function dropIndex(layout: ChainLayout, point: { x: number; y: number }): number {
  if (layout.slots.length === 0) return 0;
  const i = nearestSlot(layout, point);
  const s = layout.slots[i]!;
  const before = s.direction === 'ltr' ? point.x < centre(s).x : point.x > centre(s).x;
  return before ? i : i + 1;
}

/** A vertical bar in flow units: where an insertion lands. */
export interface Marker {
  x: number;
  y: number;
  height: number;
}

/**
 * Where a plugin inserted at `at` in `order` (slot indexes of the plugins that stay, in chain order)
 * will sit: between its two neighbours when they share a row, else just after (or before) the one it has.
 */
export function insertionMarker(layout: ChainLayout, order: readonly number[], at: number): Marker | undefined {
  const left = order[at - 1] !== undefined ? layout.slots[order[at - 1]!] : undefined;
  const right = order[at] !== undefined ? layout.slots[order[at]!] : undefined;
  const bar = (x: number, s: Slot): Marker => ({ x, y: s.y, height: PLUGIN_HEIGHT });
  if (left && right && left.row === right.row) return bar((Math.min(left.x, right.x) + NODE_WIDTH + Math.max(left.x, right.x)) / 2, left);
  if (left) return bar(left.direction === 'ltr' ? left.x + NODE_WIDTH + GAP_X / 2 : left.x - GAP_X / 2, left);
  if (right) return bar(right.direction === 'ltr' ? right.x - GAP_X / 2 : right.x + NODE_WIDTH + GAP_X / 2, right);
  return undefined;
}

/** For a node dragged from `from` to slot `to`: its neighbours-to-be, as `insertionMarker` takes them. */
export function moveMarker(layout: ChainLayout, from: number, to: number): Marker | undefined {
  if (from === to) return undefined;
  const order = layout.slots.map((_, i) => i).filter((i) => i !== from);
  return insertionMarker(layout, order, to);
}
