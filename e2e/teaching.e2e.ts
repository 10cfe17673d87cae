// Teaching (issue 13): stepping through ADD and DEL keeps the canvas large, marks the plugin running now
// (ringed and labelled, the others done or dimmed) and follows it; the stdin shows what the runtime injected;
// a first-time note explains capabilities; DEL explanations are each plugin's own; a chained plugin may be
// put first, with the finding that says why it fails. At 1280×720 and 1920×1080.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { axeViolations } from './support/axe';
import { useStudio } from './support/studio';

const CHAIN = {
  cniVersion: '1.0.0',
  name: 'teach',
  plugins: [
    { type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]] } },
    { type: 'portmap', capabilities: { portMappings: true } },
    { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024' } },
  ],
};

async function importText(page: Page, doc: object) {
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-text').fill(JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Import', exact: true }).last().click();
  // Replacing a network with plugins asks first.
  const confirm = page.getByTestId('confirm-ok');
  if (await confirm.isVisible()) await confirm.click();
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

/** Whether `inner` lies within `outer` (both page boxes), with a pixel of slack for borders. */
function inside(inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }) {
  return inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

const nodeClass = (page: Page, index: number) => page.locator('.react-flow__node', { has: page.getByTestId(`node-${index}`) }).getAttribute('class');

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`teaching at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);
    const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`) });

    it('explains capabilities once, stays dismissed after a reload, and reopens from "?"', async () => {
      const { page } = app.session;
      await importText(page, CHAIN);
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      await page.getByTestId('tab-preview').click();
      await page.getByTestId('runtime-preset').selectOption('containerd-pod-port');
      // bridge declares no capability: no note yet.
      await page.getByTestId('invocation-0').click();
      expect(await page.getByTestId('capability-explainer').count()).toBe(0);
      await page.getByTestId('invocation-1').click();
      const note = page.getByTestId('capability-explainer');
      await note.waitFor();
      expect(await note.innerText()).toContain('puts the values it has for exactly those declared capabilities');
      await shot('teaching-explainer');
      await page.getByTestId('explainer-dismiss').click();
      expect(await note.count()).toBe(0);
      await page.reload();
      await page.getByTestId('tab-preview').click();
      await page.getByTestId('invocation-1').click();
      await page.getByTestId('explainer-reopen').waitFor();
      expect(await page.getByTestId('capability-explainer').count()).toBe(0);
      await page.getByTestId('explainer-reopen').click();
      await note.waitFor();
      await page.getByTestId('explainer-dismiss').click();
      expect(await note.count()).toBe(0);
    });

    it('steps through ADD: the running plugin is ringed and labelled, the rest done or dimmed, the canvas keeps its size', async () => {
      const { page } = app.session;
      const canvas = page.getByTestId('canvas');
      const before = await box(canvas);
      await page.getByTestId('teach-start').click();
      await expect.poll(() => page.getByTestId('teach-now').textContent()).toContain('Now running: bridge (1), step 1 of 3 · ADD');
      expect(await app.studio.node(0).getAttribute('aria-current')).toBe('step');
      expect(await nodeClass(page, 0)).toContain('teach-current');
      expect(await nodeClass(page, 1)).toContain('teach-pending');
      expect(await app.studio.node(0).getByTestId('node-mark').textContent()).toBe('now running: step 1 of 3 · ADD');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => app.studio.node(1).getAttribute('aria-current')).toBe('step');
      expect(await nodeClass(page, 0)).toContain('teach-done');
      expect(await nodeClass(page, 1)).toContain('teach-current');
      expect(await nodeClass(page, 2)).toContain('teach-pending');
      expect(await app.studio.node(0).getAttribute('aria-current')).toBeNull();
      expect(await app.studio.node(1).getByTestId('node-mark').textContent()).toBe('now running: step 2 of 3 · ADD');
      // Stepping does not take room from the canvas.
      const during = await box(canvas);
      expect(during.height).toBeGreaterThanOrEqual(before.height - 1);
      // The label and the ring are on screen, inside the canvas.
      expect(inside(await box(app.studio.node(1).getByTestId('node-mark')), during)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    });

    it("scrolls portmap's stdin to the runtimeConfig the runtime injected and highlights it", async () => {
      const { page } = app.session;
      const view = page.getByTestId('stdin-view');
      const scroller = view.locator('.monaco-scrollable-element').first();
      const key = view.locator('.injected-key', { hasText: 'runtimeConfig' });
      await expect.poll(() => key.count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(async () => inside(await box(key), await box(scroller))).toBe(true);
      await shot('teaching-add-portmap');
      // …and the panel shows that part of the stdin (a person sees it without scrolling).
      expect(inside(await box(key), await box(page.locator('.preview-main')))).toBe(true);
      // The whole injected block is highlighted, and labelled with where it comes from.
      expect(await view.locator('.injected-region').count()).toBeGreaterThan(3);
      expect(await page.getByTestId('injections').innerText()).toContain('/runtimeConfig/portMappings ← capability portMappings');
      expect((await view.innerText()).replace(/\u00a0/g, ' ')).toContain('"runtimeConfig": {  ← capability portMappings');
      // Asking for prevResult from the list scrolls to it.
      await page.getByTestId('injections').getByRole('button', { name: /\/prevResult/ }).click();
      const prev = view.locator('.injected-key', { hasText: 'prevResult' });
      await expect.poll(async () => (await prev.count()) === 1 && inside(await box(prev), await box(scroller))).toBe(true);
      // Dark theme: the marks stay plain to see.
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
      await shot('teaching-add-portmap-dark');
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
      // The pointer leaves the theme button, as a person's does: its tooltip fading in is not what the next axe check is about.
      await page.mouse.move(1, 1);
    });

    it("steps into DEL in reverse, and portmap's DEL says what portmap undoes", async () => {
      const { page } = app.session;
      await page.keyboard.press('ArrowRight'); // tuning ADD
      await page.keyboard.press('ArrowRight'); // tuning DEL
      await expect.poll(() => page.getByTestId('teach-now').textContent()).toContain('tuning (3), step 1 of 3 · DEL');
      expect(await nodeClass(page, 2)).toContain('teach-current');
      expect(await nodeClass(page, 0)).toContain('teach-pending');
      expect(await page.getByTestId('teach-explain').textContent()).toContain('Puts back the MTU');
      await page.keyboard.press('ArrowRight'); // portmap DEL
      await expect.poll(() => page.getByTestId('teach-now').textContent()).toContain('portmap (2), step 2 of 3 · DEL');
      expect(await nodeClass(page, 2)).toContain('teach-done');
      const words = (await page.getByTestId('teach-explain').textContent())!;
      expect(words).toContain('removes the forwarding and masquerade rules it added for this container');
      expect(words).not.toContain('releasing addresses');
      await page.keyboard.press('ArrowRight'); // bridge DEL
      await expect.poll(() => page.getByTestId('teach-explain').textContent()).toContain('The bridge cni0 stays on the host');
      await shot('teaching-del');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      expect(await page.locator('.react-flow__node.teach-current, .react-flow__node.teach-pending').count()).toBe(0);
    });

    it('follows the running plugin along a long chain', async () => {
      const { page } = app.session;
      const long = { cniVersion: '1.0.0', name: 'long', plugins: [CHAIN.plugins[0], ...Array.from({ length: 23 }, (_, i) => ({ type: 'tuning', sysctl: { [`net.ipv4.conf.IFNAME.arp_ignore`]: String(i % 3) } }))] };
      await importText(page, long);
      await expect.poll(() => page.locator('.plugin-node').count()).toBe(24);
      await page.getByTestId('teach-start').click();
      const canvas = await box(page.getByTestId('canvas'));
      for (const step of [1, 12, 23]) {
        while (!((await page.getByTestId('teach-now').textContent()) ?? '').includes(`step ${step + 1} of 24 · ADD`)) await page.keyboard.press('ArrowRight');
        const node = app.studio.node(step);
        await expect.poll(() => node.getAttribute('aria-current')).toBe('step');
        await expect.poll(async () => inside(await box(node), canvas), { timeout: 5000 }).toBe(true);
      }
      await shot('teaching-long-chain');
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
    });

    it('lets a chained plugin be dropped first, keeps it there and says why it fails', async () => {
      const { page } = app.session;
      await importText(page, CHAIN);
      await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
      const first = await app.studio.box(app.studio.node(0));
      // Just left of the bridge (the fitted chain leaves a narrow margin there).
      await app.studio.dropFromPalette('portmap', { x: first.x - 10, y: first.y + 20 });
      await app.studio.expectChain(['portmap', 'bridge', 'portmap', 'tuning']);
      const finding = page.locator('[data-code="CNI300"]').first();
      await expect.poll(() => finding.textContent()).toContain('portmap needs a previous result: it cannot be first');
      expect(await finding.textContent()).toContain('must be called as chained plugin');
      await shot('teaching-chained-first');
    });

    it('starting and stopping the walk from the keyboard keeps the focus on its controls', async () => {
      const { page } = app.session;
      const focused = () => page.evaluate(() => (document.activeElement === document.body ? 'body' : (document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? '')));
      await page.getByTestId('tab-preview').click();
      const stop = page.getByRole('button', { name: 'Stop', exact: true });
      if (await stop.count()) await stop.click();
      // Step through gives way to the step's controls: the focus goes to Next step.
      await page.getByTestId('teach-start').focus();
      await page.keyboard.press('Enter');
      await expect.poll(focused).toBe('teach-next');
      // Stop gives way to Step through.
      await stop.focus();
      await page.keyboard.press('Enter');
      await expect.poll(focused).toBe('teach-start');
    });
  });
}
