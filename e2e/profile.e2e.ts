// The runtime profile in the network settings: choosing Debian bookworm's releases turns a config that is
// clean on the newest releases into the errors and warnings those releases produce, each naming the profile;
// the choice survives a reload.
import { describe, expect, it } from 'vitest';
import { useStudio } from './support/studio';

const app = useStudio();

const CONFIG = JSON.stringify({
  cniVersion: '1.1.0',
  name: 'profiled',
  plugins: [
    { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.40.0.0/24' }]] } },
    { type: 'portmap', backend: 'nftables', capabilities: { portMappings: true } },
  ],
});

describe('runtime profile', () => {
  it('follows the chosen libcni and plugins releases everywhere, names them, and keeps them', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(CONFIG);
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await app.studio.expectChain(['bridge', 'portmap']);
    await expect.poll(() => app.studio.counts()).toContain('0 errors');

    await page.getByTestId('profile-libcni').selectOption('1.1.2');
    await page.getByTestId('profile-plugins').selectOption('1.1.1');
    await expect.poll(() => page.locator('[data-code="CNI305"]').count()).toBeGreaterThan(0);
    const refused = page.locator('[data-code="CNI305"]').first();
    expect(await refused.textContent()).toContain('incompatible CNI versions; config is "1.1.0"');
    expect(await refused.getByTestId('finding-profile').textContent()).toBe('for libcni 1.1.2 + plugins 1.1.1');
    expect(await page.locator('[data-code="CNI212"]').textContent()).toContain('portmap 1.1.1 ignores "backend" (added in 1.6.0)');
    expect(await page.getByTestId('network-version').locator('option[value="1.1.0"]').textContent()).toContain('rejected by bridge 1.1.1');
    expect(await page.getByTestId('use-lab-profile').count()).toBe(0); // no lab machine reported a profile

    await page.reload();
    await app.studio.expectChain(['bridge', 'portmap']);
    expect(await page.getByTestId('profile-plugins').inputValue()).toBe('1.1.1');
    expect(await page.getByTestId('profile-libcni').inputValue()).toBe('1.1.2');
    await expect.poll(() => page.locator('[data-code="CNI305"]').count()).toBeGreaterThan(0);

    // Review: what upgrading these nodes to the newest releases changes for this conflist.
    await page.getByTestId('tab-review').click();
    const upgrade = page.getByTestId('upgrade-changes');
    await expect.poll(() => upgrade.innerText()).toContain('bridge 1.1.1 → 1.9.1 starts accepting spec 1.1.0.');
    expect(await upgrade.innerText()).toContain('portmap 1.1.1 → 1.9.1 starts reading "backend"');

    await page.getByTestId('profile-plugins').selectOption('1.9.1');
    await page.getByTestId('profile-libcni').selectOption('1.3.0');
    await expect.poll(() => app.studio.counts()).toContain('0 errors');
    await expect.poll(() => page.getByTestId('upgrade').innerText()).toContain('Nothing changes for this conflist.');
  });
});
