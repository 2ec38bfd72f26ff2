import { AsgiError } from '../errors.js';

/** The WebSocket limits of `serve()`; every field is optional. */
export interface WebSocketOptions {
  /** Largest message a client may send, bytes; a larger one closes with 1009. Default 1 MiB. */
  maxMessageSize?: number;
  /**
   * Outgoing bytes a client may leave unread before it is dropped (close code 1008 to the
   * application). `send()` already waits past 64 KiB, so only an application that does not
   * await its sends, or a group broadcast, reaches it. Default 4 MiB.
   */
  maxBufferedAmount?: number;
  /** Incoming messages queued for `receive()` before the server stops reading. Default 64. */
  maxQueuedMessages?: number;
  /** Ping every this many ms; `0` turns pings off. Default 20000, as Daphne. */
  pingInterval?: number;
  /**
   * A client not heard from (no pong, no message) for this many ms is dropped (code 1006),
   * checked at each ping. Default 30000, as Daphne.
   */
  pingTimeout?: number;
  /** Time the application has to accept or refuse a handshake, ms; then 504. Default 10000. */
  handshakeTimeout?: number;
}

export type ResolvedWebSocketOptions = Required<WebSocketOptions>;

function positive(name: string, value: number | undefined, fallback: number, zero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < (zero ? 0 : 1)) {
    throw new AsgiError(
      `websocket.${name} must be a ${zero ? 'non-negative' : 'positive'} integer, got ${value}`,
    );
  }
  return value;
}

export function resolveWebSocketOptions(options: WebSocketOptions = {}): ResolvedWebSocketOptions {
  return {
    maxMessageSize: positive('maxMessageSize', options.maxMessageSize, 1024 * 1024),
    maxBufferedAmount: positive('maxBufferedAmount', options.maxBufferedAmount, 4 * 1024 * 1024),
    maxQueuedMessages: positive('maxQueuedMessages', options.maxQueuedMessages, 64),
    pingInterval: positive('pingInterval', options.pingInterval, 20_000, true),
    pingTimeout: positive('pingTimeout', options.pingTimeout, 30_000),
    handshakeTimeout: positive('handshakeTimeout', options.handshakeTimeout, 10_000, true),
  };
}
