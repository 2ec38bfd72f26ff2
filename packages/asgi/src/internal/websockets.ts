import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { optionalRequire } from '@stack/utils';
import { buildEnviron, WsgiError, type BuildEnvironOptions } from '@stack/wsgi';
import type * as Ws from 'ws';
import type { WebSocketServer } from 'ws';
import type { AsgiApplication, Receive, Send } from '../types.js';
import { websocketScopeOf } from './scope.js';
import { WebSocketConnection } from './websocket-connection.js';
import type { ResolvedWebSocketOptions } from './websocket-options.js';

export interface WebSocketLayerOptions {
  app: AsgiApplication;
  websocket: ResolvedWebSocketOptions;
  environ: BuildEnvironOptions;
  state: () => Record<string, unknown> | undefined;
  onError: (error: unknown, where: string) => void;
}

const load = optionalRequire(import.meta.url);

function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}

/**
 * The WebSockets of one server process: `ws` parses frames and answers the handshake once the
 * application accepted it; this class keeps the connections, pings them, and closes them on
 * shutdown. One timer pings every connection, so an idle connection costs no timer of its own.
 */
export class WebSocketLayer {
  readonly connections = new Set<WebSocketConnection>();
  readonly #pending = new WeakMap<IncomingMessage, { connection?: WebSocketConnection }>();
  #wss: WebSocketServer | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #draining = false;
  /** Set while draining: checks whether the last connection just closed. */
  #drained: (() => void) | undefined;

  constructor(private readonly options: WebSocketLayerOptions) {}

  /**
   * ws's server, made at the first WebSocket handshake: `ws` (23 files) is read then, not when
   * the server starts, so an HTTP-only application never loads it (as Django's runserver loads
   * no WebSocket code). `require` keeps the handshake synchronous; ws ships CommonJS (its ESM
   * entry re-exports the same), so these are the classes an `import` would give.
   */
  #server(): WebSocketServer {
    if (this.#wss !== undefined) return this.#wss;
    const { WebSocketServer } = load<typeof Ws>('ws', 'WebSocket connections');
    const wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.options.websocket.maxMessageSize,
      verifyClient: (
        info: { req: IncomingMessage },
        answer: (ok: boolean, status?: number) => void,
      ) => this.#start(info.req, answer),
      handleProtocols: (_offered: Set<string>, req: IncomingMessage) =>
        this.#pending.get(req)?.connection?.subprotocol ?? false,
    });
    wss.on('headers', (headers: string[], req: IncomingMessage) => {
      for (const [name, value] of this.#pending.get(req)?.connection?.acceptHeaders ?? []) {
        headers.push(`${name}: ${value}`);
      }
    });
    this.#wss = wss;
    return wss;
  }

  /** The server's upgrade hook: takes WebSocket handshakes, declines any other upgrade. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (!isWebSocketUpgrade(req)) return false;
    // A client that leaves mid-handshake; once open, ws reports the close with its code. The
    // listener holds only the connection, never the request, so an open socket does not keep
    // the handshake's IncomingMessage alive.
    const holder: { connection?: WebSocketConnection } = {};
    this.#pending.set(req, holder);
    const onClose = () => holder.connection?.disconnected(1006, '');
    socket.once('close', onClose);
    this.#server().handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', onClose);
      const connection = holder.connection;
      if (connection === undefined) return ws.terminate();
      connection.opened(ws);
      this.#startHeartbeat();
    });
    return true;
  }

  /** ws validated the handshake request: now the application decides. */
  #start(req: IncomingMessage, answer: (ok: boolean, status?: number) => void): void {
    if (this.#draining) return answer(false, 503);
    let environ;
    try {
      environ = buildEnviron(req, this.options.environ);
    } catch (error) {
      return answer(false, error instanceof WsgiError ? error.status : 400);
    }
    const scope = websocketScopeOf(environ, this.options.state());
    const connection = new WebSocketConnection(scope, answer, this.options.websocket);
    const holder = this.#pending.get(req);
    if (holder !== undefined) holder.connection = connection;
    this.connections.add(connection);
    connection.onClosed = () => {
      this.connections.delete(connection);
      this.#drained?.();
    };
    let result: Promise<void>;
    try {
      result = this.options.app(scope, connection.receive as Receive, connection.send as Send);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(
      () => connection.finished(undefined),
      (error: unknown) => {
        this.options.onError(error, `WebSocket ${scope.path}`);
        connection.finished(error);
      },
    );
  }

  #startHeartbeat(): void {
    const interval = this.options.websocket.pingInterval;
    if (interval === 0 || this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => this.#beat(), interval);
    this.#heartbeat.unref();
  }

  #beat(): void {
    if (this.connections.size === 0) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
      return;
    }
    const deadline = Date.now() - this.options.websocket.pingTimeout;
    for (const connection of this.connections) {
      const ws = connection.ws;
      if (ws === undefined || connection.state !== 'open') continue;
      if (connection.lastSeen < deadline) ws.terminate();
      else ws.ping();
    }
  }

  /** Shutdown: every socket gets 1001, and whatever is still open after `gracePeriod` is cut. */
  async drain(gracePeriod: number): Promise<void> {
    this.#draining = true;
    for (const connection of this.connections) connection.goAway();
    const force = setTimeout(() => {
      for (const connection of this.connections) {
        connection.ws?.terminate();
        connection.disconnected(1006, '');
      }
    }, gracePeriod);
    if (this.connections.size > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = () => {
          if (this.connections.size === 0) resolve();
        };
      });
    }
    clearTimeout(force);
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
