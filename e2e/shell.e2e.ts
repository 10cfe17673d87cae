import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openApp, SCREENSHOTS, type Session } from './support/browser';

let s: Session;
beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
});

describe('app shell', () => {
  it('lists the plugin catalog by role and filters it', async () => {
    const { page } = s;
    await expect.poll(() => page.getByTestId('catalog-bridge').count()).toBe(1);
    expect(await page.getByTestId('catalog-group-ipam').getByTestId('catalog-host-local').count()).toBe(1);
    expect(await page.getByTestId('catalog-group-third-party').getByTestId('catalog-whereabouts').count()).toBe(1);
    await page.getByLabel('Search plugins').fill('port');
    await expect.poll(() => page.getByTestId('catalog-bridge').count()).toBe(0);
    expect(await page.getByTestId('catalog-portmap').count()).toBe(1);
    await page.getByLabel('Search plugins').fill('');
  });

  it('validates what the user types, with the same findings as the CLI', async () => {
    const { page } = s;
    await expect.poll(() => page.getByTestId('problem-counts').textContent()).toContain('0 errors');
    const text = page.getByTestId('conflist-text');
    const defective = JSON.stringify(
      { cniVersion: '1.0.0', name: 'lab', plugins: [{ type: 'portmap', capabilities: { portMappings: true } }, { type: 'bridge', mtu: '1500', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.5/16' }]] } }] },
      null,
      2,
    );
    await text.fill(defective);
    await expect.poll(() => page.getByTestId('finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(expect.arrayContaining(['CNI300', 'CNI202', 'CNI411']));
    expect(await page.locator('[data-code="CNI411"]').textContent()).toContain('network address is 10.1.0.0');
    await page.screenshot({ path: join(SCREENSHOTS, 'shell-findings.png') });
  });
});
