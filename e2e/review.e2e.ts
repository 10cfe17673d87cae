import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { useStudio } from './support/studio';

const app = useStudio();

describe('review', () => {
  it('explains the conflist and compares two versions, with a risk note for a changed subnet', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-containerd-bridge').click();
    await page.getByTestId('tab-review').click();
    expect(await page.getByTestId('explain').innerText()).toContain('10.88.0.0/16');
    // The other version: the same network with another IPv4 subnet.
    await page.getByTestId('export').click();
    const current = JSON.parse((await page.getByTestId('export-preview').textContent())!) as { plugins: { ipam?: { ranges?: { subnet: string }[][] } }[] };
    await page.keyboard.press('Escape');
    const older = structuredClone(current);
    older.plugins[0]!.ipam!.ranges![0]![0]!.subnet = '10.77.0.0/16';
    // The older version is the base; the network open here is the proposed side (issue 13: sides chosen explicitly).
    await page.getByTestId('review-base-paste').fill(JSON.stringify(older, null, 2));
    await page.getByTestId('review-base-use-paste').click();
    expect(await page.getByTestId('review-title').textContent()).toBe('base: pasted text · proposed: current network');
    const risks = await page.getByTestId('risk-notes').innerText();
    expect(risks).toContain('high');
    expect(risks).toContain('The addresses');
    expect(risks).toContain('10.77.0.0/16');
    expect(await page.getByTestId('changes').innerText()).toContain('"10.77.0.0/16" → "10.88.0.0/16"');
    await expect.poll(() => page.getByTestId('diff-view').locator('.monaco-diff-editor').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'review.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-report').click()]);
    expect(download.suggestedFilename()).toBe('10-containerd-net-review.md');
  });

  it('offers the autosaved version a new document replaced, even after a reload', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-podman-bridge').click();
    await page.getByTestId('confirm-ok').click();
    await page.reload();
    await page.getByTestId('tab-review').click();
    // Right after a reload the review's chunk may not be fetched yet (it is when the browser is idle).
    await page.getByTestId('review-base-source').waitFor();
    const option = page.getByTestId('review-base-source').locator('option', { hasText: 'containerd-net' });
    expect(await option.count()).toBe(1);
    await page.getByTestId('review-base-source').selectOption({ label: (await option.textContent())! });
    expect(await page.getByTestId('risk-notes').innerText()).toContain('renamed from containerd-net to podman');
  });
});
