/**
 * `@stack/framework/asgi`: everything `@stack/asgi` exports, re-exported.
 *
 * @example
 * ```ts
 * import * as asgi from '@stack/framework/asgi';
 * ```
 */
export * from '@stack/asgi';
