/**
 * `@stack/framework/utils`: everything `@stack/utils` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as utils from '@stack/framework/utils';
 * ```
 */
export * from '@stack/utils';
