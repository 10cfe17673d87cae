// What the benchmarks take from the shipped core (bench/support/shipped-core.ts bundles this).
export * from '../../src/core';
export { createValidator } from '../../src/core/validate/create';
export { loadSchemas } from '../../src/node/schemas';
// yaml as core's bundle has it: a reference parse runs the same code as core's own.
export { parse, parseAllDocuments } from 'yaml';
