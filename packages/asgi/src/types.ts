/**
 * The ASGI 3 protocol (asgiref's specification, spec version 2.4 for `http` and `websocket`,
 * 2.0 for `lifespan`): what a server hands an application and the messages they exchange.
 * Keys keep the specification's spelling (`more_body`, `query_string`), as `Environ` keeps CGI's:
 * they are protocol data, not API names.
 */

/** `[name, value]` as bytes; names are lower-case. */
export type AsgiHeader = [name: Uint8Array, value: Uint8Array];

/** The `asgi` key of every scope. */
export interface AsgiVersion {
  version: '3.0';
  spec_version?: string;
}

/** What every connection scope shares. */
interface ConnectionScope {
  asgi: AsgiVersion;
  http_version: '1.0' | '1.1' | '2';
  /** `http`/`https` for HTTP, `ws`/`wss` for WebSocket. */
  scheme: string;
  /** The percent-decoded path (UTF-8 text), without `root_path`. */
  path: string;
  /** The path as received, still percent-encoded. */
  raw_path: Uint8Array;
  /** The query string as received, without `?`, still percent-encoded. */
  query_string: Uint8Array;
  /** The mount prefix (WSGI's `SCRIPT_NAME`). */
  root_path: string;
  headers: AsgiHeader[];
  /** `[host, port]` of the peer, when known. */
  client: [host: string, port: number] | null;
  /** `[host, port]` the server listens on, or `[path, null]` on a unix socket. */
  server: [host: string, port: number | null] | null;
  /** A shallow copy of what the application stored in the lifespan scope's `state`. */
  state?: Record<string, unknown>;
  extensions?: Record<string, Record<string, unknown>>;
  /** Layers above (routing, sessions, the user) add their own keys. */
  [key: string]: unknown;
}

/** One HTTP request. */
export interface HttpScope extends ConnectionScope {
  type: 'http';
  method: string;
}

/** One WebSocket connection, from its handshake request. */
export interface WebSocketScope extends ConnectionScope {
  type: 'websocket';
  /** What the client offered in `Sec-WebSocket-Protocol`. */
  subprotocols: string[];
}

/** The process's life: once at start-up, once at shutdown. */
export interface LifespanScope {
  type: 'lifespan';
  asgi: AsgiVersion;
  /** Store connections, pools, ... here: every later scope gets a shallow copy. */
  state: Record<string, unknown>;
}

export type Scope = HttpScope | WebSocketScope | LifespanScope;

// ---- messages from the server (what `receive()` returns) ----

export interface HttpRequestEvent {
  type: 'http.request';
  body: Uint8Array;
  more_body: boolean;
}
export interface HttpDisconnectEvent {
  type: 'http.disconnect';
}
export interface WebSocketConnectEvent {
  type: 'websocket.connect';
}
/** Exactly one of `bytes` and `text` is set. */
export interface WebSocketReceiveEvent {
  type: 'websocket.receive';
  bytes?: Uint8Array | null;
  text?: string | null;
}
export interface WebSocketDisconnectEvent {
  type: 'websocket.disconnect';
  code: number;
  reason?: string;
}
export interface LifespanStartupEvent {
  type: 'lifespan.startup';
}
export interface LifespanShutdownEvent {
  type: 'lifespan.shutdown';
}

export type HttpReceiveEvent = HttpRequestEvent | HttpDisconnectEvent;
export type WebSocketReceive =
  WebSocketConnectEvent | WebSocketReceiveEvent | WebSocketDisconnectEvent;
export type LifespanReceiveEvent = LifespanStartupEvent | LifespanShutdownEvent;
export type ReceiveEvent = HttpReceiveEvent | WebSocketReceive | LifespanReceiveEvent;

// ---- messages from the application (what it passes to `send()`) ----

export interface HttpResponseStartEvent {
  type: 'http.response.start';
  status: number;
  headers?: Iterable<AsgiHeader>;
  trailers?: boolean;
}
export interface HttpResponseBodyEvent {
  type: 'http.response.body';
  body?: Uint8Array;
  more_body?: boolean;
}
export interface WebSocketAcceptEvent {
  type: 'websocket.accept';
  subprotocol?: string | null;
  headers?: Iterable<AsgiHeader>;
}
/** Exactly one of `bytes` and `text` must be set. */
export interface WebSocketSendEvent {
  type: 'websocket.send';
  bytes?: Uint8Array | null;
  text?: string | null;
}
/** Before `accept`, refuses the handshake with 403; after it, closes with `code` (1000). */
export interface WebSocketCloseEvent {
  type: 'websocket.close';
  code?: number;
  reason?: string | null;
}
export interface LifespanStartupCompleteEvent {
  type: 'lifespan.startup.complete';
}
export interface LifespanStartupFailedEvent {
  type: 'lifespan.startup.failed';
  message?: string;
}
export interface LifespanShutdownCompleteEvent {
  type: 'lifespan.shutdown.complete';
}
export interface LifespanShutdownFailedEvent {
  type: 'lifespan.shutdown.failed';
  message?: string;
}

export type HttpSendEvent = HttpResponseStartEvent | HttpResponseBodyEvent;
export type WebSocketSend = WebSocketAcceptEvent | WebSocketSendEvent | WebSocketCloseEvent;
export type LifespanSendEvent =
  | LifespanStartupCompleteEvent
  | LifespanStartupFailedEvent
  | LifespanShutdownCompleteEvent
  | LifespanShutdownFailedEvent;
export type SendEvent = HttpSendEvent | WebSocketSend | LifespanSendEvent;

/** Waits for the next message from the server. */
export type Receive<E extends ReceiveEvent = ReceiveEvent> = () => Promise<E>;
/**
 * Sends a message to the server. It resolves once the server took it (for a WebSocket, once the
 * outgoing buffer is below its high-water mark: that is the backpressure), and rejects with
 * `ClientDisconnected` when the connection is already gone.
 */
export type Send<E extends SendEvent = SendEvent> = (event: E) => Promise<void>;

/**
 * An ASGI 3 application: one call per connection (an HTTP request, a WebSocket, the lifespan),
 * finished when the promise settles.
 *
 * @example
 * ```ts
 * import type { AsgiApplication } from '@stack/asgi';
 *
 * const app: AsgiApplication = async (scope, receive, send) => {
 *   if (scope.type !== 'websocket') return;
 *   await receive(); // websocket.connect
 *   await send({ type: 'websocket.accept' });
 *   for (;;) {
 *     const event = await receive();
 *     if (event.type === 'websocket.disconnect') return;
 *     if (event.type === 'websocket.receive') await send({ type: 'websocket.send', text: event.text });
 *   }
 * };
 * ```
 */
export type AsgiApplication = (scope: Scope, receive: Receive, send: Send) => Promise<void>;
