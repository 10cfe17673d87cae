// The editor's code (Monaco, ~3.9 MB of script) is preloaded while the page is idle, once the checker is in:
// fetched and compiled, not run. The first click on a plugin then fetches none of it again, and the editor
// opens with the plugin's JSON (bench/editor/open times it).
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Request } from 'playwright-core';
import { VIEWPORTS } from './support/browser';
import { useStudio } from './support/studio';

// A returning user's network (bridge with host-local, then portmap), nothing selected.
const saved = { cniVersion: '1.0.0', name: 'pods', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.22.0.0/16' } }, { type: 'portmap', capabilities: { portMappings: true } }] };
const seed = (context: BrowserContext) =>
  context.addInitScript(`if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: saved }))}); }`);

describe("the editor's first opening", () => {
  const requests: { url: string; done: boolean }[] = [];
  const warnings: string[] = [];
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    await seed(context);
    context.on('request', (r: Request) => void requests.push({ url: r.url(), done: false }));
    context.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    context.on('requestfinished', (r: Request) => {
      for (const x of requests) if (x.url === r.url()) x.done = true;
    });
  });

  it('finds its files preloaded when the page was idle, and fetches none of them on the first click', async () => {
    const { page } = app.session;
    await app.studio.expectChain(['bridge', 'portmap']);

    // The build names the editor's files: its own chunk, Monaco's, and their styles.
    const files = ((await page.locator('meta[name="cni-studio:editor-files"]').getAttribute('content')) ?? '').split(' ').map((f) => new URL(f, page.url()).href);
    expect(files.some((f) => /\/MonacoHost-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /\/editor\.api-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);

    // Idle, after the checker: each file is asked for once and arrives, and no editor is drawn yet.
    await page.getByTestId('problems-checking').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => files.filter((f) => requests.some((r) => r.url === f && r.done)).length, { timeout: 20_000 }).toBe(files.length);
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    const preloads = await page.locator('link[rel="modulepreload"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
    for (const f of files.filter((x) => x.endsWith('.js'))) expect(preloads).toContain(f);

    // Chromium says when a preload goes unused a few seconds after the page loaded: nothing to say here.
    await page.waitForTimeout(3500);
    expect(warnings.filter((w) => w.includes('preload'))).toEqual([]);

    // The first click: the plugin's JSON in the editor, and not one of its scripts fetched again.
    const before = requests.length;
    await app.studio.node(1).click();
    await expect.poll(() => page.locator('[data-testid="monaco"] .view-lines').textContent(), { timeout: 20_000 }).toContain('"portMappings"');
    const scriptsAgain = requests.slice(before).filter((r) => files.includes(r.url) && r.url.endsWith('.js'));
    expect(scriptsAgain).toEqual([]);
    // Its styles applied from the preload: the editor is laid out (Monaco's own stylesheet positions its lines).
    expect(await page.locator('[data-testid="monaco"] .view-lines').evaluate((e) => getComputedStyle(e).position)).toBe('absolute');
  });
});

// A network change while the editor's code is preloaded (ERR_NETWORK_CHANGED: the lab helper making a bridge
// on this machine): the preload fails, and this Chromium keeps the failed module for the page's life. The
// click finds the editor anyway, its retry asking for the module at a new address (retry.ts). The workbench
// stays, with the network.
describe('an editor preload that fails', () => {
  let failed = 0;
  const app = useStudio(VIEWPORTS.laptop, async (context) => {
    await seed(context);
    await context.route(/\/assets\/MonacoHost-[^/]*\.js(\?.*)?$/, async (route) => {
      if (failed++ === 0) return route.abort('internetdisconnected');
      return route.continue();
    });
  });

  it('leaves the editor to its retry, with no reload, and the network as it was', async () => {
    const { page } = app.session;
    await app.studio.expectChain(['bridge', 'portmap']);
    await expect.poll(() => failed, { timeout: 20_000 }).toBeGreaterThan(0);
    await app.studio.node(1).click();
    const lines = page.locator('[data-testid="monaco"] .view-lines');
    await expect.poll(() => lines.textContent(), { timeout: 20_000 }).toContain('"portMappings"');
    expect(await page.getByTestId('chunk-failed').count()).toBe(0);
    await app.studio.expectChain(['bridge', 'portmap']);
    expect(app.session.errors.filter((e) => e.startsWith('page error'))).toEqual([]);
  });
});
