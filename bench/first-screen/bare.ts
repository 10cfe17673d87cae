// bench/first-screen/bare: the same first screen as run.ts, with no DevTools protocol attached, as a user's
// browser loads it. Playwright's session enables the inspector, and with it V8 collects source positions for
// the whole script while its modules evaluate (~60 ms of main thread here), which no user pays. One Debian
// Chromium is started on the first URL with a fresh profile; the page reports its own time to this server,
// which answers with the next round's URL. Each round is a new loopback address: a new site, so a new
// renderer process and an HTTP cache of its own (cold, and `no-store` besides). Targets as in run.ts: a blank
// page (the floor), `BEFORE=<dir>[,<dir>…]` beside the app, rounds alternating; the first pass warms the browser and
// is not counted. `STACK=1` adds the stack's floor (stack/main.tsx): the same libraries drawing a screen of
// the same shape with none of the app's code, so the app's own share of the load shows.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { blankDir, paddedCopy } from './serve';
import { buildStackFloor } from './stack';
import { READY_SCRIPT } from './page';
import { DOC } from './doc';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const PAD_KB = Number(process.env.PAD ?? 0);
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.json': 'application/json' };
const floor = blankDir();
const stack = process.env.STACK ? await buildStackFloor() : undefined;
const targets = [
  { name: 'blank page (floor)', dir: floor },
  ...(stack ? [{ name: 'stack only (STACK)', dir: stack }] : []),
  // BEFORE=<dir>[,<dir>…]: earlier builds, each beside the app.
  ...(process.env.BEFORE?.split(',') ?? []).map((dir, k, all) => ({ name: all.length > 1 ? `before #${k + 1} (BEFORE)` : 'before (BEFORE)', dir })),
  // PAD=<KB>: the app with that much more script that never runs (serve.ts's paddedCopy): what bytes cost.
  ...(PAD_KB ? [{ name: `app + ${PAD_KB} KB (PAD)`, dir: paddedCopy('dist', PAD_KB) }] : []),
  { name: 'app (dist/)', dir: 'dist' },
].map((t) => ({ ...t, root: resolve(t.dir) }));

// Round order: each pass is a new shuffle of the targets (seeded: SEED, 1 by default); pass 0 warms up.
// A rotation put each target after the same one every time, and the load after another stayed biased by
// it: two copies of one build measured 262 and 223 ms in one 21-round run, the slower one always after
// the blank page. Shuffled, each target follows every other about equally often.
let seed = Number(process.env.SEED ?? 1) >>> 0 || 1;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
const plan: number[] = [];
for (let r = 0; r <= ROUNDS; r++) {
  const pass = targets.map((_, k) => k);
  for (let i = pass.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pass[i], pass[j]] = [pass[j]!, pass[i]!];
  }
  plan.push(...pass);
}
const times = targets.map(() => [] as number[]);
let step = 0;
let port = 0;
// 127.0.0.2, .3, …: every address of 127/8 is loopback; a new one per round is a new site.
const urlOf = (i: number) => `http://127.0.0.${2 + (i % 250)}:${port}/t${plan[i]}/`;
// Between two rounds the browser rests on a page of its own (127.0.0.1) for REST ms: the last round's renderer
// exits and its background work ends before the next load. Without it, each load ran beside the teardown of
// the one before, and the rotation puts the same target after the blank page every time: three copies of one
// build measured 456, 572 and 597 ms, the fastest always the one after the blank page.
const REST_MS = Number(process.env.REST ?? 600);
const restUrl = (next: string) => `http://127.0.0.1:${port}/__rest?next=${encodeURIComponent(next)}`;
const isRoundUrl = (url: string) => /^http:\/\/127\.0\.0\.\d{1,3}:\d+\/t\d+\/$/.test(url);

// Before the app's scripts: the autosaved document a returning user has, the readiness signal, and its report.
const INJECT = `<script>localStorage.setItem('cni-studio.document.v1', ${JSON.stringify(JSON.stringify({ doc: DOC }))});
Object.defineProperty(window, '__firstScreen', { set(v) { fetch('/__report', { method: 'POST', body: JSON.stringify(v.t) }).then((r) => r.text()).then((next) => setTimeout(() => location.assign(next), 200)); } });
${READY_SCRIPT}</script>`;

let done: () => void;
const finished = new Promise<void>((r) => (done = r));

function report(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    if (step >= targets.length) times[plan[step]!]!.push(Number(body));
    step++;
    res.end(step < plan.length ? restUrl(urlOf(step)) : 'about:blank');
    if (step === plan.length) done();
  });
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method === 'POST' && url.pathname === '/__report') return report(req, res);
  if (url.pathname === '/__rest') {
    const next = url.searchParams.get('next') ?? '';
    if (!isRoundUrl(next)) return void res.writeHead(400).end();
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return void res.end(`<!doctype html><p>rest</p><script>setTimeout(() => location.replace(${JSON.stringify(next)}), ${REST_MS});</script>`);
  }
  // /t<k>/<path>: target k's file; anything else, or anything outside its folder, is its index.html.
  const m = /^\/t(\d+)(\/.*)$/.exec(url.pathname);
  const k = Number(m?.[1] ?? 0);
  const target = targets[k];
  if (!target) return void res.writeHead(404).end();
  let path: string;
  try {
    path = decodeURIComponent(m?.[2] ?? '/');
  } catch {
    return void res.writeHead(400).end();
  }
  let file = join(target.root, path);
  if (!file.startsWith(target.root + sep) || !existsSync(file) || statSync(file).isDirectory()) file = join(target.root, 'index.html');
  let body: string | Buffer = readFileSync(file);
  // The builds load from /assets/…: served under their target's prefix.
  if (file.endsWith('.html')) body = body.toString().replaceAll('="/', `="/t${k}/`).replace('<head>', `<head>${INJECT}`);
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(body);
}
// One listener per round's address (loopback only), all on the first one's port.
const servers: ReturnType<typeof createServer>[] = [];
for (const host of new Set(['127.0.0.1', ...plan.map((_, i) => new URL(urlOf(i)).hostname)])) {
  const s = createServer(handle);
  await new Promise<void>((r) => s.listen(port, host, r));
  port ||= (s.address() as { port: number }).port;
  servers.push(s);
}

const profile = mkdtempSync(join(tmpdir(), 'first-screen-bare-'));
const chromium = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--window-size=1280,720', urlOf(0)], { stdio: 'ignore', detached: true });
const timer = setTimeout(() => { console.error(`bench/first-screen/bare: no report after round ${step} in 60 s`); process.exit(1); }, 60_000 * plan.length);
await finished;
clearTimeout(timer);
process.kill(-chromium.pid!, 'SIGKILL');
await new Promise((r) => chromium.once('exit', r));
for (const s of servers) s.close();
rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
rmSync(floor, { recursive: true, force: true });
if (stack) rmSync(stack, { recursive: true, force: true });
for (const t of targets) if (t.name.includes('(PAD)')) rmSync(t.root, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (k: number) => median(times[k]!);
console.log(`bench/first-screen/bare: ${ROUNDS} alternating rounds, Debian's Chromium with no DevTools protocol attached, 1280×720, cold cache, a 5-plugin autosaved document${process.env.BEFORE ? `; BEFORE=${process.env.BEFORE}` : ''}`);
targets.forEach((t, k) => console.log(`  ${t.name.padEnd(20)} usable ${ms(k).toFixed(0).padStart(5)} ms (min ${Math.min(...times[k]!).toFixed(0)}, max ${Math.max(...times[k]!).toFixed(0)})`));
const app = targets.length - 1;
const at = (name: string) => targets.findIndex((t) => t.name.includes(name));
const above = (k: number, base: number) => ((ms(k) - ms(0)) / (ms(base) - ms(0))).toFixed(2);
/**
 * The ratio pass by pass: each pass loads every target once, close together in time, so a pass's ratio
 * is less moved by the machine's drift than the ratio of two medians. Its median and middle half: a
 * difference inside that range is not one this run can tell.
 */
const paired = (k: number, base: number) => {
  const ratios = times[k]!.map((t, r) => t / times[base]![r]!).sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!.toFixed(2);
  return `pass by pass ${at(0.5)}x, middle half ${at(0.25)}–${at(0.75)}x`;
};
console.log(`  ratio app / floor: ${(ms(app) / ms(0)).toFixed(2)}x`);
targets.forEach((t, k) => {
  if (t.name.includes('BEFORE')) console.log(`  ratio app / ${t.name.replace(' (BEFORE)', '')}: usable ${(ms(app) / ms(k)).toFixed(2)}x (above the floor ${above(app, k)}x; ${paired(app, k)})`);
});
if (at('(PAD)') > 0) console.log(`  ratio app + ${PAD_KB} KB / app: usable ${(ms(at('(PAD)')) / ms(app)).toFixed(2)}x (${(((ms(at('(PAD)')) - ms(app)) / PAD_KB) * 100).toFixed(1)} ms per 100 KB; ${paired(at('(PAD)'), app)})`);
if (at('STACK') > 0) {
  console.log(`  ratio app / stack only: usable ${(ms(app) / ms(at('STACK'))).toFixed(2)}x (above the floor ${above(app, at('STACK'))}x)`);
  targets.forEach((t, k) => {
    if (t.name.includes('BEFORE')) console.log(`  ratio stack only / ${t.name.replace(' (BEFORE)', '')}: usable ${(ms(at('STACK')) / ms(k)).toFixed(2)}x (above the floor ${above(at('STACK'), k)}x)`);
  });
}
process.exit(0);
