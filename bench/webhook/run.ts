// bench/webhook: reviews per second and latency of `cni-studio webhook serve` on loopback, 50 concurrent
// keep-alive clients (as several API servers keep connections open) sending real AdmissionReviews: 60 %
// clean NADs, 20 % with warnings only, 20 % denied. The floor is the same clients against a trivial https
// server (floor.ts) answering a constant review: the ratio says how much of the cost is the validation.
// Both servers run as their own processes; rounds alternate between them.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { CLEAN_CONFIG, DENIED_CONFIG, DUMMY_CONFIG, nadReview, PORTMAP_BACKEND_CONFIG } from '../../src/core/admission/testing';
import { makeTestPki, send } from '../../src/webhook/testing';

const CLIENTS = Number(process.env.CLIENTS ?? 50);
const REQUESTS = Number(process.env.REQUESTS ?? 5_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const pki = makeTestPki();

/** A server process; resolves with its URL once it prints its listening line. */
function start(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = false;
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const url = /listening on (https:\/\/[^ \n]+)/.exec(text)?.[1];
      if (url && !seen) {
        seen = true;
        resolve({ url, child });
      }
    });
    child.on('exit', (code) => !seen && reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

// The reviews sent, in a fixed rotation: 3 clean, 1 warning, 1 denied (by the profile or by a CIDR).
const bodies = [CLEAN_CONFIG, CLEAN_CONFIG, PORTMAP_BACKEND_CONFIG, CLEAN_CONFIG, DENIED_CONFIG, CLEAN_CONFIG, CLEAN_CONFIG, PORTMAP_BACKEND_CONFIG, CLEAN_CONFIG, DUMMY_CONFIG].map((config, i) =>
  JSON.stringify(nadReview({ uid: `bench-${i}`, config, name: `nad-${i}` })),
);

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  verdicts: string;
}

/** One keep-alive pool per server, kept across rounds: the figures are steady state, not TLS handshakes. */
const agents = new Map<string, Agent>();

async function load(url: string): Promise<Run> {
  const agent = agents.get(url) ?? agents.set(url, new Agent({ keepAlive: true, maxSockets: CLIENTS, ca: pki.ca })).get(url)!;
  const times: number[] = [];
  const verdicts = new Map<string, number>();
  let next = 0;
  const client = async () => {
    while (next < REQUESTS) {
      const body = bodies[next++ % bodies.length]!;
      const t = performance.now();
      const r = await send(url, pki.ca, { body, agent });
      times.push(performance.now() - t);
      const response = (r.json as { response?: { allowed: boolean; warnings?: string[] } }).response;
      const verdict = r.status !== 200 || !response ? `HTTP ${r.status}` : !response.allowed ? 'denied' : response.warnings ? 'warned' : 'allowed';
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    perSecond: REQUESTS / seconds,
    p50: times[Math.floor(times.length * 0.5)]!,
    p99: times[Math.floor(times.length * 0.99)]!,
    verdicts: [...verdicts].map(([k, v]) => `${k} ${v}`).join(', '),
  };
}

// Debian bookworm's releases: the portmap config warns (CNI212) and the dummy one is denied (CNI308).
const webhook = await start(['bin/cni-studio.cjs', 'webhook', 'serve', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--host', '127.0.0.1', '--port', '0', '--libcni', '1.1.2', '--plugins', '1.1.1']);
const floor = await start(['bin/run-ts.mjs', 'bench/webhook/floor.ts', pki.certFile, pki.keyFile]);
const runs: { webhook: Run; floor: Run }[] = [];
try {
  await load(webhook.url); // warm both before measuring
  await load(floor.url);
  for (let round = 0; round < ROUNDS; round++) {
    const w = await load(webhook.url);
    const f = await load(floor.url);
    runs.push({ webhook: w, floor: f });
    const row = (name: string, r: Run) => `${name.padEnd(8)} ${r.perSecond.toFixed(0).padStart(6)} reviews/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.verdicts})`;
    console.log(`round ${round + 1}: ${CLIENTS} clients, ${REQUESTS} reviews each\n  ${row('webhook', w)}\n  ${row('floor', f)}\n  floor/webhook throughput ${(f.perSecond / w.perSecond).toFixed(1)}×, webhook/floor p99 ${(w.p99 / f.p99).toFixed(1)}×`);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const w = { perSecond: median(runs.map((r) => r.webhook.perSecond)), p99: median(runs.map((r) => r.webhook.p99)), p50: median(runs.map((r) => r.webhook.p50)) };
  const f = { perSecond: median(runs.map((r) => r.floor.perSecond)), p99: median(runs.map((r) => r.floor.p99)) };
  console.log(`\nmedian of ${ROUNDS} rounds: webhook ${w.perSecond.toFixed(0)} reviews/s, p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms; floor ${f.perSecond.toFixed(0)} reviews/s, p99 ${f.p99.toFixed(1)} ms; floor/webhook throughput ${(f.perSecond / w.perSecond).toFixed(1)}×`);
} finally {
  for (const agent of agents.values()) agent.destroy();
  webhook.child.kill('SIGINT');
  floor.child.kill('SIGTERM');
  pki.remove();
}
