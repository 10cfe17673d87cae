// The command palette, the toolbar and the shortcut sheet, all read from one list of actions; Ctrl+S saves
// the conflist as Export downloads it. At a laptop's and a desktop's window size. Keyboard focus and the
// version history are focus-history.e2e.ts's.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { axeViolations } from './support/axe';
import { useStudio } from './support/studio';
import { CSS_ESCAPE, focused, item, palette } from './support/commands';

const caps = (l: Locator) => l.locator('.keycap-combo').first().locator('.keycap').allTextContents();

async function downloaded(page: Page, act: () => Promise<unknown>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), act()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`commands at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);
    const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`) });

    it('opens the palette with Ctrl+Shift+P: every action grouped with its shortcut, unavailable ones with the reason', async () => {
      const { page } = app.session;
      await page.getByRole('button', { name: 'Templates' }).focus();
      await page.keyboard.press('Control+Shift+P');
      await palette(page).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toContain('Type a command');
      // Shortcuts as key caps; Ctrl+K keeps adding plugins.
      expect(await caps(item(page, 'Add a plugin…'))).toEqual(['Ctrl', 'K']);
      expect(await caps(item(page, 'Show all commands'))).toEqual(['Ctrl', 'Shift', 'P']);
      expect(await caps(item(page, 'Save the conflist to a file'))).toEqual(['Ctrl', 'S']);
      // Nothing to undo on a fresh page: shown, not runnable, and why.
      const undo = item(page, 'Undo');
      expect(await undo.getAttribute('aria-disabled')).toBe('true');
      expect(await undo.textContent()).toContain('Nothing to undo.');
      const groups = await palette(page).locator('[cmdk-group-heading]').allTextContents();
      expect(groups).toEqual(['Network', 'Edit', 'Canvas', 'View', 'Runtime', 'Lab', 'Review', 'Help']);
      expect(await axeViolations(page)).toEqual([]);
      await shot('palette');
    });

    it('filters as one types, runs with Enter, and gives focus back', async () => {
      const { page } = app.session;
      await page.keyboard.type('dark');
      await expect.poll(() => palette(page).locator('.cmd-title').allTextContents()).toEqual(['Switch to the dark theme']);
      await page.keyboard.press('Enter');
      await palette(page).waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect((await focused(page)).text).toBe('Templates');
      // Esc closes without running anything, and focus comes back too.
      await page.keyboard.press('Control+Shift+P');
      await page.keyboard.type('expo');
      // The best match first, selected.
      await expect.poll(() => palette(page).locator('[cmdk-item][data-selected="true"] .cmd-title').textContent()).toBe('Export the conflist or NAD…');
      await shot('palette-search-dark');
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await palette(page).waitFor({ state: 'detached' });
      expect((await focused(page)).text).toBe('Templates');
    });

    it('opens from the toolbar; adding a plugin from it leaves focus on the new node', async () => {
      const { page } = app.session;
      await page.getByTestId('commands').click();
      await page.keyboard.type('add a plug');
      await page.keyboard.press('Enter');
      await page.getByLabel('Plugin type').fill('bridge');
      await page.keyboard.press('Enter');
      await app.studio.expectChain(['bridge']);
      await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('[data-testid="node-0"]') !== null)).toBe(true);
      // Export, from the palette, opens its dialog.
      await page.getByTestId('commands').click();
      await page.keyboard.type('export');
      await page.keyboard.press('Enter');
      await page.getByTestId('export-preview').waitFor();
      await page.keyboard.press('Escape');
    });

    it('the toolbar says why a button cannot act, on hover and to screen readers', async () => {
      const { page } = app.session;
      const redo = page.getByTestId('redo');
      expect(await redo.getAttribute('aria-disabled')).toBe('true');
      const tip = page.locator(`#${CSS_ESCAPE(await redo.getAttribute('aria-describedby'))}`);
      expect(await tip.textContent()).toBe('Redo · Ctrl+Shift+ZNothing to redo.');
      await redo.hover();
      await expect.poll(() => tip.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
      await shot('toolbar-disabled-reason');
      // The exported and shared buttons keep their ids, now with icons.
      expect(await page.getByTestId('export').locator('svg').count()).toBe(1);
      expect(await page.getByTestId('share').textContent()).toBe('Share');
      await page.mouse.move(0, viewport.height - 1);
    });

    it('Ctrl+S saves the conflist as Export downloads it, also from a text field, never the page', async () => {
      const { page } = app.session;
      await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
      const saved = await downloaded(page, () => page.keyboard.press('Control+s'));
      await page.getByTestId('export').click();
      const exported = await downloaded(page, () => page.getByTestId('export-download').click());
      expect(saved).toEqual(exported);
      expect(saved.name).toMatch(/^10-.+\.conflist$/);
      expect(JSON.parse(saved.text).plugins.map((p: { type: string }) => p.type)).toEqual(['bridge']);
      expect(await page.getByTestId('notice').textContent()).toContain(`Saved ${saved.name}`);
      await page.getByTestId('network-name').focus();
      const again = await downloaded(page, () => page.keyboard.press('Control+s'));
      expect(again.text).toBe(saved.text);
    });

    it('runs the runtime and lab actions: step through opens the preview, a lab run asks for a helper', async () => {
      const { page } = app.session;
      await page.getByTestId('commands').click();
      await page.keyboard.type('step through');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('teach-position').textContent()).toContain('Step 1 of');
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await page.getByTestId('commands').click();
      await page.keyboard.type('run add');
      expect(await palette(page).locator('.cmd-title').allTextContents()).toEqual(['Run ADD in the live lab', 'Run the full cycle (ADD, CHECK, DEL) in the live lab']);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('lab-run-request').textContent()).toContain('connect to a lab helper first');
    });

    it('? shows a sheet of every shortcut, the same as the palette shows', async () => {
      const { page } = app.session;
      await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('?');
      const sheet = page.getByTestId('shortcut-sheet');
      await sheet.waitFor();
      const rows = await sheet.getByTestId('shortcut-row').evaluateAll((els) => els.map((e) => [e.querySelector('dt')!.textContent, [...e.querySelectorAll('.keycap-combo')][0]!.textContent] as [string, string]));
      expect(rows.length).toBeGreaterThan(10);
      expect(Object.fromEntries(rows)).toMatchObject({ 'Add a plugin…': 'CtrlK', 'Show all commands': 'CtrlShiftP', 'Save the conflist to a file': 'CtrlS', 'Duplicate the selected plugin': 'CtrlD', 'Move the selected plugin later in the chain': 'Alt→', 'Show keyboard shortcuts': '?' });
      expect(await sheet.locator('[data-action="canvas.add-plugin"] .keycap-combo').allTextContents()).toEqual(['CtrlK', 'or/']);
      expect(await axeViolations(page)).toEqual([]);
      await shot('shortcut-sheet');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+P');
      const fromPalette = await palette(page)
        .locator('[cmdk-item]')
        .evaluateAll((els) => els.filter((e) => e.querySelector('.keycap-combo')).map((e) => [e.querySelector('.cmd-title')!.textContent, e.querySelector('.keycap-combo')!.textContent] as [string, string]));
      expect(fromPalette.sort()).toEqual(rows.sort());
      await page.keyboard.press('Escape');
      // In a text field, ? is just a character.
      const name = page.getByTestId('network-name');
      await name.focus();
      await page.keyboard.press('End');
      await page.keyboard.press('?');
      expect(await sheet.count()).toBe(0);
      await page.keyboard.press('Backspace');
    });
  });
}
