// Never a blank page: documents the app fails on (plugin types named after JavaScript built-ins) through
// every way in, an unreadable autosave, a part of the app that fails to load while rendering, and the
// app's scripts failing before anything rendered.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeShare, type JsonObject } from '../src/core';
import { SCREENSHOTS } from './support/browser';
import { Editor, useStudio } from './support/studio';

const app = useStudio();
const AUTOSAVE_KEY = 'cni-studio.document.v1';
const BUILT_INS = ['constructor', 'toString', '__proto__'];
const builtIn = (type: string): JsonObject => JSON.parse(`{"cniVersion":"1.0.0","name":"p-${type.replace(/_/g, '')}","plugins":[{"type":"${type}"}]}`) as JsonObject;

/** A fresh start: empty storage, reloaded, errors so far forgotten. */
async function fresh(): Promise<void> {
  const { page } = app.session;
  await page.goto(app.session.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('palette-bridge').waitFor();
  app.session.errors.length = 0;
}

/** The workbench is on screen and usable (not a white page): the palette adds a plugin. */
async function expectWorkbench(): Promise<void> {
  const { page } = app.session;
  await page.getByTestId('palette-bridge').waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('canvas').isVisible()).toBe(true);
}

async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([app.session.page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

describe('never blank', () => {
  it.each(BUILT_INS)('a plugin type named %s: imported, opened from a share link or stored, the app stays up', async (type) => {
    const { page } = app.session;
    const doc = builtIn(type);
    await fresh();
    // Import (paste): imported and shown, or refused with a reason; nothing else changes.
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify(doc));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expectWorkbench();
    const notice = (await page.getByTestId('notice').textContent()) ?? '';
    const opened = (await page.getByTestId('doc-name').textContent()) === doc.name;
    if (!opened) expect(notice).toMatch(/Nothing was (imported|changed)/);
    await page.reload();
    await expectWorkbench();
    // A share link holding it.
    const encoded = encodeShare({ doc });
    if (!encoded.ok) throw new Error(encoded.message);
    await fresh();
    await page.goto('about:blank'); // a new page load, not a fragment change
    await page.goto(`${app.session.url}#share=${encoded.payload}`);
    await expectWorkbench();
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/cannot be opened|Opened the shared network/);
    await page.reload();
    await expectWorkbench();
    // Stored by an earlier version (autosave kept it): set aside and said so, or opened.
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [AUTOSAVE_KEY, JSON.stringify({ doc })]);
    await page.reload();
    await expectWorkbench();
    if ((await page.getByTestId('doc-name').textContent()) !== doc.name) {
      expect(await page.getByTestId('notice').textContent()).toContain('set aside');
      const item = page.getByTestId('set-aside-item');
      expect(await item.textContent()).toContain('could not be opened');
      const file = await downloaded(() => item.getByTestId('set-aside-download').click());
      expect(JSON.parse(file.text)).toEqual(doc);
      await page.reload(); // and it stays open on the next visit
      await expectWorkbench();
    }
    expect(app.session.errors).toEqual([]);
  });

  it('sets an unreadable autosave aside, offers it for download, and deletes it when asked', async () => {
    const { page } = app.session;
    await fresh();
    await page.evaluate((key) => localStorage.setItem(key, '{"doc": {"plugins": [ unreadable'), AUTOSAVE_KEY);
    await page.reload();
    await expectWorkbench();
    const item = page.getByTestId('set-aside-item');
    expect(await item.textContent()).toContain('could not be read');
    const file = await downloaded(() => item.getByTestId('set-aside-download').click());
    expect(file).toEqual({ name: 'cni-studio-autosave.json', text: '{"doc": {"plugins": [ unreadable' });
    await page.reload();
    expect(await page.getByTestId('set-aside-item').count()).toBe(1); // kept until deleted
    await page.getByTestId('set-aside-delete').click();
    await page.getByTestId('confirm-ok').click();
    expect(await page.getByTestId('set-aside').count()).toBe(0);
    await page.reload();
    await expectWorkbench();
    expect(await page.getByTestId('set-aside').count()).toBe(0);
    expect(app.session.errors).toEqual([]);
  });

  it('a crash while rendering shows what happened, sets the network aside and gets it back', async () => {
    const { page } = app.session;
    // The editor's code throws while it renders (a bug): the workbench fails while it renders. (Code that
    // cannot be fetched is not a crash: chunk-load.e2e.ts.) Served so from the page's load on: its files are
    // preloaded once the page is idle, before the click that runs them.
    await page.route('**/assets/MonacoHost-*.js', (route) => route.fulfill({ contentType: 'text/javascript', body: "export default function MonacoHost() { throw new Error('the editor failed while rendering'); }" }));
    await fresh();
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-containerd-bridge').click();
    await page.getByTestId('export').click();
    const conflist = JSON.parse((await page.getByTestId('export-preview').textContent())!) as JsonObject;
    await page.keyboard.press('Escape');
    await app.studio.node(0).click();
    const recovery = page.getByTestId('recovery');
    await recovery.waitFor({ timeout: 10_000 });
    expect(await recovery.textContent()).toContain('The page failed while showing this network');
    expect(await recovery.textContent()).toContain('set aside');
    await page.screenshot({ path: join(SCREENSHOTS, 'recovery.png') });
    const file = await downloaded(() => page.getByTestId('recovery-download').click());
    expect(file.name).toBe('containerd-net.conflist');
    expect(JSON.parse(file.text)).toEqual(conflist);
    await page.unroute('**/assets/MonacoHost-*.js');
    // Start again: an empty network, and the copy at the top, which opens it again.
    await page.getByTestId('recovery-restart').click();
    await expectWorkbench();
    await app.studio.expectChain([]);
    expect(await page.getByTestId('set-aside-item').textContent()).toContain('containerd-net.conflist');
    await page.getByTestId('set-aside-open').click();
    await app.studio.expectChain(['bridge', 'portmap']);
    await app.studio.node(0).click();
    await new Editor(page).ready();
    expect(app.session.errors.filter((e) => e.startsWith('page error'))).toEqual([]);
  });

  it("says so when the app's scripts fail before anything rendered", async () => {
    const { page } = app.session;
    await page.route('**/assets/index-*.js', (route) => route.abort('failed'));
    await page.reload();
    const boot = page.getByTestId('boot');
    await expect.poll(() => boot.getAttribute('role')).toBe('alert');
    expect(await boot.textContent()).toContain('CNI Studio could not start');
    await page.unroute('**/assets/index-*.js');
    await page.reload();
    await expectWorkbench();
  });
});
