import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { useStudio } from './support/studio';

const app = useStudio();

describe('workbench', () => {
  it('adds plugins from the keyboard with the quick-add picker', async () => {
    const { page } = app.session;
    await page.getByTestId('canvas').click();
    await page.keyboard.press('Control+k');
    await page.getByLabel('Plugin type').fill('ptp');
    await page.keyboard.press('Enter');
    await app.studio.expectChain(['ptp']);
    await page.keyboard.press('/');
    await page.getByLabel('Plugin type').fill('bandw');
    await page.keyboard.press('Enter');
    await app.studio.expectChain(['ptp', 'bandwidth']);
  });

  it('copies plugins as conflist JSON and pastes them back', async () => {
    const { page } = app.session;
    await app.studio.node(1).click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await app.studio.expectChain(['ptp', 'bandwidth', 'bandwidth']);
    await expect.poll(() => page.locator('[data-code="CNI304"]').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await app.studio.expectChain(['ptp', 'bandwidth']);
  });

  it('edits the network settings and shows which versions the chain accepts', async () => {
    const { page } = app.session;
    const version = page.getByTestId('network-version');
    expect(await version.locator('option[value="0.2.0"]').textContent()).toContain('rejected by bandwidth');
    await version.selectOption('0.2.0');
    await expect.poll(() => page.locator('[data-code="CNI305"]').count()).toBe(1);
    await page.locator('[data-code="CNI305"]').getByRole('button', { name: 'Explain CNI305' }).click();
    expect(await page.getByTestId('rule-doc').textContent()).toContain('incompatible CNI versions');
    await page.keyboard.press('Escape');
    await version.selectOption('1.0.0');
    await page.getByTestId('network-name').fill('lab-net');
    await page.getByTestId('network-name').blur();
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('lab-net');
  });

  it('starts from a template after asking, and the template is clean', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-calico').click();
    expect(await page.getByTestId('confirm').textContent()).toContain('"lab-net" has 2 plugins');
    await page.getByTestId('confirm-ok').click();
    await app.studio.expectChain(['calico', 'portmap', 'bandwidth']);
    await expect.poll(() => app.studio.counts()).toContain('0 errors · 0 warnings');
    await page.keyboard.press('Control+z');
    await app.studio.expectChain(['ptp', 'bandwidth']);
    await page.keyboard.press('Control+y');
    await app.studio.expectChain(['calico', 'portmap', 'bandwidth']);
  });

  it('switches to the dark theme and remembers it', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Toggle dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-containerd-bridge').click();
    await page.getByTestId('confirm-ok').click();
    await app.studio.expectChain(['bridge', 'portmap']);
    await page.screenshot({ path: join(SCREENSHOTS, 'canvas-dark.png') });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });
});
