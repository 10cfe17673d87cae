// The chain's minimap: shown only when the chain is too long to fit legibly, one rectangle per node in its
// role's colour, and a drag in it moves the view.
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
});
