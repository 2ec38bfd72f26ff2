import { ServerResponse, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { tooManyHeaders, type HandlerContext } from './request-handler.js';

/**
 * What a protocol layered on `serve()` plugs into the server: `@stack/asgi` adds WebSockets and
 * the ASGI lifespan this way, and so keeps the same limits, timeouts, workers and shutdown.
 * Every hook runs in each serving process (each worker), never in a cluster primary.
 *
 * @example
 * ```ts
 * import { serve, type ServerHooks } from '@stack/wsgi';
 *
 * const hooks: ServerHooks = {
 *   async startup() { await openDatabase(); },
 *   upgrade(req, socket) {
 *     if (req.headers.upgrade?.toLowerCase() !== 'my-protocol') return false; // plain HTTP
 *     socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: my-protocol\r\nConnection: Upgrade\r\n\r\n');
 *     return true;
 *   },
 *   async drain() { await closeLongLivedConnections(); },
 *   async shutdown() { await closeDatabase(); },
 * };
 * serve(app, { port: 8000, hooks });
 * ```
 */
export interface ServerHooks {
  /** Runs before the process listens; a rejection rejects `listening` and nothing listens. */
  startup?(): Promise<void>;
  /**
   * Takes over a request that asks for `Connection: Upgrade` (a WebSocket handshake): return
   * `true` once the socket is yours. Return `false` to decline, and the request is served as
   * plain HTTP on a connection that closes after the answer (a body-carrying one gets 400).
   * While the server shuts down, upgrade requests get 503 without reaching the hook.
   */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * Shutdown began: close the connections `upgrade` took (WebSockets with 1001), forcing them
   * shut once `gracePeriod` ms have passed; resolve when they are gone.
   */
  drain?(gracePeriod: number): Promise<void>;
  /** Runs after the server closed, before `close()` resolves. */
  shutdown?(): Promise<void>;
}

function refuse(socket: Duplex, status: number): void {
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${reason.length}\r\n\r\n${reason}`,
  );
  socket.once('finish', () => socket.destroy());
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Serves a declined upgrade request as ordinary HTTP; the connection closes after it. */
function serveAsHttp(
  req: IncomingMessage,
  socket: Duplex,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  // Node stopped parsing at the Upgrade header, so a body would be lost: refuse it instead.
  if (hasBody(req)) return refuse(socket, 400);
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.once('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  socket.once('close', () => res.destroy());
  handle(req, res);
}

/** The server's `upgrade` listener: draining and malformed requests never reach the hook. */
export function createUpgradeListener(
  upgrade: NonNullable<ServerHooks['upgrade']>,
  isDraining: () => boolean,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  limits: Pick<HandlerContext, 'maxHeaderCount' | 'logLine'> = {
    maxHeaderCount: 0,
    logLine: undefined,
  },
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const tooMany = tooManyHeaders(req, limits.maxHeaderCount);
    if (tooMany !== undefined) {
      limits.logLine?.(tooMany);
      return refuse(socket, 431);
    }
    if (req.httpVersionMajor !== 1 || req.httpVersionMinor !== 1) return refuse(socket, 400);
    if (req.headers.host === undefined) return refuse(socket, 400);
    if (isDraining()) return refuse(socket, 503);
    let taken: boolean;
    try {
      taken = upgrade(req, socket, head);
    } catch (error) {
      console.error('[@stack/wsgi] upgrade hook failed:', error);
      return refuse(socket, 500);
    }
    if (!taken) serveAsHttp(req, socket, handle);
  };
}

/** Listens for upgrades when a hook wants them; without one, Node serves them as plain HTTP. */
export function installUpgradeHook(
  server: Server,
  hooks: ServerHooks | undefined,
  isDraining: () => boolean,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  limits?: Pick<HandlerContext, 'maxHeaderCount' | 'logLine'>,
): void {
  if (hooks?.upgrade === undefined) return;
  server.on(
    'upgrade',
    createUpgradeListener(hooks.upgrade.bind(hooks), isDraining, handle, limits),
  );
}
