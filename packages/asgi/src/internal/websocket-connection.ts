import type { WebSocket } from 'ws';
import { AsgiProtocolError, ClientDisconnected } from '../errors.js';
import type {
  AsgiHeader,
  WebSocketReceive,
  WebSocketScope,
  WebSocketSend,
  WebSocketSendEvent,
} from '../types.js';
import { responseHeaders } from './bytes.js';
import { deferred, type Deferred } from './deferred.js';
import type { ResolvedWebSocketOptions } from './websocket-options.js';

/** Answers the handshake: `true` completes it, a status refuses it. */
export type HandshakeAnswer = (accepted: boolean, status?: number) => void;

type State = 'handshake' | 'open' | 'closing' | 'closed';

/** Outgoing bytes over which `send()` waits for the socket to take them (backpressure). */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * One WebSocket as the application sees it: `receive` yields `websocket.connect`, the client's
 * messages and finally `websocket.disconnect`; `send` accepts, sends and closes. Incoming
 * messages queue up to `maxQueuedMessages`, then reading pauses (TCP pushes back on the client);
 * outgoing data over `maxBufferedAmount` drops the client.
 */
export class WebSocketConnection {
  state: State = 'handshake';
  /** When the client last showed life (a pong or a message), ms since the epoch. */
  lastSeen = Date.now();
  ws: WebSocket | undefined;
  subprotocol: string | undefined;
  acceptHeaders: [string, string][] = [];
  readonly #queue: WebSocketReceive[] = [{ type: 'websocket.connect' }];
  #waiter: Deferred<WebSocketReceive> | undefined;
  #answer: HandshakeAnswer | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Called once when the connection is gone (the layer forgets it). */
  onClosed: (() => void) | undefined;

  constructor(
    readonly scope: WebSocketScope,
    answer: HandshakeAnswer,
    private readonly options: ResolvedWebSocketOptions,
  ) {
    this.#answer = answer;
    if (options.handshakeTimeout > 0) {
      this.#timer = setTimeout(() => this.refuse(504), options.handshakeTimeout);
      this.#timer.unref();
    }
  }

  readonly receive = (): Promise<WebSocketReceive> => {
    const event = this.#queue.shift();
    if (event === undefined) {
      this.#waiter ??= deferred();
      return this.#waiter.promise;
    }
    if (event.type === 'websocket.disconnect') this.#queue.unshift(event);
    // Half the queue drained: read from the socket again.
    if (this.ws?.isPaused && this.#queue.length <= this.options.maxQueuedMessages >> 1) {
      this.ws.resume();
    }
    return Promise.resolve(event);
  };

  readonly send = async (event: WebSocketSend): Promise<void> => {
    switch (event?.type) {
      case 'websocket.accept':
        return this.#accept(event.subprotocol, event.headers);
      case 'websocket.send':
        return this.#send(event);
      case 'websocket.close':
        return this.#close(event.code ?? 1000, event.reason ?? '');
      default:
        throw new AsgiProtocolError(
          `Unexpected ASGI message ${JSON.stringify((event as { type?: unknown } | undefined)?.type)} in a websocket scope`,
        );
    }
  };

  #push(event: WebSocketReceive): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve(event);
      return;
    }
    this.#queue.push(event);
    if (this.#queue.length >= this.options.maxQueuedMessages && this.ws && !this.ws.isPaused) {
      this.ws.pause();
    }
  }

  #accept(subprotocol: string | null | undefined, headers: Iterable<AsgiHeader> | undefined): void {
    if (this.state === 'closed') throw new ClientDisconnected();
    if (this.state !== 'handshake') throw new AsgiProtocolError("'websocket.accept' sent twice");
    if (subprotocol != null && !this.scope.subprotocols.includes(subprotocol)) {
      throw new AsgiProtocolError(`Subprotocol ${JSON.stringify(subprotocol)} was not offered`);
    }
    this.subprotocol = subprotocol ?? undefined;
    this.acceptHeaders = responseHeaders(headers);
    this.#settle(true);
  }

  /** Completes (`true`) or refuses the handshake, once. */
  #settle(accepted: boolean, status?: number): void {
    clearTimeout(this.#timer);
    const answer = this.#answer;
    this.#answer = undefined;
    answer?.(accepted, status);
  }

  /** Refuses the handshake (403 for `websocket.close`, 500 for a crash, 503 when draining). */
  refuse(status: number): void {
    if (this.state !== 'handshake') return;
    this.#settle(false, status);
    this.disconnected(1006, '');
  }

  /** ws finished the handshake. */
  opened(ws: WebSocket): void {
    if (this.state !== 'handshake') {
      ws.terminate();
      return;
    }
    this.state = 'open';
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      this.lastSeen = Date.now();
      const event: WebSocketReceive = isBinary
        ? { type: 'websocket.receive', bytes: toBytes(data) }
        : { type: 'websocket.receive', text: data.toString() };
      this.#push(event);
    });
    ws.on('pong', () => (this.lastSeen = Date.now()));
    // ws refuses a bad frame here (1002, 1007, 1009) and closes; a client that never answers
    // the close frame would make that 1006, so the application hears the code that was sent.
    let refused: number | undefined;
    ws.on('error', (error) => (refused = closeCodeOf(error)));
    ws.on('close', (code, reason) => this.disconnected(refused ?? code, reason.toString()));
  }

  /** The connection is gone (client, server or network): the application hears it once. */
  disconnected(code: number, reason: string): void {
    if (this.state === 'closed') return;
    clearTimeout(this.#timer);
    this.#answer = undefined;
    this.state = 'closed';
    this.#push({ type: 'websocket.disconnect', code, ...(reason && { reason }) });
    this.onClosed?.();
  }

  async #send(event: WebSocketSendEvent): Promise<void> {
    const hasText = typeof event.text === 'string';
    const hasBytes = event.bytes instanceof Uint8Array;
    if (hasText === hasBytes) {
      throw new AsgiProtocolError("'websocket.send' needs exactly one of text and bytes");
    }
    if (this.state === 'handshake') {
      throw new AsgiProtocolError("'websocket.send' sent before 'websocket.accept'");
    }
    const ws = this.ws;
    if (this.state !== 'open' || ws === undefined) throw new ClientDisconnected();
    const written = deferred<void>();
    ws.send(hasText ? event.text! : event.bytes!, () => written.resolve());
    const buffered = ws.bufferedAmount;
    if (buffered > this.options.maxBufferedAmount) return this.drop();
    if (buffered > HIGH_WATER_MARK) await written.promise;
  }

  /**
   * The policy for a client that does not read: once more than `maxBufferedAmount` bytes wait
   * to be sent, the connection is dropped at once (a close frame would queue behind the data
   * it cannot take) and the application hears `websocket.disconnect` with 1008.
   */
  drop(): void {
    const ws = this.ws;
    this.disconnected(1008, 'The client does not read its messages');
    ws?.terminate();
  }

  #close(code: number, reason: string): void {
    if (this.state === 'handshake') return this.refuse(403);
    if (this.state !== 'open') return;
    if (!isSendableCloseCode(code)) {
      throw new AsgiProtocolError(
        `Close code ${code} may not be sent (use 1000, 1001-1003, 1007-1014 or 3000-4999)`,
      );
    }
    if (Buffer.byteLength(reason) > 123)
      throw new AsgiProtocolError('A close reason is at most 123 bytes');
    this.state = 'closing';
    this.ws!.close(code, reason);
  }

  /** The application returned or failed: close what it left open. */
  finished(error: unknown): void {
    if (this.state === 'handshake') return this.refuse(error === undefined ? 403 : 500);
    if (this.state === 'open') this.ws!.close(error === undefined ? 1000 : 1011);
  }

  /** Server shutdown: 503 to a pending handshake, 1001 (Going Away) to an open socket. */
  goAway(): void {
    if (this.state === 'handshake') return this.refuse(503);
    if (this.state === 'open') {
      this.state = 'closing';
      this.ws!.close(1001, 'Server shutting down');
    }
  }
}

/** The codes RFC 6455 lets an endpoint put in a close frame (ws refuses the others). */
function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

/** The close code ws attached to a frame it refused (kept under a symbol of its own). */
function closeCodeOf(error: Error): number | undefined {
  for (const key of Object.getOwnPropertySymbols(error)) {
    const value = (error as unknown as Record<symbol, unknown>)[key];
    if (key.description === 'status-code' && typeof value === 'number') return value;
  }
  return undefined;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
