// Fidelity against the real plugins (Debian's 1.1.1 by default, as root): for published configs and for the defects
// users hit, the validator's verdict under the machine's profile (libcni 1.1.2 + plugins 1.1.1) must be what
// the plugins do — an error exactly when ADD fails — and, where ADD succeeds, the preview's predicted
// results must be the real ones (addresses, routes, DNS; MACs and veth names are the kernel's choice).
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFailure, allResultMismatches, foldLabEvents, parseLabRequest, plan, runResultMismatches, DEFAULT_INPUTS, type JsonObject, type LabEvent } from '../core';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';
import { runLab } from './engine';
import { spawnExecutor } from './executor';
import { findPlugin } from './probe';
import { CHECK_BREAKERS, fidelityCases, FIDELITY_IPAM as IPAM, FIDELITY_MASTER as MASTER } from './fidelity-cases';
import { freshStateDir } from '../node/state-dir';
import { fixturePlugins } from './fixture-plugins';

// Another release's plugins (built from its tag) and the profile that names it: FIDELITY_CNI_PATH=<dir>
// FIDELITY_PLUGINS=<version> [FIDELITY_LIBCNI=<version>]. By default Debian's, as CI runs it.
const SYSTEM = [process.env.FIDELITY_CNI_PATH ?? '/usr/lib/cni'];
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && findPlugin('bridge', SYSTEM) !== undefined;
const PROFILE = { libcni: process.env.FIDELITY_LIBCNI ?? '1.1.2', plugins: process.env.FIDELITY_PLUGINS ?? '1.1.1' };
const validator = createValidator(loadSchemas());
const { add: CASES, check: CHECK_CASES, inputs: INPUT_CASES } = fidelityCases(PROFILE);

if (ready) {
  beforeAll(() => {
    spawnSync('ip', ['link', 'delete', MASTER]); // left by an interrupted run
    execFileSync('ip', ['link', 'add', MASTER, 'type', 'veth', 'peer', 'name', 'cnistudio-fm1']);
    execFileSync('ip', ['link', 'set', MASTER, 'up']);
  });
  afterAll(() => void spawnSync('ip', ['link', 'delete', MASTER]));
}
const FIXTURES = fixturePlugins();
const LAB = { cniPath: SYSTEM, executor: spawnExecutor, profile: PROFILE, hostLinks: [MASTER], machinePlugins: PROFILE.plugins };

describe.runIf(ready)(`fidelity: the verdict and the prediction against the real plugins (libcni ${PROFILE.libcni} + plugins ${PROFILE.plugins})`, () => {
  const table: string[] = [];
  // Reservations an interrupted run left would shift this run's addresses (host-local hands out the next).
  beforeAll(() => void freshStateDir(IPAM));
  afterAll(() => {
    console.log(`fidelity: ${table.length} configs\n${table.join('\n')}`);
    rmSync(IPAM, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const errors = validator.validate(c.conflist, { profile: PROFILE }).filter((f) => f.severity === 'error');
      const parsed = parseLabRequest({ conflist: c.conflist, operations: ['ADD', 'DEL'], libcni: PROFILE.libcni });
      // libcni refusing to load the list (its decoding, modelled in core and measured by bench/libcni against
      // real cnitool): ADD fails before any plugin runs.
      if (!parsed.ok && /refuses to load/.test(parsed.message)) {
        table.push(`  ADD fails | ${errors.length ? `error ${errors.map((f) => f.code).join(',')}` : 'no error'} | ${c.name} — ${parsed.message.slice(0, 90)}`);
        expect({ validatorSaysError: errors.length > 0, errors: errors.map((f) => `${f.code} ${f.message}`) }).toMatchObject({ validatorSaysError: true });
        if (c.fails !== undefined) expect(parsed.message).toContain(c.fails);
        return;
      }
      if (!parsed.ok) throw new Error(parsed.message);
      const events: LabEvent[] = [];
      const ran = await runLab(parsed.request, LAB, (e) => events.push(e));
      const ends = events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.phase === 'run');
      // A plugin that failed, or the runtime refusing ADD before any plugin ran.
      const failedAdd = addFailure(events);
      table.push(`  ${failedAdd !== undefined ? 'ADD fails' : 'ADD runs '} | ${errors.length ? `error ${errors.map((f) => f.code).join(',')}` : 'no error'} | ${c.name}${failedAdd !== undefined ? ` — ${failedAdd.slice(0, 90)}` : ''}`);
      // The verdict: an error exactly when the real plugins fail.
      expect({ validatorSaysError: errors.length > 0, errors: errors.map((f) => `${f.code} ${f.message}`) }).toMatchObject({ validatorSaysError: failedAdd !== undefined });
      if (c.fails !== undefined) expect(failedAdd ?? '').toContain(c.fails);
      if (failedAdd !== undefined) return;
      expect(ran).toBe(true);
      // The prediction: what each plugin prints, and the final result libcni caches for CHECK and DEL, as
      // the preview says, against what really came out.
      const start = events.find((e) => e.type === 'run-start') as Extract<LabEvent, { type: 'run-start' }>;
      const preview = plan(c.conflist, { ...DEFAULT_INPUTS, containerId: start.containerId, netns: start.netns, cniPath: SYSTEM }, 'ADD', { validator, profile: PROFILE });
      const shape = (r: JsonObject | undefined) => ({ ips: r?.ips, ip4: r?.ip4, ip6: r?.ip6, routes: r?.routes, dns: r?.dns, cniVersion: r?.cniVersion });
      const addEnds = ends.filter((e) => e.command === 'ADD');
      for (const end of addEnds) expect(shape(preview.results[end.index]), `${c.name}: what plugin ${end.index + 1} (${end.pluginType}) prints`).toEqual(shape(end.result));
      const last = addEnds.at(-1)!;
      expect(shape(preview.cachedResult), `${c.name}: the cached result`).toEqual(shape(last.handedOn ?? last.result));
      // What the real plugins' result claims, the namespace holds: the lab flags no real plugin.
      expect(runResultMismatches(foldLabEvents(events)), `${c.name}: the result against the namespace`).toEqual([]);
    });
  }

  it('a plugin whose result the namespace contradicts is named, claim by claim, though libcni takes its ADD', async () => {
    const parsed = parseLabRequest({ conflist: { cniVersion: '1.0.0', name: 'cnistudio-liar', plugins: [{ type: 'loopback' }, { type: 'liar' }] }, operations: ['ADD', 'DEL'], libcni: PROFILE.libcni, containers: 2 });
    if (!parsed.ok) throw new Error(parsed.message);
    const events: LabEvent[] = [];
    expect(await runLab(parsed.request, { ...LAB, cniPath: [FIXTURES, ...SYSTEM] }, (e) => events.push(e))).toBe(true);
    const state = foldLabEvents(events);
    // Each container's result against its own namespace.
    expect(allResultMismatches(state).map((c) => [c.container, c.mismatches.length])).toEqual([[0, 3], [1, 3]]);
    expect(runResultMismatches(state, 1)[0]!.message).toContain('the namespace has none of that name (it has lo)');
    const mismatches = runResultMismatches(state);
    expect(mismatches.map((m) => m.pointer)).toEqual(['/interfaces/1/name', '/ips/0/address', '/ips/1/address']);
    expect(mismatches[0]!.message).toContain('the namespace has none of that name (it has lo)');
    expect(mismatches[1]!.message).toBe('The result gives the container 10.99.0.5/24 on lo, but lo in the namespace does not have that address.');
    expect(mismatches[2]!.message).toContain('lo in the namespace has 127.0.0.1/8');
  });
});

describe.runIf(ready)('fidelity of CHECK: a warning that CHECK fails exactly where it fails on the real plugins', () => {
  beforeAll(() => void freshStateDir(IPAM));
  afterAll(() => rmSync(IPAM, { recursive: true, force: true }));

  for (const c of CHECK_CASES) {
    it(c.name, async () => {
      const findings = validator.validate(c.conflist, { profile: PROFILE });
      expect(findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([]);
      const parsed = parseLabRequest({ conflist: c.conflist, operations: ['ADD', 'CHECK', 'DEL'], libcni: PROFILE.libcni });
      if (!parsed.ok) throw new Error(parsed.message);
      const events: LabEvent[] = [];
      await runLab(parsed.request, LAB, (e) => events.push(e));
      const ends = events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.phase === 'run');
      expect(ends.filter((e) => e.command === 'ADD').every((e) => e.ok)).toBe(true);
      const failedCheck = ends.find((e) => e.command === 'CHECK' && !e.ok);
      expect({ warns: findings.filter((f) => CHECK_BREAKERS.has(f.code)).map((f) => f.code), checkFails: failedCheck !== undefined }).toMatchObject({ checkFails: c.fails !== undefined });
      expect(findings.some((f) => CHECK_BREAKERS.has(f.code))).toBe(failedCheck !== undefined);
      if (c.fails !== undefined) expect(failedCheck?.error?.msg ?? '').toContain(c.fails);
    });
  }
});

describe.runIf(ready)('fidelity of the runtime inputs: an error in the preview exactly where ADD fails on the real plugins', () => {
  beforeAll(() => void freshStateDir(IPAM));
  afterAll(() => rmSync(IPAM, { recursive: true, force: true }));

  for (const c of INPUT_CASES) {
    it(c.name, async () => {
      const inputs = { ...DEFAULT_INPUTS, capabilityArgs: c.capabilityArgs ?? {}, cniArgs: c.cniArgs ?? [] };
      const errors = plan(c.conflist, inputs, 'ADD', { validator, profile: PROFILE }).notes.filter((n) => n.severity === 'error');
      expect(validator.validate(c.conflist, { profile: PROFILE }).filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([]);
      const parsed = parseLabRequest({ conflist: c.conflist, operations: ['ADD', 'DEL'], libcni: PROFILE.libcni, capabilityArgs: inputs.capabilityArgs, cniArgs: inputs.cniArgs });
      if (!parsed.ok) throw new Error(parsed.message);
      const events: LabEvent[] = [];
      await runLab(parsed.request, LAB, (e) => events.push(e));
      const failedAdd = events.find((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end' && e.phase === 'run' && e.command === 'ADD' && !e.ok);
      expect({ previewSaysError: errors.length > 0, errors: errors.map((n) => n.message) }).toMatchObject({ previewSaysError: failedAdd !== undefined });
      if (c.fails !== undefined) expect(`${failedAdd?.error?.msg ?? ''} ${failedAdd?.error?.details ?? ''}`).toContain(c.fails);
    });
  }
});
