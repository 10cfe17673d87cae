// bench/lab: one ADD+DEL cycle of bridge + host-local + portmap through the helper (HTTP, event stream,
// namespace, observation, teardown) against the floor: the same plugin binaries run directly in
// sequence from this script with the same stdin, in a namespace made with `ip`. Rounds alternate.
import { execFileSync, spawnSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_INPUTS, walkChain, walkSync, type Invocation, type JsonObject, type LabEvent, type StepAnswer } from '../../src/core';
import { createLabServer, LAB_EVENT_CHANNEL } from '../../src/helper/server';
import { childEnv } from '../../src/helper/system-path';
import { helperPhases, median, phaseLines, type Phases, type Stamped } from './phases';
import { freshStateDir } from '../../src/node/state-dir';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
/**
 * Quiet before each round: what a round leaves running (the kernel still freeing the last namespace, the
 * helper starting its next run's reads as it does between a user's runs) must not land in the next one,
 * which is the other side's.
 */
const IDLE_MS = Number(process.env.IDLE_MS ?? 400);
const idle = () => new Promise((r) => setTimeout(r, IDLE_MS));
const CNI_PATH = ['/usr/lib/cni', '/opt/cni/bin'];
const TOKEN = 'bench-token-0123456789abcdef';
const conflist: JsonObject = {
  cniVersion: '1.0.0',
  name: 'cnistudio-bench',
  plugins: [
    { type: 'bridge', bridge: 'cnistudio-bn0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.220.0/24' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/tmp/cnistudio-bench-ipam' } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};
const capabilityArgs = { portMappings: [{ hostPort: 18099, containerPort: 80, protocol: 'tcp' }] };

if (process.getuid?.() !== 0) {
  console.error('bench/lab needs root (it creates namespaces and runs the plugins).');
  process.exit(2);
}

/** The floor: create a namespace, run each binary with the stdin libcni would build (the same runtime loop), tear down. */
function direct(): Phases {
  const phases: Phases = new Map();
  let t = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    phases.set(label, now - t);
    t = now;
  };
  const ns = `cnistudio-bench${Math.floor(Math.random() * 1e6)}`;
  execFileSync('ip', ['netns', 'add', ns]);
  lap('create the namespace (ip netns add)');
  const inputs = { ...DEFAULT_INPUTS, containerId: ns, netns: `/run/netns/${ns}`, cniPath: CNI_PATH, capabilityArgs };
  const exec = (inv: Invocation): StepAnswer => {
    const r = spawnSync(`/usr/lib/cni/${inv.type}`, [], { input: inv.stdinText, env: childEnv({ ...inv.env }), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${inv.type} ${inv.command} failed: ${r.stdout}${r.stderr}`);
    lap(`${inv.command} ${inv.type}`);
    return inv.command === 'ADD' ? { ok: true, result: JSON.parse(r.stdout) as JsonObject } : { ok: true };
  };
  const add = walkSync(walkChain(conflist, 'ADD', inputs), exec);
  walkSync(walkChain(conflist, 'DEL', inputs, { cached: add.end.result }), exec);
  execFileSync('ip', ['netns', 'delete', ns]);
  spawnSync('ip', ['link', 'delete', 'cnistudio-bn0']);
  lap('delete the namespace and the bridge (ip)');
  return phases;
}

const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-bench-'));
// host-local's leases: a folder root made (the helper refuses one still to be made in /tmp).
freshStateDir('/tmp/cnistudio-bench-ipam');
const server = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: CNI_PATH, lockPath: join(tmp, 'lock') });

/** The events as the helper writes them, stamped then. */
const written: Stamped[] = [];
subscribe(LAB_EVENT_CHANNEL, (event) => written.push({ at: performance.now(), event: event as LabEvent }));

/** One run through the HTTP API, each event also stamped as it arrives (the stream is read as the app reads it). */
async function viaHelper(): Promise<Phases> {
  written.length = 0;
  const sentAt = performance.now();
  const r = await fetch(`${server.url}/api/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ conflist, operations: ['ADD', 'DEL'], capabilityArgs }),
  });
  const events: Stamped[] = [];
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of r.body!) {
    const at = performance.now();
    pending += decoder.decode(chunk, { stream: true });
    const frames = pending.split('\n\n');
    pending = frames.pop()!;
    for (const f of frames) if (f.startsWith('data: ')) events.push({ at, event: JSON.parse(f.slice(6)) as LabEvent });
  }
  const closedAt = performance.now();
  const end = events.at(-1)?.event;
  if (end?.type !== 'run-end' || !end.ok) throw new Error(`the helper run failed: ${JSON.stringify(events.slice(-3).map((e) => e.event)).slice(-400)}`);
  return helperPhases(sentAt, written.splice(0), events, closedAt);
}

const total = (p: Phases) => [...p].filter(([l]) => !l.startsWith(' ')).reduce((s, [, ms]) => s + ms, 0);
const helper: Phases[] = [];
const floor: Phases[] = [];
try {
  direct();
  await viaHelper(); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    await idle();
    helper.push(await viaHelper());
    await idle();
    floor.push(direct());
  }
} finally {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
  rmSync('/tmp/cnistudio-bench-ipam', { recursive: true, force: true });
}
const [h, f] = [median(helper.map(total)), median(floor.map(total))];
if (process.env.VERBOSE) console.log(`  rounds (ms): helper ${helper.map((p) => total(p).toFixed(0)).join(' ')}; floor ${floor.map((p) => total(p).toFixed(0)).join(' ')}`);
console.log(`bench/lab: ADD+DEL of bridge + host-local + portmap, ${ROUNDS} alternating rounds`);
console.log(`  through the helper (HTTP, stream, namespace, observe, teardown): ${h.toFixed(0)} ms per cycle (median)`);
console.log(`  the same binaries run directly from a script (the floor):        ${f.toFixed(0)} ms per cycle (median)`);
console.log(`  ratio helper / floor: ${(h / f).toFixed(2)}x`);
console.log(`  per phase, median over rounds (indented lines are part of the one above; medians need not add up to the total):`);
for (const line of [...phaseLines('  helper:', helper), ...phaseLines('  floor:', floor)]) console.log(line);
