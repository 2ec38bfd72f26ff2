import type { Environ } from '../types.js';
import { addHeader, newEnviron } from './environ-record.js';
import { decodePath, normaliseScriptName, splitMount, splitTarget } from './path.js';

/** The fields of a request that did not arrive on a socket (Fetch, tests). */
export interface SyntheticRequest {
  method: string;
  /** The request target: path and optional `?query`; non-ASCII characters are sent as UTF-8. */
  target: string;
  headers: Iterable<readonly [string, string]>;
  input: AsyncIterable<Uint8Array>;
  scheme: 'http' | 'https';
  scriptName: string | undefined;
  serverName: string;
  serverPort: string;
  remoteAddr: string;
  protocol: string;
}

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

/**
 * An environ equal to what `serve()` would build for the same request, for a request that did
 * not arrive on a `node:http` socket: the Fetch adapter, the in-process caller and
 * `@stack/asgi`'s adapter (an ASGI scope run through a gateway application) build theirs here.
 *
 * @example
 * ```ts
 * import { syntheticEnviron } from '@stack/wsgi';
 *
 * const environ = syntheticEnviron({
 *   method: 'GET', target: '/blog/café?page=2', headers: [['Host', 'example.com']],
 *   input: (async function* () {})(), scheme: 'https', scriptName: '/blog',
 *   serverName: 'example.com', serverPort: '443', remoteAddr: '127.0.0.1', protocol: 'HTTP/1.1',
 * });
 * environ.PATH_INFO; // '/cafÃ©' (UTF-8 bytes as latin-1), environ.SCRIPT_NAME === '/blog'
 * ```
 */
export function syntheticEnviron(request: SyntheticRequest): Environ {
  const environ = newEnviron();
  // A character above U+007F becomes its UTF-8 bytes, as a client would send it.
  const target = Buffer.from(request.target, 'utf8').toString('latin1');
  const [rawPath, query] = splitTarget(target);
  const [scriptName, pathInfo] = splitMount(
    decodePath(rawPath),
    normaliseScriptName(request.scriptName),
  );
  environ.REQUEST_METHOD = request.method.toUpperCase();
  environ.SCRIPT_NAME = scriptName;
  environ.PATH_INFO = pathInfo;
  environ.QUERY_STRING = query;
  environ.RAW_URI = target;
  environ.SERVER_NAME = request.serverName;
  environ.SERVER_PORT = request.serverPort;
  environ.SERVER_PROTOCOL = request.protocol;
  environ.REMOTE_ADDR = request.remoteAddr;
  environ['wsgi.url_scheme'] = request.scheme;
  environ['wsgi.input'] = request.input;
  for (const [name, value] of request.headers) addHeader(environ, name, value);
  return environ;
}

export { EMPTY as EMPTY_INPUT };
