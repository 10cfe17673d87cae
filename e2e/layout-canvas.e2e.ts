// The canvas's framing at 1280×720 and 1920×1080: a view that frames the chain on import, reload and resize
// (long ones wrapped and legible), a marker where a dragged plugin lands, the step panel clear of its table,
// and both themes free of serious accessibility violations.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS, type Viewport } from './support/browser';
import { axeViolations } from './support/axe';
import { useStudio } from './support/studio';
import { BRIDGE_TEMPLATE, framingProblems, markerBetween, settledView, zoomOf } from './support/layout';

const CHAINED = ['tuning', 'portmap', 'bandwidth', 'firewall', 'sbr'];
const LONG_CHAIN = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'long',
  plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, ...Array.from({ length: 39 }, (_, i) => ({ type: CHAINED[i % CHAINED.length] }))],
});

function scenarios(name: 'laptop' | 'desktop', viewport: Viewport) {
  describe(`canvas framing at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);
    const shot = (what: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `layout-${name}-${what}.png`) });
    const size = async (id: string) => app.studio.box(app.session.page.locator(`[data-panel]#wb-${id}`));

    it('fits an imported network in view, clear of the minimap and the canvas bar', async () => {
      const { page } = app.session;
      await app.studio.importText(BRIDGE_TEMPLATE);
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(() => framingProblems(page)).toEqual([]);
      expect(await page.locator('.react-flow__controls').count()).toBe(0);
      // One Fit: the canvas bar's.
      expect(await page.getByRole('button', { name: /^Fit/ }).count()).toBe(1);
      await shot('chain-light');
    });

    it('fits the chain again on a reload and when its panel is resized', async () => {
      const { page } = app.session;
      await page.reload();
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(() => framingProblems(page)).toEqual([]);
      // Shrink the canvas's width by widening the side panel from the keyboard: the chain is refitted.
      await page.getByTestId('separator-side').focus();
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
      await expect.poll(() => framingProblems(page)).toEqual([]);
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await expect.poll(() => framingProblems(page)).toEqual([]);
    });

    it('shows where a dragged node will land while it is dragged', async () => {
      const { page } = app.session;
      // The nodes' boxes are read once the last resize's re-fit has moved them.
      await settledView(page);
      const [a, b, c] = [await app.studio.box(app.studio.node(0)), await app.studio.box(app.studio.node(1)), await app.studio.box(app.studio.node(2))];
      // Drag tuning (3rd) towards the gap between bridge and portmap.
      await page.mouse.move(c.x + 30, c.y + 10);
      await page.mouse.down();
      await page.mouse.move(c.x + 20, c.y + 14, { steps: 3 });
      // The node's centre over portmap's place: it lands there, portmap moves right.
      await page.mouse.move(b.x + 30, b.y + 50, { steps: 12 });
      // Between the bridge's right edge and portmap's left edge, level with them.
      const marker = page.getByTestId('insertion-marker');
      await expect.poll(() => markerBetween(marker, a, b)).toBe(true);
      await shot('drag-marker');
      await page.mouse.up();
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      expect(await marker.count()).toBe(0);
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
    });

    it('shows where a plugin dragged from the palette will be spliced in', async () => {
      const { page } = app.session;
      await settledView(page);
      const [a, b] = [await app.studio.box(app.studio.node(0)), await app.studio.box(app.studio.node(1))];
      await page.getByTestId('palette-bandwidth').scrollIntoViewIfNeeded();
      const item = await app.studio.box(page.getByTestId('palette-bandwidth'));
      await page.mouse.move(item.x + 20, item.y + 10);
      await page.mouse.down();
      await page.mouse.move(item.x + 40, item.y + 20, { steps: 3 });
      const gap = { x: (a.x + a.width + b.x) / 2, y: a.y + 30 };
      await page.mouse.move(gap.x, gap.y, { steps: 10 });
      const marker = page.getByTestId('insertion-marker');
      // Hovering there (a drag reports its position as the pointer moves; a busy machine may drop some).
      let wiggle = 0;
      await expect
        .poll(async () => {
          await page.mouse.move(gap.x + (wiggle++ % 2), gap.y);
          return markerBetween(marker, a, b);
        })
        .toBe(true);
      await shot('palette-drag-marker');
      await page.mouse.up();
      await app.studio.expectChain(['bridge', 'bandwidth', 'portmap', 'tuning']);
      expect(await marker.count()).toBe(0);
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
    });

    it('steps through ADD with nothing drawn over the CNI_* table, and the canvas still half the window', async () => {
      const { page } = app.session;
      await page.getByRole('button', { name: 'Templates' }).click();
      await page.getByTestId('template-podman-bridge').click();
      await page.getByTestId('confirm-ok').click();
      await app.studio.expectChain(['bridge', 'portmap', 'firewall', 'tuning']);
      await page.getByTestId('tab-preview').click();
      await page.getByTestId('teach-start').click();
      await page.getByTestId('teach-explain').waitFor();
      await page.locator('table.env').scrollIntoViewIfNeeded();
      // Every piece of text in the step panel outside the table stays clear of it.
      const over = await page.evaluate(() => {
        const table = document.querySelector('table.env')!;
        const t = table.getBoundingClientRect();
        const out: string[] = [];
        const walker = document.createTreeWalker(document.querySelector('.preview')!, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent?.trim() || table.contains(n)) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) {
            if (r.width > 0 && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom) out.push(n.textContent.trim().slice(0, 40));
          }
        }
        return out;
      });
      expect(over).toEqual([]);
      expect((await size('canvas')).height).toBeGreaterThanOrEqual(viewport.height / 2);
      await shot('step-panel');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await page.getByTestId('tab-plugin').click();
    });

    it('wraps a 40-plugin chain so that Fit shows it legibly, in chain order', async () => {
      const { page } = app.session;
      await app.studio.importText(LONG_CHAIN);
      await expect.poll(() => page.locator('.plugin-node').count()).toBe(40);
      await expect.poll(() => framingProblems(page)).toEqual([]);
      // Every label reads at 10 px or more on screen (its font size times the zoom), none cut.
      const zoom = await zoomOf(page);
      const labels = await page.locator('.plugin-node .node-type').evaluateAll((els) => els.map((e) => ({ px: parseFloat(getComputedStyle(e).fontSize), cut: e.scrollWidth > e.clientWidth + 1 })));
      expect(Math.min(...labels.map((l) => l.px)) * zoom).toBeGreaterThanOrEqual(10);
      expect(labels.filter((l) => l.cut)).toEqual([]);
      // Wrapped: several rows, and each plugin sits next to the one before it (a snake).
      const boxes = await Promise.all(Array.from({ length: 40 }, (_, i) => app.studio.box(app.studio.node(i))));
      expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBeGreaterThan(2);
      for (let i = 1; i < 40; i++) {
        const [p, q] = [boxes[i - 1]!, boxes[i]!];
        const sameRow = Math.abs(p.y - q.y) < 2;
        const step = sameRow ? Math.abs(p.x - q.x) : Math.abs(p.x - q.x) < 2 ? 0 : Infinity;
        expect(step).toBeLessThan(p.width * 2);
      }
      // Every edge carries an arrow: the direction reads in both kinds of row.
      expect(await page.locator('.react-flow__edge.chain-edge path[marker-end]').count()).toBe(39);
      await shot('long-chain-light');
    });

    it('has no serious accessibility violations in either theme, and looks right in dark', async () => {
      const { page } = app.session;
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await axeViolations(page)).toEqual([]);
      await shot('long-chain-dark');
      await app.studio.importText(BRIDGE_TEMPLATE);
      await expect.poll(() => framingProblems(page)).toEqual([]);
      // Back from the long chain's far zoom, the edges' labels read again.
      const hiddenLabels = () => page.locator('.edge-label').evaluateAll((els) => els.filter((e) => getComputedStyle(e).visibility !== 'visible' || e.getBoundingClientRect().width === 0).map((e) => e.textContent));
      await expect.poll(hiddenLabels).toEqual([]);
      expect(await page.locator('.edge-label').count()).toBe(3);
      expect(await axeViolations(page)).toEqual([]);
      // With a plugin selected: the side panel's selection section and the plugin's tab.
      await app.studio.node(0).click();
      await page.getByTestId('selected-plugin').waitFor();
      await shot('chain-dark');
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
    });
  });
}

scenarios('laptop', VIEWPORTS.laptop);
scenarios('desktop', VIEWPORTS.desktop);
