// The acceptance bar: real configs that runtimes and clusters ship must validate with zero errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidator } from './create';
import { isConfigFileName } from '../model/file-names';
import { loadSchemas } from '../../node/schemas';

const dir = resolve(__dirname, '../../fixtures/real');
const files = readdirSync(dir).filter(isConfigFileName).sort();
const validator = createValidator(loadSchemas());

describe('real-world configs (src/fixtures/real)', () => {
  it('has a corpus worth the name', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });
  it.each(files)('%s validates with no errors', (file) => {
    const findings = validator.validate(readFileSync(join(dir, file), 'utf8'), { fileName: file });
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.column} ${f.code} ${f.message}`);
    expect(errors).toEqual([]);
  });
  // The runtime Debian bookworm ships (and the lab machine runs): every file here loads and runs there.
  it.each(files)('%s validates with no errors for libcni 1.1.2 + plugins 1.1.1', (file) => {
    const findings = validator.validate(readFileSync(join(dir, file), 'utf8'), { fileName: file, profile: { libcni: '1.1.2', plugins: '1.1.1' } });
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.column} ${f.code} ${f.message}`);
    expect(errors).toEqual([]);
  });
});

// Published configs the real plugins refuse (src/fixtures/README.md, refused/): each one's failure, confirmed
// against the real plugins, is flagged as an error under each profile whose plugins refuse it, and only there.
const refusedDir = resolve(__dirname, '../../fixtures/refused');
const DEBIAN = { libcni: '1.1.2', plugins: '1.1.1' };
const DEFAULT = { libcni: '1.3.0', plugins: '1.9.1' };
/** A file, the error codes under Debian's runtime, and under the default profile. */
const REFUSED: readonly (readonly [file: string, debian: readonly string[], latest: readonly string[]])[] = [
  ['ipvlan-static.conf', ['CNI420', 'CNI432'], ['CNI420', 'CNI432']],
  // cni.dev's firewall example: firewall has refused spec 0.3.1 in every release.
  ['firewall-cnidev-0.3.1.conflist', ['CNI305'], ['CNI305']],
  // cni.dev's bridge example: plugins before 1.7.0 ignore portIsolation; from 1.7.0 the string fails the decode.
  ['bridge-portisolation-string.conf', [], ['CNI202']],
];

describe('published configs the real plugins refuse (src/fixtures/refused)', () => {
  it('lists every file of the folder', () => {
    expect(readdirSync(refusedDir).filter(isConfigFileName).sort()).toEqual(REFUSED.map(([f]) => f).sort());
  });
  it.each(REFUSED)('%s: %j under Debian, %j under the default profile', (file, debian, latest) => {
    for (const [profile, codes] of [[DEBIAN, debian], [DEFAULT, latest]] as const) {
      const errors = validator.validate(readFileSync(join(refusedDir, file), 'utf8'), { fileName: file, profile }).filter((f) => f.severity === 'error');
      expect([...new Set(errors.map((f) => f.code))].sort()).toEqual([...codes].sort());
    }
  });
});
