// The replay of a real run: bridge + portmap, two containers, checks (testdata/README.md says how it was made).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../model/types';
import type { LabEvent } from './contract';
import { foldLabEvents } from './run-state';
import { checkLine, replayBadge, replayInjected, replaySteps, replayTitle, replayWords, type ReplayCall, type ReplayStep } from './replay';

const events = JSON.parse(readFileSync(resolve(__dirname, 'testdata/bridge-portmap-2c-checks.events.json'), 'utf8')) as LabEvent[];
const conflist: JsonObject = {
  cniVersion: '1.0.0',
  name: 'cnistudio-wr1',
  plugins: [
    { type: 'bridge', bridge: 'cnistudio-wr1', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.251.0/24' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/tmp/wr-rec/ipam' } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};
const steps = replaySteps(foldLabEvents(events));
const calls = (list: readonly ReplayStep[]) => list.filter((s): s is ReplayCall => s.kind === 'call');

describe('replaySteps', () => {
  it('walks the calls in the order they ran, the traffic after every ADD and before what followed', () => {
    expect(steps.map((s) => replayTitle(s, 2))).toEqual([
      'c1 · ADD 1. bridge',
      'c1 · ADD 2. portmap',
      'c2 · ADD 1. bridge',
      'c2 · ADD 2. portmap',
      'The traffic: reachability checks',
      'c1 · CHECK 1. bridge',
      'c1 · CHECK 2. portmap',
      // portmap 1.1.1's CHECK failed, so the run stopped: the helper DELs each container, the last first.
      'c2 · teardown · DEL 2. portmap',
      'c2 · teardown · DEL 1. bridge',
      'c1 · teardown · DEL 2. portmap',
      'c1 · teardown · DEL 1. bridge',
    ]);
  });

  it("numbers each call within its walk, as the canvas's label says it", () => {
    const c = calls(steps);
    expect(c.map((s) => `${s.step}/${s.of}`)).toEqual(['1/2', '2/2', '1/2', '2/2', '1/2', '2/2', '1/2', '2/2', '1/2', '2/2']);
    expect(c[1]!.order).toEqual([0, 1]);
    expect(c[6]!.order).toEqual([1, 0]);
    expect(replayBadge(c[1]!, 2)).toBe('now running: c1 · step 2 of 2 · ADD');
    expect(replayBadge(c[6]!, 1)).toBe('now running: step 1 of 2 · DEL (teardown)');
    expect(replayTitle(c[0]!, 1)).toBe('ADD 1. bridge');
  });

  it('starts a new walk when a plugin runs again in the same operation', () => {
    const start = (index: number): LabEvent => ({ type: 'invocation-start', phase: 'run', index, pluginType: 'x', command: 'DEL', env: { CNI_COMMAND: 'DEL' } as never, stdin: {}, stdinText: '{}' });
    const twice = replaySteps(foldLabEvents([start(1), start(0), start(1), start(0)]));
    expect(calls(twice).map((s) => `${s.index}:${s.step}/${s.of}`)).toEqual(['1:1/2', '0:2/2', '1:1/2', '0:2/2']);
  });

  it('keeps each call with what it received and what it printed, failures included', () => {
    const check = calls(steps).find((s) => s.command === 'CHECK' && s.index === 1)!;
    expect(check.call.end).toMatchObject({ ok: false, exitCode: 1 });
    expect(check.call.end!.error!.msg).toContain('could not check ipv6 dnat');
    const add = calls(steps)[1]!;
    expect(add.call.start.stdin.runtimeConfig).toEqual({ portMappings: [{ containerPort: 80, hostPort: 18111, protocol: 'tcp' }] });
    expect(add.call.end!.result).toBeDefined();
  });

  it("says what each call did in the plugin's own words, and what its phase means", () => {
    const c = calls(steps);
    expect(replayWords(c[1]!, conflist)).toMatch(/^Adds NAT rules on the host that forward the host ports/);
    expect(replayWords(c[6]!, conflist)).toMatch(/^Teardown: .* Undoes its port forwarding/);
    expect(replayWords(c[6]!, conflist)).toContain(replayWords({ ...c[6]!, phase: 'run' }, conflist));
  });

  it('marks what the runtime injected, with where it came from', () => {
    const [, portmapAdd] = calls(steps);
    const injected = replayInjected(portmapAdd!, conflist);
    expect(injected).toContainEqual({ pointer: '/runtimeConfig', kind: 'added', source: 'capability portMappings' });
    expect(injected).toContainEqual({ pointer: '/prevResult', kind: 'added', source: 'previous plugin' });
    const del = calls(steps)[6]!;
    expect(replayInjected(del, conflist)).toContainEqual({ pointer: '/prevResult', kind: 'added', source: 'cached ADD result' });
  });

  it('puts the traffic where the checks were made, each check as a line with its verdict', () => {
    const traffic = steps.find((s) => s.kind === 'traffic')!;
    expect(traffic.kind === 'traffic' && traffic.checks.map(checkLine)).toEqual(
      expect.arrayContaining([
        'ping c1 → c2 (IPv4): passed — 3 of 3 replies, 0.088 ms on average',
        'hostPort client → c2:80: failed — the host port forwards to 10.244.251.2, not to c2:80 (another mapping of the same host port takes it)',
        'bandwidth host → c1: not applicable — no bandwidth plugin in the chain',
      ]),
    );
  });

  it('has no traffic step in a run without checks', () => {
    const without = replaySteps(foldLabEvents(events.filter((e) => e.type !== 'checks')));
    expect(without.map((s) => s.kind)).not.toContain('traffic');
    expect(without).toHaveLength(10);
  });
});
