/**
 * The gateway protocol of CONTRIBUTING.md: what a server hands an application and what the
 * application hands back. Everything above `@stack/wsgi` speaks only these types.
 */

/** A response body chunk: bytes, or a string written as UTF-8. */
export type Chunk = Uint8Array | string;

/**
 * A response body: any iterable or async iterable of chunks. An array is sent in one write;
 * a generator streams, and the server pulls the next chunk only when the client has taken the
 * previous one (backpressure). If the client goes away the server calls the iterator's
 * `return()`, so a generator's `finally` block runs.
 *
 * @example
 * ```ts
 * const body: Body = ['{"ok":true}'];
 * async function* stream(): Body { yield 'a'; yield new Uint8Array([98]); }
 * ```
 */
export type Body = Iterable<Chunk> | AsyncIterable<Chunk>;

/** A response header, as `[name, value]`. Repeat a name to send it twice (`Set-Cookie`). */
export type ResponseHeader = readonly [name: string, value: string];

/**
 * Starts the response: `startResponse('200 OK', [['Content-Type', 'text/plain']])`.
 *
 * Call it once, before (or while) producing the first body chunk. A second call is allowed only
 * with `error` (WSGI's `exc_info`) and only until the headers have gone out: it replaces the
 * status and headers, so an application can turn a failure into an error page; once the headers
 * are sent, the second call rethrows `error`.
 */
export type StartResponse = (
  status: string,
  headers: readonly ResponseHeader[],
  error?: unknown,
) => void;

/**
 * The CGI-style request record (PEP 3333) handed to an application.
 *
 * Every request header appears as `HTTP_<NAME>` (upper case, `-` → `_`), except
 * `Content-Type` and `Content-Length`, which are `CONTENT_TYPE` and `CONTENT_LENGTH`.
 * `PATH_INFO` is percent-decoded and holds one character per byte (latin-1), as WSGI requires:
 * decode it with `Buffer.from(environ.PATH_INFO, 'latin1').toString('utf8')` to get text.
 *
 * @example
 * ```ts
 * const app: Application = (environ, startResponse) => {
 *   startResponse('200 OK', [['Content-Type', 'text/plain']]);
 *   return [`${environ.REQUEST_METHOD} ${environ.PATH_INFO} from ${environ.REMOTE_ADDR}`];
 * };
 * ```
 */
export interface Environ {
  REQUEST_METHOD: string;
  /** The mount prefix the server stripped from the path (`''` at the root). */
  SCRIPT_NAME: string;
  /** The percent-decoded path under `SCRIPT_NAME`, one latin-1 character per byte. */
  PATH_INFO: string;
  /** The query string as received, without `?`, still percent-encoded. */
  QUERY_STRING: string;
  /** The request target exactly as received (path and query, percent-encoded). */
  RAW_URI: string;
  /** `''` when the request has no `Content-Type`. */
  CONTENT_TYPE: string;
  /** `''` when the request has no `Content-Length` (for example a chunked upload). */
  CONTENT_LENGTH: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  /** `HTTP/1.1` or `HTTP/1.0`. */
  SERVER_PROTOCOL: string;
  REMOTE_ADDR: string;
  REMOTE_PORT: string;
  'wsgi.version': readonly [1, 0];
  'wsgi.url_scheme': 'http' | 'https';
  /** The request body: an async iterable of bytes, read on demand with backpressure. */
  'wsgi.input': AsyncIterable<Uint8Array>;
  'wsgi.multithread': boolean;
  'wsgi.multiprocess': boolean;
  'wsgi.run_once': boolean;
  /** Each request header, e.g. `HTTP_HOST`, `HTTP_COOKIE`, `HTTP_X_FORWARDED_FOR`. */
  [header: `HTTP_${string}`]: string | undefined;
  /** Extra keys a server or a middleware may add. */
  [key: string]: unknown;
}

/**
 * A gateway application: Django's `WSGIHandler` is one. It receives the environ and a
 * `startResponse` callback and returns the body (or a promise of it).
 *
 * @example
 * ```ts
 * const hello: Application = (_environ, startResponse) => {
 *   startResponse('200 OK', [['Content-Type', 'application/json']]);
 *   return ['{"message":"Hello, World!"}'];
 * };
 * ```
 */
export type Application = (environ: Environ, startResponse: StartResponse) => Body | Promise<Body>;
