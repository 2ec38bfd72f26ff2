/**
 * `@stack/framework/contrib-staticfiles`: everything `@stack/contrib-staticfiles` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as contribStaticfiles from '@stack/framework/contrib-staticfiles';
 * ```
 */
export * from '@stack/contrib-staticfiles';
