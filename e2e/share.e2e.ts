import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openUrl } from './support/browser';
import { Studio, useStudio } from './support/studio';
import { tempDir } from './support/files';

const app = useStudio();
const work = tempDir('cni-studio-share-');

async function exportedConflist(page: Studio['page']): Promise<string> {
  await page.getByTestId('export').click();
  const text = (await page.getByTestId('export-preview').textContent())!;
  await page.keyboard.press('Escape');
  return text;
}

describe('export and share', () => {
  it('exports a NetworkAttachmentDefinition and imports it back to the same document', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-podman-bridge').click();
    const before = await exportedConflist(page);
    await page.getByTestId('export').click();
    await page.getByTestId('export-format-nad').click();
    await page.getByTestId('nad-name').fill('podman-net');
    await page.getByTestId('nad-namespace').fill('lab');
    expect(await page.getByTestId('export-preview').textContent()).toContain('kind: NetworkAttachmentDefinition');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toBe('podman-net.yaml');
    const file = join(work, 'podman-net.yaml');
    await download.saveAs(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('NetworkAttachmentDefinition "podman-net"');
    expect(await exportedConflist(page)).toBe(before);
  });

  it('opens a share link in a fresh browser, restoring the network', async () => {
    const { page } = app.session;
    await page.getByTestId('share').click();
    const link = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(link).toMatch(/#share=v1\.[A-Za-z0-9_-]+$/);
    const expected = await exportedConflist(page);
    const other = await openUrl(link);
    try {
      const studio = new Studio(other.page);
      await studio.expectChain(['bridge', 'portmap', 'firewall', 'tuning']);
      expect(await exportedConflist(other.page)).toBe(expected);
      expect(other.page.url()).not.toContain('share='); // the fragment is consumed
    } finally {
      await other.close();
    }
  });
});
