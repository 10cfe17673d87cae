// The topology's layout of a recorded two-container run: a box per cluster, none over another, and every
// node inside its own cluster's box.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterOf, runTopologyModel, type RunTopologyInput } from '../../core';
import { layoutTopology, type Box } from './topology-layout';

const two = JSON.parse(readFileSync(resolve(__dirname, '../../core/lab/testdata/bridge-portmap-two-containers.json'), 'utf8')) as RunTopologyInput;
const overlap = (a: Box, b: Box) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0;

describe('layoutTopology (two containers, the checks’ client and outside)', () => {
  const model = runTopologyModel(two);
  const layout = layoutTopology(model);

  it('draws a box for the host, each container, the client and the outside, none over another', () => {
    expect(layout.clusters.map((c) => c.key)).toEqual(['host', 'c1', 'c2', 'client', 'outside']);
    for (const [i, a] of layout.clusters.entries()) for (const b of layout.clusters.slice(i + 1)) expect(overlap(a.box, b.box), `${a.key} over ${b.key}`).toBe(false);
  });

  it('places every node inside its own box and over no other node', () => {
    const boxOf = new Map(layout.clusters.map((c) => [c.key, c.box]));
    const nodes = model.nodes.map((n) => [n, layout.nodes.get(n.id)!] as const);
    for (const [n, b] of nodes) {
      const c = boxOf.get(clusterOf(n))!;
      expect(b.x >= c.x && b.y >= c.y && b.x + b.width <= c.x + c.width && b.y + b.height <= c.y + c.height, n.id).toBe(true);
    }
    for (const [i, [n, a]] of nodes.entries()) for (const [m, b] of nodes.slice(i + 1)) expect(overlap(a, b), `${n.id} over ${m.id}`).toBe(false);
  });
});
