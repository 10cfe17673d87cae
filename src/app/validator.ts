// One validator for the whole app; ajv compiles each plugin's schema the first time it is needed. It follows
// the runtime profile the user chose: state.ts points it at the store's profile (setAppProfile), so every
// check in the app (Problems, markers, import, conf directories, exports, reviews) is for that profile.
import { type RuntimeProfile, type Validator } from '../core';
import { createValidator } from '../core/validate/create';
import { schemaSet } from './schemas';

const base = createValidator(schemaSet);
let current: Validator = base;

/** Every later check is for this profile (state.ts calls it at start and whenever the store's profile changes). */
export function setAppProfile(profile: RuntimeProfile): void {
  current = base.withProfile(profile);
}

export const validator: Validator = {
  catalog: base.catalog,
  checker: base.checker,
  get profile() {
    return current.profile;
  },
  validate: (input, options) => current.validate(input, options),
  validateSource: (source, options) => current.validateSource(source, options),
  withProfile: (profile) => base.withProfile(profile),
};
export const catalog = validator.catalog;
