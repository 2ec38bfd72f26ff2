import {
  serve as serveGateway,
  type Environ,
  type ServeHandle,
  type ServeOptions,
} from '@stack/wsgi';
import { toApplication } from './adapters.js';
import { Lifespan, type LifespanMode } from './internal/lifespan.js';
import { WebSocketLayer } from './internal/websockets.js';
import { resolveWebSocketOptions, type WebSocketOptions } from './internal/websocket-options.js';
import type { AsgiApplication } from './types.js';

/** The options of `serve()`: `@stack/wsgi`'s server options, plus the lifespan and WebSockets. */
export interface AsgiServeOptions extends Omit<ServeOptions, 'hooks'> {
  /** Run the application's `lifespan` scope: `'auto'` (default), `'on'` (required) or `'off'`. */
  lifespan?: LifespanMode;
  /** WebSocket limits: message size, unread output, queued input, pings, handshake time. */
  websocket?: WebSocketOptions;
}

function defaultError(error: unknown, where: string): void {
  console.error(`[@stack/asgi] ${where}:`, error);
}

/**
 * Serves an ASGI application (the role Daphne and uvicorn play for Django) on `@stack/wsgi`'s
 * server, so HTTP gets the same keep-alive, timeouts, header limit, access log, workers and
 * graceful shutdown; WebSockets go through the maintained `ws` library.
 *
 * In each process: the lifespan starts before it listens; a WebSocket handshake becomes a
 * `websocket` scope and completes only when the application accepts (403 if it closes first);
 * on SIGTERM/SIGINT or `close()` in-flight HTTP requests finish, every WebSocket gets close code
 * 1001, and then the lifespan shuts down.
 *
 * @example
 * ```ts
 * import { serve, type AsgiApplication } from '@stack/asgi';
 *
 * const echo: AsgiApplication = async (scope, receive, send) => {
 *   if (scope.type !== 'websocket') return;
 *   for (;;) {
 *     const event = await receive();
 *     if (event.type === 'websocket.connect') await send({ type: 'websocket.accept' });
 *     else if (event.type === 'websocket.receive') await send({ type: 'websocket.send', text: event.text ?? '' });
 *     else return;
 *   }
 * };
 * const server = serve(echo, { host: '127.0.0.1', port: 8000, websocket: { maxMessageSize: 65536 } });
 * await server.listening;
 * ```
 */
export function serve(app: AsgiApplication, options: AsgiServeOptions = {}): ServeHandle {
  const { lifespan: mode = 'auto', websocket, ...gateway } = options;
  const log =
    options.log === false
      ? () => {}
      : (line: string, error?: unknown) =>
          console.error(line, ...(error === undefined ? [] : [error]));
  const lifespan = new Lifespan(app, mode, log);
  const onError = options.onError
    ? (error: unknown, where: string) => options.onError!(error, { RAW_URI: where } as Environ)
    : defaultError;
  const websockets = new WebSocketLayer({
    app,
    websocket: resolveWebSocketOptions(websocket),
    environ: {
      scriptName: options.scriptName,
      trustProxy: options.trustProxy,
      serverName: options.serverName,
    },
    state: () => lifespan.state,
    onError,
  });
  // The state object is filled by the lifespan; each request gets a shallow copy of it.
  const http = toApplication(app, { state: lifespan.state });
  return serveGateway(http, {
    ...gateway,
    hooks: {
      startup: () => lifespan.startup(),
      upgrade: (req, socket, head) => websockets.upgrade(req, socket, head),
      drain: (gracePeriod) => websockets.drain(gracePeriod),
      shutdown: () => lifespan.shutdown(),
    },
  });
}
