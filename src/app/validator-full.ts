// The app's one validator (ajv, yaml, jsonc-parser, core's rules): a chunk of its own, loaded right after the
// first paint through validator.ts (`loadValidator`). Code in chunks that load later (the editor, preview,
// lab and review) may import it directly; the first screen asks validator.ts instead.
// It follows the runtime profile the user chose: state.ts points it at the store's profile (setAppProfile),
// so every check in the app (Problems, markers, import, conf directories, exports, reviews) is for that profile.
import { type RuntimeProfile, type Validator } from '../core';
import { createValidator } from '../core/validate/create';
import { fullCatalog } from './catalog-full';
import { chosenProfile, onProfile } from './profile-choice';
import { schemaSet } from './schemas';
import { arrived } from './validator';

const base = createValidator(schemaSet);
let current: Validator = base.withProfile(chosenProfile());
onProfile((profile: RuntimeProfile) => (current = base.withProfile(profile)));

export const validator: Validator = {
  // The one full catalog of the app (the editor, the review and the history use it too).
  catalog: fullCatalog,
  checker: base.checker,
  get profile() {
    return current.profile;
  },
  validate: (input, options) => current.validate(input, options),
  validateSource: (source, options) => current.validateSource(source, options),
  decoded: (conflist, options) => current.decoded(conflist, options),
  withProfile: (profile) => base.withProfile(profile),
};

// Whichever chunk brought it (the first screen's load, or a later chunk that imports it), the app knows it is here.
arrived(validator);
