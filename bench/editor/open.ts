// bench/editor/open: the editor's first opening, as a person meets it. The built app opens in Debian's Chromium
// on a cold cache with the 5-plugin autosaved document of bench/first-screen, the page is left alone for
// SETTLE ms (3000: what it does when idle, the validator and the chunks fetched ahead, happens then), and the
// second plugin on the canvas is clicked: the time from the press to its JSON drawn in Monaco (a frame painted
// with its text), and the main thread's long tasks in the 3 s from the press. With BEFORE=<dir>, a copy of an
// earlier dist/, both builds alternate round by round and the ratio is printed; medians of ROUNDS (7).
import { chromium } from 'playwright-core';
import { serve } from '../first-screen/serve';
import { READY_SCRIPT } from '../first-screen/page';
import { DOC } from '../first-screen/doc';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const SETTLE = Number(process.env.SETTLE ?? 3000);
const builds = [...(process.env.BEFORE ? [{ name: 'before (BEFORE)', dir: process.env.BEFORE }] : []), { name: 'app (dist/)', dir: 'dist' }];
const servers = await Promise.all(builds.map((b) => serve(b.dir)));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// In the page: the press's time, and every long task after it.
const WATCH = `(() => {
  window.open_ = { press: 0, long: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.open_.long.push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
  addEventListener('pointerdown', (e) => { window.open_.press = e.timeStamp; }, { capture: true, once: true });
})()`;
// Its JSON is in the editor's lines; the time is taken in a task queued from the next frame, after its paint.
const SHOWN = `new Promise((done) => {
  const check = () => {
    const lines = document.querySelector('.monaco-editor .view-lines');
    if (lines && /"type"/.test(lines.textContent)) requestAnimationFrame(() => setTimeout(() => done(performance.now() - window.open_.press)));
    else requestAnimationFrame(check);
  };
  check();
})`;

async function round(url: string): Promise<{ open: number; longTasks: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: DOC }))}); ${READY_SCRIPT}`);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction('window.__firstScreen !== undefined', undefined, { timeout: 30_000 });
  await page.waitForTimeout(SETTLE);
  const box = await page.locator('.plugin-node').nth(1).boundingBox();
  if (!box) throw new Error('no second plugin on the canvas');
  await page.evaluate(WATCH);
  await page.mouse.click(box.x + 40, box.y + 20);
  const open = (await page.evaluate(SHOWN)) as number;
  await page.waitForTimeout(3000);
  const longTasks = (await page.evaluate('window.open_.long.filter(([start]) => start >= window.open_.press).reduce((sum, [, d]) => sum + d, 0)')) as number;
  await context.close();
  return { open, longTasks };
}

const results = builds.map(() => [] as { open: number; longTasks: number }[]);
for (let r = 0; r < ROUNDS; r++) for (let k = 0; k < builds.length; k++) results[k]!.push(await round(servers[k]!.url));
await browser.close();
await Promise.all(servers.map((s) => s.close()));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`bench/editor/open: ${ROUNDS} rounds${builds.length > 1 ? ', builds alternating' : ''}, Debian's Chromium, 1280×720, cold cache, ${SETTLE} ms idle before the click`);
builds.forEach((b, k) => {
  const rs = results[k]!;
  console.log(`  ${b.name.padEnd(16)} click -> JSON in the editor ${median(rs.map((x) => x.open)).toFixed(0)} ms (${rs.map((x) => x.open.toFixed(0)).join(' ')}); long tasks in the 3 s after ${median(rs.map((x) => x.longTasks)).toFixed(0)} ms`);
});
if (builds.length > 1) console.log(`  ratio app / before: ${(median(results[1]!.map((x) => x.open)) / median(results[0]!.map((x) => x.open))).toFixed(2)}x`);
process.exit(0);
