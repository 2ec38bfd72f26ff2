import { randomBytes } from 'node:crypto';
import {
  requireMessage,
  requireValidChannelName,
  requireValidGroupName,
  resolveLayerOptions,
  type ChannelLayer,
  type ChannelLayerOptions,
  type ChannelMessage,
  type ReceiveOptions,
} from './channel-layer.js';
import { AsgiError, ChannelFull } from './errors.js';
import { decodeEnvelope, encodeEnvelope } from './internal/envelope.js';
import { Mailbox } from './internal/mailbox.js';

/** The part of an ioredis client the layer uses (any ioredis `Redis` fits). */
export interface RedisLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  duplicate(): RedisLike;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** Options of `RedisChannelLayer`. */
export interface RedisChannelLayerOptions extends ChannelLayerOptions {
  /** A Redis URL (ioredis is then imported: it is an optional peer dependency)… */
  url?: string;
  /** …or a connected ioredis client (the layer duplicates it for its blocking reads). */
  client?: RedisLike;
  /** Prefix of every key. Default `'asgi'`. */
  prefix?: string;
}

/**
 * Adds each envelope to its sorted set unless the set holds `capacity` live entries; drops
 * entries older than the expiry first. Returns how many were added.
 * KEYS: the channel keys. ARGV: now score, expiry in score units, capacity, expiry in
 * seconds, then one envelope per key.
 */
const SEND_SCRIPT = `
local added = 0
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
  if redis.call('ZCARD', KEYS[i]) < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[i], ARGV[1], ARGV[4 + i])
    redis.call('EXPIRE', KEYS[i], ARGV[4])
    added = added + 1
  end
end
return added`;

interface Envelope {
  /** The channel, or for a group message the process's channels that are members. */
  c: string | string[];
  m: ChannelMessage;
  /** Makes two equal messages two members of the sorted set. */
  r: string;
}

const BLOCK_SECONDS = 1;

/**
 * Channels' `RedisChannelLayer` (channels_redis) on ioredis: channels and groups shared by every
 * process and machine using the same Redis.
 *
 * Each channel is a sorted set scored by time, so `expiry` and `capacity` hold across
 * processes (a send to a full channel throws `ChannelFull`; a group member that is full misses
 * the message). Group membership is a sorted set too, and a member not re-added within
 * `groupExpiry` seconds drops out. Channels made by `newChannel()` are local to this instance:
 * they share one Redis key per process, read by one blocking connection, so 10,000 consumers
 * cost one Redis connection, not 10,000; a group message reaches each process once, listing
 * that process's members.
 *
 * @example
 * ```ts
 * import { RedisChannelLayer, setChannelLayers } from '@stack/asgi';
 *
 * setChannelLayers({ default: new RedisChannelLayer({ url: 'redis://127.0.0.1:6379/0' }) });
 * ```
 */
export class RedisChannelLayer implements ChannelLayer {
  readonly extensions = ['groups', 'flush'] as const;
  readonly #options: Required<ChannelLayerOptions>;
  readonly #prefix: string;
  readonly #clientPrefix = randomBytes(6).toString('hex');
  readonly #local = new Map<string, Mailbox<ChannelMessage>>();
  #client: Promise<RedisLike>;
  #ownsClient: boolean;
  #reader: RedisLike | undefined;
  #loop: Promise<void> | undefined;
  #closed = false;
  #sequence = 0;

  constructor(options: RedisChannelLayerOptions = {}) {
    this.#options = resolveLayerOptions(options);
    this.#prefix = options.prefix ?? 'asgi';
    if (options.client === undefined && options.url === undefined) {
      throw new AsgiError('RedisChannelLayer needs a url or a client');
    }
    this.#ownsClient = options.client === undefined;
    this.#client = options.client ? Promise.resolve(options.client) : connect(options.url!);
    this.#client.catch(() => {});
  }

  /** A score that grows within one process even inside one millisecond (FIFO order). */
  #score(): number {
    this.#sequence = (this.#sequence + 1) % 1000;
    return Date.now() * 1000 + this.#sequence;
  }

  /** `specific.abc!xyz` → `asgi:abc!`: the key of the process (layer instance) `abc`. */
  #channelKey(channel: string): string {
    const bang = channel.indexOf('!');
    if (bang === -1) return `${this.#prefix}:${channel}`;
    return `${this.#prefix}:${processOf(channel, bang)}!`;
  }

  #groupKey(group: string): string {
    return `${this.#prefix}:group:${group}`;
  }

  get #localKey(): string {
    return `${this.#prefix}:${this.#clientPrefix}!`;
  }

  async newChannel(prefix = 'specific'): Promise<string> {
    const name = requireValidChannelName(
      `${prefix.replace(/\.$/, '')}.${this.#clientPrefix}!${randomBytes(9).toString('hex')}`,
    );
    this.#local.set(name, new Mailbox());
    this.#startLoop();
    return name;
  }

  async send(channel: string, message: ChannelMessage): Promise<void> {
    requireValidChannelName(channel);
    requireMessage(message);
    const envelope: Envelope = { c: channel, m: message, r: randomBytes(6).toString('hex') };
    const added = await this.#push([this.#channelKey(channel)], [encodeEnvelope(envelope)]);
    if (added === 0) throw new ChannelFull(channel);
  }

  async #push(keys: string[], envelopes: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const { expiry, capacity } = this.#options;
    const client = await this.#client;
    const added = await client.call(
      'EVAL',
      SEND_SCRIPT,
      keys.length,
      ...keys,
      this.#score(),
      expiry * 1_000_000,
      capacity,
      Math.ceil(expiry),
      ...envelopes,
    );
    return Number(added);
  }

  async receive(channel: string, options: ReceiveOptions = {}): Promise<ChannelMessage> {
    requireValidChannelName(channel);
    if (channel.includes('!')) {
      if (processOf(channel, channel.indexOf('!')) !== this.#clientPrefix) {
        throw new AsgiError(`Channel ${channel} was not made by this layer instance`);
      }
      let box = this.#local.get(channel);
      if (box === undefined) {
        box = new Mailbox();
        this.#local.set(channel, box);
      }
      this.#startLoop();
      try {
        return await box.take(options.signal);
      } catch (error) {
        // The consumer went away: forget its mailbox, later messages for it are dropped.
        if (this.#local.get(channel) === box) this.#local.delete(channel);
        throw error;
      }
    }
    return this.#receiveShared(channel, options.signal);
  }

  /** A channel any process may read (a worker queue): one blocking connection per call. */
  async #receiveShared(channel: string, signal: AbortSignal | undefined): Promise<ChannelMessage> {
    const reader = (await this.#client).duplicate();
    const stop = () => reader.disconnect();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        signal?.throwIfAborted();
        const popped = await reader.call('BZPOPMIN', this.#channelKey(channel), BLOCK_SECONDS);
        const envelope = this.#unwrap(popped);
        if (envelope !== undefined) return envelope.m;
      }
    } catch (error) {
      signal?.throwIfAborted();
      throw error;
    } finally {
      signal?.removeEventListener('abort', stop);
      reader.disconnect();
    }
  }

  /**
   * The envelope of a BZPOPMIN answer with the time it expires (from when it was sent), or
   * `undefined` for a timeout or an expired message.
   */
  #unwrap(popped: unknown): (Envelope & { expires: number }) | undefined {
    if (!Array.isArray(popped) || popped.length < 3) return undefined;
    const expires = Number(popped[2]) / 1000 + this.#options.expiry * 1000;
    if (expires <= Date.now()) return undefined;
    try {
      return { ...(decodeEnvelope(String(popped[1])) as Envelope), expires };
    } catch {
      return undefined;
    }
  }

  #startLoop(): void {
    if (this.#loop !== undefined || this.#closed) return;
    this.#loop = this.#readLocal();
  }

  /** Reads this process's key and hands each message to the mailboxes of its channels. */
  async #readLocal(): Promise<void> {
    const { capacity } = this.#options;
    while (!this.#closed) {
      try {
        this.#reader ??= (await this.#client).duplicate();
        const envelope = this.#unwrap(
          await this.#reader.call('BZPOPMIN', this.#localKey, BLOCK_SECONDS),
        );
        if (envelope === undefined) continue;
        const { expires } = envelope;
        for (const channel of typeof envelope.c === 'string' ? [envelope.c] : envelope.c) {
          // A slow consumer loses its oldest messages, never the process its memory.
          this.#local.get(channel)?.force(structuredClone(envelope.m), expires, capacity);
        }
      } catch (error) {
        if (this.#closed) return;
        console.error('[@stack/asgi] RedisChannelLayer: reading failed, retrying:', error);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  async groupAdd(group: string, channel: string): Promise<void> {
    requireValidGroupName(group);
    requireValidChannelName(channel);
    const client = await this.#client;
    const key = this.#groupKey(group);
    await client.call('ZADD', key, Date.now(), channel);
    await client.call('EXPIRE', key, Math.ceil(this.#options.groupExpiry));
  }

  async groupDiscard(group: string, channel: string): Promise<void> {
    requireValidGroupName(group);
    requireValidChannelName(channel);
    await (await this.#client).call('ZREM', this.#groupKey(group), channel);
  }

  async groupSend(group: string, message: ChannelMessage): Promise<void> {
    requireValidGroupName(group);
    requireMessage(message);
    const client = await this.#client;
    const key = this.#groupKey(group);
    await client.call(
      'ZREMRANGEBYSCORE',
      key,
      '-inf',
      Date.now() - this.#options.groupExpiry * 1000,
    );
    const members = (await client.call('ZRANGE', key, 0, -1)) as string[];
    // One envelope per channel key: a process gets the message once, with its members listed.
    const byKey = new Map<string, string[]>();
    for (const channel of members) {
      const channelKey = this.#channelKey(channel);
      const list = byKey.get(channelKey);
      if (list === undefined) byKey.set(channelKey, [channel]);
      else list.push(channel);
    }
    const keys = [...byKey.keys()];
    const envelopes = keys.map((channelKey) => {
      const channels = byKey.get(channelKey)!;
      const envelope: Envelope = {
        c: channelKey.endsWith('!') ? channels : channels[0]!,
        m: message,
        r: randomBytes(6).toString('hex'),
      };
      return encodeEnvelope(envelope);
    });
    await this.#push(keys, envelopes);
  }

  async flush(): Promise<void> {
    const client = await this.#client;
    let cursor = '0';
    do {
      const [next, keys] = (await client.call(
        'SCAN',
        cursor,
        'MATCH',
        `${this.#prefix}:*`,
        'COUNT',
        500,
      )) as [string, string[]];
      cursor = next;
      if (keys.length > 0) await client.call('DEL', ...keys);
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#reader?.disconnect();
    await this.#loop;
    if (this.#ownsClient) await (await this.#client.catch(() => undefined))?.quit();
  }
}

/** The process part of a local channel name: `specific.abc!xyz` → `abc`. */
function processOf(channel: string, bang: number): string {
  return channel.slice(channel.lastIndexOf('.', bang) + 1, bang);
}

async function connect(url: string): Promise<RedisLike> {
  let Redis: new (url: string, options: object) => RedisLike;
  try {
    ({ Redis } = (await import('ioredis')) as unknown as { Redis: typeof Redis });
  } catch {
    throw new AsgiError(
      'RedisChannelLayer needs the optional dependency ioredis: npm install ioredis',
    );
  }
  return new Redis(url, { maxRetriesPerRequest: 2 });
}
