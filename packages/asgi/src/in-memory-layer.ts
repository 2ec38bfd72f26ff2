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
import { ChannelFull } from './errors.js';
import { Mailbox } from './internal/mailbox.js';

/**
 * Channels' `InMemoryChannelLayer`: channels and groups in this process only, for development,
 * tests and a single-process server. Messages are copied (`structuredClone`), expire after
 * `expiry` seconds, and a channel holding `capacity` messages refuses more (`ChannelFull`).
 *
 * @example
 * ```ts
 * import { InMemoryChannelLayer } from '@stack/asgi';
 *
 * const layer = new InMemoryChannelLayer({ capacity: 100, expiry: 60 });
 * const channel = await layer.newChannel();
 * await layer.send(channel, { type: 'hello' });
 * await layer.receive(channel); // { type: 'hello' }
 * ```
 */
export class InMemoryChannelLayer implements ChannelLayer {
  readonly extensions = ['groups', 'flush'] as const;
  readonly #options: Required<ChannelLayerOptions>;
  readonly #channels = new Map<string, Mailbox<ChannelMessage>>();
  readonly #groups = new Map<string, Map<string, number>>();

  constructor(options: ChannelLayerOptions = {}) {
    this.#options = resolveLayerOptions(options);
  }

  async newChannel(prefix = 'specific.'): Promise<string> {
    return requireValidChannelName(
      `${prefix}inmemory!${randomBytes(9).toString('base64url').replace(/-/g, '_')}`,
    );
  }

  async send(channel: string, message: ChannelMessage): Promise<void> {
    requireValidChannelName(channel);
    requireMessage(message);
    if (!this.#deliver(channel, message)) throw new ChannelFull(channel);
  }

  #deliver(channel: string, message: ChannelMessage): boolean {
    let box = this.#channels.get(channel);
    if (box === undefined) {
      box = new Mailbox();
      this.#channels.set(channel, box);
    }
    const { expiry, capacity } = this.#options;
    return box.offer(structuredClone(message), Date.now() + expiry * 1000, capacity);
  }

  async receive(channel: string, options: ReceiveOptions = {}): Promise<ChannelMessage> {
    requireValidChannelName(channel);
    let box = this.#channels.get(channel);
    if (box === undefined) {
      box = new Mailbox();
      this.#channels.set(channel, box);
    }
    try {
      return await box.take(options.signal);
    } catch (error) {
      // The reader went away (its consumer disconnected): its mailbox goes with it.
      if (this.#channels.get(channel) === box) this.#channels.delete(channel);
      throw error;
    }
  }

  async groupAdd(group: string, channel: string): Promise<void> {
    requireValidGroupName(group);
    requireValidChannelName(channel);
    let members = this.#groups.get(group);
    if (members === undefined) {
      members = new Map();
      this.#groups.set(group, members);
    }
    members.set(channel, Date.now() + this.#options.groupExpiry * 1000);
  }

  async groupDiscard(group: string, channel: string): Promise<void> {
    requireValidGroupName(group);
    requireValidChannelName(channel);
    const members = this.#groups.get(group);
    members?.delete(channel);
    if (members?.size === 0) this.#groups.delete(group);
  }

  async groupSend(group: string, message: ChannelMessage): Promise<void> {
    requireValidGroupName(group);
    requireMessage(message);
    const members = this.#groups.get(group);
    if (members === undefined) return;
    const now = Date.now();
    for (const [channel, expires] of members) {
      if (expires <= now) members.delete(channel);
      else this.#deliver(channel, message);
    }
  }

  async flush(): Promise<void> {
    this.#channels.clear();
    this.#groups.clear();
  }

  async close(): Promise<void> {}
}
