// GC and STATUS in a lab run, through the recording fake of the machine (no root): what each plugin got on
// stdin and in its environment, per the libcni release the run follows. lab.test.ts runs them for real.
import { describe, expect, it } from 'vitest';
import { foldLabEvents, operationOf, parseLabRequest, type JsonObject, type LabEvent } from '../core';
import { runLab } from './engine';
import { fakeExecutor, fakeHost, fakeMachine, passThrough, vethPlugin, type FakePlugin } from './testing';
import type { ExecRequest } from './executor';

/** A fake plugin that writes down every request, then behaves as `then` does. */
function recording(then: FakePlugin, seen: ExecRequest[]): FakePlugin {
  return (request, machine) => {
    seen.push(request);
    return then(request, machine);
  };
}

async function run(conflist: JsonObject, plugins: Record<string, FakePlugin>, extra: JsonObject) {
  const machine = fakeMachine();
  const parsed = parseLabRequest({ conflist, ...extra });
  if (!parsed.ok) throw new Error(parsed.message);
  const events: LabEvent[] = [];
  const ok = await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, plugins), host: fakeHost(machine, plugins) }, (e) => events.push(e));
  const ends = events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end');
  return { ok, events, machine, steps: ends.map((e) => `${e.phase === 'run' ? '' : `${e.phase} `}${e.command} ${e.pluginType} ${e.ok ? 'ok' : 'failed'}`) };
}

const list = (cniVersion: string): JsonObject => ({ cniVersion, name: 'fake', plugins: [{ type: 'veth' }, { type: 'rec' }] });
const EMPTY_ENV = { CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '', CNI_PATH: '/fake/bin' };

describe('GC and STATUS in a lab run (fake machine)', () => {
  it('STATUS asks every plugin; GC with the run\'s attachment valid, then stale: the DEL happens first, with its cached result', async () => {
    const seen: ExecRequest[] = [];
    const r = await run(list('1.1.0'), { veth: vethPlugin('veth0001'), rec: recording(passThrough, seen) }, { operations: ['ADD', 'STATUS', 'GC', 'GC'], libcni: '1.3.0' });
    expect(r.ok).toBe(true);
    expect(r.steps).toEqual(['ADD veth ok', 'ADD rec ok', 'STATUS veth ok', 'STATUS rec ok', 'GC veth ok', 'GC rec ok', 'DEL rec ok', 'DEL veth ok', 'GC veth ok', 'GC rec ok']);
    // The stale DEL was the run's DEL: teardown runs none, and the namespace after it is observed.
    expect(r.events.filter((e) => e.type === 'observed').map((e) => (e as { after: string }).after)).toEqual(['ADD', 'GC']);
    const [add, status, gcValid, del, gcStale] = seen;
    const start = r.events.find((e) => e.type === 'run-start') as Extract<LabEvent, { type: 'run-start' }>;
    expect(status!.env).toEqual({ CNI_COMMAND: 'STATUS', ...EMPTY_ENV });
    expect(status!.stdin).toBe('{"cniVersion":"1.1.0","name":"fake","type":"rec"}');
    expect(gcValid!.env).toEqual({ CNI_COMMAND: 'GC', ...EMPTY_ENV });
    const attachment = [{ containerID: start.containerId, ifname: 'eth0' }];
    expect(JSON.parse(gcValid!.stdin)).toEqual({ 'cni.dev/attachments': attachment, 'cni.dev/valid-attachments': attachment, cniVersion: '1.1.0', name: 'fake', type: 'rec' });
    expect(del!.env).toEqual({ CNI_COMMAND: 'DEL', CNI_CONTAINERID: start.containerId, CNI_NETNS: start.netns, CNI_IFNAME: 'eth0', CNI_ARGS: '', CNI_PATH: '/fake/bin' });
    // The DEL gets the cached final result: what the last ADD printed.
    expect(JSON.parse(del!.stdin).prevResult).toEqual(JSON.parse(add!.stdin).prevResult);
    expect(JSON.parse(gcStale!.stdin)).toMatchObject({ 'cni.dev/valid-attachments': [], 'cni.dev/attachments': [] });
    expect(r.machine.links.map((l) => l.ifname)).not.toContain('veth0001');
  });

  it('libcni 1.2.0 injects only cni.dev/valid-attachments', async () => {
    const seen: ExecRequest[] = [];
    await run(list('1.1.0'), { veth: vethPlugin('veth0001'), rec: recording(passThrough, seen) }, { operations: ['ADD', 'GC', 'DEL'], libcni: '1.2.0' });
    const gc = seen.find((q) => q.env.CNI_COMMAND === 'GC')!;
    expect(Object.keys(JSON.parse(gc.stdin))).toEqual(['cni.dev/valid-attachments', 'cniVersion', 'name', 'type']);
  });

  it('below spec 1.1.0 (what Debian\'s 1.1.1 plugins take): STATUS runs nothing, GC only DELs the stale attachment', async () => {
    const seen: ExecRequest[] = [];
    const r = await run(list('1.0.0'), { veth: vethPlugin('veth0001'), rec: recording(passThrough, seen) }, { operations: ['ADD', 'STATUS', 'GC'] });
    expect(r.ok).toBe(true);
    expect(r.events.find((e) => e.type === 'operation-skipped')).toMatchObject({ operation: 'STATUS', error: false });
    expect(r.steps).toEqual(['ADD veth ok', 'ADD rec ok', 'DEL rec ok', 'DEL veth ok']);
    expect(seen.map((q) => q.env.CNI_COMMAND)).toEqual(['ADD', 'DEL']);
  });

  it('a GC that calls nothing (its attachment still valid, below spec 1.1.0) says so, in its place in the run', async () => {
    const r = await run(list('1.0.0'), { veth: vethPlugin('veth0001'), rec: passThrough }, { operations: ['ADD', 'STATUS', 'GC', 'GC'] });
    expect(r.ok).toBe(true);
    const ops = r.events.filter((e) => e.type === 'operation-start' || e.type === 'operation-skipped').map((e) => (e.type === 'operation-skipped' ? `${e.operation} skipped` : `${e.operation} start`));
    expect(ops).toEqual(['ADD start', 'STATUS skipped', 'GC skipped', 'GC start']);
    const idle = r.events.filter((e) => e.type === 'operation-skipped')[1]!;
    expect(idle).toMatchObject({ error: false, reason: expect.stringContaining('No attachment was stale') });
    expect(idle.type === 'operation-skipped' && idle.reason).toContain('configuration version 1.0.0, below 1.1.0, GC calls no plugin');
    // The run's state: the operations in order, the second GC's DELs after it.
    const state = foldLabEvents(r.events);
    expect(state.operations.map((o) => [o.operation, o.at, o.skipped ? 'skipped' : 'ran'])).toEqual([['ADD', 0, 'ran'], ['STATUS', 2, 'skipped'], ['GC', 2, 'skipped'], ['GC', 2, 'ran']]);
    // Each step's operation: the second GC's DELs are GC's, not a DEL the run asked for.
    expect(state.steps.map((_, at) => operationOf(state, at)?.operation)).toEqual(['ADD', 'ADD', 'GC', 'GC']);
  });

  it('libcni 1.1.2 has no GC: refused before any plugin runs, then teardown DELs', async () => {
    const r = await run(list('1.0.0'), { veth: vethPlugin('veth0001'), rec: passThrough }, { operations: ['ADD', 'GC'], libcni: '1.1.2' });
    expect(r.ok).toBe(false);
    expect(r.events.find((e) => e.type === 'operation-skipped')).toMatchObject({ operation: 'GC', error: true, reason: expect.stringContaining('libcni 1.1.2 has no GC') });
    expect(r.steps).toEqual(['ADD veth ok', 'ADD rec ok', 'teardown DEL rec ok', 'teardown DEL veth ok']);
  });

  it('STATUS stops at the first plugin that is not available, with its code; teardown follows', async () => {
    const unavailable: FakePlugin = (req, m) => (req.env.CNI_COMMAND === 'STATUS' ? { exitCode: 1, stdout: JSON.stringify({ code: 50, msg: 'plugin not available' }) } : vethPlugin('veth0001')(req, m));
    const r = await run(list('1.1.0'), { veth: unavailable, rec: passThrough }, { operations: ['ADD', 'STATUS', 'DEL'] });
    expect(r.ok).toBe(false);
    expect(r.steps).toEqual(['ADD veth ok', 'ADD rec ok', 'STATUS veth failed', 'teardown DEL rec ok', 'teardown DEL veth ok']);
    expect(r.events.find((e) => e.type === 'invocation-end' && !e.ok)).toMatchObject({ error: { code: 50, words: 'plugin not available' } });
  });
});
