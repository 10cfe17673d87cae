// The three journeys issue 13 names, at 1280×720 as a person on a laptop does them, keyboard first: a writer
// builds bridge + portmap + tuning and saves it, a teacher steps through ADD and DEL, a reviewer compares two
// NADs. At every stop the screen is checked for what makes it cramped (support/screen.ts) and with axe.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { axeViolations } from './support/axe';
import { screenProblems } from './support/screen';
import { Editor, quickAdd, useStudio } from './support/studio';
import { tempDir } from './support/files';

const work = tempDir('cni-studio-journeys-');


async function command(page: Page, words: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.getByTestId('command-palette').waitFor();
  await page.keyboard.type(words);
  await page.getByTestId('command-palette').locator('[cmdk-item][data-selected="true"]').waitFor();
  await page.keyboard.press('Enter');
}

/** A NetworkAttachmentDefinition as `kubectl get -o yaml` prints one, its config a JSON string. */
const nad = (name: string, config: object) =>
  ['apiVersion: k8s.cni.cncf.io/v1', 'kind: NetworkAttachmentDefinition', 'metadata:', `  name: ${name}`, '  namespace: default', 'spec:', `  config: '${JSON.stringify(config)}'`, ''].join('\n');

const BRIDGE = { type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]] } };
const BASE = { cniVersion: '1.0.0', name: 'pods', plugins: [BRIDGE, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning', capabilities: { mac: true } }] };
const PROPOSED = { cniVersion: '1.0.0', name: 'pods', plugins: [{ ...BRIDGE, mtu: 1400 }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'bandwidth', capabilities: { bandwidth: true } }] };

describe('journeys at 1280×720', () => {
  const app = useStudio(VIEWPORTS.laptop);
  const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `journey-${name}.png`) });
  const sound = async () => {
    expect(await screenProblems(app.session.page)).toEqual([]);
    expect(await axeViolations(app.session.page)).toEqual([]);
  };

  it('writer: builds bridge + portmap + tuning from the keyboard, types into the editor, and saves the conflist', async () => {
    const { page } = app.session;
    // The empty network says what to do, not that something is wrong.
    expect(await page.getByTestId('problems-start').innerText()).toContain('Add a plugin');
    await sound();
    await quickAdd(page, 'bridge');
    await quickAdd(page, 'portmap');
    await quickAdd(page, 'tuning');
    await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
    // The bridge in the editor: a typed member keeps its space after the colon.
    await app.studio.node(0).click();
    await page.getByTestId('tab-plugin').click();
    const editor = new Editor(page);
    await editor.ready();
    await editor.endOfLine(1);
    await page.keyboard.press('Enter');
    await page.keyboard.type('"mtu": 1400,');
    await expect.poll(() => editor.text()).toContain('"mtu": 1400,');
    await sound();
    await shot('writer');
    // Ctrl+S saves what Export would: the chain with the typed mtu.
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { plugins: { type: string; mtu?: number }[] };
    expect(saved.plugins.map((p) => p.type)).toEqual(['bridge', 'portmap', 'tuning']);
    expect(saved.plugins[0]!.mtu).toBe(1400);
  });

  it('teacher: steps through ADD and into DEL from the command palette, the canvas large and the step unmistakable', async () => {
    const { page } = app.session;
    await app.studio.importText(JSON.stringify(BASE));
    await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
    await page.getByTestId('canvas').focus();
    await command(page, 'step through');
    await expect.poll(() => page.getByTestId('teach-now').textContent()).toContain('step 1 of 3 · ADD');
    expect(await app.studio.node(0).getAttribute('aria-current')).toBe('step');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => app.studio.node(1).getAttribute('aria-current')).toBe('step');
    // portmap's stdin shows what the runtime injected: bridge's result as prevResult.
    await expect.poll(() => page.getByTestId('stdin-view').locator('.injected-key', { hasText: 'prevResult' }).count(), { timeout: 15_000 }).toBe(1);
    await sound();
    await shot('teacher-add');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('teach-now').textContent()).toContain('tuning (3), step 1 of 3 · DEL');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('teach-now').textContent()).toContain('portmap (2), step 2 of 3 · DEL');
    expect(await page.getByTestId('preview').innerText()).toContain('Undoes its port forwarding');
    await sound();
    await shot('teacher-del');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
  });

  it('reviewer: compares two NADs, base and proposed named and swappable, the change marked on the canvas', async () => {
    const { page } = app.session;
    await app.studio.importText(nad('pods', PROPOSED));
    await app.studio.expectChain(['bridge', 'portmap', 'bandwidth']);
    await page.getByTestId('tab-review').click();
    const file = join(work, 'pods-live.yaml');
    writeFileSync(file, nad('pods', BASE));
    await page.getByTestId('review-base-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('review-title').textContent()).toBe('base: pods-live.yaml · proposed: current network');
    await expect.poll(() => page.locator('.react-flow__node.review-added .plugin-node').getAttribute('data-type')).toBe('bandwidth');
    expect(await page.getByTestId('risk-notes').innerText()).toMatch(/tuning \(3\) is removed/);
    await sound();
    await shot('reviewer');
    await page.getByTestId('review-swap').click();
    await expect.poll(() => page.getByTestId('review-title').textContent()).toBe('base: current network · proposed: pods-live.yaml');
    expect(await page.getByTestId('risk-notes').innerText()).toMatch(/bandwidth \(3\) is removed/);
    await sound();
  });
});
