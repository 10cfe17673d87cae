// The chain's minimap: shown only when the chain is too long to fit legibly, one rectangle per node in its
// role's colour, a drag in it moves the view, and a dragged plugin's rectangle follows it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { useStudio } from './support/studio';

const app = useStudio();
const CHAINED = ['tuning', 'portmap', 'bandwidth', 'firewall', 'sbr'];

describe('chain minimap', () => {
  it('shows the minimap for a chain too long to fit legibly: every node in its role colour, and a drag in it moves the view', async () => {
    const { page } = app.session;
    const plugins = [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, ...Array.from({ length: 149 }, (_, i) => ({ type: CHAINED[i % CHAINED.length] }))];
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'longer', plugins }));
    await expect.poll(() => page.locator('.plugin-node').count()).toBeGreaterThan(0);
    const minimap = page.getByRole('img', { name: 'Minimap of the chain' });
    await expect.poll(() => minimap.isVisible()).toBe(true);
    // One path per role colour; between them, one rectangle per plugin and IPAM node (150 + 1), drawn or culled.
    const shapes = await minimap.locator('path.chain-minimap-nodes').evaluateAll((ps) => ps.map((p) => ({ fill: getComputedStyle(p).fill, rects: (p.getAttribute('d')!.match(/M/g) ?? []).length })));
    expect(shapes.reduce((n, s) => n + s.rects, 0)).toBe(151);
    expect(new Set(shapes.map((s) => s.fill)).size).toBe(shapes.length);
    const transform = () => page.locator('.react-flow__viewport').evaluate((v) => getComputedStyle(v).transform);
    const before = await transform();
    const box = (await minimap.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 10, { steps: 5 });
    await page.mouse.up();
    await expect.poll(transform).not.toBe(before);
    await page.screenshot({ path: join(SCREENSHOTS, 'minimap-long-chain.png') });
  });

  it("follows a dragged plugin: its rectangle moves with it, every other one stays where it was", async () => {
    const { page } = app.session;
    const minimap = page.getByRole('img', { name: 'Minimap of the chain' });
    const rects = () =>
      minimap.locator('path.chain-minimap-nodes').evaluateAll((ps) => ps.flatMap((p) => [...p.getAttribute('d')!.matchAll(/M([-\d.e]+),([-\d.e]+)/g)].map((m) => `${Number(m[1]).toFixed(1)},${Number(m[2]).toFixed(1)}`)));
    const before = await rects();
    const zoom = await page.locator('.react-flow__viewport').evaluate((v) => new DOMMatrix(getComputedStyle(v).transform).a);
    // The still nodes' paths are drawn once as the drag starts (without the dragged one), not on every frame.
    await minimap.evaluate((svg) => {
      const w = window as unknown as { stillDrawn: number };
      w.stillDrawn = 0;
      const paths = [...svg.querySelectorAll('path.chain-minimap-nodes')];
      new MutationObserver((rs) => (w.stillDrawn += rs.filter((r) => paths.includes(r.target as Element)).length)).observe(svg, { attributes: true, subtree: true, attributeFilter: ['d'] });
    });
    // A plugin in the middle of the pane: one near its edge, moved back there, would pan the view (auto-pan)
    // and land elsewhere in the chain.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const boxes = await page.locator('.plugin-node').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
    const distance = (b: { x: number; y: number; width: number; height: number }) => Math.hypot(b.x + b.width / 2 - (pane.x + pane.width / 2), b.y + b.height / 2 - (pane.y + pane.height / 2));
    const node = boxes.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    await page.mouse.move(node.x + 20, node.y + 8);
    await page.mouse.down();
    await page.mouse.move(node.x + 20, node.y + 8 + 40, { steps: 6 });
    await expect.poll(async () => (await rects()).filter((r) => !before.includes(r)).length).toBe(1);
    await page.mouse.move(node.x + 20, node.y + 8 + 60, { steps: 6 });
    const during = await rects();
    // 12 moves of the dragged node: the paths drawn before the drag changed at most once each, as it started.
    const colours = await minimap.locator('path.chain-minimap-nodes').evaluateAll((ps) => new Set(ps.map((p) => getComputedStyle(p).fill)).size);
    expect(await page.evaluate('window.stillDrawn')).toBeLessThanOrEqual(colours);
    const gone = before.filter((r) => !during.includes(r));
    const added = during.filter((r) => !before.includes(r));
    expect(gone.length).toBe(1);
    expect(during.length).toBe(before.length);
    // Where the canvas draws the dragged node now, in flow coordinates (its wrapper's translate).
    const id = (await page.locator('.react-flow__node.dragging').getAttribute('data-id'))!;
    const shown = () => page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((n) => { const m = new DOMMatrix(getComputedStyle(n).transform); return `${m.e.toFixed(1)},${m.f.toFixed(1)}`; });
    expect(added).toEqual([await shown()]);
    expect(Number(added[0]!.split(',')[1]) - Number(gone[0]!.split(',')[1])).toBeGreaterThan(20 / zoom);
    await page.mouse.move(node.x + 20, node.y + 8, { steps: 6 });
    await page.mouse.up();
    // Let go: the others still where they were, the plugin where the canvas placed it.
    await expect.poll(async () => page.locator('.react-flow__node.dragging').count()).toBe(0);
    // Where the canvas places it is read with the minimap, until both settle: read once right after the drop,
    // the node's transform could still be the one React Flow sets while it re-renders it (none: 0,0).
    const settled = async () => {
      const placed = await shown();
      return { placed, same: JSON.stringify((await rects()).sort()) === JSON.stringify([...before.filter((r) => r !== gone[0]), placed].sort()) };
    };
    await expect.poll(async () => (await settled()).same).toBe(true);
    expect((await settled()).placed).not.toBe('0.0,0.0');
    expect(app.session.errors).toEqual([]);
  });
});
