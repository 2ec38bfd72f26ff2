/** Django's `django.core.validators`, by kind. */
export { runValidator, type Validator } from './validators/base.js';
export * from './validators/text.js';
export * from './validators/limits.js';
export * from './validators/files.js';
