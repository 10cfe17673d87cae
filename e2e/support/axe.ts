// Accessibility check in the real browser: axe-core's own script runs inside the page (nothing is
// fetched: its source comes from node_modules) and reports what a screen-reader or keyboard user would
// trip over on the screen as it is now.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Serious and critical violations on the page as shown now (minor and moderate ones are returned by `all`). */
export async function axeViolations(page: Page, options: { all?: boolean } = {}): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    // The settled view, as a person reads it: a tooltip fading in under the pointer is half transparent
    // for a moment (its contrast judged then fails). Endless animations are not waited for.
    const settling = document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? Infinity)));
    await Promise.race([Promise.all(settling.map((a) => a.finished.catch(() => undefined))), new Promise((done) => setTimeout(done, 2000))]);
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  });
  return options.all ? found : found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
