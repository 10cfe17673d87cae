import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { Editor, useStudio } from './support/studio';

const app = useStudio();
const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

/** The autosaved network, as the next page load reads it. */
const savedDoc = () => app.session.page.evaluate(() => (JSON.parse(localStorage.getItem('cni-studio.document.v1') ?? '{}') as { doc?: Record<string, unknown> & { plugins?: Record<string, unknown>[] } }).doc);

/**
 * Starts `line` in the whole conflist's text where it does not parse yet, then adds `pluginLine` to portmap
 * (plugin 2) in its own editor, which commits it (`key` is in the saved network).
 */
async function unfinishedThenPluginEdit(editor: Editor, line: string, pluginLine: string, key: string, value: unknown): Promise<void> {
  const { page } = app.session;
  await page.getByTestId('tab-document').click();
  await editor.endOfLine(1);
  await page.keyboard.insertText(`\n${line}`);
  await app.studio.node(1).click();
  await page.getByTestId('tab-plugin').click();
  await expect.poll(() => editor.text()).toContain('"type": "portmap"');
  await editor.endOfLine(2);
  await page.keyboard.insertText(`\n${pluginLine}`);
  await expect.poll(async () => (await savedDoc())?.plugins?.[1]?.[key], { timeout: 5000 }).toEqual(value);
}

/** Finishes the whole conflist's line 2 with `rest` and waits for `key` in the saved network. */
async function finishUnfinished(editor: Editor, typed: string, rest: string, key: string, value: unknown): Promise<void> {
  const { page } = app.session;
  await page.getByTestId('tab-document').click();
  await expect.poll(() => editor.text()).toContain(typed);
  await editor.endOfLine(2);
  await page.keyboard.insertText(rest);
  await expect.poll(async () => (await savedDoc())?.[key], { timeout: 5000 }).toEqual(value);
}

describe('Monaco editor in two-way sync with the canvas', () => {
  it('completes a bridge key from its schema', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-bridge-portmap-firewall').click();
    await app.studio.node(0).click();
    await editor.ready();
    expect(await editor.text()).toContain('"bridge": "cni1"');
    await editor.endOfLine(2); // after "type": "bridge",
    await page.keyboard.press('Enter');
    await page.keyboard.type('"hai');
    const suggestion = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'hairpinMode' });
    await suggestion.first().waitFor({ timeout: 10_000 });
    await shot('editor-completion');
    await page.keyboard.press('Enter');
    await page.keyboard.type('true'); // replaces the default the completion filled in
    await expect.poll(() => editor.text()).toContain('"hairpinMode": true,');
    // Hovering a key shows its documentation from the schema.
    // As a person would when nothing shows (the line may be drawn again under a resting pointer on a busy
    // machine, which cancels the hover): move away and back to the key until the documentation shows.
    const key = page.locator('[data-testid="monaco"] .view-line span', { hasText: '"isGateway"' }).first();
    const hoverText = async () => {
      await page.mouse.move(0, 0);
      await key.hover();
      return page.locator('.monaco-hover:visible').first().textContent({ timeout: 2000 }).catch(() => '');
    };
    await expect.poll(hoverText, { timeout: 20_000 }).toContain('gateway address to the bridge');
  });

  it('shows the validator finding as a marker and as the node badge, and fixes it as a code action', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await page.keyboard.press('End');
    await page.keyboard.insertText('\n"mtu": "1500",');
    await expect.poll(() => app.studio.node(0).getByTestId('node-badge').textContent(), { timeout: 5000 }).toBe('1');
    await expect.poll(() => page.locator('[data-testid="monaco"] .squiggly-error').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-code="CNI202"]').textContent()).toContain('mtu must be a whole number');
    await shot('editor-diagnostic');
    // Cursor onto the value, Ctrl+. and take the fix.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Write 1500 without quotes' });
    await action.first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => editor.text()).toContain('"mtu": 1500,');
    await expect.poll(() => app.studio.node(0).getByTestId('node-badge').count(), { timeout: 5000 }).toBe(0);
  });

  it('keeps the canvas while the text does not parse, and follows again when it does', async () => {
    const { page } = app.session;
    await page.keyboard.insertText('@@@');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(1);
    expect(await app.studio.chainTypes()).toEqual(['bridge', 'portmap', 'firewall']);
    expect(await app.studio.node(0).getAttribute('data-type')).toBe('bridge');
    // Nothing typed is lost, even across a reload.
    await page.waitForTimeout(200);
    await page.reload();
    await app.studio.node(0).click();
    const editor = new Editor(page);
    await editor.ready();
    expect(await editor.text()).toContain('@@@');
    expect(await page.getByTestId('stale-banner').count()).toBe(1);
    // Problems names the text that does not parse and where, instead of "No problems"; Export says it
    // takes the last valid state (issue 13).
    const unparsed = await page.getByTestId('unparsed').innerText();
    expect(unparsed).toMatch(/editor text of plugin 1 \(bridge\) · line \d+, column \d+/);
    expect(unparsed).toContain('Export and Share use the last valid state');
    expect(await page.getByText('No problems').count()).toBe(0);
    await page.getByRole('button', { name: 'Export', exact: true }).first().click();
    expect(await page.getByTestId('export-last-valid').textContent()).toBe('The editor text of plugin 1 (bridge) does not parse yet: this uses the last valid state, without it.');
    await page.keyboard.press('Escape');
    // The preview says the editor text is not what runs, in libcni's words, and shows the last valid list.
    await page.getByTestId('tab-preview').click();
    await expect.poll(() => page.getByTestId('plan-editor-differs').textContent()).toContain("Plugin 1's text in the editor is not what runs: libcni 1.3.0 would not load it (invalid character '@'");
    await page.getByTestId('tab-plugin').click();
    await editor.ready();
    // Replace the text with JSON that parses: the banner goes and the canvas follows.
    await editor.focus();
    await page.keyboard.press('Control+a');
    const fixed = {
      type: 'bridge',
      hairpinMode: true,
      mtu: 1500,
      bridge: 'cni9',
      isGateway: true,
      ipMasq: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: '10.89.0.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] },
    };
    await editor.paste(JSON.stringify(fixed, null, 2));
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => app.studio.node(0).textContent(), { timeout: 5000 }).toContain('cni9');
    expect(await editor.text()).not.toContain('@@@');
  });

  it('follows canvas edits without losing its place', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    expect(await editor.text()).toContain('"ipam"');
    await page.getByRole('button', { name: 'Detach IPAM' }).click();
    await expect.poll(() => editor.text()).not.toContain('"ipam"');
    expect(await editor.text()).toContain('"hairpinMode": true');
    await app.studio.node(0).click(); // focus leaves the editor, the plugin stays selected
    await page.keyboard.press('Control+z');
    await expect.poll(() => editor.text()).toContain('"ipam"');
  });

  it('edits the whole conflist, and shows the NAD YAML', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await page.getByTestId('tab-document').click();
    await expect.poll(() => editor.text()).toContain('"cniVersion": "1.0.0"');
    await editor.endOfLine(3); // "name": "bridge-firewall",
    await page.keyboard.press('Shift+Home');
    await editor.paste('"name": "edited-net",');
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 5000 }).toBe('edited-net');
    await page.getByTestId('tab-nad').click();
    await expect.poll(() => editor.text()).toContain('kind: NetworkAttachmentDefinition');
    expect(await editor.text()).toContain('name: edited-net');
    await shot('editor-nad');
  });

  it('keeps a plugin edited in its own editor while the whole conflist text did not parse, once that text is finished', async () => {
    const editor = new Editor(app.session.page);
    await app.session.page.getByTestId('tab-document').click();
    await expect.poll(() => editor.text()).toContain('"name": "edited-net"');
    await unfinishedThenPluginEdit(editor, '"disableGC": tr', '"snat": false,', 'snat', false);
    // The whole conflist's text is finished: both changes are in the network, and in its text.
    await finishUnfinished(editor, '"disableGC": tr', 'ue,', 'disableGC', true);
    expect((await savedDoc())?.plugins?.[1]?.snat).toBe(false);
    // The text keeps the key where it was typed.
    expect((await editor.text()).split('\n')[1]).toContain('"disableGC": true,');
  });

  it('keeps such an edit across a reload too: the unfinished text remembers what it was typed against', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await unfinishedThenPluginEdit(editor, '"disableCheck": tr', '"masqAll": true,', 'masqAll', true);
    await page.reload();
    await finishUnfinished(editor, '"disableCheck": tr', 'ue,', 'disableCheck', true);
    expect((await savedDoc())?.plugins?.[1]?.masqAll).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('cni-studio.draft-bases.v1'))).toBeNull();
  });

  it("completion follows the runtime profile: bridge's portIsolation (plugins 1.7.0) is not offered for plugins 1.1.1", async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    const offered = async () => {
      await editor.endOfLine(2);
      await page.keyboard.press('Enter');
      await page.keyboard.type('"p');
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-widget.visible').waitFor({ timeout: 10_000 }).catch(() => undefined);
      const labels = await page.locator('.suggest-widget.visible .monaco-list-row').allInnerTexts();
      await page.keyboard.press('Escape');
      // Take the line back out.
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      return labels.join(' ');
    };
    await page.getByTestId('tab-plugin').click();
    await app.studio.node(0).click();
    await expect.poll(() => editor.text()).toContain('"type": "bridge"');
    const newest = await offered();
    expect(newest).toContain('portIsolation');
    expect(newest).toContain('promiscMode');
    await page.getByTestId('profile-plugins').selectOption('1.1.1');
    await app.studio.node(0).click();
    // The list is there (promiscMode, which 1.1.1 reads), without the key 1.1.1 does not read.
    const old = await offered();
    expect(old).toContain('promiscMode');
    expect(old).not.toContain('portIsolation');
    await page.getByTestId('profile-plugins').selectOption('1.9.1');
  });

  it('a click on a problem puts the plugin editor\'s cursor on its place, again at each click', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'loopback' }, { type: 'bridge', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24' }, { address: '10.1.0.5/24' }] } }] }));
    await page.getByTestId('tab-plugin').click();
    const activeLine = () => page.evaluate(() => document.querySelector('[data-testid="monaco"] .active-line-number')?.textContent ?? '');
    const problem = page.locator('[data-testid="finding"][data-code="CNI422"] .finding-main');
    // The repeated address: the second entry's "address" value, line 10 of the bridge's text.
    await problem.click();
    await expect.poll(() => editor.text()).toContain('"type": "bridge"');
    await expect.poll(activeLine).toBe('10');
    // The finding is in the IPAM: its node is the one selected, and the cursor stays on the finding's place.
    await expect.poll(() => page.locator('.react-flow__node.selected [data-testid="ipam-1"]').count()).toBe(1);
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(1);
    await page.waitForTimeout(300);
    expect(await activeLine()).toBe('10');
    await shot('problem-reveals-place');
    // Moved away in the editor, then the same problem again.
    await editor.endOfLine(1);
    await expect.poll(activeLine).toBe('1');
    await problem.click();
    await expect.poll(activeLine).toBe('10');
    // From a panel of its own (the runtime preview here), the bottom panel turns to the plugin's editor.
    await page.getByTestId('tab-preview').click();
    await problem.click();
    await expect.poll(() => page.getByTestId('tab-plugin').getAttribute('aria-selected')).toBe('true');
    await expect.poll(activeLine).toBe('10');
    // Delete pressed with the focus on the problem's row deletes nothing: the IPAM it selected stays.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="finding"]') !== null)).toBe(true);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(200);
    expect(await page.getByTestId('ipam-1').count()).toBe(1);
    // In the Whole conflist tab the same click puts the cursor on the place in the list: line 17 of its text.
    await page.getByTestId('tab-document').click();
    await expect.poll(() => editor.text()).toContain('"cniVersion"');
    await editor.endOfLine(1);
    await expect.poll(activeLine).toBe('1');
    await problem.click();
    await expect.poll(activeLine).toBe('17');
    await page.getByTestId('tab-plugin').click();
  });

  it('a click on a problem of a plugin far down a long chain brings its node into view', async () => {
    const { page } = app.session;
    const plugins = [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, ...Array.from({ length: 148 }, () => ({ type: 'tuning' })), { type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.2.0.5/24' }, { address: '10.2.0.5/24' }] } }];
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'long', plugins }));
    const problem = page.locator('[data-testid="finding"][data-code="CNI422"] .finding-main');
    await problem.click();
    // The ptp's IPAM node is selected, drawn and inside the canvas's pane.
    const inPane = () =>
      page.evaluate(() => {
        const node = document.querySelector('.react-flow__node.selected');
        const pane = document.querySelector('[data-testid="canvas-pane"]');
        if (!node || !pane) return false;
        const [n, p] = [node.getBoundingClientRect(), pane.getBoundingClientRect()];
        return n.left >= p.left && n.right <= p.right && n.top >= p.top && n.bottom <= p.bottom;
      });
    await expect.poll(inPane, { timeout: 5000 }).toBe(true);
    expect(await page.locator('.react-flow__node.selected [data-testid="ipam-149"]').count()).toBe(1);
    await shot('problem-far-down-the-chain');
  });

  it('says so when a typed integer reaches the network rounded (CNI014): the Problems panel reads the network, where it is the nearest float64', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'bandwidth', ingressRate: 1000, ingressBurst: 1000 }] }));
    await app.studio.node(1).click();
    await page.getByTestId('tab-plugin').click();
    await expect.poll(() => editor.text()).toContain('"type": "bandwidth"');
    await editor.endOfLine(2);
    await page.keyboard.insertText('\n"egressBurst": 9007199254740993,');
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 5000 }).toContain('Line 3: A 64-bit float cannot hold 9007199254740993 exactly');
    await expect.poll(async () => (await savedDoc())?.plugins?.[1]?.egressBurst).toBe(9007199254740992);
  });

  it("Ctrl+Z in the editor is the toolbar's Undo: after it, the step before, never the undone change again", async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    const plugin = async () => (await savedDoc())?.plugins?.[1];
    // Text typed at the cursor. Chromium drops an insertion now and then right after the cursor moved
    // (Monaco's EditContext): typed again when it has not shown within two seconds.
    const type = async (text: string) => {
      for (let tries = 0; tries < 3; tries++) {
        await page.keyboard.insertText(text);
        const shown = await expect.poll(() => editor.text(), { timeout: 2000 }).toContain(text.trim()).then(() => true, () => false);
        if (shown) return;
      }
      throw new Error(`What was typed never showed in the editor: ${text}`);
    };
    await app.studio.node(1).click();
    await page.getByTestId('tab-plugin').click();
    await expect.poll(() => editor.text()).toContain('"type": "bandwidth"');
    await editor.endOfLine(2);
    await type('\n"noteA": 123456,');
    await expect.poll(async () => (await plugin())?.noteA, { timeout: 5000 }).toBe(123456);
    await type('\n"noteB": 654321,');
    await expect.poll(async () => (await plugin())?.noteB, { timeout: 5000 }).toBe(654321);
    await page.getByTestId('undo').click();
    await expect.poll(() => editor.text()).not.toContain('noteB');
    // Monaco's own undo here re-applied the change the toolbar had just undone.
    await editor.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => editor.text()).not.toContain('noteA');
    expect(await editor.text()).not.toContain('noteB');
    expect(await plugin()).not.toHaveProperty('noteA');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await plugin())?.noteA).toBe(123456);
    await page.keyboard.press('Control+y');
    await expect.poll(async () => (await plugin())?.noteB).toBe(654321);
    await expect.poll(() => editor.text()).toContain('"noteB": 654321');
    // Typing that is not in the network yet (it does not parse) is undone in the text itself.
    await type('@@');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(0);
    expect(await editor.text(), await editor.text()).not.toContain('@@');
    expect(await plugin()).toMatchObject({ noteA: 123456, noteB: 654321 });
  });

  it('a click in the strip under the editor (Monaco sizes itself in whole pixels) puts the focus in it, so Ctrl+A then Delete empties the text, not the canvas', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    const host = (await page.getByTestId('monaco').boundingBox())!;
    const drawn = (await editor.root.boundingBox())!;
    const strip = host.y + host.height - (drawn.y + drawn.height);
    // This window's layout leaves one: what the test is about.
    expect(strip).toBeGreaterThan(0.2);
    await page.mouse.click(host.x + host.width / 2, drawn.y + drawn.height + strip / 2);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(1);
    expect(await app.studio.chainTypes()).toEqual(['ptp', 'bandwidth']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => editor.text()).toContain('"noteB": 654321');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(0);
  });

  it('text nested deeper than CNI Studio reads is plain text in the editor while it is: no page errors from the JSON worker', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    await editor.focus();
    await page.keyboard.press('Control+a');
    await editor.paste(`{"type": "bandwidth", "x": ${'['.repeat(3000)}${']'.repeat(3000)}}`);
    await expect.poll(() => page.getByTestId('unparsed').textContent(), { timeout: 5000 }).toContain('Nesting is deeper than 512 levels');
    // Monaco's JSON worker parses the text to check it (half a second after a change) and to complete it;
    // its parser recurses per level and overflowed its stack on this one.
    await page.keyboard.press('Control+Space');
    await page.waitForTimeout(1500);
    expect(app.session.errors).toEqual([]);
    expect(await app.studio.chainTypes()).toEqual(['ptp', 'bandwidth']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => editor.text()).toContain('"noteB": 654321');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 5000 }).toBe(0);
  });

  it('says why pasted text larger than it reads stays out of the network, and that this browser could not keep it', async () => {
    const { page } = app.session;
    const editor = new Editor(page);
    const before = await savedDoc();
    await page.getByTestId('tab-document').click();
    await editor.ready();
    await editor.focus();
    await page.keyboard.press('Control+a');
    // Strict JSON of 5.1 MB in lines a person could scroll: past the 5 MB CNI Studio reads, and past what localStorage holds.
    const lines = Array.from({ length: 5200 }, () => `"${'x'.repeat(1024)}"`);
    await editor.paste(`{"cniVersion": "1.0.0", "name": "big", "plugins": [{"type": "bridge", "blob": [\n${lines.join(',\n')}\n]}]}`);
    await expect.poll(() => page.getByTestId('unparsed').textContent(), { timeout: 20_000 }).toContain('It is 5.1 MB, more than CNI Studio reads as a config (5 MB): it stays editor text, not in the network. Until it is, the canvas');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('The editor text typed here (5.1 MB) could not be saved in this browser');
    expect(await savedDoc()).toEqual(before);
  });
});
