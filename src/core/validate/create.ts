// The validator as the app, tests and a command line run from the sources make it: ajv compiles each
// schema on first need, after any validator precompiled for it.
import { compiledValidators } from '../schema/ajv';
import type { PrecompiledValidators } from '../schema/precompiled';
import type { SchemaSet } from '../schema/types';
import type { RuntimeProfile } from '../profiles/profile';
import { createValidatorFrom, type Validator } from './validate';

export function createValidator(schemas: SchemaSet, options: { profile?: RuntimeProfile; precompiled?: PrecompiledValidators } = {}): Validator {
  const compiled = compiledValidators(schemas);
  const { precompiled } = options;
  const validators = precompiled ? { get: (ref: string) => precompiled.get(ref) ?? compiled.get(ref) } : compiled;
  return createValidatorFrom(schemas, validators, options.profile ? { profile: options.profile } : {});
}
