// bench/chain-edit: what an edit of the chain costs as the list grows, with the bottom panel's views open.
// The built app runs in Debian's Chromium with a 10-, a 200- and a 1,000-plugin document; the third plugin is
// selected and a view is open (the plugin's editor, the runtime preview, or the review); the bench then
// inserts a plugin after it from the palette (a click) and takes it back (a click on the empty pane, then
// Ctrl+Z), as a person would. Per edit, from the browser's Event Timing entries: the input's duration (event
// to the next frame painted, what a person waits to see the edit) and its handler's time; and the long tasks
// in the quiet after it (the work that follows the paint, which a quick next input would wait for). Rounds
// alternate sizes (and builds, with BEFORE=<dir>, a copy of an earlier dist/); the ratios against the
// smallest size are what to read.
import { openUrl } from '../../e2e/support/browser';
import type { Page } from 'playwright-core';
import { serve } from '../first-screen/serve';
import { longChain } from '../support/long-chain';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.SIZES ?? '10,200,1000').split(',').map(Number);
/** Which view is open in the bottom panel while editing: the selected plugin's editor, the runtime preview, the review. */
const VIEWS = (process.env.VIEWS ?? 'plugin,preview,review').split(',');

// In the page (plain script strings: the TypeScript loader's helpers do not exist there).
const INSTRUMENT = `(() => {
  window.bench_ = { events: [], long: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'click' || e.name === 'keydown') window.bench_.events.push({ name: e.name, duration: e.duration, handler: e.processingEnd - e.processingStart }); }).observe({ type: 'event', durationThreshold: 16 });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.bench_.long.push(e.duration); }).observe({ type: 'longtask' });
})()`;
const RESET = '(() => { window.bench_.events = []; window.bench_.long = []; })()';
const READ = '(() => window.bench_)()';

interface Edit {
  /** The input to the next frame painted (Event Timing rounds it to 8 ms; under 16 ms it is not reported: 16). */
  input: number;
  handler: number;
  /** Long tasks after the input, summed, until the page has been quiet for 700 ms. */
  after: number;
}

/** Waits until no long task has started for 700 ms. */
async function quiet(page: Page) {
  for (let seen = -1; ; ) {
    await page.waitForTimeout(700);
    const n = (await page.evaluate('window.bench_.long.length')) as number;
    if (n === seen) return;
    seen = n;
  }
}

async function timed(page: Page, name: 'click' | 'keydown', act: () => Promise<void>): Promise<Edit> {
  await page.evaluate(RESET);
  await act();
  await quiet(page);
  const r = (await page.evaluate(READ)) as { events: { name: string; duration: number; handler: number }[]; long: number[] };
  const mine = r.events.filter((e) => e.name === name);
  return { input: Math.max(16, ...mine.map((e) => e.duration)), handler: Math.max(0, ...mine.map((e) => e.handler)), after: r.long.reduce((a, b) => a + b, 0) };
}

const plugins = async (page: Page) => (await page.evaluate(`JSON.parse(localStorage.getItem('cni-studio.document.v1')).doc.plugins.length`)) as number;

async function measure(size: number, dir: string, view: string) {
  const served = await serve(dir);
  const s = await openUrl(served.url, () => served.close(), { width: 1280, height: 720 });
  const { page } = s;
  await page.evaluate(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: longChain(size) }))})`);
  await page.reload();
  await page.getByTestId('node-2').click();
  await page.locator('.monaco-editor').first().waitFor();
  if (view !== 'plugin') await page.getByTestId(`tab-${view}`).click();
  await page.evaluate(INSTRUMENT);
  await page.waitForTimeout(1000);
  await quiet(page);
  const insert = await timed(page, 'click', () => page.locator('.palette button.plugin', { hasText: 'bandwidth' }).first().click());
  if ((await plugins(page)) !== size + 1) throw new Error(`the insert did not reach the document at ${size} plugins`);
  // Undo from the canvas (the editors keep their own undo).
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await quiet(page);
  const undo = await timed(page, 'keydown', () => page.keyboard.press('Control+z'));
  if ((await plugins(page)) !== size) throw new Error(`the undo did not reach the document at ${size} plugins`);
  await s.close();
  return { insert, undo };
}

const builds = [{ name: 'dist/', dir: 'dist' }, ...(process.env.BEFORE ? [{ name: `BEFORE (${process.env.BEFORE})`, dir: process.env.BEFORE }] : [])];
const results = new Map<string, { insert: Edit[]; undo: Edit[] }>();
for (let r = 0; r < ROUNDS; r++)
  for (const view of VIEWS)
    for (const size of SIZES)
      for (const b of r % 2 ? [...builds].reverse() : builds) {
        const got = await measure(size, b.dir, view);
        const key = `${b.name} ${view} ${size}`;
        const had = results.get(key) ?? { insert: [], undo: [] };
        results.set(key, { insert: [...had.insert, got.insert], undo: [...had.undo, got.undo] });
      }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const words = (edits: Edit[]) => `input ${ms(median(edits.map((e) => e.input)))} (handler ${ms(median(edits.map((e) => e.handler)))}), long tasks after ${ms(median(edits.map((e) => e.after)))}`;
console.log(`bench/chain-edit: ${ROUNDS} alternating rounds, headless Chromium at 1280×720; medians per edit`);
console.log('  input = the event to the next frame painted (Event Timing); handler = its handlers; long tasks after = the work that follows the paint');
for (const b of builds)
  for (const view of VIEWS) {
    console.log(` ${b.name}, with the ${view === 'plugin' ? "plugin's editor" : view === 'preview' ? 'runtime preview' : view} open`);
    const row = (size: number) => results.get(`${b.name} ${view} ${size}`)!;
    for (const size of SIZES) console.log(`  ${String(size).padStart(4)} plugins: insert: ${words(row(size).insert)}; undo: ${words(row(size).undo)}`);
    const ratio = (size: number, edit: 'insert' | 'undo') => (median(row(size)[edit].map((e) => e.input)) / median(row(SIZES[0]!)[edit].map((e) => e.input))).toFixed(2);
    for (const size of SIZES.slice(1)) console.log(`  ratio ${size}/${SIZES[0]} (input): insert ${ratio(size, 'insert')}x, undo ${ratio(size, 'undo')}x`);
  }
