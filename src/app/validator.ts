// One validator for the whole app; ajv compiles each plugin's schema the first time it is needed.
import { createValidator } from '../core';
import { schemaSet } from './schemas';

export const validator = createValidator(schemaSet);
export const catalog = validator.catalog;
