// The acceptance bar: real configs that runtimes and clusters ship must validate with zero errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidator } from './validate';
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
});
