// A long chain's Problems list stays one list of every finding for assistive technology while it is laid out
// and painted in blocks near its view, and a move or a fix on the canvas lands where the findings say.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { importBeforeAll, importLongChain } from './support/long-chain';
import { useStudio } from './support/studio';

const app = useStudio();

/** Scrolls the Problems list's panel to its top (its rows may be drawn again meanwhile; the list stays). */
const scrollToTop = (list: Locator) =>
  list.evaluate((l) => {
    let box = l.parentElement;
    while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
    box?.scrollTo(0, 0);
  });

describe('a chain of 150 plugins: the Problems list', () => {
  importBeforeAll(app);

  it('lists every finding as one list, laid out and painted in blocks of 40 near the view', async () => {
    const { page } = app.session;
    const list = page.getByRole('region', { name: 'Problems' }).getByRole('list');
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(80);
    const findings = await list.getByRole('listitem').count();
    expect(await page.getByTestId('finding').count()).toBe(findings);
    const blocks = await list.locator('.finding-block').evaluateAll((bs) => bs.map((b) => ({ rows: b.children.length, skipped: getComputedStyle(b).contentVisibility })));
    expect(blocks.map((b) => b.rows)).toEqual(Array.from({ length: Math.ceil(findings / 40) }, (_, i) => Math.min(40, findings - 40 * i)));
    expect(new Set(blocks.map((b) => b.skipped))).toEqual(new Set(['auto']));
    // Blocks out of view are still in the page: the last finding can be found and scrolled to.
    const last = page.getByTestId('finding').last();
    await last.scrollIntoViewIfNeeded();
    await expect.poll(() => last.isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(app.session.errors).toEqual([]);
  });

  it('draws a reorder in the findings in view first; blocks out of view follow when the browser is idle', async () => {
    const { page } = app.session;
    // As imported, with the list at its top.
    const head = await importLongChain(app.studio, page);
    const list = page.getByRole('region', { name: 'Problems' }).getByRole('list');
    // Every repeat of portmap names the first one: plugin 3, until tuning before it moves one slot right.
    // (Repeats of tuning are said only where two tunings' settings meet, which this chain's do not.)
    const repeats = list.locator('[data-code="CNI304"]').filter({ hasText: 'portmap appears twice' });
    await expect.poll(() => repeats.last().textContent()).toContain('also plugin 3)');
    await scrollToTop(list);
    // When the first repeat's block changes, whether the last repeat's block (far below the view: the browser
    // skips it) still says what it said: it is drawn later, when the browser is idle.
    const blockOf = (row: Locator) => row.evaluate((r) => [...document.querySelectorAll('.problems .finding-block')].indexOf(r.closest('.finding-block')!));
    await page.getByTestId('node-1').click();
    // The list has settled once the first repeat is in the first block and the last two blocks (80 rows) or more below: on a busy machine
    // the import's rows, or the panels' first layout around the editor the click opens, may still be arriving.
    const placed = async () => [await blockOf(repeats.first()), await blockOf(repeats.last())] as const;
    await expect.poll(async () => { const [a, b] = await placed(); return a === 0 && b >= 2; }).toBe(true);
    const [first, last] = await placed();
    await page.evaluate(
      ({ a, b }) => {
        const blocks = [...document.querySelectorAll('.problems .finding-block')];
        const seen: { lastWhenFirst?: string } = {};
        (window as unknown as { seen: typeof seen }).seen = seen;
        new MutationObserver(() => (seen.lastWhenFirst ??= blocks[b]!.textContent ?? '')).observe(blocks[a]!, { subtree: true, characterData: true, childList: true });
      },
      { a: first, b: last },
    );
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(head).toEqual(['bridge', 'portmap', 'tuning']);
    await expect.poll(() => repeats.last().textContent()).toContain('also plugin 2)');
    expect(await repeats.first().textContent()).toContain('also plugin 2)');
    const seen = (await page.evaluate(() => (window as unknown as { seen: { lastWhenFirst?: string } }).seen)) as { lastWhenFirst?: string };
    expect(seen.lastWhenFirst).toContain('portmap appears twice in the chain (also plugin 3)');
    expect(seen.lastWhenFirst).not.toContain('portmap appears twice in the chain (also plugin 2)');
    // Scrolled to, it shows the network as it is now; so does every row once the browser is idle.
    await repeats.last().scrollIntoViewIfNeeded();
    await expect.poll(() => repeats.last().isVisible()).toBe(true);
    await expect.poll(() => list.locator('[data-code="CNI304"]').filter({ hasText: 'portmap appears twice in the chain (also plugin 3)' }).count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => repeats.last().textContent()).toContain('also plugin 3)');
    expect(app.session.errors).toEqual([]);
  });

  it('draws a move on the canvas in the frame after the one its key press ends with', async () => {
    const { page } = app.session;
    const head = await importLongChain(app.studio, page);
    await page.getByTestId('node-1').click();
    // Frames counted from here; the key press and the nodes' first change noted with the count then.
    await page.evaluate(() => {
      const w = window as unknown as { frame: number; at: { key?: number; nodes?: number } };
      w.frame = 0;
      w.at = {};
      const tick = () => {
        w.frame++;
        if (w.at.nodes === undefined) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      addEventListener('keydown', (e) => e.key === 'ArrowRight' && (w.at.key ??= w.frame), { capture: true });
      new MutationObserver(() => (w.at.nodes ??= w.frame)).observe(document.querySelector('.react-flow__nodes')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(head).toEqual(['bridge', 'portmap', 'tuning']);
    const at = (await page.evaluate(() => (window as unknown as { at: { key?: number; nodes?: number } }).at)) as { key: number; nodes: number };
    expect(at.nodes).toBeGreaterThan(at.key);
    expect(app.session.errors).toEqual([]);
  });

  it('fixes nothing from a row drawn before the plugins moved: its finding no longer stands there', async () => {
    const { page } = app.session;
    await importLongChain(app.studio, page);
    const list = page.getByRole('region', { name: 'Problems' }).getByRole('list');
    // The last bandwidth's "declare the capability" row, far below the view.
    const lastBandwidth = list.locator('[data-code="CNI609"]').last();
    await expect.poll(() => lastBandwidth.textContent()).toContain('149. bandwidth');
    await scrollToTop(list);
    // Idle callbacks held, so the far block keeps the rows drawn before the deletion below.
    await page.evaluate(() => {
      const w = window as unknown as { held: IdleRequestCallback[]; idle: typeof requestIdleCallback; requestIdleCallback: typeof requestIdleCallback };
      w.held = [];
      w.idle = w.requestIdleCallback;
      w.requestIdleCallback = (run) => w.held.push(run);
    });
    await page.getByTestId('node-1').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('node-1').getAttribute('data-type')).toBe('portmap');
    // The stale row still names plugin 149 (now firewall, at /plugins/148): pressing its fix changes nothing.
    const pressed = await lastBandwidth.evaluate((row) => {
      const text = row.textContent ?? '';
      row.querySelector<HTMLButtonElement>('[data-testid="apply-fix"]')!.click();
      return text;
    });
    expect(pressed).toContain('149. bandwidth');
    const saved = () => page.evaluate(() => (JSON.parse(localStorage.getItem('cni-studio.document.v1')!) as { doc: { plugins: object[] } }).doc.plugins);
    await page.waitForTimeout(300);
    const plugins = await saved();
    expect(plugins).toHaveLength(149);
    expect(plugins[147]).toEqual({ type: 'bandwidth' });
    expect(plugins[148]).toEqual({ type: 'firewall' });
    // Once the browser is idle the row says where that bandwidth is now, and its fix fixes it.
    await page.evaluate(() => {
      const w = window as unknown as { held: IdleRequestCallback[]; idle: typeof requestIdleCallback; requestIdleCallback: typeof requestIdleCallback };
      w.requestIdleCallback = w.idle;
      for (const run of w.held) run({ didTimeout: true, timeRemaining: () => 0 });
    });
    await expect.poll(() => lastBandwidth.textContent()).toContain('148. bandwidth');
    await lastBandwidth.scrollIntoViewIfNeeded();
    await lastBandwidth.getByTestId('apply-fix').click();
    await expect.poll(async () => (await saved())[147]).toEqual({ type: 'bandwidth', capabilities: { bandwidth: true } });
    expect(app.session.errors).toEqual([]);
  });
});
