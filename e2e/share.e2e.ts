import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openUrl } from './support/browser';
import { Editor, Studio, useStudio } from './support/studio';
import { tempDir } from './support/files';
import { encodeShare } from '../src/core';

const app = useStudio();
const work = tempDir('cni-studio-share-');

async function exportedConflist(page: Studio['page']): Promise<string> {
  await page.getByTestId('export').click();
  const text = (await page.getByTestId('export-preview').textContent())!;
  await page.keyboard.press('Escape');
  return text;
}

/** A share link as CNI Studio makes them, for any state (runtime inputs included). */
const linkOf = (state: Parameters<typeof encodeShare>[0]) => {
  const encoded = encodeShare(state);
  if (!encoded.ok) throw new Error(encoded.message);
  return `#share=${encoded.payload}`;
};

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

  it('opens a link whose runtime inputs have the wrong shape: the network opens, they are named and left as they were, the preview draws', async () => {
    const doc = { cniVersion: '1.0.0', name: 'shared-net', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }] };
    const other = await openUrl(`${app.session.url}${linkOf({ doc, runtime: { cniPath: null, cniArgs: 5, ifname: { a: 1 }, containerId: 'from-link' } })}`);
    try {
      const studio = new Studio(other.page);
      await studio.expectChain(['bridge']);
      await expect.poll(() => other.page.getByTestId('notice').textContent()).toContain('Its runtime inputs ifname, cniArgs, cniPath are not usable and were left as they were.');
      await other.page.getByTestId('tab-preview').click();
      await expect.poll(() => other.page.getByTestId('preview').innerText()).toMatch(/CNI_CONTAINERID\s+from-link/);
      expect(await other.page.getByTestId('preview').innerText()).toMatch(/CNI_IFNAME\s+eth0/);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('opens a share link pasted into the address bar of an open tab, asking first: the editor text not yet in the network is set aside, not applied to the shared one', async () => {
    const other = await openUrl(app.session.url);
    try {
      const { page } = other;
      const studio = new Studio(page);
      // An empty network, and whole-conflist text typed that does not parse yet.
      await page.getByTestId('tab-document').click();
      const editor = new Editor(page);
      await editor.ready();
      await editor.endOfLine(1);
      await page.keyboard.insertText('\n  "unfinished": ');
      await expect.poll(() => page.evaluate(() => localStorage.getItem('cni-studio.drafts.v1') ?? '')).toContain('unfinished');
      const shared = { cniVersion: '1.0.0', name: 'pasted-net', plugins: [{ type: 'loopback' }] };
      // Same page, new fragment: the browser fires hashchange, nothing reloads.
      await page.evaluate(`location.hash = ${JSON.stringify(linkOf({ doc: shared }).slice(1))}`);
      await page.getByTestId('confirm-ok').waitFor();
      expect(await page.getByRole('dialog').textContent()).toContain('The editor text not yet in it is set aside in this browser, to download.');
      await page.getByTestId('confirm-ok').click();
      await studio.expectChain(['loopback']);
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Opened the shared network "pasted-net".');
      expect(page.url()).not.toContain('share=');
      // The old text is kept for download, and the new network has no error from it.
      expect(await page.getByTestId('set-aside-item').textContent()).toContain('editor text typed for the network');
      expect(await page.getByTestId('unparsed').count()).toBe(0);
      await expect.poll(() => editor.text()).toContain('"pasted-net"');
      expect(await editor.text()).not.toContain('unfinished');
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
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
    // The same link in the tab that holds that network: nothing to replace, so nothing is asked.
    await page.evaluate((hash) => (location.hash = hash), link.slice(link.indexOf('#')));
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('is the one open here');
    expect(await page.getByTestId('confirm-ok').count()).toBe(0);
  });
  it("keeps an imported NAD's name, namespace and resourceName for its NAD export and the NAD YAML tab, across a reload", async () => {
    const { page } = app.session;
    const file = join(work, 'nad1.yaml');
    const config = JSON.stringify({ cniVersion: '1.0.0', name: 'macvlan-net', plugins: [{ type: 'macvlan', master: 'eth0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.55.0.0/24' }]] } }] });
    writeFileSync(file, `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: macvlan-conf\n  namespace: team-a\n  annotations:\n    k8s.v1.cni.cncf.io/resourceName: intel.com/sriov\nspec:\n  config: '${config}'\n`);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    const confirm = page.getByTestId('confirm-ok');
    await expect.poll(async () => (await confirm.isVisible()) || (await page.getByTestId('notice').textContent())?.includes('macvlan-conf')).toBeTruthy();
    if (await confirm.isVisible()) await confirm.click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('NetworkAttachmentDefinition "macvlan-conf"');
    await page.reload();
    await page.getByTestId('export').click();
    await page.getByTestId('export-format-nad').click();
    expect([await page.getByTestId('nad-name').inputValue(), await page.getByTestId('nad-namespace').inputValue(), await page.getByTestId('nad-resource').inputValue()]).toEqual(['macvlan-conf', 'team-a', 'intel.com/sriov']);
    const exported = (await page.getByTestId('export-preview').textContent()) ?? '';
    expect(exported).toContain('name: macvlan-conf\n  namespace: team-a\n  annotations:\n    k8s.v1.cni.cncf.io/resourceName: intel.com/sriov');
    await page.keyboard.press('Escape');
    await page.getByTestId('tab-nad').click();
    const editor = new Editor(page);
    await editor.ready();
    await expect.poll(() => editor.text()).toContain('namespace: team-a');
  });
});
