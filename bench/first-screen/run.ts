// bench/first-screen: how soon the production build's first screen is usable (palette and canvas drawn),
// and how much JavaScript it loads before that. Debian's Chromium, a fresh browser context each round (cold
// HTTP cache, no storage but the autosaved document a returning user has), rounds alternating between the
// app (dist/), a blank page served the same way (the floor) and, with BEFORE=<dir>, another build
// (e.g. a copy of dist/ from before a change), so before and after are side by side in one run.
import { gzipSync } from 'node:zlib';
import { rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { blankDir, serve, type Served } from './serve';
import { isMonaco, READY_SCRIPT, type FirstScreen } from './page';
import { DOC } from './doc';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const CHROMIUM = '/usr/bin/chromium';

const floor = blankDir();
const targets: { name: string; dir: string }[] = [{ name: 'blank page (floor)', dir: floor }, ...(process.env.BEFORE ? [{ name: 'before (BEFORE)', dir: process.env.BEFORE }] : []), { name: 'app (dist/)', dir: 'dist' }];
const served = new Map<string, Served>();
for (const t of targets) served.set(t.name, await serve(t.dir));

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const gzipOf = new Map<string, number>();
async function gzipSize(url: string): Promise<number> {
  let n = gzipOf.get(url);
  if (n === undefined) gzipOf.set(url, (n = gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length));
  return n;
}

async function round(url: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: DOC }))}); ${READY_SCRIPT}`);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('window.__firstScreen !== undefined', undefined, { timeout: 30_000 });
  const first = (await page.evaluate('window.__firstScreen')) as FirstScreen;
  await context.close();
  let js = 0;
  let monaco = 0;
  for (const s of first.scripts) {
    if (isMonaco(s)) monaco += await gzipSize(s);
    else js += await gzipSize(s);
  }
  return { ms: first.t, js, monaco, scripts: first.scripts.length };
}

const results = new Map(targets.map((t) => [t.name, [] as Awaited<ReturnType<typeof round>>[]]));
for (let r = 0; r < ROUNDS; r++) {
  // Each round starts with a different target, so none always runs first (or last) on a noisy machine.
  for (let i = 0; i < targets.length; i++) {
    const t = targets[(r + i) % targets.length]!;
    results.get(t.name)!.push(await round(served.get(t.name)!.url));
  }
}
await browser.close();
for (const s of served.values()) await s.close();
rmSync(floor, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (name: string) => median(results.get(name)!.map((x) => x.ms));
console.log(`bench/first-screen: ${ROUNDS} alternating rounds, headless Chromium 1280×720, cold cache, a 5-plugin autosaved document${process.env.BEFORE ? `; BEFORE=${process.env.BEFORE}` : ''}`);
console.log('  usable = palette item and measured canvas nodes in the DOM, then a frame painted; JS = gzip (zlib default) of each script requested before that, Monaco\'s chunks apart, the inline boot script not counted');
for (const t of targets) {
  const x = results.get(t.name)!;
  const last = x[x.length - 1]!;
  console.log(`  ${t.name.padEnd(20)} usable ${ms(t.name).toFixed(0).padStart(5)} ms (min ${Math.min(...x.map((y) => y.ms)).toFixed(0)}, max ${Math.max(...x.map((y) => y.ms)).toFixed(0)})  initial JS ${kb(last.js).padStart(9)} in ${last.scripts} scripts${last.monaco ? `, Monaco ${kb(last.monaco)}` : ''}`);
}
const app = targets[targets.length - 1]!.name;
console.log(`  ratio app / floor: ${(ms(app) / ms(targets[0]!.name)).toFixed(2)}x`);
if (targets.length === 3) {
  const before = targets[1]!.name;
  const js = (name: string) => results.get(name)![0]!.js;
  console.log(`  ratio app / before: usable ${(ms(app) / ms(before)).toFixed(2)}x (above the floor ${((ms(app) - ms(targets[0]!.name)) / (ms(before) - ms(targets[0]!.name))).toFixed(2)}x), initial JS ${(js(app) / js(before)).toFixed(2)}x`);
}
