// The public surface of the core, shared by the app, the helper and the CLI.
export * from './model/types';
export * from './model/versions';
export * from './model/pointer';
export * from './model/text';
export * from './model/document';
export * from './model/source';
export * from './model/nad';
export * from './model/serialize';
export * from './model/patch';
export * from './catalog/catalog';
export * from './schema/types';
export * from './validate/finding';
export * from './validate/rule-docs';
export { createValidator, type Validator } from './validate/validate';
export * from './confdir';
export * from './catalog/document-schema';
