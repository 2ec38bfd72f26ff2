import type { Environ } from '../types.js';

const EMPTY_INPUT: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {},
};

const WSGI_VERSION = Object.freeze([1, 0] as const);

/**
 * The one shape every environ has. A class (rather than an object literal) gives V8 a single
 * hidden class for the fixed keys; its prototype is `null`, so no header name can reach
 * `Object.prototype` and `environ.constructor` / `environ.__proto__` are just absent keys.
 */
class EnvironRecord {
  REQUEST_METHOD = 'GET';
  SCRIPT_NAME = '';
  PATH_INFO = '/';
  QUERY_STRING = '';
  RAW_URI = '/';
  CONTENT_TYPE = '';
  CONTENT_LENGTH = '';
  SERVER_NAME = 'localhost';
  SERVER_PORT = '';
  SERVER_PROTOCOL = 'HTTP/1.1';
  REMOTE_ADDR = '';
  REMOTE_PORT = '';
  'wsgi.version' = WSGI_VERSION;
  'wsgi.url_scheme': 'http' | 'https' = 'http';
  'wsgi.input' = EMPTY_INPUT;
  'wsgi.multithread' = false;
  'wsgi.multiprocess' = false;
  'wsgi.run_once' = false;
}

Object.setPrototypeOf(EnvironRecord.prototype, null);
delete (EnvironRecord.prototype as { constructor?: unknown }).constructor;

/** A fresh environ with every fixed key set to its default. */
export function newEnviron(): Environ {
  return new EnvironRecord() as unknown as Environ;
}

const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 512;

/**
 * The environ key for a header name: `X-Forwarded-For` → `HTTP_X_FORWARDED_FOR`,
 * `Content-Type` → `CONTENT_TYPE`. Returns `''` for a name containing `_`: like Django's
 * runserver and gunicorn, such headers are dropped, since `X-Auth_User` and `X-Auth-User`
 * would otherwise both spoof `HTTP_X_AUTH_USER`.
 */
export function environKey(name: string): string {
  let key = keyCache.get(name);
  if (key !== undefined) return key;
  if (name.includes('_')) key = '';
  else {
    const upper = name.toUpperCase().replaceAll('-', '_');
    key = upper === 'CONTENT_TYPE' || upper === 'CONTENT_LENGTH' ? upper : `HTTP_${upper}`;
  }
  if (keyCache.size < KEY_CACHE_LIMIT) keyCache.set(name, key);
  return key;
}

/**
 * The header names of the last request, by position, and their environ keys. Clients send the
 * same headers in the same order on every request (a browser, a proxy, a load generator), and
 * node hands each request fresh name strings: comparing a name with the one at the same
 * position last time costs a few character compares, where looking it up in `keyCache` first
 * hashes it (a full pass over the string plus a table probe), per header, per request.
 */
const lastNames: string[] = [];
const lastKeys: string[] = [];
/** Headers beyond this position are looked up in `keyCache` only. */
const POSITIONS = 64;

/**
 * Adds node's `rawHeaders` (`[name, value, name, value, ...]`) to the environ, as `addHeader`
 * does one by one.
 */
export function addRawHeaders(environ: Environ, raw: readonly string[]): void {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const position = i >> 1;
    let key: string;
    if (position < POSITIONS) {
      if (lastNames[position] === name) key = lastKeys[position]!;
      else {
        key = environKey(name);
        lastNames[position] = name;
        lastKeys[position] = key;
      }
    } else key = environKey(name);
    if (key !== '') setHeader(environ, key, raw[i + 1]!);
  }
}

/**
 * Adds one header to the environ. A repeated header is joined the way Django's servers
 * (wsgiref, gunicorn) join it: with `,`; cookies with `; ` as RFC 6265 asks.
 */
export function addHeader(environ: Environ, name: string, value: string): void {
  const key = environKey(name);
  if (key !== '') setHeader(environ, key, value);
}

function setHeader(environ: Environ, key: string, value: string): void {
  const previous = environ[key];
  if (previous === undefined || previous === '') environ[key] = value;
  else environ[key] = `${previous as string}${key === 'HTTP_COOKIE' ? '; ' : ','}${value}`;
}
