// The chain's geometry: a snake that reads in ADD order, wrapped so a long chain stays legible at Fit.
import { describe, expect, it } from 'vitest';
import { chainSize, chooseColumns, MINIMAP_INSETS, wrapChain, COMPACT_ZOOM, countsBefore, dropIndex, FIT_MIN_ZOOM, FIT_PADDING, fitViewport, GAP_X, insertionMarker, IPAM_DY, IPAM_HEIGHT, layoutChain, moveMarker, nearestSlot, NODE_WIDTH, PLUGIN_HEIGHT, ROW_GAP, SLOT_X, zoomToFit } from './layout';

const plain = (n: number) => Array.from({ length: n }, () => false);
// The canvas at 1280×720 with every panel open, and at 1920×1080.
const LAPTOP = { width: 686, height: 372 };
const DESKTOP = { width: 1330, height: 640 };

describe('layoutChain', () => {
  it('lays a short chain in one row, left to right', () => {
    const l = layoutChain(plain(3), 3);
    expect(l.slots.map((s) => [s.x, s.y, s.direction])).toEqual([
      [0, 0, 'ltr'],
      [SLOT_X, 0, 'ltr'],
      [2 * SLOT_X, 0, 'ltr'],
    ]);
    expect(l.width).toBe(3 * SLOT_X - GAP_X);
    expect(l.height).toBe(PLUGIN_HEIGHT);
  });

  it('snakes: the second row runs right to left, starting under the first row’s end', () => {
    const l = layoutChain(plain(5), 3);
    expect(l.slots.map((s) => [s.x / SLOT_X, s.row, s.direction])).toEqual([
      [0, 0, 'ltr'],
      [1, 0, 'ltr'],
      [2, 0, 'ltr'],
      [2, 1, 'rtl'],
      [1, 1, 'rtl'],
    ]);
    // Each plugin is next to the one before it: every edge is short.
    for (let i = 1; i < l.slots.length; i++) {
      const [a, b] = [l.slots[i - 1]!, l.slots[i]!];
      expect(Math.abs(a.x - b.x) + Math.abs(a.row - b.row) * SLOT_X).toBe(SLOT_X);
    }
  });

  it('makes a row with an IPAM node tall enough for it, and only that row', () => {
    const l = layoutChain([false, true, false, false], 2);
    expect(l.slots[2]!.y).toBe(IPAM_DY + IPAM_HEIGHT + ROW_GAP);
    expect(l.height).toBe(IPAM_DY + IPAM_HEIGHT + ROW_GAP + PLUGIN_HEIGHT);
  });

  it('has no size when the chain is empty', () => {
    expect(layoutChain([], 4)).toMatchObject({ slots: [], width: 0, height: 0 });
  });
});

describe('chainSize', () => {
  it('is layoutChain’s width and height for every column count, IPAM rows included', () => {
    // A seeded pattern of plugins with and without IPAM, including none and all.
    const chains = [[], [true], Array.from({ length: 37 }, (_, i) => (i * 7) % 5 === 0), Array.from({ length: 23 }, () => true), Array.from({ length: 23 }, () => false)];
    for (const hasIpam of chains) {
      const before = countsBefore(hasIpam);
      for (let c = 0; c <= hasIpam.length + 2; c++) {
        const { width, height } = layoutChain(hasIpam, c);
        expect(chainSize(before, c), `${hasIpam.length} plugins, ${c} columns`).toEqual({ width, height });
      }
    }
  });
});

describe('wrapChain', () => {
  it('wraps a chain that Fit shows whole without the minimap, and one that overflows clear of it', () => {
    const short = [true, ...plain(39)];
    expect(wrapChain(short, LAPTOP)).toEqual({ columns: chooseColumns(short, LAPTOP), overflow: false });
    for (const n of [61, 500]) {
      const long = [true, ...plain(n - 1)];
      expect(zoomToFit(layoutChain(long, chooseColumns(long, LAPTOP)), LAPTOP)).toBeLessThan(FIT_MIN_ZOOM);
      const wrapped = wrapChain(long, LAPTOP);
      expect(wrapped.overflow).toBe(true);
      // Shown at FIT_MIN_ZOOM, its rows fit across the pane clear of the minimap's column, and one more column would not.
      const across = LAPTOP.width - MINIMAP_INSETS.right - 2 * FIT_PADDING;
      expect(layoutChain(long, wrapped.columns).width * FIT_MIN_ZOOM).toBeLessThanOrEqual(across);
      expect(layoutChain(long, wrapped.columns + 1).width * FIT_MIN_ZOOM).toBeGreaterThan(across);
    }
  });

  it('keeps the chain below a banner at the top', () => {
    const long = [true, ...plain(499)];
    expect(wrapChain(long, LAPTOP, 40)).toEqual(wrapChain(long, LAPTOP));
    expect(wrapChain(long, LAPTOP, 40).overflow).toBe(true);
  });
});

describe('chooseColumns', () => {
  it('keeps a short chain in one row', () => {
    expect(chooseColumns(plain(2), LAPTOP)).toBe(2);
    expect(chooseColumns([true, false, false], DESKTOP)).toBe(3);
  });

  it('wraps a 40-plugin chain so that Fit shows all of it with legible compact labels, at both sizes', () => {
    for (const pane of [LAPTOP, DESKTOP]) {
      const hasIpam = [true, ...plain(39)];
      const columns = chooseColumns(hasIpam, pane);
      const l = layoutChain(hasIpam, columns);
      expect(columns).toBeGreaterThan(1);
      expect(columns).toBeLessThan(40);
      // Wrapping shows the chain at least twice as large as one row would.
      const oneRow = zoomToFit(layoutChain(hasIpam, 40), pane);
      expect(zoomToFit(l, pane)).toBeGreaterThan(2 * oneRow);
      expect(zoomToFit(l, pane)).toBeGreaterThanOrEqual(FIT_MIN_ZOOM);
    }
  });

  it('is the best column count: no other one shows the chain larger', () => {
    const hasIpam = plain(17);
    const best = zoomToFit(layoutChain(hasIpam, chooseColumns(hasIpam, LAPTOP)), LAPTOP);
    for (let c = 1; c <= 17; c++) expect(zoomToFit(layoutChain(hasIpam, c), LAPTOP)).toBeLessThanOrEqual(best + 1e-9);
  });

  it('wraps narrower when an overlay takes the right side', () => {
    const hasIpam = plain(40);
    expect(chooseColumns(hasIpam, LAPTOP, { top: 0, right: 200, bottom: 0, left: 0 })).toBeLessThanOrEqual(chooseColumns(hasIpam, LAPTOP));
  });

  it('one row is kept while it fits at the comfortable zoom', () => {
    const hasIpam = plain(4);
    const wide = { width: 4 * SLOT_X * COMPACT_ZOOM + 200, height: 400 };
    expect(chooseColumns(hasIpam, wide)).toBe(4);
  });
});

describe('fitViewport', () => {
  it('centres a chain that fits, never zooming in past 100 %', () => {
    const v = fitViewport({ x: 0, y: 0, width: 500, height: 110 }, LAPTOP);
    expect(v.zoom).toBe(1);
    expect(v.x).toBe((LAPTOP.width - 500) / 2);
    expect(v.y).toBe((LAPTOP.height - 110) / 2);
  });

  it('keeps everything clear of the insets', () => {
    const bounds = { x: -50, y: 20, width: 2000, height: 900 };
    const insets = { top: 40, right: 180, bottom: 0, left: 0 };
    const v = fitViewport(bounds, DESKTOP, insets);
    const right = (bounds.x + bounds.width) * v.zoom + v.x;
    const top = bounds.y * v.zoom + v.y;
    const bottom = (bounds.y + bounds.height) * v.zoom + v.y;
    expect(right).toBeLessThanOrEqual(DESKTOP.width - insets.right - FIT_PADDING + 1e-6);
    expect(top).toBeGreaterThanOrEqual(insets.top + FIT_PADDING - 1e-6);
    expect(bottom).toBeLessThanOrEqual(DESKTOP.height - FIT_PADDING + 1e-6);
  });

  it('frames a chain too long to show whole from its start, at the smallest legible zoom', () => {
    const v = fitViewport({ x: 0, y: 0, width: 20_000, height: 110 }, LAPTOP);
    expect(v.zoom).toBe(FIT_MIN_ZOOM);
    expect(v.x).toBe(FIT_PADDING);
  });
});

describe('reordering', () => {
  const l = layoutChain(plain(5), 3); // 0 1 2 / 4 3

  it('lands a dragged node on the nearest slot', () => {
    expect(nearestSlot(l, { x: SLOT_X * 1 + 40, y: 30 })).toBe(1);
    expect(nearestSlot(l, { x: SLOT_X * 1 + 60, y: l.slots[4]!.y + 40 })).toBe(4);
  });

  it('drops before or after the nearest plugin, following its row’s direction', () => {
    expect(dropIndex(l, { x: -40, y: 40 })).toBe(0);
    expect(dropIndex(l, { x: SLOT_X + NODE_WIDTH + 10, y: 40 })).toBe(2);
    // Row 1 runs right to left: right of plugin 4's centre is before it.
    const s4 = l.slots[4]!;
    expect(dropIndex(l, { x: s4.x + NODE_WIDTH - 10, y: s4.y + 40 })).toBe(4);
    expect(dropIndex(l, { x: s4.x - 20, y: s4.y + 40 })).toBe(5);
    expect(dropIndex(layoutChain([], 1), { x: 0, y: 0 })).toBe(0);
  });

  it('marks an insertion between two neighbours in a row midway in their gap', () => {
    const m = insertionMarker(l, [0, 1, 2, 3, 4], 1)!;
    expect(m.x).toBe(NODE_WIDTH + GAP_X / 2);
    expect(m.y).toBe(0);
    // In a right-to-left row too.
    const back = insertionMarker(l, [0, 1, 2, 3, 4], 4)!;
    expect(back.x).toBe(l.slots[4]!.x + NODE_WIDTH + GAP_X / 2);
    expect(back.y).toBe(l.slots[4]!.y);
  });

  it('marks the ends of the chain and a row turn beside the one neighbour', () => {
    expect(insertionMarker(l, [0, 1, 2, 3, 4], 0)!.x).toBe(-GAP_X / 2);
    expect(insertionMarker(l, [0, 1, 2, 3, 4], 5)!.x).toBe(l.slots[4]!.x - GAP_X / 2);
    // After 2 (end of row 0), before 3 (row 1): just after 2.
    expect(insertionMarker(l, [0, 1, 2, 3, 4], 3)!.x).toBe(2 * SLOT_X + NODE_WIDTH + GAP_X / 2);
    expect(insertionMarker(layoutChain([], 1), [], 0)).toBeUndefined();
  });

  it('marks where a dragged node goes among the others, and nothing when it stays', () => {
    expect(moveMarker(l, 3, 3)).toBeUndefined();
    // Plugin 3 dragged onto slot 0: it goes before 0.
    expect(moveMarker(l, 3, 0)!.x).toBe(-GAP_X / 2);
    // Plugin 0 dragged onto slot 2: after removal it sits between 2 and 3 (a row turn): just after 2.
    expect(moveMarker(l, 0, 2)!.x).toBe(2 * SLOT_X + NODE_WIDTH + GAP_X / 2);
    // Plugin 4 dragged onto slot 1: between 0 and 1.
    expect(moveMarker(l, 4, 1)!.x).toBe(NODE_WIDTH + GAP_X / 2);
  });
});
