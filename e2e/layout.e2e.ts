// The workbench layout at 1280×720 and 1920×1080: resizable, collapsible panels that are remembered, a
// canvas that keeps half the window and maximises with one key, a view that frames the chain (long
// ones wrapped and legible), a marker where a dragged plugin lands, and an empty state that says what to do.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS, VIEWPORTS, type Viewport } from './support/browser';
import { axeViolations } from './support/axe';
import { useStudio } from './support/studio';

const BRIDGE_TEMPLATE = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'pods',
  plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', subnet: '10.88.0.0/16' } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning' }],
});

const CHAINED = ['tuning', 'portmap', 'bandwidth', 'firewall', 'sbr'];
const LONG_CHAIN = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'long',
  plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, ...Array.from({ length: 39 }, (_, i) => ({ type: CHAINED[i % CHAINED.length] }))],
});

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What keeps the chain from being framed: nodes outside the pane, or under the minimap or the canvas bar. */
async function framingProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rect = (el: Element | null) => el?.getBoundingClientRect();
    const pane = rect(document.querySelector('[data-testid="canvas-pane"]'))!;
    const minimap = rect(document.querySelector('.react-flow__minimap'));
    const header = rect(document.querySelector('.canvas-header'))!;
    const out: string[] = [];
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const b = node.getBoundingClientRect();
      const name = node.querySelector('[data-type]')?.getAttribute('data-testid') ?? node.getAttribute('data-id');
      if (b.left < pane.left - 1 || b.top < pane.top - 1 || b.right > pane.right + 1 || b.bottom > pane.bottom + 1) out.push(`${name} outside the pane`);
      if (minimap && b.left < minimap.right && minimap.left < b.right && b.top < minimap.bottom && minimap.top < b.bottom) out.push(`${name} under the minimap`);
      if (b.top < header.bottom) out.push(`${name} under the canvas bar`);
    }
    return out;
  });
}

/** Whether the drop marker stands in the gap between two nodes of a row, level with them. */
/** Tab labels cut or out of view, and anything in the side panel or the palette reaching past its right edge. */
function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const list = document.querySelector('.tab-bar .tabs')!.getBoundingClientRect();
    for (const tab of document.querySelectorAll<HTMLElement>('.tab-bar [role="tab"]')) {
      const label = tab.querySelector<HTMLElement>('.tab-label')!;
      const b = tab.getBoundingClientRect();
      if (label.scrollWidth > label.clientWidth) out.push(`${label.textContent} is cut`);
      if (b.left < list.left - 1 || b.right > list.right + 1) out.push(`${label.textContent} is out of view`);
    }
    // Form controls, hints and sections stay within the side panel and the palette.
    for (const id of ['wb-side', 'wb-palette']) {
      const p = document.getElementById(id)!.getBoundingClientRect();
      for (const el of document.getElementById(id)!.querySelectorAll<HTMLElement>('select, input, button, section, li, p')) {
        const b = el.getBoundingClientRect();
        if (b.width > 0 && b.right > p.right + 1) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} overflows ${id} by ${Math.round(b.right - p.right)}px`);
      }
    }
    return out;
  });
}

async function markerBetween(marker: Locator, a: Box, b: Box): Promise<boolean> {
  const m = await marker.boundingBox();
  return m !== null && m.x >= a.x + a.width - 2 && m.x + m.width <= b.x + 2 && overlaps(m, { ...a, x: m.x });
}

const zoomOf = (page: Page) => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a);

/** The zoom once no transition moves it (a panel's return re-fits the view, animated): equal over 250 ms. */
async function settledZoom(page: Page): Promise<number> {
  let last = await zoomOf(page);
  await expect
    .poll(async () => {
      await page.waitForTimeout(250);
      const now = await zoomOf(page);
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
  return last;
}

function scenarios(name: 'laptop' | 'desktop', viewport: Viewport) {
  describe(`workbench layout at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);
    const shot = (what: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `layout-${name}-${what}.png`) });
    const panel = (id: string) => app.session.page.locator(`[data-panel]#wb-${id}`);
    const size = async (id: string) => app.studio.box(panel(id));

    it('opens on a clean empty state that says what to do, without an error count', async () => {
      const { page } = app.session;
      const empty = page.getByTestId('canvas-empty');
      await empty.waitFor();
      expect(await empty.textContent()).toContain('Drag a plugin here from the palette, press Ctrl+K to add one by name, or start from a template.');
      await expect.poll(() => page.getByTestId('empty-add-plugin').isVisible()).toBe(true);
      expect((await page.getByTestId('empty-templates').textContent())?.trim()).toBe('Start from a template');
      // The key is one inline chip on the text's line, not a stacked input-like box.
      const kbd = await app.studio.box(empty.locator('kbd'));
      const text = await app.studio.box(empty.locator('p'));
      expect(kbd.height).toBeLessThan(26);
      expect(kbd.width).toBeGreaterThan(kbd.height);
      expect(kbd.y).toBeGreaterThanOrEqual(text.y - 1);
      // Centred in the canvas.
      const pane = await app.studio.box(page.getByTestId('canvas-pane'));
      const button = await app.studio.box(page.getByTestId('empty-add-plugin'));
      expect(Math.abs(button.x + button.width / 2 - (pane.x + pane.width / 2))).toBeLessThan(pane.width / 4);
      // Problems says what to do, and counts no error.
      expect(await page.getByTestId('problems-start').textContent()).toContain('Add a plugin to start');
      expect(await page.locator('[data-code="CNI105"]').count()).toBe(0);
      expect(await page.getByTestId('problem-counts').count()).toBe(0);
      expect(await page.locator('section.problems').textContent()).not.toMatch(/\d+ errors?/);
      await shot('empty-light');
      expect(await axeViolations(page)).toEqual([]);
      // The empty state's buttons work.
      await page.getByTestId('empty-templates').click();
      await page.getByTestId('templates').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('empty-add-plugin').click();
      await page.getByLabel('Plugin type').waitFor();
      await page.keyboard.press('Escape');
    });

    it('the export dialog still refuses an empty network for what it is', async () => {
      const { page } = app.session;
      await page.getByTestId('export').click();
      expect(await page.getByTestId('export-dialog').textContent()).toContain('CNI105');
      await page.keyboard.press('Escape');
    });

    it('keeps at least half the window for the canvas, with the bottom panel open', async () => {
      const canvas = await app.studio.box(panel('canvas'));
      const bottom = await app.studio.box(panel('bottom'));
      expect(bottom.height).toBeGreaterThan(140);
      expect(canvas.height).toBeGreaterThanOrEqual(viewport.height / 2);
    });

    it('shows every tab label whole, and nothing overflows its panel', async () => {
      const { page } = app.session;
      expect(await overflowProblems(page)).toEqual([]);
    });

    it('keeps the network settings within the side panel when versions name the plugins that reject them', async () => {
      const { page } = app.session;
      // bandwidth and firewall reject the oldest versions: their options read "0.1.0 (rejected by …)", and a
      // select is as wide as its longest option unless its column says otherwise.
      await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'pods', plugins: [{ type: 'bridge', ipam: { type: 'host-local', subnet: '10.22.0.0/16' } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'bandwidth', capabilities: { bandwidth: true } }, { type: 'firewall' }] }));
      await app.studio.expectChain(['bridge', 'portmap', 'bandwidth', 'firewall']);
      expect(await page.getByTestId('network-version').locator('option', { hasText: 'rejected by' }).count()).toBeGreaterThan(0);
      expect(await overflowProblems(page)).toEqual([]);
      // A plugin selected: its tab ("3. bandwidth") is the bottom panel's longest label; every tab still shows whole.
      await app.studio.node(2).click();
      await expect.poll(() => page.getByRole('tab', { name: /3\. bandwidth/ }).count()).toBe(1);
      expect(await overflowProblems(page)).toEqual([]);
      // And as a returning user opens it (the settings are drawn with the workbench, not after it).
      await page.reload();
      await app.studio.expectChain(['bridge', 'portmap', 'bandwidth', 'firewall']);
      expect(await overflowProblems(page)).toEqual([]);
    });

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

    it('resizes a panel by dragging its separator, and from the keyboard; sizes survive a reload', async () => {
      const { page } = app.session;
      const before = await size('palette');
      const sep = await app.studio.box(page.getByTestId('separator-palette'));
      expect(await page.getByTestId('separator-palette').getAttribute('aria-label')).toBe('Resize the plugin palette');
      await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2);
      await page.mouse.down();
      await page.mouse.move(sep.x + 60, sep.y + sep.height / 2, { steps: 6 });
      await page.mouse.move(sep.x + 80, sep.y + sep.height / 2, { steps: 4 });
      await page.mouse.up();
      await expect.poll(async () => Math.round((await size('palette')).width - before.width)).toBeGreaterThan(70);
      // The bottom panel, from the keyboard: a focused separator takes the arrow keys.
      const bottomBefore = await size('bottom');
      await page.getByTestId('separator-bottom').focus();
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await expect.poll(async () => (await size('bottom')).height - bottomBefore.height).toBeGreaterThan(20);
      const palette = await size('palette');
      const bottom = await size('bottom');
      await page.reload();
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(async () => Math.abs((await size('palette')).width - palette.width)).toBeLessThan(3);
      expect(Math.abs((await size('bottom')).height - bottom.height)).toBeLessThan(3);
      // Back to the sizes the scenarios below start from.
      await page.getByTestId('separator-bottom').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const back = await app.studio.box(page.getByTestId('separator-palette'));
      await page.mouse.move(back.x + back.width / 2, back.y + back.height / 2);
      await page.mouse.down();
      await page.mouse.move(back.x - 80, back.y + back.height / 2, { steps: 8 });
      await page.mouse.up();
      await expect.poll(async () => Math.abs((await size('palette')).width - before.width)).toBeLessThan(3);
    });

    it('collapses and restores each panel, and remembers a collapsed one', async () => {
      const { page } = app.session;
      // Palette: to a strip, and back.
      const palette = await size('palette');
      await page.getByTestId('collapse-palette').click();
      await expect.poll(async () => (await size('palette')).width).toBeLessThan(50);
      expect(await page.getByLabel('Search plugins').isVisible()).toBe(false);
      await page.getByTestId('expand-palette').click();
      await expect.poll(async () => Math.abs((await size('palette')).width - palette.width)).toBeLessThan(3);
      // Side panel: to a strip that still shows the problems count, and back.
      const side = await size('side');
      await page.getByTestId('collapse-side').click();
      await expect.poll(async () => (await size('side')).width).toBeLessThan(50);
      expect(await page.getByTestId('expand-problems').getAttribute('aria-label')).toMatch(/^Show problems: \d+ errors?, \d+ warnings?/);
      await shot('side-collapsed');
      await page.getByTestId('expand-problems').click();
      await expect.poll(async () => Math.abs((await size('side')).width - side.width)).toBeLessThan(3);
      // Bottom panel: down to its tab bar; a tab brings it back.
      const bottom = await size('bottom');
      await page.getByTestId('collapse-bottom').click();
      await expect.poll(async () => (await size('bottom')).height).toBeLessThan(40);
      expect(await page.getByTestId('tab-preview').isVisible()).toBe(true);
      // Remembered across a reload.
      await page.reload();
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(async () => (await size('bottom')).height).toBeLessThan(40);
      await page.getByTestId('tab-plugin').click();
      await expect.poll(async () => Math.abs((await size('bottom')).height - bottom.height)).toBeLessThan(3);
      // The bottom panel maximises, leaving the canvas its minimum, and restores.
      await page.getByTestId('maximise-bottom').click();
      await expect.poll(async () => (await size('canvas')).height).toBeLessThan(170);
      await page.getByTestId('maximise-bottom').click();
      await expect.poll(async () => Math.abs((await size('bottom')).height - bottom.height)).toBeLessThan(3);
    });

    it('maximises the canvas with one key, and restores the panels with it', async () => {
      const { page } = app.session;
      const canvas = await size('canvas');
      await page.getByTestId('canvas-pane').click({ position: { x: 8, y: 8 } });
      await page.keyboard.press('Control+Backslash');
      await expect.poll(async () => (await size('canvas')).width).toBeGreaterThan(viewport.width - 100);
      expect((await size('canvas')).height).toBeGreaterThan(viewport.height - 100);
      expect(await page.getByTestId('maximise-canvas').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => framingProblems(page)).toEqual([]);
      await shot('canvas-maximised');
      await page.keyboard.press('Control+Backslash');
      await expect.poll(async () => Math.abs((await size('canvas')).width - canvas.width)).toBeLessThan(3);
      expect(Math.abs((await size('canvas')).height - canvas.height)).toBeLessThan(3);
    });

    it('hides and shows each panel, and fits the view, from the keyboard', async () => {
      const { page } = app.session;
      const [palette, bottom, side] = [await size('palette'), await size('bottom'), await size('side')];
      await page.getByTestId('canvas-pane').click({ position: { x: 8, y: 8 } });
      await page.keyboard.press('Control+b');
      await expect.poll(async () => (await size('palette')).width).toBeLessThan(50);
      await page.keyboard.press('Control+j');
      await expect.poll(async () => (await size('bottom')).height).toBeLessThan(40);
      await page.keyboard.press('Control+Alt+b');
      await expect.poll(async () => (await size('side')).width).toBeLessThan(50);
      await page.keyboard.press('Control+b');
      await page.keyboard.press('Control+j');
      await page.keyboard.press('Control+Alt+b');
      await expect.poll(async () => Math.abs((await size('palette')).width - palette.width)).toBeLessThan(3);
      await expect.poll(async () => Math.abs((await size('bottom')).height - bottom.height)).toBeLessThan(3);
      await expect.poll(async () => Math.abs((await size('side')).width - side.width)).toBeLessThan(3);
      // Zoomed in by hand, the chain no longer fits; Shift+F frames it again.
      const fitted = await settledZoom(page);
      // Three quick clicks, each within the last one's animation: three steps of 1.2 all the same.
      const zoomIn = (await page.getByRole('button', { name: 'Zoom in' }).boundingBox())!;
      for (let i = 0; i < 3; i++) await page.mouse.click(zoomIn.x + zoomIn.width / 2, zoomIn.y + zoomIn.height / 2);
      expect((await settledZoom(page)) / fitted).toBeCloseTo(1.2 ** 3, 2);
      await page.getByTestId('canvas-pane').click({ position: { x: 8, y: 8 } });
      await page.keyboard.press('Shift+F');
      await expect.poll(async () => Math.abs((await zoomOf(page)) - fitted)).toBeLessThan(0.01);
      await expect.poll(() => framingProblems(page)).toEqual([]);
    });

    it('keeps the keyboard focus on the page when a panel hides or shows', async () => {
      const { page } = app.session;
      const focused = () =>
        page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return 'body';
          return a.id === 'canvas' ? 'canvas' : (a.getAttribute('data-testid') ?? a.tagName.toLowerCase());
        });
      // A panel's own button, from the keyboard: the focus goes to the button that brings it back, and back.
      for (const [hide, show] of [
        ['collapse-palette', 'expand-palette'],
        ['collapse-side', 'expand-side'],
      ] as const) {
        await page.getByTestId(hide).focus();
        await page.keyboard.press('Enter');
        await expect.poll(focused).toBe(show);
        await page.keyboard.press('Enter');
        await expect.poll(focused).toBe(hide);
      }
      // Maximising the canvas with the focus in the palette: the focus goes to the canvas.
      await page.locator('.palette .plugin').first().focus();
      await page.keyboard.press('Control+Backslash');
      await expect.poll(async () => (await size('palette')).width).toBeLessThan(50);
      await expect.poll(focused).toBe('canvas');
      await page.keyboard.press('Control+Backslash');
      await expect.poll(async () => (await size('palette')).width).toBeGreaterThan(100);
      // The bottom panel collapsed to its tab bar: its body is out of reach of Tab.
      await page.getByTestId('collapse-bottom').focus();
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await size('bottom')).height).toBeLessThan(40);
      // The panel says it is collapsed as it resizes: the body is inert from then on.
      await expect.poll(() => page.locator('.editor-body').getAttribute('inert')).not.toBeNull();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.editor-body') === null)).toBe(true);
      await page.getByTestId('collapse-bottom').click();
      await expect.poll(async () => (await size('bottom')).height).toBeGreaterThan(100);
      await expect.poll(() => page.locator('.editor-body').getAttribute('inert')).toBeNull();
    });

    it('shows where a dragged node will land while it is dragged', async () => {
      const { page } = app.session;
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
      await page.getByRole('button', { name: 'Stop' }).click();
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
