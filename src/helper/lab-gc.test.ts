// GC and STATUS in live runs: the recording plugin and Debian's plugins in namespaces the runs create and
// always remove. Each recorded call must be exactly what the planner builds (stdin bytes and CNI_* env).
// Needs root and the plugins, as lab.test.ts; skipped without them outside CI.
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocation, DEFAULT_INPUTS, parseLabRequest, type JsonObject, type LabEvent, type RuntimeInputs } from '../core';
import { runLab } from './engine';
import { spawnExecutor } from './executor';
import { findPlugin } from './probe';
import { hostLinks, listOurNetns } from './netns';
import { fixturePlugins } from './fixture-plugins';
import { freshStateDir } from '../node/state-dir';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const FIXTURES = fixturePlugins();
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && findPlugin('bridge', SYSTEM) !== undefined;
const created: string[] = [];

async function live(conflist: JsonObject, extra: JsonObject) {
  const parsed = parseLabRequest({ conflist, ...extra });
  if (!parsed.ok) throw new Error(parsed.message);
  const events: LabEvent[] = [];
  const ok = await runLab(parsed.request, { cniPath: [FIXTURES, ...SYSTEM], executor: spawnExecutor }, (e) => {
    events.push(e);
    if (e.type === 'run-start') created.push(e.netns.split('/').pop()!);
  });
  const ends = events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end');
  const start = events.find((e): e is Extract<LabEvent, { type: 'run-start' }> => e.type === 'run-start')!;
  const inputs: RuntimeInputs = { ...DEFAULT_INPUTS, containerId: start.containerId, netns: start.netns, cniPath: [FIXTURES, ...SYSTEM] };
  return { ok, events, ends, inputs, steps: ends.map((e) => `${e.phase === 'run' ? '' : `${e.phase} `}${e.command} ${e.pluginType} ${e.ok}`) };
}

const recorded = (network: string) =>
  readFileSync(`/tmp/cnistudio-record/${network}.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { stdin: string; env: Record<string, string> });

describe.runIf(ready)('GC and STATUS with real plugin processes', () => {
  // Reservations an interrupted run left would shift this run's addresses (host-local hands out the next).
  beforeAll(() => void freshStateDir('/tmp/cnistudio-test-gc-ipam'));
  afterAll(async () => {
    const namespaces = await listOurNetns();
    expect(created.filter((n) => namespaces.includes(n))).toEqual([]);
    expect((await hostLinks()).map((l) => l.ifname).filter((n) => n.startsWith('cnistudio-tg'))).toEqual([]);
    // Only this file's recordings: lab.test.ts records in the same folder.
    for (const n of ['cnistudio-testgc1', 'cnistudio-testgc2']) rmSync(`/tmp/cnistudio-record/${n}.jsonl`, { force: true });
    // The folder too once nothing else is in it (rmdir refuses a folder that is not empty).
    try {
      rmdirSync('/tmp/cnistudio-record');
    } catch {
      // lab.test.ts's recordings are still there, or the folder is already gone
    }
    rmSync('/tmp/cnistudio-test-gc-ipam', { recursive: true, force: true });
  });

  it('spec 1.1.0, recording plugins: STATUS and GC get exactly what the planner builds; the stale GC DELs first', async () => {
    const network = 'cnistudio-testgc1';
    rmSync(`/tmp/cnistudio-record/${network}.jsonl`, { force: true });
    const conflist: JsonObject = { cniVersion: '1.1.0', name: network, plugins: [{ type: 'record-log', capabilities: { portMappings: true } }, { type: 'record-log', note: '<&>' }] };
    const caps = { portMappings: [{ hostPort: 18086, containerPort: 80, protocol: 'tcp' }] };
    const run = await live(conflist, { operations: ['ADD', 'STATUS', 'GC', 'GC'], capabilityArgs: caps, libcni: '1.3.0' });
    expect(run.ok).toBe(true);
    expect(run.steps).toEqual(['ADD record-log true', 'ADD record-log true', 'STATUS record-log true', 'STATUS record-log true', 'GC record-log true', 'GC record-log true', 'DEL record-log true', 'DEL record-log true', 'GC record-log true', 'GC record-log true']);
    const calls = recorded(network);
    expect(calls.map((c) => c.env.CNI_COMMAND)).toEqual(['ADD', 'ADD', 'STATUS', 'STATUS', 'GC', 'GC', 'DEL', 'DEL', 'GC', 'GC']);
    const inputs = { ...run.inputs, capabilityArgs: caps };
    const attachment = { containerID: inputs.containerId, ifname: 'eth0' };
    const cached = run.ends[1]!.result;
    const expected = [
      buildInvocation(conflist, 0, 'STATUS', { ...inputs, containerId: '', netns: '', ifname: '', capabilityArgs: {} }, undefined, false),
      buildInvocation(conflist, 1, 'STATUS', { ...inputs, containerId: '', netns: '', ifname: '', capabilityArgs: {} }, undefined, false),
      buildInvocation(conflist, 0, 'GC', { ...inputs, containerId: '', netns: '', ifname: '', capabilityArgs: {}, validAttachments: [attachment] }, undefined, false),
      buildInvocation(conflist, 1, 'GC', { ...inputs, containerId: '', netns: '', ifname: '', capabilityArgs: {}, validAttachments: [attachment] }, undefined, false),
      buildInvocation(conflist, 1, 'DEL', inputs, cached, false),
      buildInvocation(conflist, 0, 'DEL', inputs, cached, false),
      buildInvocation(conflist, 0, 'GC', { ...inputs, containerId: '', netns: '', ifname: '', capabilityArgs: {}, validAttachments: [] }, undefined, false),
      buildInvocation(conflist, 1, 'GC', { ...inputs, containerId: '', netns: '', ifname: '', capabilityArgs: {}, validAttachments: [] }, undefined, false),
    ];
    expect(calls.slice(2).map((c) => c.stdin)).toEqual(expected.map((e) => e.stdinText));
    expect(calls.slice(2).map((c) => c.env)).toEqual(expected.map((e) => e.env));
    expect(calls[2]!.env).toEqual({ CNI_COMMAND: 'STATUS', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '', CNI_PATH: [FIXTURES, ...SYSTEM].join(':') });
    expect(JSON.parse(calls[4]!.stdin)['cni.dev/valid-attachments']).toEqual([attachment]);
    expect(JSON.parse(calls[7]!.stdin).runtimeConfig).toEqual(caps); // plugin 1, DELed last, declares the capability
  });

  it("spec 1.0.0 with Debian's bridge: STATUS runs nothing, a GC with the attachment valid runs nothing, the stale one DELs it for real", async () => {
    const network = 'cnistudio-testgc2';
    rmSync(`/tmp/cnistudio-record/${network}.jsonl`, { force: true });
    const conflist: JsonObject = { cniVersion: '1.0.0', name: network, plugins: [{ type: 'bridge', bridge: 'cnistudio-tg2', ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.232.0/24' }]], dataDir: '/tmp/cnistudio-test-gc-ipam' } }, { type: 'record-log' }] };
    const run = await live(conflist, { operations: ['ADD', 'STATUS', 'GC', 'GC'] });
    expect(run.ok).toBe(true);
    expect(run.steps).toEqual(['ADD bridge true', 'ADD record-log true', 'DEL record-log true', 'DEL bridge true']);
    // STATUS is skipped; the first GC (its attachment valid) calls nothing, and says why.
    expect(run.events.filter((e) => e.type === 'operation-skipped')).toMatchObject([{ operation: 'STATUS', error: false }, { operation: 'GC', error: false, reason: expect.stringContaining('No attachment was stale') }]);
    // host-local released the address the DEL was about.
    expect(() => readFileSync(`/tmp/cnistudio-test-gc-ipam/${network}/10.244.232.2`)).toThrow();
    const del = recorded(network).find((c) => c.env.CNI_COMMAND === 'DEL')!;
    expect(del.stdin).toBe(buildInvocation(conflist, 1, 'DEL', run.inputs, run.ends[1]!.result, false).stdinText);
    const teardown = run.events.find((e) => e.type === 'teardown') as Extract<LabEvent, { type: 'teardown' }>;
    expect(teardown.removedLinks).toEqual(['cnistudio-tg2']);
  });
});
