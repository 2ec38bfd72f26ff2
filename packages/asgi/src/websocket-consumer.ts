import { AsyncConsumer } from './consumer.js';
import { AsgiError } from './errors.js';
import type {
  AsgiHeader,
  WebSocketDisconnectEvent,
  WebSocketReceiveEvent,
  WebSocketScope,
} from './types.js';

/**
 * Channels' `WebsocketConsumer` (its async flavour: every handler may be `async`). Override
 * `connect`, `receive` and `disconnect`; call `accept`, `send` and `close`. Groups listed in
 * `groups` are joined on connect and left on disconnect; `groupAdd`/`groupSend` of
 * `this.channelLayer` reach other consumers, whose handler is named after the message type.
 *
 * @example
 * ```ts
 * import { WebsocketConsumer, type ChannelMessage } from '@stack/asgi';
 *
 * class ChatConsumer extends WebsocketConsumer {
 *   override groups = ['chat_lobby'];
 *   override async receive(textData?: string) {
 *     await this.channelLayer!.groupSend('chat_lobby', { type: 'chat.message', text: textData });
 *   }
 *   async chatMessage(event: ChannelMessage) {
 *     await this.send(String(event.text));
 *   }
 * }
 * export const application = ChatConsumer.asAsgi();
 * ```
 */
export class WebsocketConsumer extends AsyncConsumer {
  /** The connection's scope: path, headers, and what middleware added (`user`, `url_route`). */
  declare scope: WebSocketScope;
  /** Groups joined on connect and left on disconnect. */
  groups: string[] = [];
  #leftGroups = false;

  override async run(...args: Parameters<AsyncConsumer['run']>): Promise<void> {
    try {
      await super.run(...args);
    } finally {
      // A consumer that crashed still leaves its groups, so no one sends to a dead channel.
      await this.#leaveGroups().catch(() => {});
    }
  }

  async #leaveGroups(): Promise<void> {
    const layer = this.channelLayer;
    if (this.#leftGroups || layer === null || this.channelName === '') return;
    this.#leftGroups = true;
    for (const group of this.groups) await layer.groupDiscard(group, this.channelName);
  }

  async websocketConnect(): Promise<void> {
    if (this.groups.length > 0) {
      const layer = this.channelLayer;
      if (layer === null)
        throw new AsgiError('groups need a channel layer, and none is configured');
      for (const group of this.groups) await layer.groupAdd(group, this.channelName);
    }
    await this.connect();
  }

  /** The client asked to connect: accept (the default) or close to refuse with 403. */
  async connect(): Promise<void> {
    await this.accept();
  }

  /** Accepts the connection, optionally with a subprotocol the client offered and headers. */
  async accept(subprotocol?: string | null, headers?: AsgiHeader[]): Promise<void> {
    await this.baseSend({
      type: 'websocket.accept',
      subprotocol: subprotocol ?? null,
      ...(headers && { headers }),
    });
  }

  async websocketReceive(message: WebSocketReceiveEvent): Promise<void> {
    if (message.text != null) await this.receive(message.text, undefined);
    else await this.receive(undefined, message.bytes ?? undefined);
  }

  /** A message from the client: text or bytes. */
  async receive(textData?: string, bytesData?: Uint8Array): Promise<void> {
    void textData;
    void bytesData;
  }

  /**
   * Sends text or bytes to the client, then closes if `close` is set (`true` for 1000, or a
   * close code).
   */
  async send(
    textData?: string | null,
    bytesData?: Uint8Array | null,
    close: boolean | number = false,
  ): Promise<void> {
    if (textData != null) await this.baseSend({ type: 'websocket.send', text: textData });
    else if (bytesData != null) await this.baseSend({ type: 'websocket.send', bytes: bytesData });
    else throw new AsgiError('You must pass one of textData or bytesData');
    if (close !== false) await this.close(close);
  }

  /** Closes the connection (before `accept`: refuses it with 403). */
  async close(code?: number | boolean, reason?: string): Promise<void> {
    const event =
      typeof code === 'number'
        ? { type: 'websocket.close' as const, code }
        : { type: 'websocket.close' as const };
    await this.baseSend(reason === undefined ? event : { ...event, reason });
  }

  async websocketDisconnect(message: WebSocketDisconnectEvent): Promise<void> {
    await this.#leaveGroups();
    try {
      await this.disconnect(message.code);
    } finally {
      this.stop();
    }
  }

  /** The connection closed (`code` as the client or the server sent it). */
  async disconnect(code: number): Promise<void> {
    void code;
  }
}

/**
 * Channels' `JsonWebsocketConsumer`: text frames are JSON. Override `receiveJson`; send with
 * `sendJson`. A frame that is not valid JSON, or a binary frame, closes the connection with
 * 1007 (invalid payload data) rather than crashing the consumer.
 *
 * @example
 * ```ts
 * class Echo extends JsonWebsocketConsumer {
 *   override async receiveJson(content: unknown) { await this.sendJson({ echo: content }); }
 * }
 * ```
 */
export class JsonWebsocketConsumer extends WebsocketConsumer {
  override async receive(textData?: string, bytesData?: Uint8Array): Promise<void> {
    if (textData === undefined) {
      void bytesData;
      return this.close(1007, 'Expected a JSON text frame');
    }
    let content: unknown;
    try {
      content = (this.constructor as typeof JsonWebsocketConsumer).decodeJson(textData);
    } catch {
      return this.close(1007, 'Invalid JSON');
    }
    await this.receiveJson(content);
  }

  /** A decoded JSON message from the client. */
  async receiveJson(content: unknown): Promise<void> {
    void content;
  }

  /** Encodes `content` as JSON and sends it as a text frame. */
  async sendJson(content: unknown, close: boolean | number = false): Promise<void> {
    await this.send(
      (this.constructor as typeof JsonWebsocketConsumer).encodeJson(content),
      null,
      close,
    );
  }

  static decodeJson(text: string): unknown {
    return JSON.parse(text);
  }

  static encodeJson(content: unknown): string {
    return JSON.stringify(content);
  }
}
