// The validators precompiled for the built command line say exactly what the ones ajv compiles at run
// time say: every real fixture and template, and a mutated copy of each, give the same findings. And a
// precompiled set built from other schemas is not used.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidator, serializeConflist, TEMPLATES, type PrecompiledValidators } from '../core';
import { buildCli } from '../../scripts/build-cli.mjs';
import { REAL_FIXTURES } from './fixtures';
import { loadSchemas } from './schemas';

const out = mkdtempSync(join(tmpdir(), 'cni-studio-precompiled-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
let precompiled: PrecompiledValidators;
beforeAll(async () => {
  await buildCli(join(out, 'cli'));
  precompiled = ((await import(join(out, 'cli', 'validators.mjs'))) as { precompiled: PrecompiledValidators }).precompiled;
}, 120_000);

const texts = (): [string, string][] => [
  ...readdirSync(REAL_FIXTURES).map((name): [string, string] => [name, readFileSync(join(REAL_FIXTURES, name), 'utf8')]),
  ...TEMPLATES.filter((t) => t.format !== 'nad').map((t): [string, string] => [`${t.id}.conflist`, serializeConflist(t.document)]),
];

describe('precompiled validators', () => {
  it('find exactly what runtime-compiled ones find, on every fixture and template and a broken copy of each', () => {
    const schemas = loadSchemas();
    const compiled = createValidator(schemas);
    const built = createValidator(schemas, { precompiled });
    let findings = 0;
    for (const [name, text] of texts()) {
      // The broken copy: every string value a number, every number a string (type errors everywhere).
      const broken = text.replace(/"(\w+)": "([^"]*)"/g, (_m, k: string) => `"${k}": 7`).replace(/": (\d+)/g, '": "$1"');
      for (const t of [text, broken]) {
        const a = compiled.validate(t, { fileName: name });
        const b = built.validate(t, { fileName: name });
        expect(b, name).toEqual(a);
        findings += a.length;
      }
    }
    expect(findings).toBeGreaterThan(100);
    expect(Object.keys(precompiled.validators).length).toBeGreaterThan(30);
  });

  it('are not used for other schemas (their hash differs), so a stale build never judges', () => {
    const schemas = loadSchemas();
    const text = '{"cniVersion":"1.0.0","name":"n","extra":1,"plugins":[{"type":"loopback"}]}';
    const unknownKey = (v: ReturnType<typeof createValidator>) => v.validate(text, { fileName: 'x.conflist' }).some((f) => f.code === 'CNI107');
    expect(unknownKey(createValidator(schemas, { precompiled }))).toBe(true);
    // The same schemas but one: "extra" allowed. The precompiled set (which refuses it) must not be used.
    const changed = { ...schemas, conflist: { ...schemas.conflist, additionalProperties: true } };
    expect(unknownKey(createValidator(changed, { precompiled }))).toBe(false);
  });
});
