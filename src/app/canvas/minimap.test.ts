import { describe, expect, it } from 'vitest';
import type { Node } from '@xyflow/react';
import { byDragging, minimapShapes } from './ChainMinimap';

const node = (id: string, x: number, y: number, role: string, size?: { width: number; height: number }, hidden = false): Node => ({ id, position: { x, y }, data: { role }, ...(size ? { measured: size } : {}), hidden });
const colorOf = (n: Node) => ({ interface: 'blue', chained: 'green' })[(n.data as { role: string }).role] ?? 'grey';

describe('minimapShapes', () => {
  it("draws each colour's nodes as one path, at their positions and measured sizes, and bounds them all", () => {
    const nodes = [node('a', 0, 0, 'interface', { width: 210, height: 60 }), node('b', 250, 0, 'chained', { width: 210, height: 60 }), node('c', 500, 100, 'chained', { width: 200, height: 80 })];
    const { paths, bounds } = minimapShapes(nodes, (n) => n.position, colorOf);
    expect(paths).toEqual([
      { color: 'blue', d: 'M0,0h210v60h-210z' },
      { color: 'green', d: 'M250,0h210v60h-210zM500,100h200v80h-200z' },
    ]);
    expect(bounds).toEqual({ x: 0, y: 0, width: 700, height: 180 });
  });

  it('leaves out hidden nodes and nodes not measured yet; nothing to draw has no bounds', () => {
    const nodes = [node('a', 0, 0, 'interface'), node('b', 10, 10, 'chained', { width: 5, height: 5 }, true)];
    expect(minimapShapes(nodes, (n) => n.position, colorOf)).toEqual({ paths: [], bounds: undefined });
  });

  it('places nodes where the canvas has them (absolute positions), not at their own', () => {
    const { paths } = minimapShapes([node('a', 5, 5, 'other', { width: 10, height: 10 })], () => ({ x: 100, y: 200 }), colorOf);
    expect(paths).toEqual([{ color: 'grey', d: 'M100,200h10v10h-10z' }]);
  });
});

describe('byDragging', () => {
  it('splits the nodes into still and dragged, and again only when the node list is a new one (a pan keeps it)', () => {
    const a = node('a', 0, 0, 'interface');
    const b = { ...node('b', 10, 0, 'chained'), dragging: true };
    const split = byDragging();
    const nodes = [a, b];
    const first = split({ nodes });
    expect(first).toEqual({ still: [a], moving: [b] });
    // The same list (the store updated for a pan): the same arrays, not filtered again.
    expect(split({ nodes })).toBe(first);
    const dropped = [a, { ...b, dragging: false }];
    expect(split({ nodes: dropped })).toEqual({ still: dropped, moving: [] });
  });
});
