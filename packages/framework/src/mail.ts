/**
 * `@stack/framework/mail`: everything `@stack/mail` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as mail from '@stack/framework/mail';
 * ```
 */
export * from '@stack/mail';
