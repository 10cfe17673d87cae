// The Live lab's replay (issue 14) against a real helper serving the built app and the real plugins, at
// 1280×720 and 1920×1080: a Full cycle of bridge + portmap, then "Replay step by step" walks the calls in the
// order they ran with the buttons and the preview's keys; the canvas rings the replayed plugin (portmap on
// step 2), the stdin shows what the runtime injected, the DELs come last plugin first, Escape and Close clear
// the ring, and an edited network says the replay is of an earlier version. The traffic step is covered by
// src/core/lab/replay.test.ts on a recorded real run with checks (this Lab panel has no checks toggle yet).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, VIEWPORTS, type Session, type Viewport } from './support/browser';
import { axeViolations } from './support/axe';
import { screenProblems } from './support/screen';
import { Studio } from './support/studio';
import { connectLab, importWithPortMapping, LAB_READY as ready, useLabHelper } from './support/lab';
const CI = process.env.CI === 'true' || process.env.CI === '1';
const TOKEN = 'e2e-replay-token-0123456789abc';

describe('lab replay', () => {
  it(`has root and the plugins${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(ready).toBe(true);
  });
});

const nodeClass = (page: Page, index: number) => page.locator('.react-flow__node', { has: page.getByTestId(`node-${index}`) }).getAttribute('class');

function scenario(name: 'laptop' | 'desktop', viewport: Viewport, n: number) {
  describe.runIf(ready)(`lab replay at ${viewport.width}×${viewport.height}`, () => {
    const helper = useLabHelper(`cni-studio-lab-replay-${name}`, viewport, TOKEN);
    const tmp = helper.tmp;
    const network = {
      cniVersion: '1.0.0',
      name: `cnistudio-wr${n}`,
      plugins: [
        { type: 'bridge', bridge: `cnistudio-wr${n}`, isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: `10.244.25${n}.0/24` }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: join(tmp, 'ipam') } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    };
    const s = { get page() { return helper.session().page; }, get errors() { return helper.session().errors; } } as Pick<Session, 'page' | 'errors'>;
    const shot = (what: string) => s.page.screenshot({ path: join(SCREENSHOTS, `lab-replay-${what}-${name}.png`) });
    const now = () => s.page.getByTestId('replay-now').textContent();

    it('runs a Full cycle of bridge + portmap for real, then offers the replay', async () => {
      const { page } = s;
      // A port mapping on this test's own host port, as the runtime would pass it.
      await importWithPortMapping(page, network, 18110 + n);
      await connectLab(page, TOKEN);
      expect(await page.getByTestId('lab-replay-start').count()).toBe(0); // nothing ran yet
      await page.getByTestId('lab-run-ADD-CHECK-DEL').click();
      await expect.poll(() => page.getByTestId('lab-teardown').count(), { timeout: 60_000 }).toBe(1);
      await page.getByTestId('lab-replay-start').waitFor();
    });

    it('replays ADD: bridge then portmap ringed on the canvas, with the stdin it received and what it printed', async () => {
      const { page } = s;
      const studio = new Studio(page);
      await page.getByTestId('lab-replay-start').click();
      await expect.poll(now).toBe('ADD 1. bridge');
      expect(await page.getByTestId('replay-position').textContent()).toMatch(/^Step 1 of \d+$/);
      expect(await studio.node(0).getAttribute('aria-current')).toBe('step');
      expect(await nodeClass(page, 0)).toContain('teach-current');
      expect(await nodeClass(page, 1)).toContain('teach-pending');
      expect(await studio.node(0).getByTestId('node-mark').textContent()).toBe('now running: step 1 of 2 · ADD');
      expect(await page.getByTestId('replay-words').textContent()).toContain(`cnistudio-wr${n}`);
      // Step 2 with the button: the ring moves to portmap.
      await page.getByTestId('replay-next').click();
      await expect.poll(now).toBe('ADD 2. portmap');
      await expect.poll(() => studio.node(1).getAttribute('aria-current')).toBe('step');
      expect(await nodeClass(page, 0)).toContain('teach-done');
      expect(await nodeClass(page, 1)).toContain('teach-current');
      expect(await studio.node(0).getAttribute('aria-current')).toBeNull();
      expect(await studio.node(1).getByTestId('node-mark').textContent()).toBe('now running: step 2 of 2 · ADD');
      // The ring, not the run's own outline (portmap's CHECK may have failed: red), is what shows.
      const ring = () => page.locator('.react-flow__node.teach-current .node').evaluate((el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineWidth}`);
      expect(await ring()).toBe('solid 4px');
      expect(await page.getByTestId('replay-words').textContent()).toContain('Adds NAT rules on the host that forward the host ports');
      expect(await page.getByTestId('replay-facts').textContent()).toMatch(/^succeeded · exit 0 · \d+ ms · run · ADD · container c1 /);
      // What it received: the real stdin, the runtimeConfig the runtime injected highlighted and labelled.
      const view = page.getByTestId('stdin-view');
      const key = view.locator('.injected-key', { hasText: 'runtimeConfig' });
      await expect.poll(() => key.count(), { timeout: 20_000 }).toBe(1);
      expect((await view.innerText()).replace(/\u00a0/g, ' ')).toContain('"runtimeConfig": {  ← capability portMappings');
      // What it printed: its result, with the address bridge's IPAM handed out.
      expect(await page.getByTestId('replay-printed').textContent()).toMatch(new RegExp(`10\\.244\\.25${n}\\.\\d+/24`));
      await shot('add-portmap');
      expect(await axeViolations(page)).toEqual([]);
      expect(await screenProblems(page)).toEqual([]);
    });

    it('steps with the keys to the DELs, last plugin first, and back', async () => {
      const { page } = s;
      const studio = new Studio(page);
      // Walk to the end with →, reading each step's title, then check the order the calls really ran in.
      const position = page.getByTestId('replay-position');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(now).toBe('ADD 1. bridge');
      const total = Number(/of (\d+)$/.exec((await position.textContent())!)![1]);
      const titles = [(await now())!];
      for (let k = 2; k <= total; k++) {
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => position.textContent()).toBe(`Step ${k} of ${total}`);
        titles.push((await now())!);
      }
      // → at the end stays there.
      await page.keyboard.press('ArrowRight');
      expect(await position.textContent()).toBe(`Step ${total} of ${total}`);
      expect(titles.slice(0, 4)).toEqual(['ADD 1. bridge', 'ADD 2. portmap', 'CHECK 1. bridge', 'CHECK 2. portmap']);
      // DEL comes last, portmap then bridge (by the run itself, or by the helper's teardown after a failed CHECK).
      const dels = titles.filter((t) => t.includes('DEL'));
      expect(dels).toHaveLength(2);
      expect(dels[0]).toMatch(/DEL 2\. portmap$/);
      expect(dels[1]).toMatch(/DEL 1\. bridge$/);
      expect(titles.slice(-2)).toEqual(dels);
      // On the last DEL (bridge), portmap's DEL is done and bridge is ringed with DEL's label.
      expect(await nodeClass(page, 0)).toContain('teach-current');
      expect(await nodeClass(page, 1)).toContain('teach-done');
      expect(await studio.node(0).getByTestId('node-mark').textContent()).toMatch(/^now running: step 2 of 2 · DEL/);
      await shot('del-bridge');
      // ← goes back to portmap's DEL, with what portmap undoes in its own words.
      await page.keyboard.press('ArrowLeft');
      await expect.poll(now).toBe(dels[0]);
      expect(await nodeClass(page, 1)).toContain('teach-current');
      expect(await nodeClass(page, 0)).toContain('teach-pending');
      expect(await page.getByTestId('replay-words').textContent()).toContain('Undoes its port forwarding');
      // Home restarts.
      await page.keyboard.press('Home');
      await expect.poll(now).toBe('ADD 1. bridge');
      expect(await nodeClass(page, 0)).toContain('teach-current');
    });

    it('Escape and Close leave the replay and clear the ring', async () => {
      const { page } = s;
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('lab-replay').count()).toBe(0);
      expect(await page.locator('.react-flow__node.teach-current, .react-flow__node.teach-done, .react-flow__node.teach-pending').count()).toBe(0);
      expect(await page.locator('[aria-current="step"]').count()).toBe(0);
      // Focus is back on the button that opens it.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('lab-replay-start');
      await page.keyboard.press('Enter');
      await expect.poll(now).toBe('ADD 1. bridge');
      await page.getByTestId('replay-close').click();
      await expect.poll(() => page.getByTestId('lab-replay').count()).toBe(0);
      expect(await page.locator('.react-flow__node.teach-current').count()).toBe(0);
    });

    it('says the replay is of an earlier version once the network changed, and marks the plugins it still has', async () => {
      const { page } = s;
      const studio = new Studio(page);
      await page.getByTestId('network-name').fill(`cnistudio-wr${n}-edited`);
      await page.getByTestId('network-name').press('Tab');
      await expect.poll(() => page.getByTestId('lab-stale').count()).toBe(1);
      await page.getByTestId('lab-replay-start').click();
      expect(await page.getByTestId('replay-stale').textContent()).toContain('replays the run on an earlier version of this network');
      await page.getByTestId('replay-next').click();
      await expect.poll(() => studio.node(1).getAttribute('aria-current')).toBe('step');
      // Stale, the run's colours are dashed; the ring stays solid.
      expect(await page.locator('.react-flow__node.teach-current .node').evaluate((el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineWidth}`)).toBe('solid 4px');
      // portmap removed from the network: the replay goes on, the canvas has nothing of it to ring.
      await studio.node(1).click();
      await page.keyboard.press('Delete');
      await studio.expectChain(['bridge']);
      expect(await now()).toBe('ADD 2. portmap');
      expect(await page.locator('.react-flow__node.teach-current').count()).toBe(0);
      expect(await nodeClass(page, 0)).toContain('teach-done');
      await shot('stale');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('replay-close').click();
      expect(s.errors).toEqual([]);
    });
  });
}

scenario('laptop', VIEWPORTS.laptop, 1);
scenario('desktop', VIEWPORTS.desktop, 2);
