// Validators precompiled at build time (ajv's standalone code, `scripts/precompile-validators.ts`), so a
// command line starts without compiling a schema. They hold only for the schemas they were built from:
// the set's hash is built in, and a validator built from other schemas is not used.
import type { ValidateFunction } from 'ajv';
import type { SchemaSet } from './types';

export interface PrecompiledValidators {
  /** `schemaSetHash` of the schemas they were built from. */
  hash: string;
  /** By schema `$id`, and by `$id#/fragment` for the subschemas checked on their own (a plugin's IPAM). */
  validators: Record<string, ValidateFunction>;
}

/** A content hash of a schema set (FNV-1a over its JSON, two 32-bit lanes): equal sets, equal hashes. */
export function schemaSetHash(schemas: SchemaSet): string {
  const text = JSON.stringify([schemas.defs, schemas.conflist, ...[...schemas.plugins].sort((a, b) => String(a.$id).localeCompare(String(b.$id)))]);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** The references the validator checks on their own: every schema, and each plugin's IPAM definition. */
export function precompiledRefs(schemas: SchemaSet): string[] {
  const refs = [schemas.conflist, ...schemas.plugins].map((s) => s.$id!);
  for (const s of schemas.plugins) {
    const def = (s['x-cni'] as { ipamDefinition?: unknown } | undefined)?.ipamDefinition;
    if (typeof def === 'string') refs.push(`${s.$id}${def}`);
  }
  return refs;
}
