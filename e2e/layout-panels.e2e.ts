// The workbench's panels at 1280×720 and 1920×1080: an empty state that says what to do, a canvas that keeps
// half the window, panels resized, collapsed and maximised (by mouse and keyboard) and remembered, and the
// keyboard focus kept on the page as they hide and show.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS, type Viewport } from './support/browser';
import { axeViolations } from './support/axe';
import { useStudio } from './support/studio';
import { BRIDGE_TEMPLATE, framingProblems, overflowProblems, settledZoom, zoomOf } from './support/layout';

function scenarios(name: 'laptop' | 'desktop', viewport: Viewport) {
  describe(`workbench panels at ${viewport.width}×${viewport.height}`, () => {
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

    it('resizes a panel by dragging its separator, and from the keyboard; sizes survive a reload', async () => {
      const { page } = app.session;
      await app.studio.importText(BRIDGE_TEMPLATE);
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
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
      // The strip replaces the palette's content in the render after the panel reports its new size.
      await expect.poll(() => page.getByLabel('Search plugins').isVisible()).toBe(false);
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
      // Maximised, then reloaded: still maximised, and it restores (it came back with no way to undo it).
      await page.getByTestId('maximise-bottom').click();
      await expect.poll(async () => (await size('canvas')).height).toBeLessThan(170);
      await page.reload();
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(async () => (await size('canvas')).height).toBeLessThan(170);
      expect(await page.getByTestId('maximise-bottom').getAttribute('aria-pressed')).toBe('true');
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
  });
}

scenarios('laptop', VIEWPORTS.laptop);
scenarios('desktop', VIEWPORTS.desktop);
