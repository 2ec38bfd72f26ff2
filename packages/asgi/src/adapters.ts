import {
  syntheticEnviron,
  type Application,
  type Body,
  type Chunk,
  type Environ,
  type ResponseHeader,
} from '@stack/wsgi';
import { AsgiProtocolError, ClientDisconnected } from './errors.js';
import { asgiHeaders, EMPTY_BYTES, latin1Text } from './internal/bytes.js';
import { HttpExchange } from './internal/http-exchange.js';
import { httpScopeOf } from './internal/scope.js';
import type {
  AsgiApplication,
  HttpReceiveEvent,
  HttpScope,
  HttpSendEvent,
  Receive,
  Scope,
  Send,
} from './types.js';

/** Where an ASGI application made from a gateway one keeps it, so servers can skip both hops. */
const GATEWAY = Symbol.for('@stack/asgi.gateway');

/** The gateway application an ASGI application wraps (see `fromApplication`), if any. */
export function gatewayOf(app: AsgiApplication): Application | undefined {
  return (app as { [GATEWAY]?: Application })[GATEWAY];
}

/** Marks `app` as serving HTTP through `gateway` (a router passes its http route's mark on). */
export function markGateway<T extends AsgiApplication>(
  app: T,
  gateway: Application | undefined,
): T {
  if (gateway !== undefined) Object.defineProperty(app, GATEWAY, { value: gateway });
  return app;
}

/** Options of `toApplication`. */
export interface ToApplicationOptions {
  /** What the lifespan stored: each request's scope gets a shallow copy as `state`. */
  state?: Record<string, unknown>;
}

/**
 * Runs an ASGI application's `http` scope as a gateway `Application`, so any gateway server
 * (`serve()` of `@stack/wsgi`, `toFetchHandler`, `callApplication`) serves it. `@stack/asgi`'s
 * own server uses it for HTTP. Response bodies stream with backpressure: `send()` resolves once
 * the server took the chunk, and rejects with `ClientDisconnected` when the client left.
 *
 * An application made by `fromApplication` comes back unwrapped (no double conversion).
 *
 * @example
 * ```ts
 * import { toApplication, type AsgiApplication } from '@stack/asgi';
 * import { serve } from '@stack/wsgi';
 *
 * const app: AsgiApplication = async (scope, receive, send) => {
 *   await send({ type: 'http.response.start', status: 200, headers: [] });
 *   await send({ type: 'http.response.body', body: new TextEncoder().encode('hi') });
 * };
 * serve(toApplication(app), { port: 8000 });
 * ```
 */
export function toApplication(
  app: AsgiApplication,
  options: ToApplicationOptions = {},
): Application {
  const gateway = gatewayOf(app);
  if (gateway !== undefined) return gateway;
  return (environ, startResponse) => {
    const exchange = new HttpExchange(environ, startResponse);
    const scope = httpScopeOf(environ, options.state);
    environ['asgi.scope'] = scope;
    let result: Promise<void>;
    try {
      result = app(scope, exchange.receive as Receive, exchange.send as Send);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(
      () => exchange.done(),
      (error: unknown) => exchange.fail(error),
    );
    return exchange;
  };
}

/** The request body of an ASGI `http` scope, as `wsgi.input`. */
async function* bodyOf(receive: Receive<HttpReceiveEvent>): AsyncGenerator<Uint8Array> {
  for (;;) {
    const event = await receive();
    if (event.type === 'http.disconnect') throw new ClientDisconnected();
    if (event.body.byteLength > 0) yield event.body;
    if (!event.more_body) return;
  }
}

function environOf(scope: HttpScope, receive: Receive<HttpReceiveEvent>): Environ {
  const query = latin1Text(scope.query_string);
  const rawPath = scope.raw_path?.byteLength ? latin1Text(scope.raw_path) : encodeURI(scope.path);
  const headers: [string, string][] = scope.headers.map(([name, value]) => [
    latin1Text(name),
    latin1Text(value),
  ]);
  const environ = syntheticEnviron({
    method: scope.method,
    // The target is read as UTF-8 text; raw bytes above 0x7f are re-encoded the same way.
    target: Buffer.from(query ? `${rawPath}?${query}` : rawPath, 'latin1').toString('utf8'),
    headers,
    input: bodyOf(receive),
    scheme: scope.scheme === 'https' ? 'https' : 'http',
    scriptName: scope.root_path || undefined,
    serverName: scope.server?.[0] ?? 'localhost',
    serverPort: scope.server?.[1] == null ? '' : String(scope.server[1]),
    remoteAddr: scope.client?.[0] ?? '',
    protocol: `HTTP/${scope.http_version ?? '1.1'}`,
  });
  if (scope.client) environ.REMOTE_PORT = String(scope.client[1]);
  environ['asgi.scope'] = scope;
  return environ;
}

function iteratorOf(body: Body): AsyncIterator<Chunk> {
  if (Symbol.asyncIterator in body) return body[Symbol.asyncIterator]();
  const sync = body[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async () => sync.return?.() ?? { done: true, value: undefined },
  };
}

const encoder = new TextEncoder();

/** Runs one request through a gateway application and sends the answer as ASGI messages. */
async function runGateway(
  app: Application,
  scope: HttpScope,
  receive: Receive<HttpReceiveEvent>,
  send: Send<HttpSendEvent>,
): Promise<void> {
  let status = 0;
  let headers: readonly ResponseHeader[] = [];
  const startResponse = (line: string, list: readonly ResponseHeader[], error?: unknown): void => {
    if (status !== 0 && error === undefined)
      throw new AsgiProtocolError('startResponse() called twice');
    status = Number.parseInt(line, 10);
    if (!(status >= 100 && status <= 999))
      throw new AsgiProtocolError(`Invalid status line ${JSON.stringify(line)}`);
    headers = list;
  };
  const iterator = iteratorOf(await app(environOf(scope, receive), startResponse));
  try {
    let next = await iterator.next();
    if (status === 0) throw new AsgiProtocolError('The application never called startResponse()');
    await send({ type: 'http.response.start', status, headers: asgiHeaders(headers) });
    while (!next.done) {
      const chunk = typeof next.value === 'string' ? encoder.encode(next.value) : next.value;
      if (chunk.byteLength > 0)
        await send({ type: 'http.response.body', body: chunk, more_body: true });
      next = await iterator.next();
    }
    await send({ type: 'http.response.body', body: EMPTY_BYTES, more_body: false });
  } catch (error) {
    // The client left (or the application failed): stop the body, so its `finally` runs.
    await iterator.return?.();
    if (!(error instanceof ClientDisconnected)) throw error;
  }
}

/** A lifespan for an application that needs none: acknowledges start-up and shutdown. */
async function acknowledgeLifespan(receive: Receive, send: Send): Promise<void> {
  for (;;) {
    const event = await receive();
    if (event.type === 'lifespan.startup') await send({ type: 'lifespan.startup.complete' });
    else if (event.type === 'lifespan.shutdown') {
      await send({ type: 'lifespan.shutdown.complete' });
      return;
    }
  }
}

/**
 * Runs a gateway `Application` (a Stack project's handler, any WSGI-style app) as an ASGI
 * application: asgiref's `WsgiToAsgi`. It answers `http` scopes, acknowledges the lifespan and
 * refuses WebSockets (403); route WebSockets elsewhere with `ProtocolTypeRouter`. Streaming
 * bodies stream, and a client that leaves stops the body's generator.
 *
 * @example
 * ```ts
 * import { fromApplication, serve } from '@stack/asgi';
 *
 * const asgi = fromApplication((environ, startResponse) => {
 *   startResponse('200 OK', [['Content-Type', 'text/plain']]);
 *   return [`Hello from ${environ.PATH_INFO}`];
 * });
 * serve(asgi, { port: 8000 });
 * ```
 */
export function fromApplication(app: Application): AsgiApplication {
  const asgi: AsgiApplication = async (scope: Scope, receive, send) => {
    if (scope.type === 'http')
      return runGateway(app, scope, receive as Receive<HttpReceiveEvent>, send);
    if (scope.type === 'lifespan') return acknowledgeLifespan(receive, send);
    await receive();
    await send({ type: 'websocket.close' });
  };
  return markGateway(asgi, app);
}
