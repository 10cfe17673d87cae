// The whole loop against a real helper: the helper serves the built app, the page opens with its token,
// a chain runs for real in a namespace, every node turns green and the real address of eth0 is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLabServer, type LabServer } from '../src/helper/server';
import { findPlugin } from '../src/helper/probe';
import { openUrl, SCREENSHOTS, type Session } from './support/browser';
import { Studio } from './support/studio';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const ready = process.getuid?.() === 0 && findPlugin('bridge', SYSTEM) !== undefined;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const TOKEN = 'e2e-token-0123456789abcdef';
const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-lab-e2e-'));

describe('live lab in the browser', () => {
  it(`has root and the plugins${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(ready).toBe(true);
  });
});

describe.runIf(ready)('live lab in the browser', () => {
  let server: LabServer;
  let s: Session;
  beforeAll(async () => {
    server = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, appDir: resolve('dist'), lockPath: join(tmp, 'lock'), auditLog: join(tmp, 'audit.log') });
    s = await openUrl(`${server.url}/#lab=${TOKEN}`, () => server.close());
  });
  afterAll(async () => {
    await s?.close();
    rmSync(tmp, { recursive: true, force: true });
    // host-local's folder for this test's network (its last address, kept by design across runs).
    rmSync('/var/lib/cni/networks/cnistudio-e2e', { recursive: true, force: true });
  });

  it('runs a live ADD: every node turns green and the real address of eth0 is shown', async () => {
    const { page } = s;
    const studio = new Studio(page);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(
      JSON.stringify({
        cniVersion: '1.0.0',
        name: 'cnistudio-e2e',
        plugins: [
          { type: 'bridge', bridge: 'cnistudio-e2e0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.230.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] } },
          { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024' } },
        ],
      }),
    );
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await studio.expectChain(['bridge', 'tuning']);
    // Opened from the helper's link: the Lab tab is there, connected.
    await page.getByTestId('tab-lab').click();
    await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 10_000 }).toContain('root');
    // Connected, the button offers to connect again, not to connect (an outside tester read "Connect" as not connected).
    expect(await page.getByTestId('lab-connect').textContent()).toBe('Reconnect');
    await page.getByTestId('lab-run-ADD').click();
    await expect.poll(() => page.getByTestId('lab-teardown').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('.react-flow__node.lab-ok').count()).toBe(2);
    expect(await page.locator('.react-flow__node.lab-failed').count()).toBe(0);
    // host-local hands out addresses round-robin across runs, so the exact one varies: it must be in the
    // subnet and be the one the plugin reported.
    const observed = await page.getByTestId('observed-addresses').innerText();
    const address = /eth0 (10\.244\.230\.\d+)\/24/.exec(observed)?.[1];
    expect(address).toBeDefined();
    await page.getByTestId('lab-observed').getByText('Final result').click();
    expect(await page.getByTestId('lab-observed').innerText()).toContain(`"address": "${address}/24"`);
    expect(await page.getByTestId('lab-teardown').innerText()).toContain('cnistudio-e2e0');
    // The topology wires eth0 to its real veth peer, and that veth to the bridge it is enslaved to.
    const topology = page.getByTestId('topology');
    expect(await topology.locator('[data-testid="topo-edge"][data-kind="veth-pair"][data-to="ns:eth0"]').count()).toBe(1);
    expect(await topology.locator('[data-testid="topo-edge"][data-kind="bridge-port"][data-from="host:cnistudio-e2e0"]').count()).toBe(1);
    expect(await topology.locator('[data-node-id="host:cnistudio-e2e0"]').textContent()).toContain('bridge ·');
    await topology.screenshot({ path: join(SCREENSHOTS, 'lab-topology.png') });
    // Side by side: what the preview predicted and what bridge really received.
    await page.getByTestId('lab-step').first().getByRole('button').click();
    expect(await page.getByText('The plugin received').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'lab.png') });
  });

  it('keeps the namespace for the seconds asked, says until when, then tears it down', async () => {
    const { page } = s;
    const keep = page.getByLabel('Keep the namespace for (seconds, then cleaned up)');
    await keep.fill('2');
    await page.getByTestId('lab-run-ADD').click();
    await expect.poll(() => page.getByTestId('lab-kept').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('lab-kept').innerText()).toMatch(/^The namespace is kept for inspection until .+, then torn down; Stop tears it down now\.$/);
    expect(await page.getByTestId('lab-teardown').count()).toBe(0);
    await expect.poll(() => page.getByTestId('lab-teardown').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('lab-kept').count()).toBe(0);
    // On the run's own bridge, portmap-less: nothing of the machine's open, so nothing said against the keep.
    expect(await page.getByTestId('lab-not-kept').count()).toBe(0);
    await keep.fill('0');
  });

  it("offers the lab machine's profile, and then judges the list as those plugins do", async () => {
    const { page } = s;
    // Connected: the machine's plugins are Debian's 1.1.1 (from the package that installed them).
    const use = page.getByTestId('use-lab-profile');
    await expect.poll(() => use.count(), { timeout: 10_000 }).toBe(1);
    expect(await use.textContent()).toContain('plugins 1.1.1');
    await page.getByTestId('runtime-profile').screenshot({ path: join(SCREENSHOTS, 'profile-lab-offer.png') });
    await page.getByTestId('network-version').selectOption('1.1.0');
    await expect.poll(() => page.locator('[data-code="CNI305"]').count()).toBe(0); // the newest plugins accept 1.1.0
    await use.click();
    expect(await page.getByTestId('profile-plugins').inputValue()).toBe('1.1.1');
    await expect.poll(() => page.locator('[data-code="CNI305"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-code="CNI305"]').first().textContent()).toContain('incompatible CNI versions; config is "1.1.0"');
    await page.getByTestId('network-version').selectOption('1.0.0');
  });

  it('says in libcni words when the chosen libcni would refuse the list, in the preview and at the helper', async () => {
    const { page } = s;
    const studio = new Studio(page);
    // disableCheck written as a string: libcni 1.2+ reads it, 1.1.x refuses the whole list.
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-e2e-load', disableCheck: 'true', plugins: [{ type: 'loopback' }] }));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await page.getByRole('button', { name: 'Replace' }).click(); // the network of the first test is replaced
    await studio.expectChain(['loopback']);
    await page.getByTestId('profile-libcni').selectOption('1.1.2');
    await page.getByTestId('tab-preview').click();
    await expect.poll(() => page.getByTestId('plan-load-refused').textContent()).toContain('libcni 1.1.2 refuses to load this list, so no plugin would run: error parsing configuration list: invalid disableCheck type string');
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-libcni-refuses.png') });
    // The helper, asked to run it as libcni 1.1.2, refuses it in the same words and creates nothing.
    await page.getByTestId('tab-lab').click();
    await page.getByTestId('lab-run-ADD').click();
    await expect.poll(() => page.locator('.lab-main .rt-error').first().textContent(), { timeout: 10_000 }).toContain('libcni 1.1.2 refuses to load this list: error parsing configuration list: invalid disableCheck type string');
    await page.getByTestId('profile-libcni').selectOption('1.3.0');
    await page.getByTestId('tab-preview').click();
    await expect.poll(() => page.getByTestId('plan-load-refused').count()).toBe(0);
    await page.getByTestId('tab-lab').click();
  });

  it("refuses a plugin that would act on a link of the machine, and says which and how to allow one", async () => {
    const { page } = s;
    const studio = new Studio(page);
    // host-device on the machine's loopback: moved into the run's namespace, the machine would lose it.
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify({ cniVersion: '1.0.0', name: 'cnistudio-e2e-link', plugins: [{ type: 'host-device', device: 'lo' }] }));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await page.getByRole('button', { name: 'Replace' }).click();
    await studio.expectChain(['host-device']);
    await page.getByTestId('tab-lab').click();
    // Said before the run: the helper was started without --host-links.
    await expect.poll(() => page.locator('.lab-warning').allTextContents()).toContainEqual(expect.stringContaining('host-device (plugin 1) works on the link lo ("device"): the helper runs plugins only on links of its machine it was started with --host-links for (it allows none)'));
    await page.getByTestId('lab-run-ADD').click();
    await expect.poll(() => page.locator('.lab-main .rt-error').first().textContent(), { timeout: 10_000 }).toContain('plugin 1 (host-device): its "device" names lo, a link of this machine the run did not make');
    expect(await page.locator('.lab-main .rt-error').first().textContent()).toContain('start the lab with --host-links lo');
    await page.screenshot({ path: join(SCREENSHOTS, 'lab-host-link-refused.png') });
  });

  it('says clearly when the token is wrong', async () => {
    const { page } = s;
    await page.getByTestId('lab-token').fill('wrong-token-wrong-token');
    await page.getByTestId('lab-connect').click();
    await expect.poll(() => page.locator('.lab-side .rt-error').first().textContent()).toContain('valid bearer token');
  });

  it('connects on Enter in the token field, as a form does, and the page stays', async () => {
    const { page } = s;
    const url = page.url();
    const helper = new URL(await page.getByTestId('lab-url').inputValue()).host;
    await page.getByTestId('lab-token').fill('another-wrong-token');
    // The helper is asked again, with this token.
    const asked = page.waitForRequest((r) => new URL(r.url()).host === helper && r.headers()['authorization'] === 'Bearer another-wrong-token', { timeout: 10_000 });
    await page.getByTestId('lab-token').press('Enter');
    await asked;
    await expect.poll(() => page.locator('.lab-side .rt-error').first().textContent()).toContain('valid bearer token');
    expect(page.url()).toBe(url);
  });

  it('says it is connecting while the probe is under way, not "connect first"', async () => {
    const { page } = s;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/probe', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('lab-connect').click();
    await expect.poll(() => page.getByTestId('lab-connect').textContent()).toBe('Connecting…');
    expect(await page.getByTestId('lab-connect').isDisabled()).toBe(true);
    expect(await page.getByTestId('lab-run-ADD').getAttribute('title')).toMatch(/^Connecting to the helper at http/);
    release();
    // Done: the button says what it does now (connect again, once connected).
    await expect.poll(() => page.getByTestId('lab-connect').textContent()).not.toBe('Connecting…');
    expect(await page.getByTestId('lab-connect').textContent()).toBe((await page.getByTestId('lab-probe').count()) > 0 ? 'Reconnect' : 'Connect');
    await page.unroute('**/api/probe');
  });
});
