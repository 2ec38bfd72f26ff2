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
 *
 * The first `remembered` positions always come from one request's list (a request that differs
 * at some position refills from there on), so what a position says about the ones before it
 * holds for any request that matched up to it.
 */
const lastNames: string[] = [];
const lastKeys: string[] = [];
/**
 * Whether the key at a position does not occur at an earlier one: the environ cannot hold it
 * yet, so the value is stored without first reading what is there. Reading an `HTTP_*` key the
 * environ lacks is a megamorphic keyed load that misses V8's stub cache (the environ's shape
 * changes with each key added): about 200 instructions per header (callgrind).
 */
const lastFirst: boolean[] = [];
let remembered = 0;
/** Headers beyond this position are looked up in `keyCache` only. */
const POSITIONS = 64;

/**
 * Adds node's `rawHeaders` (`[name, value, name, value, ...]`) to the environ, as `addHeader`
 * does one by one.
 */
export function addRawHeaders(environ: Environ, raw: readonly string[]): void {
  const count = raw.length >> 1;
  let matched = 0;
  while (matched < count && matched < remembered && lastNames[matched] === raw[2 * matched]) {
    matched++;
  }
  // The usual request: the same names as the last one, at the same positions.
  if (matched === count && matched === remembered) {
    if (lastFill === undefined) lastFill = fillFor(count);
    if (lastFill !== null) {
      lastFill(environ, raw, setHeader);
      return;
    }
  }
  let position = 0;
  for (; position < matched; position++) {
    const key = lastKeys[position]!;
    if (lastFirst[position]!) environ[key] = raw[2 * position + 1]!;
    else if (key !== '') setHeader(environ, key, raw[2 * position + 1]!);
  }
  // From a name that differs from the last request's (or past its last one), the positions
  // are refilled, and what was remembered beyond this request's last header is dropped.
  if (position < count || count !== remembered) lastFill = undefined;
  for (; position < count; position++) {
    const name = raw[2 * position]!;
    const key = environKey(name);
    if (position < POSITIONS) {
      lastNames[position] = name;
      lastKeys[position] = key;
      lastFirst[position] = key !== '' && isFirst(key, position);
      remembered = position + 1;
    }
    if (key !== '') setHeader(environ, key, raw[2 * position + 1]!);
  }
  if (count < remembered) remembered = count;
}

/**
 * Fills an environ from `rawHeaders` whose names are the remembered ones, all of them. The
 * loop stores each value with `environ[key] = value` at one site for every key, which V8 turns
 * into a megamorphic keyed store that adds the property through a transition lookup (about 220
 * instructions per header, callgrind); a filler has one store per key, written as a property
 * name, so each store is a monomorphic transition, and the environ gets the same hidden class
 * as from the loop (the same keys in the same order). `@stack/wsgi`, hello JSON: 59.6k -> 59.2k
 * instructions per request (the megamorphic store builtin -0.45k, write barriers -0.12k).
 */
type Fill = (environ: Environ, raw: readonly string[], join: typeof setHeader) => void;

/** The filler of the remembered names, `undefined` until made (`null`: the generic loop). */
let lastFill: Fill | null | undefined;
/**
 * Fillers by their names (joined by a line feed, which no header name holds), so that clients
 * taking turns do not make one each time. Bounded: past it, new name lists take the loop.
 */
const fills = new Map<string, Fill>();
const MAX_FILLS = 64;
const generation = { enabled: true };

/** Turns code generation off or on (tests; it is off where the runtime refuses it). */
export function setFillGeneration(enabled: boolean): void {
  generation.enabled = enabled;
  lastFill = undefined;
  fills.clear();
}

/**
 * The filler for the first `count` remembered names, or `null` when none can be made (more
 * names than positions, the cache full, code generation refused). Keys are written as JSON
 * string literals and values read by index, so nothing from the request is parsed as code; a
 * key repeated from an earlier position is joined by `setHeader`, as in the loop. Made once
 * per list of names: about 65 µs and 3 KB for eight names (measured on a loaded machine).
 */
function fillFor(count: number): Fill | null {
  if (!generation.enabled || count > POSITIONS) return null;
  const names = lastNames.slice(0, count).join('\n');
  const known = fills.get(names);
  if (known !== undefined) return known;
  if (fills.size >= MAX_FILLS) return null;
  const lines = ["'use strict';"];
  for (let i = 0; i < count; i++) {
    const key = lastKeys[i]!;
    if (key === '') continue;
    const value = `raw[${2 * i + 1}]`;
    lines.push(
      lastFirst[i]!
        ? `environ[${JSON.stringify(key)}] = ${value};`
        : `join(environ, ${JSON.stringify(key)}, ${value});`,
    );
  }
  try {
    const fill = new Function('environ', 'raw', 'join', lines.join('\n')) as Fill;
    fills.set(names, fill);
    return fill;
  } catch {
    // Code generation refused (`--disallow-code-generation-from-strings`): the loop.
    generation.enabled = false;
    return null;
  }
}

/** Whether `key` is not among the remembered keys before `position`. */
function isFirst(key: string, position: number): boolean {
  for (let i = 0; i < position; i++) if (lastKeys[i] === key) return false;
  return true;
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
