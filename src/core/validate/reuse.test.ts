// A document object validated again reuses each unchanged plugin's checks (same object, index and profile):
// the findings must be exactly those of a validation from scratch, through any sequence of edits.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createValidator } from './create';
import { loadSchemas } from '../../node/schemas';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import type { RuntimeProfile } from '../profiles/profile';

const schemas = loadSchemas();
const dir = resolve(__dirname, '../../fixtures/real');
const corpus: JsonObject[] = readdirSync(dir)
  .filter((f) => f.endsWith('.conflist'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JsonValue)
  .filter((d): d is JsonObject => isJsonObject(d) && Array.isArray(d.plugins));

const PROFILES: RuntimeProfile[] = [
  { libcni: '1.3.0', plugins: '1.9.1' },
  { libcni: '1.1.2', plugins: '1.1.1' },
  { libcni: '1.2.0', plugins: '1.4.0' },
];

/** A small deterministic generator (mulberry32), so a failure names its seed and replays. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** Plugin values that draw findings of several kinds (types, ranges, unknown keys, IPAM). */
const EDITS: readonly ((p: JsonObject) => JsonObject)[] = [
  (p) => ({ ...p, mtu: 1400 }),
  (p) => ({ ...p, mtu: 'big' }),
  (p) => ({ ...p, unknownKey: true }),
  (p) => ({ ...p, ipam: { type: 'host-local', ranges: [[{ subnet: '10.9.0.0/16', gateway: '10.10.0.1' }]] } }),
  (p) => ({ ...p, ipam: { type: 'static', addresses: [{ address: 'nonsense' }] } }),
  (p) => ({ ...p, capabilities: { portMappings: true, bandwidth: 'yes' } }),
  (p) => ({ ...p, type: 'portmap' }),
  (p) => ({ ...p, type: 'not-a-plugin' }),
  (p) => {
    const { type: _type, ...rest } = p;
    return rest;
  },
  // Keys Go reads in another case: renames, and a spelling shadowed by another (their pointers move with the plugin).
  (p) => {
    const { type, ...rest } = p;
    return { Type: type ?? 'bridge', ...rest };
  },
  (p) => ({ ...p, MTU: 1400, mtu: 'x' }),
  (p) => ({ ...p, IPAM: { Type: 'host-local', Ranges: [[{ Subnet: '10.9.0.0/16', gateway: '10.10.0.1' }]] } }),
];

/** One immutable edit of a document, as the app makes them: untouched plugins keep their objects. */
function edit(doc: JsonObject, r: ReturnType<typeof random>): JsonObject {
  const plugins = (doc.plugins as JsonValue[]).slice();
  const i = r.int(plugins.length);
  switch (r.int(6)) {
    case 0: {
      // Move a plugin (a drop on the canvas): the ones between change index.
      const [moved] = plugins.splice(i, 1);
      plugins.splice(r.int(plugins.length + 1), 0, moved!);
      break;
    }
    case 1:
      if (isJsonObject(plugins[i])) plugins[i] = r.pick(EDITS)(plugins[i] as JsonObject);
      break;
    case 2:
      if (plugins.length > 1) plugins.splice(i, 1);
      break;
    case 3:
      // The same object twice in one list.
      plugins.splice(r.int(plugins.length + 1), 0, plugins[i]!);
      break;
    case 4:
      plugins[i] = 'not an object';
      break;
    default:
      return { ...doc, cniVersion: r.pick(['0.4.0', '1.0.0', '1.1.0', '0.3.1']) };
  }
  return { ...doc, plugins };
}

describe('a document validated again after edits', () => {
  it('has the corpus to edit', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives the findings of a validation from scratch (seed %i)', (seed) => {
    const reusing = createValidator(schemas);
    const scratch = createValidator(schemas);
    const r = random(seed);
    let doc = r.pick(corpus);
    let checked = 0;
    for (let step = 0; step < 60; step++) {
      doc = r.next() < 0.1 ? r.pick(corpus) : edit(doc, r);
      const profile = r.pick(PROFILES);
      // structuredClone: new objects for every plugin, so the scratch validator reuses nothing.
      const expected = scratch.validate(structuredClone(doc), { profile });
      expect(reusing.validate(doc, { profile }), `seed ${seed}, step ${step}`).toEqual(expected);
      checked += expected.length;
    }
    // The sequence drew findings: a comparison of empty lists would prove nothing.
    expect(checked).toBeGreaterThan(20);
  });

  it('checks again only the plugin that changed, and every plugin under another profile', () => {
    const validator = createValidator(schemas);
    const doc = corpus.find((d) => (d.plugins as JsonValue[]).length >= 3)!;
    validator.validate(doc);
    const check = vi.spyOn(validator.checker, 'check');
    const plugins = (doc.plugins as JsonObject[]).slice();
    plugins[1] = { ...plugins[1]!, mtu: 1400 };
    validator.validate({ ...doc, plugins });
    // The list's envelope, then the changed plugin (and its IPAM, when it has one).
    const checkedBases = check.mock.calls.map(([, at]) => at.base);
    expect(checkedBases[0]).toBe('');
    expect(checkedBases.slice(1).every((base) => base.startsWith('/plugins/1'))).toBe(true);
    check.mockClear();
    validator.validate({ ...doc, plugins }, { profile: { libcni: '1.1.2', plugins: '1.1.1' } });
    const bases = new Set(check.mock.calls.map(([, at]) => at.base.split('/').slice(0, 3).join('/')));
    expect(bases).toEqual(new Set(['', ...plugins.map((_, i) => `/plugins/${i}`)]));
  });

  it('checks no plugin again when a drop only moves them, and places their findings at their new indices', () => {
    const validator = createValidator(schemas);
    const plugins: JsonObject[] = [{ type: 'bridge', mtu: 'big', MTU: 1400 }, { type: 'tuning', Mtu: 9000, unknownKey: 1 }, { TYPE: 'portmap' }];
    const doc = { cniVersion: '1.0.0', name: 'n', plugins };
    validator.validate(doc);
    const check = vi.spyOn(validator.checker, 'check');
    const moved = { ...doc, plugins: [plugins[2]!, plugins[0]!, plugins[1]!] };
    const findings = validator.validate(moved);
    // The list's envelope only.
    expect(check.mock.calls.map(([, at]) => at.base)).toEqual(['']);
    expect(findings).toEqual(createValidator(schemas).validate(structuredClone(moved)));
    // Each plugin's findings, renames and fixes name its new index.
    expect(findings.filter((f) => f.pointer.startsWith('/plugins/2')).length).toBeGreaterThan(0);
    for (const f of findings) if (f.pluginIndex !== undefined) for (const op of f.fix?.patch ?? []) expect(op.path.startsWith(`/plugins/${f.pluginIndex}`)).toBe(true);
  });
});
