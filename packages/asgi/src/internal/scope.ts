import type { Environ } from '@stack/wsgi';
import type { AsgiHeader, HttpScope, WebSocketScope } from '../types.js';
import { latin1Text } from './bytes.js';

export const ASGI_VERSION = Object.freeze({ version: '3.0', spec_version: '2.4' } as const);

const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/** `HTTP_X_FORWARDED_FOR` → `x-forwarded-for`; `''` for a key that is not a header. */
function headerName(key: string): string {
  if (key === 'CONTENT_TYPE') return 'content-type';
  if (key === 'CONTENT_LENGTH') return 'content-length';
  if (!key.startsWith('HTTP_')) return '';
  return key.slice(5).toLowerCase().replaceAll('_', '-');
}

/** The request headers of an environ, as ASGI's lower-case byte pairs. */
export function headersOf(environ: Environ): AsgiHeader[] {
  const headers: AsgiHeader[] = [];
  for (const key in environ) {
    const name = headerName(key);
    const value = environ[key];
    if (name === '' || typeof value !== 'string' || value === '') continue;
    headers.push([latin1(name), latin1(value)]);
  }
  return headers;
}

function portOf(text: string): number | null {
  const port = Number(text);
  return text !== '' && Number.isInteger(port) ? port : null;
}

interface ScopeFields {
  scheme: string;
  path: string;
  raw_path: Uint8Array;
  query_string: Uint8Array;
  root_path: string;
  headers: AsgiHeader[];
  client: [string, number] | null;
  server: [string, number | null] | null;
  http_version: '1.0' | '1.1';
}

/** What an HTTP and a WebSocket scope share, read from an environ. */
function fieldsOf(environ: Environ, secure: boolean, schemes: [string, string]): ScopeFields {
  const raw = environ.RAW_URI;
  const question = raw.indexOf('?');
  const rawPath = question === -1 ? raw : raw.slice(0, question);
  // PATH_INFO and SCRIPT_NAME hold one latin-1 character per byte: ASGI wants the UTF-8 text.
  const text = (value: string) => Buffer.from(value, 'latin1').toString('utf8');
  const rootPath = text(environ.SCRIPT_NAME);
  const clientPort = portOf(environ.REMOTE_PORT);
  return {
    scheme: secure ? schemes[1] : schemes[0],
    path: rootPath + text(environ.PATH_INFO),
    raw_path: latin1(rawPath),
    query_string: latin1(environ.QUERY_STRING),
    root_path: rootPath,
    headers: headersOf(environ),
    client: environ.REMOTE_ADDR && clientPort !== null ? [environ.REMOTE_ADDR, clientPort] : null,
    server: [environ.SERVER_NAME, portOf(environ.SERVER_PORT)],
    http_version: environ.SERVER_PROTOCOL === 'HTTP/1.0' ? '1.0' : '1.1',
  };
}

/** The `http` scope of a request the gateway server parsed. */
export function httpScopeOf(
  environ: Environ,
  state: Record<string, unknown> | undefined,
): HttpScope {
  const secure = environ['wsgi.url_scheme'] === 'https';
  return {
    type: 'http',
    asgi: ASGI_VERSION,
    method: environ.REQUEST_METHOD,
    ...fieldsOf(environ, secure, ['http', 'https']),
    ...(state && { state: { ...state } }),
  };
}

/** The `websocket` scope of a handshake request. */
export function websocketScopeOf(
  environ: Environ,
  state: Record<string, unknown> | undefined,
): WebSocketScope {
  const secure = environ['wsgi.url_scheme'] === 'https';
  const offered = environ.HTTP_SEC_WEBSOCKET_PROTOCOL;
  return {
    type: 'websocket',
    asgi: ASGI_VERSION,
    ...fieldsOf(environ, secure, ['ws', 'wss']),
    subprotocols: offered
      ? offered
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : [],
    ...(state && { state: { ...state } }),
  };
}

/**
 * The value of a header in a scope (compared without case), or `undefined`; a repeated header
 * comes back joined with `, `.
 *
 * @example
 * ```ts
 * const origin = headerValue(scope, 'origin'); // 'https://example.com'
 * ```
 */
export function headerValue(
  scope: { headers: Iterable<AsgiHeader> },
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  for (const [key, value] of scope.headers) {
    if (latin1Text(key).toLowerCase() !== wanted) continue;
    const text = latin1Text(value);
    found = found === undefined ? text : `${found}, ${text}`;
  }
  return found;
}
