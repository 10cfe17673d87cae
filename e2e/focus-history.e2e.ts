// Keyboard focus across the workbench (the skip link, the canvas's nodes, focus kept when what held it
// goes away) and the version history, at a laptop's and a desktop's window size.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { axeViolations } from './support/axe';
import { quickAdd, useStudio } from './support/studio';
import { countFocusLost, CSS_ESCAPE, focusedOnCanvas, palette, selectedOnCanvas } from './support/commands';

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`keyboard focus and version history at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);
    const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`) });

    it('the first Tab reaches "Skip to canvas", and Enter puts focus on the canvas', async () => {
      const { page } = app.session;
      const skip = page.getByRole('link', { name: 'Skip to canvas' });
      // As a person would, once the workbench is on screen (React renders after the page's load event).
      await page.getByTestId('canvas').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))).toContain('Skip to canvas');
      // Shown while focused, inside the window.
      const box = (await skip.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x).toBeGreaterThanOrEqual(0);
      await shot('skip-link');
      await page.keyboard.press('Enter');
      expect(await focusedOnCanvas(page)).toBe('canvas');
      // The canvas's own Tidy and Fit are the registered actions: on an empty chain they say why they wait.
      for (const name of ['Tidy', 'Fit']) {
        const button = page.getByTestId('canvas').getByRole('button', { name, exact: true });
        expect(await button.getAttribute('aria-disabled')).toBe('true');
        expect(await page.locator(`#${CSS_ESCAPE(await button.getAttribute('aria-describedby'))}`).textContent()).toContain('The chain is empty: add a plugin first');
      }
    });

    it("Escape on a focused node clears the selection and keeps the focus there; an IPAM's delete undone comes back selected and focused", async () => {
      const { page } = app.session;
      const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null);
      await quickAdd(page, 'bridge');
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:bridge');
      expect(await selectedOnCanvas(page)).toEqual(['bridge']);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);
      expect(await focusedOnCanvas(page)).toBe('node:bridge');
      // Tab on to its IPAM, which Tab selects; Delete detaches it, and undo brings it back there.
      await page.keyboard.press('Tab');
      await expect.poll(focusedLabel).toMatch(/^IPAM of plugin 1: host-local/);
      await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('aria-label')).toMatch(/^IPAM of plugin 1/);
      await page.keyboard.press('Delete');
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
      await expect.poll(focusedLabel).toMatch(/^IPAM of plugin 1: host-local/);
      expect(await page.locator('.react-flow__node.selected').getAttribute('aria-label')).toMatch(/^IPAM of plugin 1/);
      // Deleting the first and last of three: the one left between them is selected and focused.
      await quickAdd(page, 'tuning');
      await quickAdd(page, 'portmap');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await app.studio.node(0).click();
      await app.studio.node(2).click({ modifiers: ['Control'] });
      await expect.poll(() => selectedOnCanvas(page)).toEqual(['bridge', 'portmap']);
      await page.keyboard.press('Delete');
      await app.studio.expectChain(['tuning']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');
      expect(await selectedOnCanvas(page)).toEqual(['tuning']);
      // Leave the chain empty for the next test.
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await app.studio.expectChain([]);
    });

    it('focus follows quick add, Alt+arrows, Delete and undo, with a ring on the focused node', async () => {
      const { page } = app.session;
      await quickAdd(page, 'bridge');
      await app.studio.expectChain(['bridge']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:bridge');
      await quickAdd(page, 'portmap');
      await quickAdd(page, 'tuning');
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');
      // The ring: a box-shadow in the focus colour around the node.
      const ring = await page.evaluate(() => {
        const node = document.activeElement!.querySelector('.node')!;
        return { shadow: getComputedStyle(node).boxShadow, colour: getComputedStyle(document.documentElement).getPropertyValue('--focus-ring').trim() };
      });
      expect(ring.shadow).toContain('0px 0px 0px 6px');
      await shot('node-focus-ring');

      await page.keyboard.press('Alt+ArrowLeft');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');
      await page.keyboard.press('Alt+ArrowRight');
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');
      await page.keyboard.press('Alt+ArrowLeft');
      // The focus the move gives the node is the user's once they put it elsewhere: a button reached the
      // frame after the node got it keeps it (the move's focus used to take it back on the next frame).
      const kept = await page.evaluate(async () => {
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        const onNode = () => document.activeElement?.closest('.react-flow__node') !== null && document.activeElement !== document.body;
        for (let i = 0; i < 60 && !onNode(); i++) await frame();
        const button = document.querySelector<HTMLElement>('header button')!;
        button.focus();
        for (let i = 0; i < 5; i++) await frame();
        return document.activeElement === button;
      });
      expect(kept).toBe(true);
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      // The node itself (React Flow's wrapper holds the focus; Delete acts where the selection is).
      await app.studio.node(1).locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " react-flow__node ")]').focus();
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');

      // Delete: focus goes to the plugin that took its place, before the node goes (never to the page's body).
      await countFocusLost(page);
      await page.keyboard.press('Delete');
      await app.studio.expectChain(['bridge', 'portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:portmap');
      expect(await countFocusLost(page)).toBe(0);
      // Undo brings it back, selected and focused, so the next key acts on it again.
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');
      expect(await selectedOnCanvas(page)).toEqual(['tuning']);
      // Tab to the next node selects it: Delete and Alt+arrows act on it without Enter first.
      await page.keyboard.press('Tab');
      const reached = await focusedOnCanvas(page);
      expect(reached).toMatch(/^node:(bridge|portmap)$/);
      await expect.poll(() => selectedOnCanvas(page)).toEqual([reached.slice('node:'.length)]);
      await page.keyboard.press('Delete');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap'].filter((t) => `node:${t}` !== reached));
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe(reached);
      // Deleting the last plugin left: focus goes to the canvas.
      await page.keyboard.press('Control+Shift+P');
      await page.keyboard.type('select every');
      await page.keyboard.press('Enter');
      await countFocusLost(page);
      await page.keyboard.press('Delete');
      await app.studio.expectChain([]);
      await expect.poll(() => focusedOnCanvas(page)).toBe('canvas');
      expect(await countFocusLost(page)).toBe(0);
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:bridge');
      expect(await selectedOnCanvas(page)).toEqual(['bridge', 'tuning', 'portmap']);
      // Undoing an add takes out the node that has the focus: the focus goes to the canvas before it goes.
      await quickAdd(page, 'bandwidth');
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:bandwidth');
      await countFocusLost(page);
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('canvas');
      expect(await countFocusLost(page)).toBe(0);
    });

    it('Tab and Shift+Tab stay inside an open dialog, and Escape then still closes it', async () => {
      const { page } = app.session;
      const insideDialog = () => page.evaluate(() => document.activeElement?.closest('[role="dialog"]')?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null);
      for (const name of ['Export', 'History']) {
        await page.getByRole('button', { name, exact: true }).click();
        const dialog = page.locator('[role="dialog"]');
        await dialog.waitFor();
        const title = await dialog.getAttribute('aria-label');
        for (let i = 0; i < 25; i++) {
          await page.keyboard.press(i < 20 ? 'Tab' : 'Shift+Tab');
          expect(await insideDialog(), `${name}, key ${i + 1}`).toBe(title);
        }
        await page.keyboard.press('Escape');
        await expect.poll(() => dialog.count()).toBe(0);
      }
    });

    it('"Skip to canvas" on a chain lands on the selected node, else the first, so the next Tab reaches the next node', async () => {
      const { page } = app.session;
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      // The first Tab stop (the test above): reached here directly, as the page's start is behind the focus now.
      const skipThenEnter = async () => {
        await page.getByRole('link', { name: 'Skip to canvas' }).focus();
        await page.keyboard.press('Enter');
      };
      await app.studio.node(1).click();
      await skipThenEnter();
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:tuning');
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:portmap');
      // Nothing selected: the first plugin.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);
      await skipThenEnter();
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:bridge');
    });

    it('keeps the network as a version when a template replaces it; the version can be browsed and restored', async () => {
      const { page } = app.session;
      await page.keyboard.press('Control+Shift+P');
      await page.keyboard.type('template');
      await expect.poll(() => palette(page).locator('[cmdk-item][data-selected="true"] .cmd-title').textContent()).toBe('Start from a template…');
      await page.keyboard.press('Enter');
      await page.getByTestId('template-containerd-bridge').click();
      await page.getByTestId('confirm-ok').click();
      await app.studio.expectChain(['bridge', 'portmap']);

      await page.keyboard.press('Control+Shift+P');
      await page.keyboard.type('history');
      await expect.poll(() => palette(page).locator('[cmdk-item][data-selected="true"] .cmd-title').textContent()).toBe('Browse and restore autosaved versions…');
      await page.keyboard.press('Enter');
      const history = page.getByTestId('version-history');
      await history.waitFor();
      const kept = history.getByTestId('version-row').first();
      expect(await kept.textContent()).toContain('3 plugins: bridge → tuning → portmap');
      expect(await kept.textContent()).toContain('Kept before a new network replaced it.');
      expect(await history.getByTestId('version-current').textContent()).toContain('2 plugins: bridge → portmap');
      expect(await axeViolations(page)).toEqual([]);
      await shot('version-history');

      // Keyboard only: Tab from the dialog's start to the first Restore.
      const restore = kept.getByRole('button', { name: /^Restore the version of / });
      for (let i = 0; i < 20 && !(await restore.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      expect(await restore.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await history.waitFor({ state: 'detached' });
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      expect(await page.getByTestId('notice').textContent()).toContain('Undo brings back what you had');
      await expect.poll(() => focusedOnCanvas(page)).toBe('canvas');

      // Restoring was one step, and what was there is a version too.
      await page.keyboard.press('Control+z');
      await app.studio.expectChain(['bridge', 'portmap']);
      // The note about the restore goes with it (it said "Undo brings back what you had" after the undo).
      expect(await page.getByTestId('notice').count()).toBe(0);
      await page.keyboard.press('Control+y');
      await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
      await page.getByTestId('history').click();
      await history.waitFor();
      expect(await history.getByTestId('version-row').first().textContent()).toMatch(/2 plugins: bridge → portmap.*Kept before the version of .* was restored\./);
      // The dark theme too; the button's tip follows the theme (it kept "dark" until a reload).
      await page.keyboard.press('Escape');
      const tip = () => page.getByTestId('theme').locator('xpath=following-sibling::*[@role="tooltip"]').textContent();
      expect(await tip()).toContain('Switch to the dark theme');
      // Its name stays; screen readers hear whether the dark theme is on from its pressed state.
      const themeButtons = (pressed: boolean) => page.getByRole('button', { name: 'Toggle dark theme', pressed }).count();
      expect(await themeButtons(false)).toBe(1);
      await page.getByTestId('theme').click();
      await expect.poll(tip).toContain('Switch to the light theme');
      await expect.poll(() => themeButtons(true)).toBe(1);
      await page.getByTestId('history').click();
      await history.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await shot('version-history-dark');
      await page.keyboard.press('Escape');
      await page.getByTestId('theme').click();
    });

    it("the selected plugin's Detach IPAM and Delete hand the focus on, never to the page's body", async () => {
      const { page } = app.session;
      await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'hand-on', plugins: [{ type: 'bridge', bridge: 'ho0', ipam: { type: 'host-local', subnet: '10.9.0.0/24' } }, { type: 'portmap', capabilities: { portMappings: true } }] }));
      await app.studio.expectChain(['bridge', 'portmap']);
      const details = page.getByTestId('selected-plugin');
      await app.studio.node(0).click();
      // Detach IPAM: its button goes with the IPAM; the focus goes to the plugin's node.
      await details.getByRole('button', { name: 'Detach IPAM' }).focus();
      await countFocusLost(page);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('ipam-0').count()).toBe(0);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:bridge');
      expect(await countFocusLost(page)).toBe(0);
      // Delete: the neighbour is selected and gets the focus.
      await details.getByRole('button', { name: 'Delete' }).focus();
      await page.keyboard.press('Enter');
      await app.studio.expectChain(['portmap']);
      await expect.poll(() => focusedOnCanvas(page)).toBe('node:portmap');
      expect(await countFocusLost(page)).toBe(0);
      // The last one: the canvas gets the focus.
      await details.getByRole('button', { name: 'Delete' }).focus();
      await page.keyboard.press('Enter');
      await app.studio.expectChain([]);
      await expect.poll(() => focusedOnCanvas(page)).toBe('canvas');
      expect(await countFocusLost(page)).toBe(0);
    });
  });
}
