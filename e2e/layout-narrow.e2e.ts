// A narrow window (900×600), and a window whose width changes: the top bar fits without the page scrolling
// sideways, every action in reach by its name, and the palette and side panel keep their widths in pixels
// when the window grows, and after a reload at the new width (they grew with the window and squeezed the canvas).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { useStudio } from './support/studio';

describe('a narrow window, then a wider one', () => {
  const app = useStudio({ width: 900, height: 600 });
  const widths = () =>
    app.session.page.evaluate(() => {
      const width = (id: string) => Math.round(document.querySelector(`[data-panel]#wb-${id}`)!.getBoundingClientRect().width);
      return { palette: width('palette'), centre: width('centre'), side: width('side') };
    });

  it('at 900 px the top bar fits: no sideways scroll, every toolbar button on screen and named', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(900);
    const buttons = page.locator('nav.toolbar button');
    expect(await buttons.count()).toBeGreaterThan(8);
    for (const button of await buttons.all()) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(900);
    }
    // Icons only here, each still a button by its label.
    for (const name of ['Templates', 'Import', 'Export', 'Commands']) expect(await page.getByRole('button', { name, exact: false }).first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Commands' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(SCREENSHOTS, 'layout-narrow-900.png') });
  });

  it('at 900 px every bottom-panel tab is in sight: the ones not shown as icons, named, the shown one with its label', async () => {
    const { page } = app.session;
    const bar = (await page.locator('.tab-bar .tabs').boundingBox())!;
    const tabs = page.getByRole('tablist', { name: 'Bottom panel' }).getByRole('tab');
    expect(await tabs.count()).toBe(6);
    for (const tab of await tabs.all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
    }
    expect(await page.locator('.tab-bar .tabs').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // Named for screen readers and in the tooltip; a click opens it, and its label shows then.
    const lab = page.getByRole('tab', { name: 'Live lab' });
    expect(await lab.getAttribute('title')).toBe('Live lab');
    expect(await lab.locator('.tab-label').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    await lab.click();
    await expect.poll(() => lab.getAttribute('aria-selected')).toBe('true');
    expect(await lab.locator('.tab-label').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(30);
    await page.screenshot({ path: join(SCREENSHOTS, 'layout-narrow-900-tabs.png') });
    // The runtime preview in a panel this narrow: the plan takes its width (the inputs go below it), so its
    // buttons show their whole names.
    await page.getByRole('tab', { name: 'Runtime preview' }).click();
    const copy = page.getByTestId('copy-cnitool');
    await copy.waitFor();
    expect(await copy.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().width > 120)).toBe(true);
    await page.getByRole('tab', { name: /bridge/ }).click();
  });

  it('made wider, and reloaded there, the palette and side panel keep their pixels and the canvas gets the rest', async () => {
    const { page } = app.session;
    const narrow = await widths();
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(async () => (await widths()).centre).toBeGreaterThan(narrow.centre + 300);
    const wide = await widths();
    expect(Math.abs(wide.palette - narrow.palette)).toBeLessThanOrEqual(2);
    expect(Math.abs(wide.side - narrow.side)).toBeLessThanOrEqual(2);
    await page.reload();
    await page.getByTestId('palette-bridge').waitFor();
    await expect.poll(async () => (await widths()).centre).toBeGreaterThan(narrow.centre + 300);
    const reloaded = await widths();
    expect(Math.abs(reloaded.palette - narrow.palette)).toBeLessThanOrEqual(2);
    expect(Math.abs(reloaded.side - narrow.side)).toBeLessThanOrEqual(2);
  });

  it('squeezed by a window too narrow for them, they come back to their widths when it widens, and after a reload', async () => {
    const { page } = app.session;
    const before = await widths();
    for (const narrow of [860, 800, 760]) {
      await page.setViewportSize({ width: narrow, height: 600 });
      await expect.poll(async () => (await widths()).palette + (await widths()).side + (await widths()).centre).toBeLessThanOrEqual(narrow + 2);
      await page.waitForTimeout(150);
      await page.setViewportSize({ width: 1280, height: 720 });
      await expect.poll(async () => Math.abs((await widths()).side - before.side)).toBeLessThanOrEqual(2);
      const back = await widths();
      expect(Math.abs(back.palette - before.palette)).toBeLessThanOrEqual(2);
      expect(Math.abs(back.centre - before.centre)).toBeLessThanOrEqual(2);
    }
    await page.reload();
    await page.getByTestId('palette-bridge').waitFor();
    await expect.poll(async () => Math.abs((await widths()).side - before.side)).toBeLessThanOrEqual(2);
    expect(Math.abs((await widths()).palette - before.palette)).toBeLessThanOrEqual(2);
  });

  it('a window so narrow that the palette collapses: widened, the palette opens again at its width, also after a reload', async () => {
    const { page } = app.session;
    // The side panel made 70 px wider by dragging its separator, as a tester did.
    const sep = (await page.getByTestId('separator-side').boundingBox())!;
    await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2);
    await page.mouse.down();
    await page.mouse.move(sep.x - 50, sep.y + sep.height / 2, { steps: 6 });
    await page.mouse.move(sep.x - 70, sep.y + sep.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(600);
    const before = await widths();
    for (const narrow of [1000, 900, 860, 800, 780, 760]) {
      await page.setViewportSize({ width: narrow, height: 600 });
      await page.waitForTimeout(120);
    }
    expect(await page.locator('#wb-palette').getAttribute('data-collapsed')).toBe('true');
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(async () => Math.abs((await widths()).palette - before.palette)).toBeLessThanOrEqual(2);
    expect(Math.abs((await widths()).side - before.side)).toBeLessThanOrEqual(2);
    await page.waitForTimeout(600);
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await expect.poll(async () => Math.abs((await widths()).palette - before.palette)).toBeLessThanOrEqual(2);
    expect(Math.abs((await widths()).side - before.side)).toBeLessThanOrEqual(2);
  });

  it('a collapsed palette stays collapsed through a narrow window, a wide one and a reload, and opens at its width', async () => {
    const { page } = app.session;
    const before = await widths();
    await page.locator('#canvas').focus();
    await page.keyboard.press('Control+b');
    await expect.poll(async () => (await widths()).palette).toBeLessThan(60);
    for (const width of [800, 1280]) {
      await page.setViewportSize({ width, height: 700 });
      await page.waitForTimeout(200);
      expect((await widths()).palette).toBeLessThan(60);
    }
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await expect.poll(async () => (await widths()).palette).toBeLessThan(60);
    await page.locator('#canvas').focus();
    await page.keyboard.press('Control+b');
    await expect.poll(async () => Math.abs((await widths()).palette - before.palette)).toBeLessThanOrEqual(2);
    expect(Math.abs((await widths()).side - before.side)).toBeLessThanOrEqual(2);
  });

  it('at phone widths (400 and 320 px) the page never scrolls sideways: the top bar packs and wraps its buttons, each on screen', async () => {
    const { page } = app.session;
    for (const [width, height] of [[400, 300], [320, 480]] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
      for (const button of await page.locator('nav.toolbar button').all()) {
        const box = (await button.boundingBox())!;
        expect(box.x + box.width, `${width} px`).toBeLessThanOrEqual(width);
      }
      // The title is still there for screen readers.
      expect(await page.getByRole('heading', { name: 'CNI Studio' }).count()).toBe(1);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'layout-narrow-320.png') });
    await page.setViewportSize({ width: 900, height: 600 });
  });
});
