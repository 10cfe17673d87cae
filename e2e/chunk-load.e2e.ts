// Parts of the app load on first use, each its own chunk. A network change fails the requests in flight
// (ERR_NETWORK_CHANGED: Wi-Fi, a VPN, or the lab helper creating a bridge on this machine), so a chunk can
// fail to arrive. It is tried again, at an address the page has not used (this Chromium, like every browser
// before whatwg/html#10327, keeps a failed module fetch until the page reloads); if it still does not arrive,
// its place says so with a way to try again and to reload the page, and the workbench stays as it was (a
// failed lazy load used to replace it with the crash screen).
// The command palette opened before its code arrives keeps the keys typed into it.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { useStudio } from './support/studio';

/**
 * Requests for a chunk's script fail while `blocked`, or for the first `failures` of them; `asked` is every
 * address asked for it, a retry's query included.
 */
function flaky(context: BrowserContext, chunk: string, failures = Infinity) {
  const state = { blocked: true, failed: 0, asked: [] as string[] };
  void context.route(new RegExp(`/assets/${chunk}-[^/]*\\.js(\\?.*)?$`), async (route) => {
    state.asked.push(new URL(route.request().url()).search);
    if (state.blocked && state.failed < failures) {
      state.failed++;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  return state;
}

/**
 * Whether this browser fetches a module again after its fetch failed (whatwg/html#10327: Chromium 156 on).
 * Others keep the failure at that address until the page reloads: a module other chunks import (the
 * validator's) is then found again only by the reload the app offers.
 */
async function refetchesFailedModules(page: Page): Promise<boolean> {
  let failedOnce = false;
  await page.route('**/__refetch-probe.js', (route) => {
    if (failedOnce) return route.fulfill({ contentType: 'text/javascript', body: 'export default 1;' });
    failedOnce = true;
    return route.abort('internetdisconnected');
  });
  // A string: the test runner rewrites import() in functions it compiles.
  return page.evaluate(`(async () => {
    await import('/__refetch-probe.js').catch(() => undefined);
    return import('/__refetch-probe.js').then(() => true, () => false);
  })()`) as Promise<boolean>;
}

/**
 * Opens the Live lab tab and waits for its form. The lab tests running beside these in CI create links on this
 * machine, and each is a network change that fails the requests in flight (ERR_NETWORK_CHANGED): a chunk
 * the page needed then may fail for real, where this browser keeps the failure until the page reloads. Once,
 * the reload the app offers is taken, as a person would.
 */
async function openLab(page: Page, reloaded = false): Promise<void> {
  await page.getByTestId('tab-lab').click();
  const connect = page.getByTestId('lab-connect');
  const failed = page.getByTestId('chunk-failed').filter({ hasText: 'The live lab could not be loaded' });
  await expect.poll(async () => ((await connect.count()) > 0 ? 'lab' : (await failed.count()) > 0 ? 'failed' : 'waiting'), { timeout: 20_000 }).not.toBe('waiting');
  if ((await connect.count()) > 0 || reloaded) return connect.waitFor({ timeout: 20_000 });
  await failed.getByTestId('chunk-reload').click();
  await page.getByTestId('palette-bridge').waitFor({ timeout: 20_000 });
  return openLab(page, true);
}

/** Errors other than the failed requests themselves, which the browser logs. */
const otherErrors = (errors: string[]) => errors.filter((e) => !e.includes('Failed to load resource') && !e.includes('Failed to fetch dynamically imported module'));

describe('a chunk that fails to arrive twice', () => {
  let lab!: ReturnType<typeof flaky>;
  let checker!: ReturnType<typeof flaky>;
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    lab = flaky(context, 'LabPanel', 2);
    checker = flaky(context, 'validator-full', 2);
  });

  it('arrives on a retry, asked for anew: the checker checks; the lab, which imports the checker, opens (after the reload it offers where the browser keeps failures)', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    await app.studio.expectChain(['bridge']);
    // The validator's chunk (loaded at once) failed twice and then came, at the third address asked.
    await page.getByTestId('problems-checking').waitFor({ state: 'detached', timeout: 20_000 });
    expect(checker.failed).toBe(2);
    expect(checker.asked[0]).toBe('');
    expect(checker.asked.slice(1).every((q) => q.startsWith('?retry='))).toBe(true);
    expect(new Set(checker.asked).size).toBe(checker.asked.length);
    await page.getByTestId('tab-lab').click();
    if (!(await refetchesFailedModules(page))) {
      // This browser keeps the failure at the validator chunk's own address, which the lab's code imports:
      // the lab's tab says so and offers the reload, after which the lab opens and the network is as it was.
      const failed = page.getByTestId('chunk-failed').filter({ hasText: 'The live lab could not be loaded' });
      await failed.waitFor({ timeout: 20_000 });
      lab.blocked = checker.blocked = false;
      await failed.getByTestId('chunk-reload').click();
      await app.studio.expectChain(['bridge']);
      await openLab(page);
    } else await page.getByTestId('lab-connect').waitFor({ timeout: 20_000 });
    expect(lab.failed).toBe(2);
    await page.getByTestId('problems-checking').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.getByTestId('chunk-failed').count()).toBe(0);
    expect(await page.locator('.notice-error').allTextContents()).toEqual([]);
    expect(otherErrors(app.session.errors)).toEqual([]);
  });
});

describe('a chunk that does not arrive', () => {
  let lab!: ReturnType<typeof flaky>;
  let importDialog!: ReturnType<typeof flaky>;
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    lab = flaky(context, 'LabPanel');
    importDialog = flaky(context, 'ImportDialog');
  });

  it('says so in its tab, keeps the workbench, and opens once it can', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    await app.studio.expectChain(['bridge']);
    await page.getByTestId('tab-lab').click();
    const failed = page.getByTestId('chunk-failed');
    await failed.waitFor({ timeout: 20_000 });
    await expect(failed.textContent()).resolves.toContain('The live lab could not be loaded');
    await page.screenshot({ path: join(SCREENSHOTS, 'chunk-failed-tab.png') });
    // The rest of the workbench is there and works.
    await app.studio.expectChain(['bridge']);
    await page.getByTestId('tab-plugin').click();
    await page.getByTestId('tab-lab').click();
    await failed.waitFor();
    // Try again while it still cannot arrive: tried (with its retries), then said again.
    const retry = page.getByTestId('chunk-retry');
    await retry.click();
    await expect.poll(() => retry.textContent()).toBe('Trying…');
    await expect.poll(() => retry.textContent(), { timeout: 20_000 }).toBe('Try again');
    expect(await failed.count()).toBe(1);
    expect(app.session.errors.filter((e) => e.startsWith('page error'))).toEqual([]);
    lab.blocked = false;
    await page.getByTestId('chunk-retry').click();
    // A wait, not a time limit: the load goes through the retries' delays (4.3 s) on a machine busy with the lab's tests.
    await page.getByTestId('lab-connect').waitFor({ timeout: 20_000 });
    expect(await failed.count()).toBe(0);
  });

  it('says so in a dialog that closes, and the dialog opens after the reload it offers', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByTestId('chunk-failed-dialog');
    await dialog.waitFor({ timeout: 20_000 });
    await expect(dialog.getAttribute('aria-label')).resolves.toBe('The import dialog could not be loaded');
    await expect(dialog.textContent()).resolves.toContain('Its code did not arrive');
    await page.screenshot({ path: join(SCREENSHOTS, 'chunk-failed-dialog.png') });
    await dialog.locator('.dialog-buttons').getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    importDialog.blocked = false;
    await page.getByRole('button', { name: 'Import' }).click();
    // The reload it offers (where a browser names no failed module, or one the chunk imports failed): the
    // dialog's code arrives, the network kept.
    await dialog.getByTestId('chunk-reload').click();
    await app.studio.expectChain(['bridge']);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-dialog').waitFor({ timeout: 10_000 });
    expect(await dialog.count()).toBe(0);
    await app.studio.expectChain(['bridge']);
    expect(otherErrors(app.session.errors)).toEqual([]);
  });
});

describe('the command palette opened before its code arrives', () => {
  // The palette's chunk is held (not failed) until released: a slow network, or a hand quicker than the
  // idle prefetch after the load.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    await context.route('**/assets/CommandPalette-*.js', async (route) => {
      await held;
      await route.continue();
    });
  });

  it('keeps the keys typed into it and hands them to the palette, running nothing unseen', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    await page.getByTestId('palette-tuning').click();
    await app.studio.expectChain(['bridge', 'tuning']);
    await app.studio.node(1).focus();
    await page.keyboard.press('Control+Shift+P');
    const standIn = page.getByTestId('command-palette-loading');
    await standIn.waitFor();
    await expect(standIn.getByRole('status').textContent()).resolves.toContain('Loading the commands');
    await page.keyboard.type('select ev');
    await page.keyboard.press('Enter');
    expect(await standIn.getByRole('textbox').inputValue()).toBe('select ev');
    await page.screenshot({ path: join(SCREENSHOTS, 'command-palette-loading.png') });
    // Escape closes it and gives the focus back to the plugin it was on.
    await page.keyboard.press('Escape');
    await standIn.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id') ?? null)).not.toBeNull();
    // Opened again and typed into: the palette arrives with the keys, the caret after them, and the Enter
    // pressed before it came ran nothing.
    await page.keyboard.press('Control+Shift+P');
    await standIn.waitFor();
    await page.keyboard.type('select ev');
    await page.keyboard.press('Enter');
    release();
    const palette = page.getByTestId('command-palette');
    await palette.waitFor({ timeout: 20_000 });
    await app.studio.expectChain(['bridge', 'tuning']);
    await page.keyboard.type('ery');
    expect(await palette.getByRole('combobox').inputValue()).toBe('select every');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    expect(otherErrors(app.session.errors)).toEqual([]);
  });
});

describe('a dialog whose code is still loading', () => {
  // The export dialog's chunk is held until released: a slow link, before the idle prefetch brought it.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    await context.route('**/assets/ExportDialog-*.js', async (route) => {
      await held;
      await route.continue();
    });
  });

  it('says it is loading, and Escape then cancels it: the dialog does not open when its code arrives', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    await app.studio.expectChain(['bridge']);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const loading = page.getByTestId('dialog-loading');
    await loading.waitFor();
    expect(await loading.textContent()).toContain('Escape cancels');
    await page.screenshot({ path: join(SCREENSHOTS, 'dialog-loading.png') });
    await page.keyboard.press('Escape');
    await loading.waitFor({ state: 'detached' });
    release();
    // The chunk arrives (the idle prefetch asked for it too); the dialog stays closed.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /ExportDialog-/.test(e.name) && (e as PerformanceResourceTiming).responseEnd > 0)), { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await app.studio.expectChain(['bridge']);
    // Asked again, it opens.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    expect(otherErrors(app.session.errors)).toEqual([]);
  });
});

describe("a part whose stylesheet does not arrive at first", () => {
  // The version history's stylesheet fails once (Vite links a chunk's stylesheet before importing it, and
  // never links it again): the part comes on the retry, styled.
  let cssFailed = 0;
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    let asked = 0;
    await context.route('**/assets/VersionHistory-*.css', async (route) => {
      if (asked++ === 0) {
        cssFailed++;
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
  });

  it('comes styled on the retry, with no message', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    await app.studio.expectChain(['bridge']);
    await page.getByRole('button', { name: 'History' }).click();
    const row = page.locator('.version-row').first();
    await row.waitFor({ timeout: 20_000 });
    expect(cssFailed).toBe(1);
    await expect.poll(() => row.evaluate((e) => getComputedStyle(e).display), { timeout: 10_000 }).toBe('grid');
    expect(await page.getByTestId('chunk-failed').count()).toBe(0);
    expect(otherErrors(app.session.errors)).toEqual([]);
  });
});

describe('a checker whose code does not arrive', () => {
  let checker!: ReturnType<typeof flaky>;
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    checker = flaky(context, 'validator-full');
  });

  it('says so in the Problems panel instead of checking for ever, and checks once Try again brings it', async () => {
    const { page } = app.session;
    await page.getByTestId('palette-bridge').click();
    await app.studio.expectChain(['bridge']);
    const failed = page.locator('.problems').getByTestId('chunk-failed');
    await failed.waitFor({ timeout: 20_000 });
    await expect(failed.textContent()).resolves.toContain('The checker could not be loaded');
    expect(await page.getByTestId('problems-checking').count()).toBe(0);
    checker.blocked = false;
    await failed.getByTestId('chunk-retry').click();
    await page.getByTestId('problem-counts').waitFor({ timeout: 20_000 });
    expect(await failed.count()).toBe(0);
    await app.studio.expectChain(['bridge']);
  });
});
