// bench/first-screen/profile: where the first screen's time goes, as CPU time (trace events' thread time,
// which the other processes of a noisy machine disturb far less than wall time): the page's main thread
// until usable, by kind, and the renderer's background threads (the script's streaming parse). The same
// load as run.ts (production build, cold cache, the 5-plugin document), traced through the DevTools
// protocol; `DIR` (default dist/) picks the build, `ROUNDS` the rounds; medians. With `BEFORE=<dir>`, an
// earlier build is traced in alternating rounds and printed beside it (differences of a few ms are noise
// unless they hold across runs).
import { chromium } from 'playwright-core';
import { serve, type Served } from './serve';
import { READY_SCRIPT, type FirstScreen } from './page';
import { DOC } from './doc';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const builds = [...(process.env.BEFORE ? [{ name: 'before', dir: process.env.BEFORE }] : []), { name: process.env.DIR ?? 'dist', dir: process.env.DIR ?? 'dist' }];
const servers = await Promise.all(builds.map((b) => serve(b.dir)));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** What a main-thread event is, when it is one of the kinds counted (nested script is counted once, layout apart). */
const KINDS: Record<string, string> = { 'v8.evaluateModule': 'script: module evaluation', Layout: 'style and layout', UpdateLayoutTree: 'style and layout', Paint: 'paint', PrePaint: 'paint', Layerize: 'paint', ParseHTML: 'HTML' };
const SCRIPT = new Set(['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'FireIdleCallback', 'EventDispatch', 'v8.evaluateModule']);

/** Events that do not overlap (the outermost of nested ones). */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) if (!out.length || e.ts >= out.at(-1)!.ts + (out.at(-1)!.dur ?? 0)) out.push(e);
  return out;
}
const cpu = (events: TraceEvent[]) => events.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;

async function round(served: Served): Promise<{ usable: number; kinds: Map<string, number> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(`localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: DOC }))}); ${READY_SCRIPT}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,toplevel', transferMode: 'ReportEvents' });
  await page.goto(served.url, { waitUntil: 'commit' });
  await page.waitForFunction('window.__firstScreen !== undefined', undefined, { timeout: 30_000 });
  const { t } = (await page.evaluate('window.__firstScreen')) as FirstScreen;
  await cdp.send('Tracing.end');
  await complete;
  await context.close();

  const start = events.find((e) => e.name === 'navigationStart')!.ts;
  const end = start + t * 1000;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'))!;
  const inWindow = (e: TraceEvent) => e.ph === 'X' && e.ts >= start && e.ts <= end;
  const mine = events.filter((e) => inWindow(e) && e.pid === main.pid && e.tid === main.tid);
  const kinds = new Map<string, number>();
  const add = (kind: string, ms: number) => kinds.set(kind, (kinds.get(kind) ?? 0) + ms);
  add('main thread, all tasks', cpu(outermost(mine.filter((e) => e.name === 'RunTask'))));
  for (const e of mine) if (KINDS[e.name] && e.name !== 'v8.evaluateModule') add(KINDS[e.name]!, (e.tdur ?? 0) / 1000);
  // Script: its outermost events, less the style and layout it forced (counted above).
  for (const e of outermost(mine.filter((x) => SCRIPT.has(x.name)))) {
    const forced = cpu(mine.filter((x) => (x.name === 'Layout' || x.name === 'UpdateLayoutTree') && x.ts >= e.ts && x.ts + (x.dur ?? 0) <= e.ts + (e.dur ?? 0)));
    add(e.name === 'v8.evaluateModule' ? KINDS[e.name]! : 'script: running (React, the app, libraries)', (e.tdur ?? 0) / 1000 - forced);
  }
  add('renderer background threads (script parse, JIT, raster)', cpu(outermost(events.filter((e) => inWindow(e) && e.pid === main.pid && e.tid !== main.tid && e.name === 'ThreadPool_RunTask'))));
  return { usable: t, kinds };
}

const rounds = builds.map(() => [] as Awaited<ReturnType<typeof round>>[]);
for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < builds.length; i++) {
  // Each round starts with a different build, so neither always runs first on a noisy machine.
  const b = (r + i) % builds.length;
  rounds[b]!.push(await round(servers[b]!));
}
await browser.close();
for (const s of servers) await s.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const col = (i: number, kind: string) => median(rounds[i]!.map((r) => r.kinds.get(kind) ?? 0)).toFixed(1).padStart(8);
console.log(`bench/first-screen/profile: ${ROUNDS} rounds${builds.length > 1 ? ', alternating,' : ''} of ${builds.map((b) => b.dir).join(' and ')}, CPU time (ms) until usable, medians`);
console.log(`  ${builds.map((b) => b.name.slice(-8).padStart(8)).join(' ')}`);
console.log(`  ${builds.map((_, i) => median(rounds[i]!.map((r) => r.usable)).toFixed(0).padStart(8)).join(' ')}  usable, wall time while traced`);
for (const kind of rounds[0]![0]!.kinds.keys()) console.log(`  ${builds.map((_, i) => col(i, kind)).join(' ')}  ${kind}`);
