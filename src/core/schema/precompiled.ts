// Where the schema checker's validators come from: ajv compiling the schemas on first need
// (`schema/ajv.ts`), or validators precompiled at build time (ajv's standalone code,
// `scripts/precompile-validators.ts`), so a command line starts without compiling a schema (or loading
// ajv). Their loader (src/node/precompiled.ts) hands them over only when they were built from the very
// schema files being used; here they are trusted as given.
import type { ValidateFunction } from 'ajv';
import type { SchemaSet } from './types';

export interface ValidatorSource {
  /**
   * The validator for a schema `$id`, or `$id#/fragment` for a subschema checked on its own (a plugin's
   * IPAM); made or loaded on first ask, so a command line reads only its file's plugins' validators.
   */
  get(ref: string): ValidateFunction | undefined;
}

/** Validators precompiled at build time: a source that never compiles. */
export type PrecompiledValidators = ValidatorSource;

/**
 * The references core checks on their own: every schema, each plugin's IPAM definition, and each
 * runtimeConfig value a runtime may supply (`plan`'s capability arguments).
 */
export function precompiledRefs(schemas: SchemaSet): string[] {
  const refs = [schemas.conflist, ...schemas.plugins].map((s) => s.$id!);
  for (const s of schemas.plugins) {
    const def = (s['x-cni'] as { ipamDefinition?: unknown } | undefined)?.ipamDefinition;
    if (typeof def === 'string') refs.push(`${s.$id}${def}`);
  }
  for (const name of Object.keys(schemas.defs.definitions?.runtimeConfig?.properties ?? {})) refs.push(runtimeConfigRef(schemas, name));
  return refs;
}

/** The reference of the schema of one runtimeConfig value (a capability argument). */
export const runtimeConfigRef = (schemas: SchemaSet, name: string): string => `${schemas.defs.$id}#/definitions/runtimeConfig/properties/${name}`;
