// Two tabs on one document, and a reload right after typing: nothing typed is lost. A change saved in
// one tab is followed in the other; when both changed, the user keeps one version and the other is kept
// among the autosaved versions.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Editor, Studio, useStudio } from './support/studio';

const app = useStudio();
const HISTORY_KEY = 'cni-studio.history.v1';
let one: Page;
let two: Page;

async function exported(page: Page): Promise<{ name: string; plugins: { type: string; bridge?: string }[] }> {
  await page.getByTestId('export').click();
  const text = (await page.getByTestId('export-preview').textContent())!;
  await page.keyboard.press('Escape');
  return JSON.parse(text) as { name: string; plugins: { type: string; bridge?: string }[] };
}

async function rename(page: Page, name: string): Promise<void> {
  await page.getByTestId('network-name').fill(name);
  await page.getByTestId('network-name').blur();
  await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe(name);
}

/** Types text that does not parse into the selected plugin's editor: a draft, not in the document. */
async function typeDraft(page: Page, studio: Studio): Promise<void> {
  await studio.node(0).click();
  const editor = new Editor(page);
  await editor.ready();
  await editor.endOfLine(1);
  await page.keyboard.insertText(' @@@');
  await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(1);
}

const history = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { doc: { name: string; plugins: unknown[] } }[], HISTORY_KEY);

describe('two tabs on the same document', () => {
  beforeAll(async () => {
    one = app.session.page;
    await one.getByRole('button', { name: 'Templates' }).click();
    await one.getByTestId('template-containerd-bridge').click();
    two = await one.context().newPage();
    await two.goto(app.session.url);
  });

  it('follows a change made in the other tab', async () => {
    const s1 = new Studio(one);
    const s2 = new Studio(two);
    await s2.expectChain(['bridge', 'portmap']);
    await rename(one, 'renamed-in-one');
    await expect.poll(() => two.getByTestId('doc-name').textContent()).toBe('renamed-in-one');
    await two.getByTestId('palette-tuning').click();
    await s1.expectChain(['bridge', 'portmap', 'tuning']);
    expect(await exported(one)).toEqual(await exported(two));
    expect(await two.getByTestId('conflict').count()).toBe(0);
    expect(await one.getByTestId('conflict').count()).toBe(0);
  });

  it("keeps the name being typed when the other tab renames the network mid-word: the typing wins, whole", async () => {
    const field = one.getByTestId('network-name');
    await field.click();
    await one.keyboard.press('Control+A');
    await one.keyboard.type('stag', { delay: 40 });
    // A pause long enough to commit what was typed so far, then the other tab renames: mid-word all the same.
    await expect.poll(() => two.getByTestId('doc-name').textContent()).toBe('stag');
    await rename(two, 'prod-net');
    await one.keyboard.type('ing-net', { delay: 40 });
    expect(await field.inputValue()).toBe('staging-net');
    await field.blur();
    await expect.poll(() => one.getByTestId('doc-name').textContent()).toBe('staging-net');
    await expect.poll(() => two.getByTestId('doc-name').textContent()).toBe('staging-net');
    // The name the tests after this one start from.
    await rename(one, 'renamed-in-one');
    await expect.poll(() => two.getByTestId('doc-name').textContent()).toBe('renamed-in-one');
  });

  it('asks when this tab has typing in progress; taking the other version keeps this one', async () => {
    const s1 = new Studio(one);
    const s2 = new Studio(two);
    await typeDraft(two, s2);
    await one.getByTestId('palette-firewall').click();
    await s1.expectChain(['bridge', 'portmap', 'tuning', 'firewall']);
    const dialog = two.getByTestId('conflict');
    await dialog.waitFor({ timeout: 5000 });
    expect(await dialog.getByTestId('conflict-theirs').textContent()).toContain('firewall');
    // This tab's side says where its text not yet applied is (plugin 1's editor).
    expect(await dialog.getByTestId('conflict-mine').textContent()).toMatch(/3 plugins: bridge, portmap, tuning; with editor text not yet applied to plugin 1 \(bridge\)$/);
    // Where they differ, field by field: the plugin the other tab added.
    expect(await dialog.getByTestId('conflict-differences').textContent()).toContain('plugin 4 (firewall): this tab not set, the other tab {"type":"firewall"');
    await two.screenshot({ path: 'test-results/screenshots/tabs-conflict.png' });
    // Nothing was taken before the choice, and Escape does not choose.
    await two.keyboard.press('Escape');
    expect(await dialog.count()).toBe(1);
    await s2.expectChain(['bridge', 'portmap', 'tuning']);
    await dialog.getByTestId('conflict-take-theirs').click();
    await s2.expectChain(['bridge', 'portmap', 'tuning', 'firewall']);
    // The text typed here (it does not parse) is set aside for download, not thrown away.
    const item = two.getByTestId('set-aside-item');
    expect(await item.textContent()).toContain('editor-text-plugin.json');
    const [download] = await Promise.all([two.waitForEvent('download'), item.getByTestId('set-aside-download').click()]);
    expect(download.suggestedFilename()).toBe('editor-text-plugin.json');
    expect(await two.getByTestId('stale-banner').count()).toBe(0);
    expect(await one.getByTestId('conflict').count()).toBe(0);
  });

  it("asks again when both changed; keeping this tab's version, the other tab follows and its version is kept", async () => {
    const s1 = new Studio(one);
    const s2 = new Studio(two);
    await typeDraft(two, s2);
    await rename(one, 'the-other-version');
    await two.getByTestId('conflict').waitFor({ timeout: 5000 });
    await two.getByTestId('conflict-keep-mine').click();
    expect(await two.getByTestId('conflict').count()).toBe(0);
    // The typing in progress is still there, and the tab that lost now shows the kept version.
    expect(await two.getByTestId('stale-banner').count()).toBe(1);
    await expect.poll(() => one.getByTestId('doc-name').textContent()).toBe('renamed-in-one');
    await s1.expectChain(['bridge', 'portmap', 'tuning', 'firewall']);
    expect((await history(one)).some((v) => v.doc.name === 'the-other-version')).toBe(true);
    // It is offered in Review among the autosaved versions.
    await one.getByTestId('tab-review').click();
    expect(await one.getByTestId('review-base-source').locator('option', { hasText: 'the-other-version' }).count()).toBe(1);
  });

  it('typing on while the question appears presses none of its buttons (a space took the other version)', async () => {
    const s2 = new Studio(two);
    await s2.node(0).click();
    const editor = new Editor(two);
    await editor.ready();
    await editor.endOfLine(1);
    const typing = two.keyboard.type(' a b c d e f g h', { delay: 80 });
    await rename(one, 'renamed-while-typing');
    await typing;
    const dialog = two.getByTestId('conflict');
    await dialog.waitFor({ timeout: 5000 });
    await two.keyboard.type(' i j', { delay: 30 });
    await two.keyboard.press('Enter');
    // Still asking; nothing taken.
    expect(await dialog.count()).toBe(1);
    expect(await two.getByTestId('doc-name').textContent()).not.toBe('renamed-while-typing');
    await dialog.getByTestId('conflict-keep-mine').click();
    await expect.poll(() => one.getByTestId('doc-name').textContent()).not.toBe('renamed-while-typing');
  });

  it('a reload right after typing valid text keeps it in the document (export), not only in the editor', async () => {
    await two?.close();
    const page = one;
    const studio = new Studio(page);
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-podman-bridge').click();
    await page.getByTestId('confirm-ok').click();
    await studio.expectChain(['bridge', 'portmap', 'firewall', 'tuning']);
    await page.getByTestId('tab-plugin').click();
    await studio.node(0).click();
    const editor = new Editor(page);
    await editor.ready();
    await editor.focus();
    await page.keyboard.press('Control+a');
    await editor.paste(JSON.stringify({ type: 'bridge', bridge: 'typed-then-reloaded', isGateway: true }, null, 2));
    // At once, before the editor's pause ends (it commits 400 ms after the last keystroke).
    await page.evaluate(() => location.reload());
    await page.waitForLoadState('load');
    await studio.expectChain(['bridge', 'portmap', 'firewall', 'tuning']);
    const doc = await exported(page);
    expect(doc.plugins[0]).toEqual({ type: 'bridge', bridge: 'typed-then-reloaded', isGateway: true });
    expect(await page.getByTestId('stale-banner').count()).toBe(0);
    expect(app.session.errors).toEqual([]);
  });
});
