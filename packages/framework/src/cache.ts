/**
 * `@stack/framework/cache`: everything `@stack/cache` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as cache from '@stack/framework/cache';
 * ```
 */
export * from '@stack/cache';
