/**
 * `@stack/framework/forms`: everything `@stack/forms` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as forms from '@stack/framework/forms';
 * ```
 */
export * from '@stack/forms';
