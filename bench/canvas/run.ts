// bench/canvas: how the chain canvas holds up with a long chain. The built app runs in Debian's Chromium;
// a 10-, a 200- and a 500-plugin document are each loaded, panned and dragged, and frame times are
// recorded with requestAnimationFrame. Rounds alternate; the ratios against 10 plugins are what to read.
import { performance } from 'node:perf_hooks';
import { openApp } from '../../e2e/support/browser';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.SIZES ?? '10,200,500').split(',').map(Number);
const SMALL = SIZES[0]!;
// A frame that took longer than this missed at least one 60 Hz vsync: a dropped frame.
const DROPPED_MS = 1.5 * (1000 / 60);

function chain(n: number) {
  const plugins: object[] = [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]] } }];
  const chained = ['portmap', 'tuning', 'bandwidth', 'firewall', 'sbr'];
  for (let i = 1; i < n; i++) plugins.push({ type: chained[i % chained.length], ...(i % 5 === 1 ? { capabilities: { portMappings: true } } : {}) });
  return { cniVersion: '1.0.0', name: `chain-${n}`, plugins };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function measure(size: number) {
  const s = await openApp();
  const { page } = s;
  const doc = chain(size);
  await page.evaluate(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc }))})`);
  const t0 = performance.now();
  await page.reload();
  await page.locator('.plugin-node').first().waitFor();
  const load = performance.now() - t0;
  // Record frame intervals while the pane is panned with the mouse and a node is dragged.
  // A plain script string: the TypeScript loader's helpers do not exist inside the page.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.stop_ = false;
    let last = performance.now();
    const tick = (t) => { window.frames_.push(t - last); last = t; if (!window.stop_) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const pane = await page.locator('.react-flow__pane').boundingBox();
  const start = { x: pane!.x + pane!.width * 0.7, y: pane!.y + pane!.height * 0.8 };
  for (let i = 0; i < 2; i++) {
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 300, start.y - 40, { steps: 40 });
    await page.mouse.move(start.x, start.y, { steps: 40 });
    await page.mouse.up();
  }
  const node = await page.locator('.plugin-node').nth(1).boundingBox();
  await page.mouse.move(node!.x + 30, node!.y + 10);
  await page.mouse.down();
  await page.mouse.move(node!.x + 30, node!.y + 150, { steps: 40 });
  await page.mouse.up();
  const frames = (await page.evaluate('(() => { window.stop_ = true; return window.frames_.slice(1); })()')) as number[];
  await s.close();
  return { load, p50: percentile(frames, 50), p95: percentile(frames, 95), max: Math.max(...frames), dropped: frames.filter((f) => f > DROPPED_MS).length, frames: frames.length };
}

type Runs = { load: number[]; p50: number[]; p95: number[]; max: number[]; dropped: number[]; frames: number[] };
const results = new Map<number, Runs>(SIZES.map((n) => [n, { load: [], p50: [], p95: [], max: [], dropped: [], frames: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const size of SIZES) {
    const m = await measure(size);
    const x = results.get(size)!;
    for (const k of ['load', 'p50', 'p95', 'max', 'dropped', 'frames'] as const) x[k].push(m[k]);
  }
}
const med = (xs: number[]) => percentile(xs, 50);
console.log(`bench/canvas: ${ROUNDS} alternating rounds, headless Chromium, pan + node drag; dropped = frames over ${DROPPED_MS.toFixed(1)} ms`);
for (const size of SIZES) {
  const x = results.get(size)!;
  console.log(`  ${String(size).padStart(3)} plugins: load ${med(x.load).toFixed(0)} ms, frame p50 ${med(x.p50).toFixed(1)} ms, p95 ${med(x.p95).toFixed(1)} ms, max ${med(x.max).toFixed(1)} ms, dropped ${med(x.dropped)} of ${med(x.frames)} (per round: ${x.dropped.join(', ')})`);
}
const small = results.get(SMALL)!;
for (const size of SIZES.slice(1)) {
  const x = results.get(size)!;
  console.log(`  ratio ${size}/${SMALL}: load ${(med(x.load) / med(small.load)).toFixed(2)}x, frame p95 ${(med(x.p95) / med(small.p95)).toFixed(2)}x`);
}
