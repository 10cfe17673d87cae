// Review (issue 13): both sides chosen explicitly and named, base and proposed, with a swap; every note reads
// from base to proposed; the canvas marks the plugins the change touches while reviewing, and only then.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { axeViolations } from './support/axe';
import { useStudio } from './support/studio';
import { tempDir } from './support/files';

const work = tempDir('cni-studio-review-');
const bridge = { type: 'bridge', bridge: 'cni0', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]] } };
// What runs now (a file from the cluster) and the change under review (the network open in the app).
const BASE = { cniVersion: '1.0.0', name: 'pods', plugins: [bridge, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning', capabilities: { mac: true } }] };
const PROPOSED = { cniVersion: '1.0.0', name: 'pods', plugins: [{ ...bridge, mtu: 1400 }, { type: 'tuning' }, { type: 'bandwidth', capabilities: { bandwidth: true } }] };

async function openNetwork(page: Page, doc: object) {
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-text').fill(JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Import', exact: true }).last().click();
  const confirm = page.getByTestId('confirm-ok');
  if (await confirm.isVisible()) await confirm.click();
}

const risks = (page: Page) => page.getByTestId('risk-notes').innerText();
const marked = (page: Page, mark: string) =>
  page.locator(`.react-flow__node.review-${mark} .plugin-node`).evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`review sides at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);
    const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`) });

    it('compares a base file with the current network as proposed, in that direction, and marks the canvas', async () => {
      const { page } = app.session;
      await openNetwork(page, PROPOSED);
      await app.studio.expectChain(['bridge', 'tuning', 'bandwidth']);
      await page.getByTestId('tab-review').click();
      expect(await page.getByTestId('review-proposed-label').textContent()).toBe('current network');
      expect(await page.getByTestId('review-base-label').textContent()).toBe('(not chosen yet)');
      const file = join(work, 'a.conflist');
      writeFileSync(file, JSON.stringify(BASE, null, 2));
      await page.getByTestId('review-base-file').setInputFiles(file);
      await expect.poll(() => page.getByTestId('review-title').textContent()).toBe('base: a.conflist · proposed: current network');
      // Read from base to proposed: the proposal drops tuning's mac capability and portmap.
      const text = await risks(page);
      expect(text).toMatch(/medium\s+tuning \(2\) no longer declares the mac capability/);
      expect(text).toMatch(/high\s+portmap \(2\) is removed/);
      expect(text).not.toContain('now declares the mac capability');
      // The canvas shows the proposal: bandwidth added, bridge and tuning changed; portmap is listed as removed.
      await expect.poll(() => marked(page, 'added')).toEqual(['bandwidth']);
      expect(await marked(page, 'changed')).toEqual(['bridge', 'tuning']);
      expect(await app.studio.node(2).getByTestId('node-mark').textContent()).toBe('added in proposed');
      expect(await page.getByTestId('review-elsewhere').innerText()).toContain('portmap removed in proposed (was 2 in base)');
      await shot('review-sides');
      expect(await axeViolations(page)).toEqual([]);
    });

    it('swaps the sides: every note turns around, and the report names both', async () => {
      const { page } = app.session;
      await page.getByTestId('review-swap').click();
      await expect.poll(() => page.getByTestId('review-title').textContent()).toBe('base: current network · proposed: a.conflist');
      const text = await risks(page);
      expect(text).toMatch(/low\s+tuning \(3\) now declares the mac capability/);
      expect(text).not.toContain('no longer declares the mac capability');
      // The canvas now shows the base: what the proposal removes is marked there, what it adds is listed.
      await expect.poll(() => marked(page, 'removed')).toEqual(['bandwidth']);
      expect(await page.getByTestId('review-elsewhere').innerText()).toContain('portmap added in proposed (at 2)');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-report').click()]);
      const saved = join(work, download.suggestedFilename());
      await download.saveAs(saved);
      const report = readFileSync(saved, 'utf8');
      expect(report).toContain('Compares base `current network` with proposed `a.conflist`.');
      expect(report).toContain('now declares the mac capability');
      await shot('review-sides-swapped');
      // Dark theme: the marks stay plain to see.
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
      await shot('review-sides-swapped-dark');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
    });

    it('clears the canvas marks when leaving the review', async () => {
      const { page } = app.session;
      await page.getByTestId('tab-preview').click();
      await expect.poll(() => page.locator('.react-flow__node[class*="review-"]').count()).toBe(0);
      expect(await page.getByTestId('review-overlay').count()).toBe(0);
      // Back to the review: the sides were kept, and the marks come back.
      await page.getByTestId('tab-review').click();
      await expect.poll(() => marked(page, 'removed')).toEqual(['bandwidth']);
    });
  });
}
