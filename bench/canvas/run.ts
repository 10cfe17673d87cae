// bench/canvas: how the chain canvas holds up with a long chain. The built app runs in Debian's Chromium;
// a 10-plugin and a 200-plugin document are each loaded, panned and dragged, and frame times are
// recorded with requestAnimationFrame. Rounds alternate; the ratio 200/10 is what to read.
import { performance } from 'node:perf_hooks';
import { openApp } from '../../e2e/support/browser';

const ROUNDS = Number(process.env.ROUNDS ?? 3);

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
  return { load, p50: percentile(frames, 50), p95: percentile(frames, 95), frames: frames.length };
}

const results: Record<number, { load: number[]; p50: number[]; p95: number[] }> = { 10: { load: [], p50: [], p95: [] }, 200: { load: [], p50: [], p95: [] } };
for (let r = 0; r < ROUNDS; r++) {
  for (const size of [10, 200]) {
    const m = await measure(size);
    results[size]!.load.push(m.load);
    results[size]!.p50.push(m.p50);
    results[size]!.p95.push(m.p95);
  }
}
const med = (xs: number[]) => percentile(xs, 50);
console.log(`bench/canvas: ${ROUNDS} alternating rounds, headless Chromium, pan + node drag`);
for (const size of [10, 200]) {
  const x = results[size]!;
  console.log(`  ${String(size).padStart(3)} plugins: load ${med(x.load).toFixed(0)} ms, frame p50 ${med(x.p50).toFixed(1)} ms, p95 ${med(x.p95).toFixed(1)} ms`);
}
console.log(`  ratio 200/10: load ${(med(results[200]!.load) / med(results[10]!.load)).toFixed(2)}x, frame p95 ${(med(results[200]!.p95) / med(results[10]!.p95)).toFixed(2)}x`);
