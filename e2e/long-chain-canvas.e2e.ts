// A long chain's canvas keeps its frames cheap: nodes are layers while the pointer is over the pane (made
// before a pan or a drag starts, never mid-gesture), zoomed out past Fit it draws an overview whose view is one
// layer, a plugin grabbed near the pane's edge does not pan the view, the dot grid is not painted again for a pan,
// and the edges are drawn wherever the view is.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { importBeforeAll, importLongChain } from './support/long-chain';
import { emptyPanePoint, viewAtRest } from './support/pane';
import { viewTransformOf, zoomOf } from './support/layout';
import { screenshotDifference } from './support/screen';
import { useStudio } from './support/studio';

const app = useStudio();

/** Samples, once a frame from now on, whether the first node drawn is a layer of its own (its will-change). */
const WATCH_LAYERS = `(() => {
  window.layerSamples = [];
  window.watchingLayers = true;
  const tick = () => {
    const node = document.querySelector('.react-flow__node');
    if (node) window.layerSamples.push(getComputedStyle(node).willChange);
    if (window.watchingLayers) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_LAYERS = '(() => { window.watchingLayers = false; return window.layerSamples; })()';

/** Back to the fitted view, as the tests after this one expect it: Fit, the zoom it gives (when known), the view at rest. */
async function refit(page: Page, zoom?: number): Promise<void> {
  await page.getByTestId('fit-view').click();
  if (zoom !== undefined) await expect.poll(() => zoomOf(page)).toBeCloseTo(zoom, 3);
  await viewAtRest(page);
}

describe('a chain of 150 plugins: the canvas', () => {
  importBeforeAll(app);

  it('makes its nodes layers while the pointer is over the pane: none made or dropped during a pan or an auto-pan', async () => {
    const { page } = app.session;
    const willChange = () => page.locator('.react-flow__node').first().evaluate((n) => getComputedStyle(n).willChange);
    const transform = () => page.locator('.react-flow__viewport').evaluate((v) => getComputedStyle(v).transform);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // Away from the pane (over the app's top bar): no layers.
    await page.mouse.move(pane.x + pane.width / 2, 2);
    await expect.poll(willChange).toBe('auto');
    // Over it: every node a layer, before anything is pressed.
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2, { steps: 4 });
    await expect.poll(willChange).toBe('transform');
    await page.evaluate(WATCH_LAYERS);
    // A node held near the pane's left edge: React Flow pans the view a step per frame.
    const node = (await page.locator('.plugin-node').nth(2).boundingBox())!;
    const before = await transform();
    await page.mouse.move(node.x + 30, node.y + 12);
    await page.mouse.down();
    await page.mouse.move(pane.x + 8, node.y + 12, { steps: 10 });
    await expect.poll(transform).not.toBe(before);
    await page.waitForTimeout(300);
    await page.mouse.move(node.x + 30, node.y + 12, { steps: 10 });
    await page.mouse.up();
    // A pan by hand from an empty point of the pane, out past the pane's edge and back.
    const empty = (await emptyPanePoint(page))!;
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(pane.x - 40, empty.y - 30, { steps: 12 });
    // Held out there a while (over the palette): Chromium may take the pane's :hover away meanwhile.
    await page.mouse.move(pane.x - 120, empty.y - 10, { steps: 6 });
    await page.waitForTimeout(300);
    await page.mouse.move(empty.x, empty.y, { steps: 12 });
    await page.mouse.up();
    const samples = (await page.evaluate(STOP_LAYERS)) as string[];
    expect(samples.length).toBeGreaterThan(30);
    expect(new Set(samples)).toEqual(new Set(['transform']));
    // Leaving the pane drops them.
    await page.mouse.move(pane.x + pane.width / 2, 2, { steps: 4 });
    await expect.poll(willChange).toBe('auto');
    expect(app.session.errors).toEqual([]);
  });

  it('does not pan the view for a plugin grabbed near the pane\'s edge; dragged towards or along the edge, it does', async () => {
    const { page } = app.session;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const transform = () => page.locator('.react-flow__viewport').evaluate((v) => getComputedStyle(v).transform);
    const node = page.getByTestId('node-1');
    // The long chain afresh, the view panned by hand until plugin 2's top is 12 px below the pane's top
    // (inside React Flow's 40 px band); where to grab it, 6 px below its top.
    const grabNearTop = async () => {
      await importLongChain(app.studio, page);
      await viewAtRest(page);
      const top = (await node.boundingBox())!.y;
      const empty = (await emptyPanePoint(page, { x: 0.5, y: 0.8 }))!;
      await page.mouse.move(empty.x, empty.y);
      await page.mouse.down();
      await page.mouse.move(empty.x, empty.y - (top - pane.y - 12), { steps: 8 });
      await page.mouse.up();
      await viewAtRest(page);
      const box = (await node.boundingBox())!;
      expect(box.y - pane.y).toBeCloseTo(12, 0);
      return { x: box.x + 30, y: box.y + 6 };
    };
    const grab = await grabNearTop();
    const before = await transform();
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    // Picked up, held, and moved a little within the band: the view stays where it was.
    await page.mouse.move(grab.x + 4, grab.y + 4, { steps: 4 });
    await page.waitForTimeout(300);
    expect(await transform()).toBe(before);
    await page.mouse.move(grab.x + 12, grab.y + 8, { steps: 4 });
    await page.waitForTimeout(300);
    expect(await transform()).toBe(before);
    // Along the edge, further than the band is wide: now it pans.
    await page.mouse.move(grab.x + 80, grab.y + 8, { steps: 8 });
    await expect.poll(transform).not.toBe(before);
    await page.mouse.up();
    // Grabbed there again, moved out of the band (no pan) and back into it: it pans.
    const second = await grabNearTop();
    const again = await transform();
    await page.mouse.move(second.x, second.y);
    await page.mouse.down();
    await page.mouse.move(second.x, pane.y + 120, { steps: 10 });
    await page.waitForTimeout(200);
    expect(await transform()).toBe(again);
    await page.mouse.move(second.x, pane.y + 10, { steps: 10 });
    await expect.poll(transform).not.toBe(again);
    await page.mouse.up();
    await importLongChain(app.studio, page);
    expect(app.session.errors).toEqual([]);
  });

  it('zoomed out past Fit, draws an overview: blocks in their role colour, findings ringed, the view one layer', async () => {
    const { page } = app.session;
    await importLongChain(app.studio, page);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const layers = () =>
      page.evaluate(() => ({
        viewport: getComputedStyle(document.querySelector('.react-flow__viewport')!).willChange,
        node: getComputedStyle(document.querySelector('.react-flow__node')!).willChange,
        label: getComputedStyle(document.querySelector('.plugin-node .node-type')!).visibility,
      }));
    const canvas = page.getByTestId('canvas');
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await expect.poll(layers).toEqual({ viewport: 'auto', node: 'transform', label: 'visible' });
    const fitted = await zoomOf(page);
    expect(fitted).toBeGreaterThanOrEqual(0.3);
    // The blocks keep the nodes' sizes: React Flow measures nothing again, and the edges stay where they were.
    const sizes = () => page.locator('.react-flow__node').evaluateAll((ns) => ns.slice(0, 8).map((n) => `${(n as HTMLElement).offsetWidth}x${(n as HTMLElement).offsetHeight}`));
    const compactSizes = await sizes();
    for (let i = 0; i < 12 && (await zoomOf(page)) >= 0.2; i++) {
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(60);
    }
    await expect.poll(() => canvas.getAttribute('class')).toMatch(/\boverview\b/);
    // The pointer is over the pane, and still the nodes are not layers: the view is.
    expect(await layers()).toEqual({ viewport: 'transform', node: 'auto', label: 'hidden' });
    expect(await sizes()).toEqual(compactSizes);
    const look = (testId: string) =>
      page.getByTestId(testId).evaluate((n) => {
        const s = getComputedStyle(n);
        const root = getComputedStyle(document.documentElement);
        return { background: s.backgroundColor, outline: s.outlineStyle === 'none' ? 'none' : s.outlineColor, ring: parseFloat(s.outlineWidth), raised: root.getPropertyValue('--raised').trim(), shadow: s.boxShadow };
      });
    // The bridge has no finding; each repeated tuning has a warning.
    const bridge = await look('node-0');
    expect(bridge.outline).toBe('none');
    expect(bridge.shadow).toBe('none');
    const colours = await page.evaluate(() => {
      const probe = document.createElement('div');
      document.body.append(probe);
      const of = (v: string) => ((probe.style.color = `var(${v})`), getComputedStyle(probe).color);
      const c = { raised: of('--raised'), warning: of('--warning'), error: of('--error') };
      probe.remove();
      return c;
    });
    expect(bridge.background).not.toBe(colours.raised);
    const ringed = await page.locator('.plugin-node.has-warning').first().getAttribute('data-testid');
    const tuning = await look(ringed!);
    expect(tuning.outline).toBe(colours.warning);
    // About 2 px on screen whatever the zoom.
    const z = await zoomOf(page);
    expect(tuning.ring * z).toBeCloseTo(2, 1);
    // A pan moves the one layer: the nodes stay out of layers throughout.
    await page.evaluate(WATCH_LAYERS);
    const empty = (await emptyPanePoint(page, { x: 0.7, y: 0.8 }))!;
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x - 200, empty.y - 30, { steps: 12 });
    await page.mouse.move(empty.x, empty.y, { steps: 12 });
    await page.mouse.up();
    const samples = (await page.evaluate(STOP_LAYERS)) as string[];
    expect(samples.length).toBeGreaterThan(10);
    expect(new Set(samples)).toEqual(new Set(['auto']));
    // A block can still be clicked: it selects its plugin.
    await page.getByTestId('node-0').click();
    await expect.poll(() => page.getByTestId('node-0').getAttribute('class')).toMatch(/\bselected\b/);
    // Focused from the keyboard, a block keeps its focus ring, as wide on screen as at any zoom (4 + 2 px).
    await page.keyboard.press('Shift');
    const focused = await page.getByTestId('node-1').evaluate((n) => {
      const wrapper = n.closest('.react-flow__node') as HTMLElement;
      wrapper.focus();
      return { visible: wrapper.matches(':focus-visible'), ring: getComputedStyle(n).boxShadow };
    });
    expect(focused.visible).toBe(true);
    const spreads = [...focused.ring.matchAll(/0px 0px 0px ([\d.]+)px/g)].map((m) => Number(m[1]) * z);
    expect(spreads).toHaveLength(2);
    expect(spreads[0]).toBeCloseTo(4, 0);
    expect(spreads[1]).toBeCloseTo(6, 0);
    await page.locator('.canvas-pane').screenshot({ path: join(SCREENSHOTS, 'canvas-overview.png') });
    // Zoomed back in, the labels and the per-node layers return.
    for (let i = 0; i < 12 && (await zoomOf(page)) < 0.2; i++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(60);
    }
    await expect.poll(() => canvas.getAttribute('class')).not.toMatch(/\boverview\b/);
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await expect.poll(layers).toEqual({ viewport: 'auto', node: 'transform', label: 'visible' });
    await refit(page, fitted);
    expect(app.session.errors).toEqual([]);
  });

  it('draws a node kept as a layer through a zoom as sharp as one drawn without layers', async () => {
    const { page } = app.session;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const first = page.locator('.plugin-node').first();
    // Layers made far out, then a zoom in to several times the scale they were first rastered at.
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await expect.poll(() => first.evaluate((n) => getComputedStyle(n.closest('.react-flow__node')!).willChange)).toBe('transform');
    const far = await zoomOf(page);
    const box = (await first.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 12 && (await zoomOf(page)) < Math.min(2, far * 4); i++) {
      await page.mouse.wheel(0, -150);
      await page.waitForTimeout(60);
    }
    expect(await zoomOf(page)).toBeGreaterThan(far * 3);
    await page.waitForTimeout(400);
    const layered = await first.screenshot();
    // The same node once the pointer leaves (no layers): drawn straight at the view's scale.
    await page.mouse.move(pane.x + pane.width / 2, 2, { steps: 4 });
    await expect.poll(() => first.evaluate((n) => getComputedStyle(n.closest('.react-flow__node')!).willChange)).toBe('auto');
    await page.waitForTimeout(200);
    const plain = await first.screenshot();
    expect(await screenshotDifference(page, layered, plain)).toBeLessThan(0.005);
    await refit(page, far);
    expect(app.session.errors).toEqual([]);
  });

  // Each edge is an <svg> at the flow's origin drawing outside its own box; it must show with that origin in view
  // and after a pan takes it out. (Edge <svg>s sized to nothing, tried to spare their repaint, drew no edge and
  // no other test noticed.)
  it('draws the edge between two nodes of a row, before and after a pan that takes the flow\'s origin out of view', async () => {
    const { page } = app.session;
    /** The screenshot's share changed by the edges, in the gap between the first two nodes side by side in view. */
    const edgeInk = async () => {
      await viewAtRest(page);
      const gap = (await page.evaluate(`(() => {
        const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
        const inside = (r) => r.left >= pane.left && r.right <= pane.right - 200 && r.top >= pane.top && r.bottom <= pane.bottom;
        const nodes = [...document.querySelectorAll('.react-flow__node-plugin')].map((n) => n.getBoundingClientRect()).filter(inside);
        for (const a of nodes) for (const b of nodes) {
          const space = b.left - a.right;
          if (Math.abs(a.top - b.top) < 1 && space > 12 && space < a.width) return { x: a.right + 4, y: a.top, width: space - 8, height: a.height };
        }
        return null;
      })()`)) as { x: number; y: number; width: number; height: number } | null;
      expect(gap, 'two nodes side by side in view').not.toBeNull();
      const drawn = await page.screenshot({ clip: gap! });
      const style = await page.addStyleTag({ content: '.react-flow__edges { visibility: hidden; }' });
      const bare = await page.screenshot({ clip: gap! });
      await style.evaluate((s) => (s as Element).remove());
      return screenshotDifference(page, drawn, bare);
    };
    await refit(page);
    expect((await viewTransformOf(page)).x).toBeGreaterThan(0);
    // A line across the gap, arrowhead included: well over a few stray pixels of antialiasing.
    expect(await edgeInk()).toBeGreaterThan(0.01);
    const empty = (await emptyPanePoint(page, { x: 0.8, y: 0.8 }))!;
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x - 420, empty.y - 260, { steps: 12 });
    await page.mouse.up();
    expect((await viewTransformOf(page)).x).toBeLessThan(0);
    expect(await edgeInk()).toBeGreaterThan(0.01);
    await refit(page);
    expect(app.session.errors).toEqual([]);
  });

  // React Flow draws every node once to measure it (at the zoom before Fit, where nodes draw in full) and
  // measures each again when a pan brings it into view (at Fit, where they draw compact). A node whose height
  // changed with the zoom moved its handles then: both its edges were written again and its size went through
  // the document's state. The same spot measured at another zoom also differs in the fifth decimal.
  it('measures a node coming into view as it was measured before: a pan writes no edge again', async () => {
    const { page } = app.session;
    await refit(page);
    expect(await page.locator('.canvas').getAttribute('class')).toContain('compact');
    await page.evaluate(`(() => {
      window.edgeWrites = 0;
      window.nodesMounted = 0;
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes' && r.target.classList.contains('react-flow__edge-path')) window.edgeWrites++;
          if (r.type === 'childList' && r.target.classList.contains('react-flow__nodes')) window.nodesMounted += r.addedNodes.length;
        }
      }).observe(document.querySelector('.react-flow__viewport'), { attributes: true, attributeFilter: ['d'], childList: true, subtree: true });
    })()`);
    const empty = (await emptyPanePoint(page, { x: 0.8, y: 0.8 }))!;
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x - 300, empty.y - 300, { steps: 12 });
    await page.mouse.up();
    await viewAtRest(page);
    expect(await page.evaluate('window.nodesMounted'), 'nodes the pan brought into view').toBeGreaterThan(5);
    expect(await page.evaluate('window.edgeWrites')).toBe(0);
    // Every node the same height, drawn in full or compact (the layout's rows and the minimap assume it).
    const heights = await page.locator('.react-flow__node-plugin').evaluateAll((ns) => [...new Set(ns.map((n) => (n as HTMLElement).offsetHeight))]);
    expect(heights).toEqual([100]);
    await refit(page);
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
    // Counted from a view at rest: the last frames of an animated fit or zoom before this test redraw it once.
    await viewAtRest(page);
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
});
