// The validators precompiled beside the built command line (build/cli/validators/, made by
// scripts/precompile-validators.ts) with the schemas they were built from: none when running from the
// sources, where ajv compiles instead. A build older than the sources or schemas is never run
// (bin/built.mjs). Each module loads on first ask (require of an ES module: synchronous, Node ≥ 20.19).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createValidatorFrom, type PrecompiledValidators, type SchemaSet, type Validator } from '../core';
import { loadSchemas, SCHEMA_DIR } from './schemas';

/** Where the build puts them: beside the command line's entry (this module is bundled into it). */
export const PRECOMPILED_DIR = fileURLToPath(new URL('./validators/', import.meta.url));

interface Index {
  /** The module holding each reference's validator. */
  files: Record<string, string>;
}

export function loadPrecompiled(dir = PRECOMPILED_DIR): { schemas: SchemaSet; validators: PrecompiledValidators } | undefined {
  let index: Index;
  try {
    index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Index;
  } catch {
    return undefined;
  }
  const load = createRequire(join(dir, 'index.json'));
  const files = new Map(Object.entries(index.files));
  return {
    // The schemas they were built from (editor annotations left out: validation never reads them).
    schemas: JSON.parse(readFileSync(join(dir, 'schemas.json'), 'utf8')) as SchemaSet,
    validators: {
      get(ref) {
        const file = files.get(ref);
        return file === undefined ? undefined : (load(`./${file}`) as { validate: ValidateFunction }).validate;
      },
    },
  };
}

/**
 * The command line's validator: with the build's precompiled validators and their schemas when this is
 * the built command line (ajv is then never loaded), else ajv's over schemas/, loaded only for that.
 */
export async function loadValidator(dir = PRECOMPILED_DIR): Promise<Validator> {
  const precompiled = loadPrecompiled(dir);
  if (!precompiled) return (await import('../core/validate/create')).createValidator(loadSchemas(SCHEMA_DIR));
  const { schemas, validators } = precompiled;
  return createValidatorFrom(schemas, {
    get(ref) {
      const fn = validators.get(ref);
      // Every reference core checks is precompiled (precompiledRefs); one that is not is a build defect, never a silent pass.
      if (!fn) throw new Error(`no validator was precompiled for ${ref}: rebuild the command line (npm run build:cli)`);
      return fn;
    },
  });
}
