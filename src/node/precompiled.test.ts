// The validators precompiled into the built command line say exactly what the ones ajv compiles at run
// time say: every real fixture and template, and a mutated copy of each, give the same findings. And a
// build older than the schemas (or sources) is never run.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidatorFrom, DEFAULT_INPUTS, inputNotes, precompiledRefs, serializeConflist, TEMPLATES, type JsonObject, type JsonValue, type PrecompiledValidators, type SchemaSet } from '../core';
import { createValidator } from '../core/validate/create';
import { buildCli } from '../../scripts/build-cli.mjs';
import { builtIsCurrent, loadBuilt } from '../../bin/built.cjs';
import { REAL_FIXTURES } from './fixtures';
import { loadPrecompiled } from './precompiled';
import { loadSchemas, SCHEMA_DIR } from './schemas';

const out = mkdtempSync(join(tmpdir(), 'cni-studio-precompiled-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
let bundled: { schemas: SchemaSet; validators: PrecompiledValidators };
beforeAll(async () => {
  await buildCli(join(out, 'cli'));
  // What the bundle carries, as the built command line loads it (with its code cache).
  const bundle = (await loadBuilt(join(out, 'cli', 'cni-studio.cjs'))) as unknown as { loadPrecompiled: typeof loadPrecompiled };
  bundled = bundle.loadPrecompiled()!;
}, 120_000);

const texts = (): [string, string][] => [
  ...readdirSync(REAL_FIXTURES).map((name): [string, string] => [name, readFileSync(join(REAL_FIXTURES, name), 'utf8')]),
  ...TEMPLATES.filter((t) => t.format !== 'nad').map((t): [string, string] => [`${t.id}.conflist`, serializeConflist(t.document)]),
];

describe('precompiled validators', () => {
  it('find exactly what runtime-compiled ones find, on every fixture and template and a broken copy of each', async () => {
    const schemas = loadSchemas();
    const compiled = createValidator(schemas);
    // As the built command line makes it: the build's schemas (without editor annotations) and validators only.
    const precompiled = createValidatorFrom(bundled.schemas, bundled.validators);
    let findings = 0;
    for (const [name, text] of texts()) {
      // The broken copy: every string value a number, every number a string (type errors everywhere).
      const broken = text.replace(/"(\w+)": "([^"]*)"/g, (_m, k: string) => `"${k}": 7`).replace(/": (\d+)/g, '": "$1"');
      for (const t of [text, broken]) {
        const a = compiled.validate(t, { fileName: name });
        const b = precompiled.validate(t, { fileName: name });
        expect(b, name).toEqual(a);
        findings += a.length;
      }
    }
    expect(findings).toBeGreaterThan(100);
    const refs = precompiledRefs(schemas);
    expect(refs.length).toBeGreaterThan(30);
    for (const ref of refs) expect(bundled.validators.get(ref), ref).toBeTypeOf('function');
    expect(bundled.validators.get('https://cni-studio.dev/schemas/plugins/nothing.schema.json')).toBeUndefined();
    expect(bundled.validators.get('constructor')).toBeUndefined();
  });

  it("check every capability argument plan is given as the runtime-compiled ones do (each runtimeConfig value's schema is precompiled)", () => {
    const schemas = loadSchemas();
    const compiled = createValidator(schemas);
    const precompiled = createValidatorFrom(bundled.schemas, bundled.validators);
    const names = Object.keys(schemas.defs.definitions?.runtimeConfig?.properties ?? {});
    expect(names).toEqual(expect.arrayContaining(['portMappings', 'bandwidth', 'ips', 'mac', 'cgroupPath']));
    // Each value right, and wrong (a number where the schema wants anything else, and a string where it wants no string).
    const values: Record<string, JsonValue[]> = { portMappings: [[{ hostPort: 8080, containerPort: 80 }], [{ hostPort: 'x' }]], bandwidth: [{ ingressRate: 1, ingressBurst: 1 }, { ingressRate: 'x' }] };
    const conflist: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', capabilities: Object.fromEntries(names.map((n) => [n, true])) }] };
    let notes = 0;
    for (const name of names)
      for (const value of values[name] ?? ['c2:00:00:00:00:01', 7]) {
        const inputs = { ...DEFAULT_INPUTS, capabilityArgs: { [name]: value } };
        const expected = inputNotes(conflist, inputs, 'ADD', compiled);
        expect(inputNotes(conflist, inputs, 'ADD', precompiled), name).toEqual(expected);
        notes += expected.filter((n) => n.field === 'capabilityArgs').length;
      }
    expect(notes).toBeGreaterThan(names.length);
  });

  it('are not there when running from the sources, and a build older than the schemas is not run', () => {
    expect(bundled).toBeDefined();
    expect(loadPrecompiled()).toBeUndefined();
    // A checkout as bin/cni-studio.cjs sees it: sources, schemas and a build.
    const root = join(out, 'checkout');
    cpSync(SCHEMA_DIR, join(root, 'schemas'), { recursive: true });
    mkdirSync(join(root, 'src', 'core'), { recursive: true });
    writeFileSync(join(root, 'src', 'core', 'a.ts'), '');
    const built = join(root, 'build', 'cli', 'cni-studio.cjs');
    mkdirSync(dirname(built), { recursive: true });
    writeFileSync(built, '');
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) if (f.isFile()) at(join(f.parentPath, f.name), 1000);
    at(built, 2000);
    expect(builtIsCurrent(root, built)).toBe(true);
    // One schema edited after the build: the sources run (ajv over schemas/), not the stale validators.
    at(join(root, 'schemas', 'conflist.schema.json'), 3000);
    expect(builtIsCurrent(root, built)).toBe(false);
    at(join(root, 'schemas', 'conflist.schema.json'), 1000);
    at(join(root, 'src', 'core', 'a.ts'), 3000);
    expect(builtIsCurrent(root, built)).toBe(false);
    // The package: no sources at all, and its files' times in whatever order installing left them.
    rmSync(join(root, 'src'), { recursive: true });
    at(join(root, 'schemas', 'conflist.schema.json'), 3000);
    expect(builtIsCurrent(root, built)).toBe(true);
  });
});
