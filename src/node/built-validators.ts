// The schemas' validators precompiled at build time: scripts/build-cli.mjs folds the module that
// scripts/precompile-validators.ts generates into the command line's bundle in this one's place; the
// validators themselves are files beside the bundle, each with its code cache. Running from the sources
// there are none (ajv compiles instead).
import type { ValidateFunction } from 'ajv';
import type { SchemaSet } from '../core';

export interface PrecompiledBuild {
  /** The schemas the validators were built from, editor annotations left out (validation never reads them). */
  schemas(): SchemaSet;
  /** The validator of a reference core checks on its own; its file is read and run on this first ask. */
  validator(ref: string): ValidateFunction | undefined;
  /** The build's warm-up: runs every validator once and writes each one's code cache. */
  warm(): void;
}

export const precompiled: PrecompiledBuild | undefined = undefined;
