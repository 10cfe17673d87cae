// bench/canvas: how the chain canvas holds up with a long chain. The built app runs in Debian's Chromium;
// a 10-, a 200- and a 500-plugin document are each loaded, panned, dragged, and panned again zoomed out
// as far as React Flow allows (0.1: hundreds of nodes in view at 500), and frame times are
// recorded with requestAnimationFrame. Rounds alternate; the ratios against 10 plugins are what to read.
// BEFORE=<dir>[,<dir>…] (copies of earlier dist/s) measures those builds beside this one, alternating, each size.
// STACK=1 measures the canvas's floor beside them (stack/main.tsx): React Flow alone drawing a chain of the
// same shape (the app's layout, node sizes, pane and view) with the least a chain view needs, so the frames
// React Flow drops on this machine by itself show beside the app's.
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openUrl } from '../../e2e/support/browser';
import type { Page } from 'playwright-core';
import { emptyPanePoint, viewAtRest } from '../../e2e/support/pane';
import { viewTransformOf } from '../../e2e/support/layout';
import { serve } from '../first-screen/serve';
import { longChain } from '../support/long-chain';
import { buildStackFloor } from '../first-screen/stack';
import { floorGeometry } from './floor';
import type { FloorGeometry } from './stack/geometry';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.SIZES ?? '10,200,500').split(',').map(Number);
const SMALL = SIZES[0]!;
// A frame that took longer than this missed at least one 60 Hz vsync: a dropped frame.
const DROPPED_MS = 1.5 * (1000 / 60);


const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

// Frame intervals from requestAnimationFrame, between start() and stop(). Plain script strings: the
// TypeScript loader's helpers do not exist inside the page.
const START = `(() => {
  window.frames_ = [];
  window.stop_ = false;
  let last = performance.now();
  const tick = (t) => { window.frames_.push(t - last); last = t; if (!window.stop_) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP = '(() => { window.stop_ = true; return window.frames_.slice(1); })()';

interface Frames {
  p95: number;
  dropped: number;
  frames: number;
}
const summary = (frames: number[]): Frames => ({ p95: percentile(frames, 95), dropped: frames.filter((f) => f > DROPPED_MS).length, frames: frames.length });

/** A pan pressed on the empty pane at `from`, moved 300 px away and back twice; its frames. */
async function panFrom(page: Page, from: { x: number; y: number }): Promise<Frames> {
  await page.evaluate(START);
  for (let i = 0; i < 2; i++) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 300, from.y - 40, { steps: 40 });
    await page.mouse.move(from.x, from.y, { steps: 40 });
    await page.mouse.up();
  }
  return summary((await page.evaluate(STOP)) as number[]);
}

const seenBySize = new Map<number, Pick<FloorGeometry, 'pane' | 'viewport'>>();

async function measure(size: number, dir: string, floor = false) {
  const served = await serve(dir);
  const s = await openUrl(served.url, () => served.close());
  const { page } = s;
  const doc = longChain(size);
  if (floor) await page.evaluate(`localStorage.setItem('canvas-floor.geometry', ${JSON.stringify(JSON.stringify(floorGeometry(size, seenBySize.get(size)!)))})`);
  else await page.evaluate(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc }))})`);
  const nodeOf = (i: number) => (floor ? page.locator(`.react-flow__node[data-id="p${i}"]`) : page.locator('.plugin-node').nth(i));
  const t0 = performance.now();
  await page.reload();
  await nodeOf(0).waitFor();
  const load = performance.now() - t0;
  if (!floor) {
    // Selecting a plugin loads Monaco for it: done before recording, so its loading is not counted as the canvas's.
    await page.locator('.plugin-node').nth(1).click();
    await page.locator('.monaco-editor').first().waitFor();
    // The pane and the view the floor copies.
    await viewAtRest(page);
    if (!seenBySize.has(size)) seenBySize.set(size, { pane: (await page.locator('.react-flow').boundingBox())!, viewport: await viewTransformOf(page) });
  }
  // Pressed on the empty pane nearest (70 %, 80 %) of it: a long chain fills most of it.
  const empty = await emptyPanePoint(page, { x: 0.7, y: 0.8 });
  if (!empty) throw new Error(`no empty point on the pane at ${size} plugins`);
  const pan = await panFrom(page, empty);
  // Drag: a plugin moved down, recorded while it moves; then the drop, which changes the document.
  const node = await nodeOf(1).boundingBox();
  const before = await nodeOf(1).textContent();
  await page.mouse.move(node!.x + 30, node!.y + 10);
  await page.mouse.down();
  await page.evaluate(START);
  await page.mouse.move(node!.x + 30, node!.y + 150, { steps: 40 });
  const drag = summary((await page.evaluate(STOP)) as number[]);
  await page.evaluate(START);
  await page.mouse.up();
  await page.waitForTimeout(500);
  const drop = Math.max(...((await page.evaluate(STOP)) as number[]));
  // The app's second node is another plugin once the chain is reordered; the floor's, the same one renumbered.
  if ((await nodeOf(1).textContent()) === before) throw new Error(`the drop did not reorder the chain at ${size} plugins (${floor ? 'floor' : dir})`);
  // Far out: the least zoom React Flow allows (0.1), where a long chain puts hundreds of nodes in view.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(400);
  const farEmpty = await emptyPanePoint(page, { x: 0.7, y: 0.8 });
  if (!farEmpty) throw new Error(`no empty point on the pane zoomed out at ${size} plugins`);
  const far = await panFrom(page, farEmpty);
  await s.close();
  return { load, pan, drag, drop, far };
}

type Measured = Awaited<ReturnType<typeof measure>>;
const floorDir = process.env.STACK ? await buildStackFloor(new URL('./stack', import.meta.url).pathname) : undefined;
// The app first: the floor copies the pane and view the app's page shows.
const builds = [
  { name: 'dist/', dir: 'dist', floor: false },
  ...(process.env.BEFORE?.split(',') ?? []).map((dir) => ({ name: `BEFORE (${dir})`, dir, floor: false })),
  ...(floorDir ? [{ name: 'stack floor (STACK)', dir: floorDir, floor: true }] : []),
];
const results = new Map<string, Measured[]>();
const key = (dir: string, size: number) => `${dir}|${size}`;
for (let r = 0; r < ROUNDS; r++)
  for (const size of SIZES)
    for (const { dir, floor } of r % 2 ? [...builds].reverse() : builds) {
      const list = results.get(key(dir, size)) ?? [];
      list.push(await measure(size, dir, floor));
      results.set(key(dir, size), list);
    }

const med = (xs: number[]) => percentile(xs, 50);
console.log(`bench/canvas: ${ROUNDS} alternating rounds, headless Chromium; dropped = frames over ${DROPPED_MS.toFixed(1)} ms (per round, of the frames recorded); drop = the longest frame once a dragged plugin is let go (a document change; the floor lays the chain out again in its new order)`);
for (const { name, dir } of builds) {
  const runs = (size: number) => results.get(key(dir, size))!;
  const of = (size: number, pick: (m: Measured) => number) => med(runs(size).map(pick));
  const frames = (size: number, gesture: 'pan' | 'drag' | 'far') =>
    `${gesture === 'far' ? 'zoomed-out pan' : gesture} p95 ${of(size, (m) => m[gesture].p95).toFixed(1)} ms, dropped ${runs(size).map((m) => `${m[gesture].dropped}/${m[gesture].frames}`).join(' ')}`;
  if (builds.length > 1) console.log(` ${name}`);
  for (const size of SIZES) {
    console.log(`  ${String(size).padStart(3)} plugins: load ${of(size, (m) => m.load).toFixed(0)} ms; ${frames(size, 'pan')}; ${frames(size, 'drag')}; drop ${of(size, (m) => m.drop).toFixed(0)} ms (${runs(size).map((m) => m.drop.toFixed(0)).join(' ')}); ${frames(size, 'far')}`);
  }
  for (const size of SIZES.slice(1)) {
    const ratio = (pick: (m: Measured) => number) => `${(of(size, pick) / of(SMALL, pick)).toFixed(2)}x`;
    console.log(`  ratio ${size}/${SMALL}: load ${ratio((m) => m.load)}, pan p95 ${ratio((m) => m.pan.p95)}, drag p95 ${ratio((m) => m.drag.p95)}, drop ${ratio((m) => m.drop)}, zoomed-out pan p95 ${ratio((m) => m.far.p95)}`);
  }
}
if (builds.length > 1) {
  // Dropped frames summed over every round, each build: the figure the two builds differ in.
  const total = (dir: string, size: number, gesture: 'pan' | 'drag' | 'far') => results.get(key(dir, size))!.reduce((n, m) => n + m[gesture].dropped, 0);
  const count = (dir: string, size: number, gesture: 'pan' | 'drag' | 'far') => results.get(key(dir, size))!.reduce((n, m) => n + m[gesture].frames, 0);
  for (const size of SIZES) {
    const line = (gesture: 'pan' | 'drag' | 'far') => builds.map(({ dir }) => `${total(dir, size, gesture)}/${count(dir, size, gesture)}`).join(' vs ');
    console.log(`  ${String(size).padStart(3)} plugins, dropped in all rounds, ${builds.map((b) => b.name.replace(/ \(.*/, '')).join(' vs ')}: pan ${line('pan')}, drag ${line('drag')}, zoomed-out pan ${line('far')}`);
  }
}
if (floorDir) rmSync(floorDir, { recursive: true, force: true });
