// A long chain keeps its frames cheap: nodes become layers only while the user moves the view (not for a
// drag's auto-pan, a step per frame), the dot grid is not painted again for a pan, and the Problems list is checked against its view in blocks, while
// staying one list of every finding for assistive technology.
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { emptyPanePoint } from './support/pane';
import { useStudio } from './support/studio';

const app = useStudio();
const CHAINED = ['tuning', 'portmap', 'bandwidth', 'firewall', 'sbr'];

/** Counts each time the pane gains the data-moving flag (nodes made layers), from now on. */
const WATCH_MOVING = `(() => {
  window.movingSet = 0;
  const pane = document.querySelector('.canvas-pane');
  new MutationObserver((records) => {
    for (const r of records) if (pane.hasAttribute('data-moving') && r.oldValue === null) window.movingSet++;
  }).observe(pane, { attributes: true, attributeFilter: ['data-moving'], attributeOldValue: true });
})()`;

describe('a chain of 150 plugins', () => {
  beforeAll(async () => {
    const plugins = [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, ...Array.from({ length: 149 }, (_, i) => ({ type: CHAINED[i % CHAINED.length] }))];
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'long', plugins }));
    await app.session.page.locator('.plugin-node').first().waitFor();
  });

  it('makes its nodes layers while the user pans, not while a dragged node auto-pans the view', async () => {
    const { page } = app.session;
    const transform = () => page.locator('.react-flow__viewport').evaluate((v) => getComputedStyle(v).transform);
    await page.evaluate(WATCH_MOVING);
    // A node held near the pane's left edge: React Flow pans the view a step per frame.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const node = (await page.locator('.plugin-node').nth(2).boundingBox())!;
    const before = await transform();
    await page.mouse.move(node.x + 30, node.y + 12);
    await page.mouse.down();
    await page.mouse.move(pane.x + 8, node.y + 12, { steps: 10 });
    await expect.poll(transform).not.toBe(before);
    await page.waitForTimeout(300);
    await page.mouse.move(node.x + 30, node.y + 12, { steps: 10 });
    await page.mouse.up();
    expect(await page.evaluate('window.movingSet')).toBe(0);
    // A pan by hand, from an empty point of the pane: layers while it moves, none after.
    const empty = (await emptyPanePoint(page))!;
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x - 120, empty.y - 30, { steps: 8 });
    expect(await page.locator('.canvas-pane').getAttribute('data-moving')).toBe('');
    await page.mouse.up();
    await expect.poll(() => page.locator('.canvas-pane').getAttribute('data-moving')).toBe(null);
    expect(await page.evaluate('window.movingSet')).toBe(1);
    expect(app.session.errors).toEqual([]);
  });

  it('keeps its dot grid still while the view pans: only the grid layer moves, by the view modulo one cell', async () => {
    const { page } = app.session;
    const grid = () =>
      page.evaluate(`(() => {
        const t = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform);
        const layer = new DOMMatrix(getComputedStyle(document.querySelector('.chain-background__layer')).transform);
        const cell = Number(document.querySelector('.chain-background pattern').getAttribute('width'));
        return { x: t.e, y: t.f, zoom: t.a, cell, shift: [layer.e, layer.f] };
      })()`) as Promise<{ x: number; y: number; zoom: number; cell: number; shift: number[] }>;
    // React Flow's own grid moved its pattern on every frame, so the whole pane was painted again each time.
    await page.evaluate(`(() => {
      window.patternChanges = 0;
      new MutationObserver((r) => (window.patternChanges += r.length)).observe(document.querySelector('.chain-background pattern'), { attributes: true, subtree: true });
    })()`);
    const empty = (await emptyPanePoint(page))!;
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x - 137, empty.y - 59, { steps: 12 });
    await page.mouse.up();
    const panned = await grid();
    expect(await page.evaluate('window.patternChanges')).toBe(0);
    expect(panned.cell).toBeCloseTo(24 * panned.zoom, 3);
    expect(panned.shift[0]).toBeCloseTo(panned.x % panned.cell, 3);
    expect(panned.shift[1]).toBeCloseTo(panned.y % panned.cell, 3);
    // A zoom draws the pattern once at the new scale.
    await page.mouse.move(empty.x - 200, empty.y - 80);
    await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await grid()).zoom).not.toBeCloseTo(panned.zoom, 3);
    const zoomed = await grid();
    expect(zoomed.cell).toBeCloseTo(24 * zoomed.zoom, 3);
    expect(zoomed.shift[0]).toBeCloseTo(zoomed.x % zoomed.cell, 3);
    expect(zoomed.shift[1]).toBeCloseTo(zoomed.y % zoomed.cell, 3);
    expect(app.session.errors).toEqual([]);
  });

  it('lists every finding as one list, laid out and painted in blocks of 40 near the view', async () => {
    const { page } = app.session;
    const list = page.getByRole('region', { name: 'Problems' }).getByRole('list');
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(80);
    const findings = await list.getByRole('listitem').count();
    expect(await page.getByTestId('finding').count()).toBe(findings);
    const blocks = await list.locator('.finding-block').evaluateAll((bs) => bs.map((b) => ({ rows: b.children.length, skipped: getComputedStyle(b).contentVisibility })));
    expect(blocks.map((b) => b.rows)).toEqual(Array.from({ length: Math.ceil(findings / 40) }, (_, i) => Math.min(40, findings - 40 * i)));
    expect(new Set(blocks.map((b) => b.skipped))).toEqual(new Set(['auto']));
    // Blocks out of view are still in the page: the last finding can be found and scrolled to.
    const last = page.getByTestId('finding').last();
    await last.scrollIntoViewIfNeeded();
    await expect.poll(() => last.isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(app.session.errors).toEqual([]);
  });
});
