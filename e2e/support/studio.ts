// A page object for the workbench: what a person sees and does, by test id and role.
import type { Locator, Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** Where a file's first failure leaves its screenshot and the page's errors. */
const FAILURES = resolve('test-results/failures');
import { openApp, type BeforeNavigation, type Session, type Viewport } from './browser';

export class Studio {
  constructor(readonly page: Page) {}

  node(index: number): Locator {
    return this.page.getByTestId(`node-${index}`);
  }

  async chainTypes(): Promise<string[]> {
    return this.page.locator('.plugin-node').evaluateAll((els) =>
      els
        .map((e) => ({ i: Number(e.getAttribute('data-testid')!.slice(5)), t: e.getAttribute('data-type')! }))
        .sort((a, b) => a.i - b.i)
        .map((x) => x.t),
    );
  }

  async expectChain(types: string[]): Promise<void> {
    // A first import in a page loads the validator and the full catalog: under the CI's load (the lab's
    // tests run beside the browser's) that took more than 5 s once. A wait for a state, not a time limit.
    await expect.poll(() => this.chainTypes(), { timeout: 15_000 }).toEqual(types);
  }

  async box(locator: Locator) {
    const b = await locator.boundingBox();
    if (!b) throw new Error('element is not visible');
    return b;
  }

  /** Drags a palette entry and drops it at a page position (HTML5 drag and drop, as a mouse does). */
  async dropFromPalette(type: string, at: { x: number; y: number }): Promise<void> {
    const canvas = this.page.getByTestId('canvas');
    const c = await this.box(canvas);
    await this.page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x: at.x - c.x, y: at.y - c.y } });
  }

  /** Detaches the IPAM of plugin `index` (selected, then Delete), and waits until it is gone. */
  async detachIpam(index: number): Promise<void> {
    await this.page.getByTestId(`ipam-${index}`).click();
    await this.page.keyboard.press('Delete');
    await expect.poll(() => this.page.getByTestId(`ipam-${index}`).count()).toBe(0);
  }

  /** Drops an IPAM type from the palette onto plugin `index`'s node, and waits until it is attached. */
  async dropIpamOnto(index: number, type: string): Promise<void> {
    const at = await this.box(this.node(index));
    await this.dropFromPalette(type, { x: at.x + at.width / 2, y: at.y + at.height / 2 });
    await expect.poll(() => this.page.getByTestId(`ipam-${index}`).getAttribute('data-type')).toBe(type);
  }

  async canvasCentre() {
    const c = await this.box(this.page.getByTestId('canvas'));
    return { x: c.x + c.width / 2, y: c.y + c.height / 2 };
  }

  /** Drags a canvas node by its header with the mouse. */
  async dragNode(locator: Locator, to: { x: number; y: number }): Promise<void> {
    const b = await this.box(locator);
    await this.page.mouse.move(b.x + 30, b.y + 10);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + 40, b.y + 12, { steps: 3 });
    await this.page.mouse.move(to.x, to.y, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Imports pasted text through the Import dialog, replacing the current network (confirming if asked). */
  async importText(text: string): Promise<void> {
    // Replacing a network that has plugins asks first.
    const replacing = (await this.page.locator('.plugin-node').count()) > 0;
    await this.page.getByRole('button', { name: 'Import' }).click();
    await this.page.getByTestId('import-text').fill(text);
    await this.page.getByRole('button', { name: 'Import', exact: true }).last().click();
    if (replacing) await this.page.getByTestId('confirm-ok').click();
  }

  async counts(): Promise<string> {
    return (await this.page.getByTestId('problem-counts').textContent()) ?? '';
  }
}

/** Opens the app once for a test file (fresh browser profile, so fresh storage) and closes it after; `before` sets up the browser context first (routes, init scripts). */
export function useStudio(viewport?: Viewport, before?: BeforeNavigation): { readonly session: Session; readonly studio: Studio } {
  const ctx: { session?: Session; studio?: Studio } = {};
  beforeAll(async () => {
    ctx.session = await openApp(viewport, before);
    ctx.studio = new Studio(ctx.session.page);
  });
  // The first failure of a file: what the page showed then, and the page's errors, so a failure met only in
  // CI can be read afterwards (test-results/failures/).
  let failed = false;
  afterEach(async ({ task }) => {
    if (failed || task.result?.state !== 'fail' || !ctx.session) return;
    failed = true;
    const name = `${task.file?.name.replace(/\W+/g, '-') ?? 'e2e'}-${task.name.slice(0, 60).replace(/\W+/g, '-')}`;
    mkdirSync(FAILURES, { recursive: true });
    await ctx.session.page.screenshot({ path: join(FAILURES, `${name}.png`) }).catch(() => undefined);
    writeFileSync(join(FAILURES, `${name}.txt`), `${ctx.session.page.url()}\n${ctx.session.errors.join('\n')}\n`);
  });
  afterAll(async () => {
    await ctx.session?.close();
  });
  return {
    get session() {
      return ctx.session!;
    },
    get studio() {
      return ctx.studio!;
    },
  };
}

/** The Monaco editor panel, read and driven through what is on screen. */
export class Editor {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('[data-testid="monaco"] .monaco-editor');
  }

  async ready(): Promise<void> {
    await this.root.waitFor({ timeout: 20_000 });
    await this.page.locator('[data-testid="monaco"] .view-line').first().waitFor();
  }

  /** The visible text (small documents fit the panel). */
  async text(): Promise<string> {
    return (await this.page.locator('[data-testid="monaco"] .view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  async focus(): Promise<void> {
    await this.page.locator('[data-testid="monaco"] .view-lines').click();
  }

  /** Pastes text at the cursor through the system clipboard (typing would trigger auto-closing). */
  async paste(text: string): Promise<void> {
    await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    await this.page.keyboard.press('Control+v');
  }

  /** Puts the cursor at the end of line `line` (1-based). */
  async endOfLine(line: number): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('Control+Home');
    for (let i = 1; i < line; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('End');
  }
}

/** Ctrl+K, the type's name, Enter: how a keyboard user adds a plugin. */
export async function quickAdd(page: Page, type: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByLabel('Plugin type').waitFor();
  await page.keyboard.type(type);
  await page.keyboard.press('Enter');
}
