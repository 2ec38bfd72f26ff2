/**
 * `@stack/framework/test`: Django's `django.test`, the test cases on vitest (everything
 * `@stack/core/test` exports). Imported by tests only; vitest is a dev dependency of the project.
 *
 * @example
 * ```ts
 * import { TestCase } from '@stack/framework/test';
 * ```
 */
export * from '@stack/core/test';
