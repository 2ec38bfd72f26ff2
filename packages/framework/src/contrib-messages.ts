/**
 * `@stack/framework/contrib-messages`: everything `@stack/contrib-messages` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as contribMessages from '@stack/framework/contrib-messages';
 * ```
 */
export * from '@stack/contrib-messages';
