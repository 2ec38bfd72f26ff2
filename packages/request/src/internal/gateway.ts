/**
 * The gateway protocol as CONTRIBUTING.md defines it, structurally, so that this package
 * needs no runtime import of `@stack/wsgi` and accepts its `Environ` as it is.
 */

/**
 * A CGI-style environ: `REQUEST_METHOD`, `PATH_INFO`, `HTTP_*`, `wsgi.input`, ... Any
 * `Environ` of `@stack/wsgi` is one.
 *
 * @example
 * ```ts
 * const environ: GatewayEnviron = { REQUEST_METHOD: 'GET', PATH_INFO: '/', HTTP_HOST: 'example.com' };
 * ```
 */
export interface GatewayEnviron {
  [key: string]: unknown;
  REQUEST_METHOD?: string;
  PATH_INFO?: string;
  SCRIPT_NAME?: string;
  QUERY_STRING?: string;
  CONTENT_TYPE?: string;
  CONTENT_LENGTH?: string;
  SERVER_NAME?: string;
  SERVER_PORT?: string | number;
  'wsgi.url_scheme'?: string;
  'wsgi.input'?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * A response body: an iterable or async iterable of bytes or strings (`@stack/wsgi`'s `Body`).
 *
 * @example
 * ```ts
 * const body: GatewayBody = response.toWsgi(startResponse);
 * ```
 */
export type GatewayBody = Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/**
 * The gateway's `startResponse` (`@stack/wsgi`'s `StartResponse` fits).
 *
 * @example
 * ```ts
 * const start: GatewayStartResponse = (status, headers) => res.writeHead(parseInt(status), headers.flat());
 * ```
 */
export type GatewayStartResponse = (status: string, headers: [string, string][]) => unknown;
