import { InvalidChannelLayerInput } from './errors.js';

/** A message between consumers: an object whose `type` names the handler that receives it. */
export interface ChannelMessage {
  type: string;
  [key: string]: unknown;
}

/** Options of `ChannelLayer.receive`. */
export interface ReceiveOptions {
  /** Stops waiting (the consumer went away): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Channels' channel layer: a mailbox per consumer (a channel) and named groups of channels, so
 * code anywhere (a view, another consumer, another process) can reach connected clients.
 *
 * @example
 * ```ts
 * const channel = await layer.newChannel();
 * await layer.groupAdd('chat_lobby', channel);
 * await layer.groupSend('chat_lobby', { type: 'chat.message', text: 'hi' });
 * await layer.receive(channel); // { type: 'chat.message', text: 'hi' }
 * ```
 */
export interface ChannelLayer {
  /** What the layer supports beyond send/receive: `'groups'`, `'flush'`. */
  readonly extensions: readonly string[];
  /** A new process-local channel name, unique to this layer instance. */
  newChannel(prefix?: string): Promise<string>;
  /** Queues a message; throws `ChannelFull` when the channel holds `capacity` messages. */
  send(channel: string, message: ChannelMessage): Promise<void>;
  /** The next message of a channel, waiting for one. */
  receive(channel: string, options?: ReceiveOptions): Promise<ChannelMessage>;
  groupAdd(group: string, channel: string): Promise<void>;
  groupDiscard(group: string, channel: string): Promise<void>;
  /** Sends to every channel of the group; a member that is full misses the message. */
  groupSend(group: string, message: ChannelMessage): Promise<void>;
  /** Empties every channel and group (for tests). */
  flush(): Promise<void>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** The options every layer shares (Channels' defaults). */
export interface ChannelLayerOptions {
  /** Seconds a message waits in a channel before it is dropped. Default 60. */
  expiry?: number;
  /** Seconds a channel stays in a group unless added again. Default 86400 (a day). */
  groupExpiry?: number;
  /** Messages a channel holds before `send` throws `ChannelFull`. Default 100. */
  capacity?: number;
}

export const MAX_NAME_LENGTH = 100;
const CHANNEL_NAME = /^[a-zA-Z\d\-_.]+(![\d\w\-_.]*)?$/;
const GROUP_NAME = /^[a-zA-Z\d\-_.]+$/;

/** Throws unless `name` is a valid channel name (Channels' rule: ASCII, shorter than 100). */
export function requireValidChannelName(name: unknown): string {
  if (typeof name !== 'string' || name.length >= MAX_NAME_LENGTH || !CHANNEL_NAME.test(name)) {
    throw new InvalidChannelLayerInput(
      `Channel name must be a valid unicode string of ASCII letters, digits, hyphens, underscores or periods, shorter than ${MAX_NAME_LENGTH} characters, not ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** Throws unless `name` is a valid group name. */
export function requireValidGroupName(name: unknown): string {
  if (typeof name !== 'string' || name.length >= MAX_NAME_LENGTH || !GROUP_NAME.test(name)) {
    throw new InvalidChannelLayerInput(
      `Group name must be a valid unicode string of ASCII letters, digits, hyphens, underscores or periods, shorter than ${MAX_NAME_LENGTH} characters, not ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** Throws unless `message` is a plain object with a string `type`. */
export function requireMessage(message: unknown): ChannelMessage {
  if (
    message === null ||
    typeof message !== 'object' ||
    Array.isArray(message) ||
    typeof (message as { type?: unknown }).type !== 'string'
  ) {
    throw new InvalidChannelLayerInput('A message must be an object with a string "type"');
  }
  return message as ChannelMessage;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new InvalidChannelLayerInput(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

export function resolveLayerOptions(
  options: ChannelLayerOptions = {},
): Required<ChannelLayerOptions> {
  return {
    expiry: positive('expiry', options.expiry, 60),
    groupExpiry: positive('groupExpiry', options.groupExpiry, 86_400),
    capacity: Math.floor(positive('capacity', options.capacity, 100)),
  };
}

const layers = new Map<string, ChannelLayer>();

/**
 * Registers the channel layers by alias (Django's `CHANNEL_LAYERS`); `@stack/core` calls it from
 * the `channelLayers` setting. Layers registered before are closed.
 *
 * @example
 * ```ts
 * setChannelLayers({ default: new InMemoryChannelLayer() });
 * ```
 */
export function setChannelLayers(entries: Record<string, ChannelLayer>): void {
  for (const [alias, layer] of layers) {
    if (entries[alias] !== layer) void layer.close();
  }
  layers.clear();
  for (const [alias, layer] of Object.entries(entries)) layers.set(alias, layer);
}

/**
 * The channel layer registered under `alias` (Channels' `get_channel_layer`), or `undefined`
 * when none is configured.
 *
 * @example
 * ```ts
 * await getChannelLayer()?.groupSend('chat_lobby', { type: 'chat.message', text: 'from a view' });
 * ```
 */
export function getChannelLayer(alias = 'default'): ChannelLayer | undefined {
  return layers.get(alias);
}
