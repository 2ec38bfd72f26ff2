import { getChannelLayer, type ChannelLayer, type ChannelMessage } from './channel-layer.js';
import { AsgiError, ClientDisconnected } from './errors.js';
import type { AsgiApplication, Receive, Scope, Send, SendEvent } from './types.js';

/** Options of `asAsgi()`. */
export interface AsAsgiOptions {
  /** The layer to use instead of the one registered under the class's `channelLayerAlias`. */
  channelLayer?: ChannelLayer | null;
}

const HANDLER_TYPE = /^[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)*$/;

/**
 * `chat.message` → `chatMessage`, `websocket.receive` → `websocketReceive`: Channels' handler
 * name (`chat_message`) under the camelCase rule. `undefined` for a type no handler may have.
 */
export function handlerNameOf(type: string): string | undefined {
  if (!HANDLER_TYPE.test(type)) return undefined;
  const [first, ...rest] = type.split(/[._]/);
  const name = first! + rest.map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
  // Nothing inherited from Object (constructor, toString, __proto__...) is a handler.
  return name in Object.prototype ? undefined : name;
}

/**
 * Channels' `AsyncConsumer`: one instance per connection, which receives every message of the
 * connection and of its channel (when a channel layer is configured) one at a time, and calls
 * the method named after each message's `type` (`chat.message` → `chatMessage(message)`).
 *
 * @example
 * ```ts
 * class Ticker extends AsyncConsumer {
 *   async tick(message: ChannelMessage) { await this.baseSend({ type: 'websocket.send', text: String(message.n) }); }
 * }
 * const app = Ticker.asAsgi();
 * ```
 */
export class AsyncConsumer {
  /** The alias of the channel layer in `setChannelLayers` (Django's `CHANNEL_LAYERS`). */
  static channelLayerAlias = 'default';

  scope!: Scope;
  /** The layer, or `null` when none is configured. */
  channelLayer: ChannelLayer | null = null;
  /** This connection's channel on the layer (`''` without one): give it to `groupAdd`. */
  channelName = '';
  #send: Send | undefined;
  #stopped = false;

  /**
   * The ASGI application of this consumer: each connection gets `new this()`.
   *
   * @example
   * ```ts
   * export const application = ChatConsumer.asAsgi();
   * ```
   */
  static asAsgi<T extends AsyncConsumer>(
    this: new () => T,
    options: AsAsgiOptions = {},
  ): AsgiApplication {
    const alias = (this as unknown as typeof AsyncConsumer).channelLayerAlias;
    return async (scope, receive, send) => {
      const consumer = new this();
      const layer =
        options.channelLayer === undefined
          ? (getChannelLayer(alias) ?? null)
          : options.channelLayer;
      await consumer.run(scope, receive, send, layer);
    };
  }

  /** Runs the consumer for one connection until it stops (see `stop`). */
  async run(scope: Scope, receive: Receive, send: Send, layer: ChannelLayer | null): Promise<void> {
    this.scope = scope;
    this.#send = send;
    this.channelLayer = layer;
    const abort = new AbortController();
    try {
      const fromChannel = (): Promise<[ChannelMessage, boolean]> => {
        const next = layer!
          .receive(this.channelName, { signal: abort.signal })
          .then((m): [ChannelMessage, boolean] => [m, true]);
        // Rejected by the abort below once the connection ends: no one awaits it then.
        next.catch(() => {});
        return next;
      };
      let fromLayer: Promise<[ChannelMessage, boolean]> | undefined;
      if (layer !== null) {
        this.channelName = await layer.newChannel();
        fromLayer = fromChannel();
      }
      let fromClient = receive().then((m): [ChannelMessage, boolean] => [
        m as ChannelMessage,
        false,
      ]);
      while (!this.#stopped) {
        const [message, layered] = await (fromLayer
          ? Promise.race([fromClient, fromLayer])
          : fromClient);
        if (layered) {
          fromLayer = fromChannel();
        } else {
          fromClient = receive().then((m): [ChannelMessage, boolean] => [
            m as ChannelMessage,
            false,
          ]);
        }
        await this.dispatch(message);
      }
    } finally {
      abort.abort();
    }
  }

  /** Calls the handler of `message.type`; a type without one is an error (as in Channels). */
  async dispatch(message: ChannelMessage): Promise<void> {
    const name = typeof message?.type === 'string' ? handlerNameOf(message.type) : undefined;
    const handler =
      name === undefined ? undefined : (this as unknown as Record<string, unknown>)[name];
    if (typeof handler !== 'function') {
      throw new AsgiError(`No handler for message type ${JSON.stringify(message?.type)}`);
    }
    await (handler as (m: ChannelMessage) => unknown).call(this, message);
  }

  /** Sends an ASGI message to the client's connection; a client already gone is not an error. */
  async baseSend(event: SendEvent): Promise<void> {
    try {
      await this.#send!(event);
    } catch (error) {
      if (!(error instanceof ClientDisconnected)) throw error;
    }
  }

  /** Ends the consumer after the current message (Channels' `StopConsumer`). */
  stop(): void {
    this.#stopped = true;
  }
}
