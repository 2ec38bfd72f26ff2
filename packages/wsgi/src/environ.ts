import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { addRawHeaders, newEnviron } from './internal/environ-record.js';
import { RequestInput } from './internal/request-input.js';
import { decodePath, normaliseScriptName, splitMount, splitTarget } from './internal/path.js';
import type { Environ } from './types.js';

/** How `buildEnviron` reads a request. */
export interface BuildEnvironOptions {
  /** The mount prefix, moved from the path into `SCRIPT_NAME`. Default `''` (the root). */
  scriptName?: string;
  /**
   * Trust `X-Forwarded-Proto` for `wsgi.url_scheme`. Turn it on only behind a proxy that sets
   * the header itself (nginx: `proxy_set_header X-Forwarded-Proto $scheme;`). Default `false`.
   */
  trustProxy?: boolean;
  /** `SERVER_NAME`. Default: the socket's local address. */
  serverName?: string;
  /** `SERVER_PORT`. Default: the socket's local port. */
  serverPort?: string | number;
  /** `wsgi.multiprocess` (true under `workers`). Default `false`. */
  multiprocess?: boolean;
}

/** Resolves the options once, so the per-request work is only reading the request. */
export interface ResolvedEnvironOptions {
  scriptName: string;
  trustProxy: boolean;
  serverName: string | undefined;
  serverPort: string | undefined;
  multiprocess: boolean;
}

export function resolveEnvironOptions(options: BuildEnvironOptions = {}): ResolvedEnvironOptions {
  return {
    scriptName: normaliseScriptName(options.scriptName),
    trustProxy: options.trustProxy === true,
    serverName: options.serverName,
    serverPort: options.serverPort === undefined ? undefined : String(options.serverPort),
    multiprocess: options.multiprocess === true,
  };
}

function forwardedScheme(value: unknown): 'http' | 'https' | undefined {
  if (typeof value !== 'string') return undefined;
  const comma = value.indexOf(',');
  const first = (comma === -1 ? value : value.slice(0, comma)).trim().toLowerCase();
  return first === 'https' || first === 'http' ? first : undefined;
}

/**
 * What a connection tells about its two ends, computed once per connection rather than per
 * request (the socket's `localAddress`/`localPort` are getters, and the port a new string).
 */
interface Peer {
  address: string;
  port: string;
  /** `https` on a TLS socket. */
  scheme: 'http' | 'https';
  /** The server's end: the default `SERVER_NAME` and `SERVER_PORT`. */
  localAddress: string;
  localPort: string;
}
// A WeakMap rather than a property on the socket: adding a key to Node's sockets would give them
// a second hidden class and slow Node's own code that reads them.
const peers = new WeakMap<Socket, Peer>();

/**
 * Records a socket's peer. `serve()` calls it on each new connection, so building an environ
 * only ever finds the peer: were it computed on a connection's first request instead, that
 * branch would run once per connection, too rarely for V8 to gather type feedback, and the
 * optimised `environFromRequest` would be thrown away (deoptimised) at the first request of
 * the first connection opened after it was compiled.
 */
export function rememberPeer(socket: Socket): Peer {
  const port = socket.remotePort;
  const peer: Peer = {
    address: socket.remoteAddress ?? '',
    port: port === undefined ? '' : String(port),
    scheme: (socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
    localAddress: socket.localAddress ?? 'localhost',
    localPort: String(socket.localPort ?? ''),
  };
  peers.set(socket, peer);
  return peer;
}

function peerOf(socket: Socket): Peer {
  return peers.get(socket) ?? rememberPeer(socket);
}

/**
 * The request method as the environ holds it. Node hands each method as the same string object
 * every time, but not V8's internalised copy of the literal: every `method === 'GET'` further on
 * (the request's `method` getter, the handler's HEAD test, the middleware's safe-method tests)
 * then compares the characters in a builtin call (about 45 instructions each). The internalised
 * literal compares by pointer. The last method seen is remembered, so the usual request pays
 * one identity test (the same string object as last time) and not the `switch`.
 */
function methodOf(raw: string): string {
  if (raw === lastRawMethod) return lastMethod;
  lastRawMethod = raw;
  lastMethod = internalMethod(raw);
  return lastMethod;
}

// Empty at first (no method is): node's own string is remembered from the first request on.
let lastRawMethod = '';
let lastMethod = 'GET';

function internalMethod(raw: string): string {
  switch (raw) {
    case 'GET':
      return 'GET';
    case 'POST':
      return 'POST';
    case 'HEAD':
      return 'HEAD';
    case 'PUT':
      return 'PUT';
    case 'PATCH':
      return 'PATCH';
    case 'DELETE':
      return 'DELETE';
    case 'OPTIONS':
      return 'OPTIONS';
    default:
      return raw;
  }
}

/** The fast path used by `serve()`: options already resolved. */
export function environFromRequest(req: IncomingMessage, options: ResolvedEnvironOptions): Environ {
  const environ = newEnviron();
  const socket = req.socket;
  const target = req.url ?? '/';
  let rawPath: string;
  let query = '';
  // Whether the path may hold a `%` escape (`decodePath` then looks for one itself).
  let escaped = true;
  if (target.charCodeAt(0) === 47 /* / */) {
    let question = -1;
    if (target.length <= 32) {
      // A short target is scanned once for `?` and `%`: each `indexOf` costs about 90
      // instructions before it looks at a character (callgrind), a loop about 5 per character.
      escaped = false;
      for (let i = 1; i < target.length; i++) {
        const code = target.charCodeAt(i);
        if (code === 63 /* ? */) {
          question = i;
          break;
        }
        if (code === 37 /* % */) escaped = true;
      }
    } else question = target.indexOf('?');
    rawPath = question === -1 ? target : target.slice(0, question);
    if (question !== -1) query = target.slice(question + 1);
  } else [rawPath, query] = splitTarget(target);
  const path = escaped ? decodePath(rawPath) : rawPath;
  if (options.scriptName === '') environ.PATH_INFO = path;
  else [environ.SCRIPT_NAME, environ.PATH_INFO] = splitMount(path, options.scriptName);
  environ.REQUEST_METHOD = req.method === undefined ? 'GET' : methodOf(req.method);
  environ.QUERY_STRING = query;
  environ.RAW_URI = target;
  const peer = peerOf(socket);
  environ.SERVER_NAME = options.serverName ?? peer.localAddress;
  environ.SERVER_PORT = options.serverPort ?? peer.localPort;
  environ.SERVER_PROTOCOL = req.httpVersionMinor === 1 ? 'HTTP/1.1' : `HTTP/${req.httpVersion}`;
  environ.REMOTE_ADDR = peer.address;
  environ.REMOTE_PORT = peer.port;
  environ['wsgi.multiprocess'] = options.multiprocess;
  addRawHeaders(environ, req.rawHeaders);
  // HTTP/1.1 (RFC 9112 §6.3): without Content-Length or Transfer-Encoding a request has no body,
  // so the environ keeps its shared empty input and no reader is made for it.
  const length = environ.CONTENT_LENGTH;
  if ((length !== '' && length !== '0') || environ.HTTP_TRANSFER_ENCODING !== undefined) {
    environ['wsgi.input'] = new RequestInput(req);
  }
  let scheme = peer.scheme;
  if (options.trustProxy) scheme = forwardedScheme(environ.HTTP_X_FORWARDED_PROTO) ?? scheme;
  environ['wsgi.url_scheme'] = scheme;
  return environ;
}

/**
 * Builds the WSGI environ for a `node:http` request: what `serve()` hands every application.
 * Use it to run a Stack application inside another Node server.
 *
 * Throws `PathOutsideMount` (status 404) when `scriptName` is set and the path is not under it.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { buildEnviron } from '@stack/wsgi';
 *
 * createServer((req, res) => {
 *   const environ = buildEnviron(req, { scriptName: '/blog', trustProxy: true });
 *   res.end(`${environ.SCRIPT_NAME} ${environ.PATH_INFO} ${environ['wsgi.url_scheme']}`);
 * }).listen(8000, '127.0.0.1');
 * // GET /blog/2024/ → "/blog /2024/ http"
 * ```
 */
export function buildEnviron(req: IncomingMessage, options?: BuildEnvironOptions): Environ {
  return environFromRequest(req, resolveEnvironOptions(options));
}
