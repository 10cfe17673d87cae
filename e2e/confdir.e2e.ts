// A conf directory chosen as a folder: the plugin files in a network's folder appended to its list
// (libcni 1.3, the default profile), each network's chain as libcni runs it, and opening it assembled.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStudio } from './support/studio';
import { tempDir } from './support/files';

const app = useStudio();
const netd = join(tempDir('cni-studio-confdir-'), 'net.d');
mkdirSync(join(netd, 'net'), { recursive: true });
writeFileSync(join(netd, '10-net.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/16' }]] } }] }, null, 2));
writeFileSync(join(netd, 'net', '10-tuning.conf'), '{"type": "tuning", "mtu": 1400}\n');
writeFileSync(join(netd, 'net', '20-portmap.conf'), '{"type": "portmap", "capabilities": {"portMappings": true}}\n');
writeFileSync(join(netd, '20-empty.conflist'), '{"cniVersion": "1.0.0", "name": "empty"}\n');

describe('conf directory view', () => {
  it('shows the plugin files a list appends from its network folder, and opens the list as libcni assembles it', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-folder').setInputFiles(netd);
    const dialog = page.getByTestId('confdir');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('In the order libcni 1.3.0 tries them');
    expect(await page.getByTestId('confdir-row').allTextContents()).toEqual([
      expect.stringMatching(/^10-net\.conflistdefines "net"; with 2 plugin files appended from net\/; default network/),
      expect.stringMatching(/^20-empty\.conflistdoes not load and blocks lookups after it/),
    ]);
    const plugins = await page.getByTestId('confdir-plugin-row').allTextContents();
    expect(plugins).toHaveLength(2);
    expect(plugins[0]).toContain('net/10-tuning.conf');
    expect(plugins[0]).toContain('appended to "net" as plugin 2 of 3');
    expect(plugins[1]).toContain('appended to "net" as plugin 3 of 3');
    const network = page.getByTestId('confdir-network');
    expect(await network.textContent()).toMatch(/net \(10-net\.conflist\): bridge → tuning from net\/10-tuning\.conf → portmap from net\/20-portmap\.conf/);
    const findings = (await page.getByTestId('confdir-findings').textContent()) ?? '';
    expect(findings).toContain('CNI705 libcni 1.3.0 appends the 2 plugin files in net/ to network "net": it runs bridge (10-net.conflist), tuning (net/10-tuning.conf), portmap (net/20-portmap.conf).');
    expect(findings).toContain('(libcni 1.3.0: "no plugin configs found")');

    await network.getByRole('button', { name: 'Open as assembled' }).click();
    const confirm = page.getByTestId('confirm-ok');
    if (await confirm.isVisible()) await confirm.click();
    await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
  });

  it('follows the libcni release chosen in the network settings: 1.2.3 never runs the folder\'s plugin files', async () => {
    const { page } = app.session;
    await page.getByTestId('profile-libcni').selectOption('1.2.3');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-folder').setInputFiles(netd);
    const dialog = page.getByTestId('confdir');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('In the order libcni 1.2.3 tries them');
    const plugins = await page.getByTestId('confdir-plugin-row').allTextContents();
    expect(plugins[0]).toContain("net/10-tuning.conf is never run: libcni 1.2.3 does not read a network's folder");
    expect(await page.getByTestId('confdir-network').textContent()).toMatch(/net \(10-net\.conflist\): bridge Open as assembled/);
    expect(await page.getByTestId('confdir-findings').textContent()).toContain(`(libcni 1.2.3: "error parsing configuration list: no 'plugins' key")`);
  });

  it('keeps a file too large to read in its place, not checked, and claims nothing it would decide', async () => {
    const { page } = app.session;
    const big = join(tempDir('cni-studio-confdir-big-'), 'net.d');
    mkdirSync(big, { recursive: true });
    writeFileSync(join(big, '05-huge.json'), ' '.repeat(6 * 1024 * 1024));
    writeFileSync(join(big, '10-net.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    // The view the test before left open.
    if (await page.getByTestId('confdir').isVisible()) await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-folder').setInputFiles(big);
    await page.getByTestId('confdir').waitFor();
    // libcni tries .conflist files first; containerd's default network is the first file of all, which was not read.
    const rows = await page.getByTestId('confdir-row').allTextContents();
    // libcni tries the .conflist first, so the unread .json cannot take "net" from it; it has no Open (nothing was read).
    expect(rows).toEqual(['10-net.conflistdefines "net"0 errors, 0 warningsOpen', '05-huge.jsonnot checked: larger than CNI Studio reads (libcni reads it)0 errors, 1 warning']);
    // An unread list before it in libcni's order could.
    writeFileSync(join(big, '01-huge.conflist'), ' '.repeat(6 * 1024 * 1024));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-folder').setInputFiles(big);
    await expect.poll(() => page.getByTestId('confdir-row').first().textContent()).toContain('01-huge.conflist');
    expect((await page.getByTestId('confdir-row').allTextContents())[1]).toMatch(/^10-net\.conflistdefines "net" unless 01-huge\.conflist \(not checked\) does/);
    await page.keyboard.press('Escape');
  });

  it('reads a byte that is not UTF-8 as Go does: the folder row and the imported file each warn, and the document holds U+FFFD', async () => {
    const { page } = app.session;
    const dir = join(tempDir('cni-studio-confdir-latin1-'), 'net.d');
    mkdirSync(dir, { recursive: true });
    const latin1 = Buffer.concat([Buffer.from('{"cniVersion": "1.0.0", "name": "net", "plugins": [{"type": "loopback", "args": {"owner": "caf'), Buffer.from([0xe9]), Buffer.from('"}}]}')]);
    writeFileSync(join(dir, '10-net.conflist'), latin1);
    if (await page.getByTestId('confdir').isVisible()) await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-folder').setInputFiles(dir);
    await page.getByTestId('confdir').waitFor();
    expect(await page.getByTestId('confdir-row').allTextContents()).toEqual([expect.stringMatching(/^10-net\.conflistdefines "net"; default network for containerd and CRI-O0 errors, 1 warningOpen$/)]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-file').setInputFiles(join(dir, '10-net.conflist'));
    const confirm = page.getByTestId('confirm-ok');
    await expect.poll(async () => (await confirm.isVisible()) || (await page.getByTestId('import-notes').isVisible())).toBe(true);
    if (await confirm.isVisible()) await confirm.click();
    await expect.poll(() => page.getByTestId('import-notes').textContent()).toContain('A byte here is not UTF-8 (the first at line 1, column 95)');
    await app.studio.expectChain(['loopback']);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('cni-studio.document.v1') ?? '{}').doc?.plugins?.[0]?.args?.owner)).toBe('caf\uFFFD');
  });
});
