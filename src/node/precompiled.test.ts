// The validators precompiled for the built command line say exactly what the ones ajv compiles at run
// time say: every real fixture and template, and a mutated copy of each, give the same findings. And a
// precompiled set built from other schemas is not used.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompiledRefs, serializeConflist, TEMPLATES, type PrecompiledValidators } from '../core';
import { createValidator } from '../core/validate/create';
import { buildCli } from '../../scripts/build-cli.mjs';
import { REAL_FIXTURES } from './fixtures';
import { loadPrecompiled, loadValidator } from './precompiled';
import { loadSchemas, SCHEMA_DIR } from './schemas';

const out = mkdtempSync(join(tmpdir(), 'cni-studio-precompiled-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
let precompiled: PrecompiledValidators;
beforeAll(async () => {
  await buildCli(join(out, 'cli'));
  precompiled = loadPrecompiled(join(out, 'cli', 'validators'))!.validators;
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
    const built = await loadValidator(SCHEMA_DIR, join(out, 'cli', 'validators'));
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
    const refs = precompiledRefs(schemas);
    expect(refs.length).toBeGreaterThan(30);
    for (const ref of refs) expect(precompiled.get(ref), ref).toBeTypeOf('function');
  });

  it('are not handed over for other schema files (their hash differs), so a stale build never judges', () => {
    expect(precompiled).toBeDefined();
    const changed = join(out, 'schemas');
    cpSync(SCHEMA_DIR, changed, { recursive: true });
    expect(loadPrecompiled(join(out, 'cli', 'validators'), changed)).toBeDefined();
    // The same schemas but one byte: none is used.
    const file = join(changed, 'conflist.schema.json');
    writeFileSync(file, readFileSync(file, 'utf8') + ' ');
    expect(loadPrecompiled(join(out, 'cli', 'validators'), changed)).toBeUndefined();
    // No build there at all (running from the sources): none either.
    expect(loadPrecompiled(join(out, 'nowhere'))).toBeUndefined();
  });
});
