// bench/editor: what a keystroke in the plugin editor costs as the list grows. The built app runs in Debian's
// Chromium with a 10-, a 200- and a 500-plugin document; a tuning plugin's editor is open and the bench
// types as a person would: a minus sign before its mtu (1450 -> -1450, which the schema refuses: a squiggle
// appears) and a Backspace (the squiggle goes), again and again. Both texts are strict JSON, so each is
// also committed to the document once typing pauses (400 ms), which redraws the canvas and the Problems
// panel. Per keystroke, from the key event's own time stamp: the next frame painted (input latency), the
// frame painted with the squiggle changed (keystroke -> markers; the editor waits 80 ms for typing to pause
// first), and the longest frame in the 700 ms after it (the commit's). Rounds alternate sizes (and builds,
// with BEFORE=<dir>, a copy of an earlier dist/); the ratios against 10 plugins are what to read.
import { openUrl } from '../../e2e/support/browser';
import type { Page } from 'playwright-core';
import { serve } from '../first-screen/serve';
import { LONG_CHAIN_BRIDGE, longChain } from '../support/long-chain';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const KEYS = Number(process.env.KEYS ?? 10);
const SIZES = (process.env.SIZES ?? '10,200,500').split(',').map(Number);
type Where = 'plugin' | 'document';
/** Which editors: the selected plugin's, the whole conflist's. */
const WHERE = (process.env.WHERE ?? 'plugin,document').split(',') as Where[];

/** A list of `n` plugins whose third is the tuning plugin typed in. */
const chain = (n: number) => longChain(n, [LONG_CHAIN_BRIDGE, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning', mtu: 1450 }]);

// In the page (plain script strings: the TypeScript loader's helpers do not exist there). A task queued from
// an animation frame runs once that frame is painted.
const INSTRUMENT = `(() => {
  const editor = document.querySelector('.monaco-editor');
  const squiggles = () => editor.querySelectorAll('.squiggly-error').length;
  window.bench_ = { key: 0, painted: 0, markers: 0, frames: [] };
  let count = squiggles();
  new MutationObserver(() => {
    const n = squiggles();
    if (n === count) return;
    count = n;
    requestAnimationFrame(() => setTimeout(() => { if (!window.bench_.markers) window.bench_.markers = performance.now(); }));
  }).observe(editor, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  addEventListener('keydown', (e) => {
    window.bench_.key = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => { if (!window.bench_.painted) window.bench_.painted = performance.now(); }));
  }, true);
  let last = performance.now();
  const tick = (t) => { window.bench_.frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const RESET = '(() => { Object.assign(window.bench_, { key: 0, painted: 0, markers: 0, frames: [] }); })()';
const READ = '(() => ({ ...window.bench_, frames: window.bench_.frames.slice(1) }))()';

interface Key {
  input: number;
  markers: number;
  longest: number;
}

async function press(page: Page, key: string): Promise<Key> {
  await page.evaluate(RESET);
  await page.keyboard.press(key);
  await page.waitForFunction('window.bench_.markers > 0', undefined, { timeout: 10_000 });
  await page.waitForTimeout(700);
  const r = (await page.evaluate(READ)) as { key: number; painted: number; markers: number; frames: number[] };
  return { input: r.painted - r.key, markers: r.markers - r.key, longest: Math.max(...r.frames) };
}

async function measure(size: number, dir: string, where: Where) {
  const served = await serve(dir);
  const s = await openUrl(served.url, () => served.close());
  const { page } = s;
  await page.evaluate(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: chain(size) }))})`);
  await page.reload();
  await page.getByTestId('node-2').click();
  // The whole conflist's editor: the same keystrokes in the list's text (validated as text, committed as a whole new document).
  if (where === 'document') {
    await page.getByTestId('tab-document').click();
    await page.locator('.monaco-editor .view-line').first().click();
    // Monaco draws only the lines in view: go to the mtu's line (its text is the list as JSON with 2 spaces).
    const at = JSON.stringify(chain(size), null, 2).split('\n').findIndex((l) => l.includes('"mtu": 1450')) + 1;
    await page.keyboard.press('Control+g');
    await page.keyboard.type(String(at));
    await page.keyboard.press('Enter');
  }
  const line = page.locator('.monaco-editor .view-line', { hasText: '"mtu": 1450' });
  await line.waitFor();
  await page.waitForTimeout(500);
  // The cursor just before 1450.
  await line.click();
  await page.keyboard.press('End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await page.evaluate(INSTRUMENT);
  const appear: Key[] = [];
  const disappear: Key[] = [];
  const saved = () => page.evaluate(`JSON.parse(localStorage.getItem('cni-studio.document.v1')).doc.plugins[2].mtu`);
  for (let i = 0; i < KEYS; i++) {
    appear.push(await press(page, '-'));
    // Committed to the document (and saved) by then: what the canvas and the Problems panel draw.
    if ((await saved()) !== -1450) throw new Error(`the typed mtu was not committed at ${size} plugins`);
    disappear.push(await press(page, 'Backspace'));
    if ((await saved()) !== 1450) throw new Error(`the typed mtu was not committed at ${size} plugins`);
  }
  const text = (await page.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
  if (!/"mtu": 1450/.test(text)) throw new Error(`the editor does not hold the plugin as typed: ${text}`);
  await s.close();
  return { appear, disappear };
}

const builds = [{ name: 'dist/', dir: 'dist' }, ...(process.env.BEFORE ? [{ name: `BEFORE (${process.env.BEFORE})`, dir: process.env.BEFORE }] : [])];
const results = new Map<string, { appear: Key[]; disappear: Key[] }>();
for (let r = 0; r < ROUNDS; r++)
  for (const where of WHERE)
  for (const size of SIZES)
    for (const b of r % 2 ? [...builds].reverse() : builds) {
      const got = await measure(size, b.dir, where);
      const key = `${b.name} ${where} ${size}`;
      const had = results.get(key) ?? { appear: [], disappear: [] };
      results.set(key, { appear: [...had.appear, ...got.appear], disappear: [...had.disappear, ...got.disappear] });
    }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
console.log(`bench/editor: ${ROUNDS} alternating rounds of ${KEYS} keystroke pairs, headless Chromium; medians (p95) per keystroke, from the key event's time stamp`);
console.log('  input = next frame painted; markers = the frame with the squiggle changed (80 ms of it is the editor waiting for typing to pause); longest = longest frame in the 700 ms after (the commit at 400 ms)');
for (const b of builds)
  for (const where of WHERE) {
  console.log(` ${b.name}, ${where === 'plugin' ? "the plugin's editor" : "the whole conflist's editor"}`);
  const row = (size: number) => results.get(`${b.name} ${where} ${size}`)!;
  for (const size of SIZES) {
    const { appear, disappear } = row(size);
    const all = [...appear, ...disappear];
    console.log(
      `  ${String(size).padStart(4)} plugins: input ${ms(median(all.map((k) => k.input)))} (${ms(p95(all.map((k) => k.input)))}); markers, squiggle on ${ms(median(appear.map((k) => k.markers)))} (${ms(p95(appear.map((k) => k.markers)))}), off ${ms(median(disappear.map((k) => k.markers)))} (${ms(p95(disappear.map((k) => k.markers)))}); longest frame ${ms(median(all.map((k) => k.longest)))} (${ms(p95(all.map((k) => k.longest)))})`,
    );
  }
  const small = row(SIZES[0]!);
  const ratio = (size: number, f: (k: Key) => number) => {
    const big = row(size);
    return (median([...big.appear, ...big.disappear].map(f)) / median([...small.appear, ...small.disappear].map(f))).toFixed(2);
  };
  for (const size of SIZES.slice(1)) console.log(`  ratio ${size}/${SIZES[0]}: input ${ratio(size, (k) => k.input)}x, markers ${ratio(size, (k) => k.markers)}x, longest frame ${ratio(size, (k) => k.longest)}x`);
}
