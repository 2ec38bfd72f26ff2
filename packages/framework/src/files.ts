/**
 * `@stack/framework/files`: everything `@stack/files` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as files from '@stack/framework/files';
 * ```
 */
export * from '@stack/files';
