// bench/lab: one ADD+DEL cycle of bridge + host-local + portmap through the helper (HTTP, event stream,
// namespace, observation, teardown) against the floor: the same plugin binaries run directly in
// sequence from this script with the same stdin, in a namespace made with `ip`. Rounds alternate.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_INPUTS, walkChain, walkSync, type Invocation, type JsonObject, type StepAnswer } from '../../src/core';
import { createLabServer } from '../../src/helper/server';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
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
function direct(): void {
  const ns = `cnistudio-bench${Math.floor(Math.random() * 1e6)}`;
  execFileSync('ip', ['netns', 'add', ns]);
  const inputs = { ...DEFAULT_INPUTS, containerId: ns, netns: `/run/netns/${ns}`, cniPath: CNI_PATH, capabilityArgs };
  const exec = (inv: Invocation): StepAnswer => {
    const r = spawnSync(`/usr/lib/cni/${inv.type}`, [], { input: inv.stdinText, env: { PATH: process.env.PATH, ...inv.env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${inv.type} ${inv.command} failed: ${r.stdout}${r.stderr}`);
    return inv.command === 'ADD' ? { ok: true, result: JSON.parse(r.stdout) as JsonObject } : { ok: true };
  };
  const add = walkSync(walkChain(conflist, 'ADD', inputs), exec);
  walkSync(walkChain(conflist, 'DEL', inputs, { cached: add.end.result }), exec);
  execFileSync('ip', ['netns', 'delete', ns]);
  spawnSync('ip', ['link', 'delete', 'cnistudio-bn0']);
}

const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-bench-'));
const server = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: CNI_PATH, lockPath: join(tmp, 'lock') });

async function viaHelper(): Promise<void> {
  const r = await fetch(`${server.url}/api/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ conflist, operations: ['ADD', 'DEL'], capabilityArgs }),
  });
  const text = await r.text();
  if (!text.includes('"type":"run-end","ok":true')) throw new Error(`the helper run failed: ${text.slice(-400)}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const helper: number[] = [];
const floor: number[] = [];
try {
  direct();
  await viaHelper(); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await viaHelper();
    helper.push(performance.now() - t);
    t = performance.now();
    direct();
    floor.push(performance.now() - t);
  }
} finally {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
  rmSync('/tmp/cnistudio-bench-ipam', { recursive: true, force: true });
}
console.log(`bench/lab: ADD+DEL of bridge + host-local + portmap, ${ROUNDS} alternating rounds`);
console.log(`  through the helper (HTTP, stream, namespace, observe, teardown): ${median(helper).toFixed(0)} ms per cycle (median)`);
console.log(`  the same binaries run directly from a script (the floor):        ${median(floor).toFixed(0)} ms per cycle (median)`);
console.log(`  ratio helper / floor: ${(median(helper) / median(floor)).toFixed(2)}x`);
