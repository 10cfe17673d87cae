// The planner against libcni v1.3.0 itself: recordings of what libcni sent recording plugins for ADD, CHECK,
// DEL, STATUS and GC (testdata/libcni-1.3.0, a copy of shared/oracle; its README says how they were made).
// Replayed in order with a result cache as libcni keeps it, every invocation the planner builds must equal
// the recorded one: command, plugin, the six CNI_* variables, the stdin object and its bytes. ADD's
// prevResult is the planner's prediction (the recording plugins answer fixed results), so only there it is
// left out; CHECK, DEL and GC's DELs get the real cached result.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan, type Invocation, type Operation } from './plan';
import { DEFAULT_INPUTS, type CachedAttachment, type GcAttachment, type RuntimeInputs } from './inputs';
import { goMarshal } from './go-json';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import { isJsonObject, type JsonObject } from '../model/types';

const DIR = resolve(__dirname, 'testdata/libcni-1.3.0');
const validator = createValidator(loadSchemas());

interface Recording {
  conflist: string;
  operation: string;
  /** What the caller set, as `NAME=value` (one variable or none). */
  env: string;
  libcniExit: number;
  libcniStdout: string;
  invocations: { command: string; type: string; env: Record<string, string>; stdin: JsonObject }[];
}

const recordings = readFileSync(resolve(DIR, 'recordings.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Recording);

// What the recordings' caller supplied for every operation (the README).
const CAPS = { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }], mac: '02:00:00:00:00:aa', bandwidth: { ingressRate: 1000, ingressBurst: 100 } };
const netnsOf = (file: string) => `/run/netns/oracle-${file[0]}`;

const seen = (inv: Invocation, withPrev: boolean) => ({ command: inv.command, type: inv.type, env: inv.env, stdin: withPrev ? inv.stdin : without(inv.stdin, 'prevResult') });
const without = (o: JsonObject, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('the planner against libcni v1.3.0 (recordings)', () => {
  // One result cache per conflist, as libcni keeps it: what ADD cached, what DEL and GC removed.
  const caches = new Map<string, CachedAttachment[]>();
  let compared = 0;
  for (const [n, rec] of recordings.entries()) {
    const eq = rec.env.indexOf('=');
    const callerEnv: Record<string, string> = eq > 0 ? { [rec.env.slice(0, eq)]: rec.env.slice(eq + 1) } : {};
    const label = `${n + 1}. ${rec.conflist} ${rec.operation}${rec.env ? ` ${rec.env}` : ''}`;
    it(label, () => {
      const conflist = JSON.parse(readFileSync(resolve(DIR, rec.conflist), 'utf8')) as JsonObject;
      const cache = caches.get(rec.conflist) ?? [];
      caches.set(rec.conflist, cache);
      const operation = rec.operation.toUpperCase() as Operation;
      const id = callerEnv.CONTAINER_ID ?? '';
      const inputs: RuntimeInputs = { ...DEFAULT_INPUTS, containerId: id, netns: netnsOf(rec.conflist), ifname: 'eth0', cniPath: ['<CNI_PATH>'], capabilityArgs: CAPS };
      const entry = cache.find((a) => a.containerID === id);
      if (operation === 'GC') {
        // "GC with no arguments": GC arguments holding no list (the keys arrive as null).
        inputs.validAttachments = callerEnv.VALID_ATTACHMENTS === undefined ? null : (JSON.parse(callerEnv.VALID_ATTACHMENTS) as GcAttachment[]);
        inputs.cachedAttachments = cache;
      }
      const p = plan(conflist, inputs, operation, { validator, ...(entry?.result && (operation === 'CHECK' || operation === 'DEL') ? { cachedResult: entry.result } : {}) });
      expect(rec.libcniExit).toBe(0);
      // libcni runs nothing exactly when the planner says the runtime skips the operation.
      expect(p.skipped !== undefined).toBe(rec.invocations.length === 0);
      const withPrev = operation !== 'ADD';
      expect(p.invocations.map((i) => seen(i, withPrev))).toEqual(rec.invocations.map((r) => ({ command: r.command, type: r.type, env: r.env, stdin: withPrev ? r.stdin : without(r.stdin, 'prevResult') })));
      // Byte for byte: libcni 1.3.0 marshals every stdin from maps, keys sorted.
      p.invocations.forEach((inv, i) => {
        if (withPrev) expect(inv.stdinText).toBe(goMarshal(rec.invocations[i]!.stdin));
        // Real cached results are not marked predicted.
        expect(inv.prevResultPredicted).toBe(operation === 'ADD' && isJsonObject(inv.stdin.prevResult));
      });
      compared += rec.invocations.length;
      // The cache after the operation, as libcni leaves it.
      if (operation === 'ADD') cache.push({ containerID: id, ifname: 'eth0', netns: inputs.netns, capabilityArgs: CAPS, result: JSON.parse(rec.libcniStdout) as JsonObject });
      if (operation === 'DEL') cache.splice(cache.indexOf(entry!), 1);
      if (operation === 'GC' && !p.skipped) for (const gone of p.stale ?? []) cache.splice(cache.findIndex((a) => a.containerID === gone.containerID), 1);
    });
  }
  it('compared every recorded invocation', () => {
    expect(compared).toBe(recordings.reduce((sum, r) => sum + r.invocations.length, 0));
    expect(compared).toBeGreaterThan(30);
  });
});
