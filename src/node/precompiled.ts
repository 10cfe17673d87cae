// The validators precompiled for the built command line (scripts/precompile-validators.ts: files in
// build/cli/validators/, each with its V8 code cache, and their index folded into build/cli/cni-studio.cjs
// in place of ./built-validators) with the schemas they were built from: none when running from the
// sources, where ajv compiles instead. A build older than the sources or schemas is never run (bin/built.cjs).
import { createValidatorFrom, type PrecompiledValidators, type SchemaSet, type Validator } from '../core';
import { precompiled } from './built-validators';
import { loadSchemas, SCHEMA_DIR } from './schemas';

export function loadPrecompiled(): { schemas: SchemaSet; validators: PrecompiledValidators } | undefined {
  if (!precompiled) return undefined;
  return { schemas: precompiled.schemas(), validators: { get: precompiled.validator } };
}

/**
 * The command line's validator: with the build's precompiled validators and their schemas when this is
 * the built command line (ajv is then never loaded), else ajv's over schemas/, loaded only for that.
 */
export async function loadValidator(): Promise<Validator> {
  const built = loadPrecompiled();
  if (!built) return (await import('../core/validate/create')).createValidator(loadSchemas(SCHEMA_DIR));
  const { schemas, validators } = built;
  return createValidatorFrom(schemas, {
    get(ref) {
      const fn = validators.get(ref);
      // Every reference core checks is precompiled (precompiledRefs); one that is not is a build defect, never a silent pass.
      if (!fn) throw new Error(`no validator was precompiled for ${ref}: rebuild the command line (npm run build:cli)`);
      return fn;
    },
  });
}

/** The build's warm-up (scripts/build-cli.mjs): every precompiled validator run once, its code cache written. */
export function warmValidators(): void {
  precompiled?.warm();
}
