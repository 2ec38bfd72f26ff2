import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelFull, InvalidChannelLayerInput, type ChannelLayer } from '../src/index.js';

const hostile = ['', 'a b', '__proto__!x\n', 'x'.repeat(100), 'café', '../etc', 'a\r\nb'];

/** The behaviour every channel layer shares (Channels' layer specification), run per layer. */
export function layerConformance(
  name: string,
  make: (options: { capacity?: number; expiry?: number; groupExpiry?: number }) => ChannelLayer,
): void {
  describe(`${name}: the channel layer contract`, () => {
    const layers: ChannelLayer[] = [];
    const layer = (options: Parameters<typeof make>[0] = {}) => {
      const made = make(options);
      layers.push(made);
      return made;
    };
    let shared: ChannelLayer;
    beforeAll(() => {
      shared = layer();
    });
    afterAll(async () => {
      for (const made of layers) {
        await made.flush();
        await made.close();
      }
    });

    it.each(hostile)('refuses the hostile name %j for channels and groups', async (bad) => {
      await expect(shared.send(bad, { type: 'x' })).rejects.toThrow(InvalidChannelLayerInput);
      await expect(shared.groupAdd(bad, await shared.newChannel())).rejects.toThrow(
        InvalidChannelLayerInput,
      );
      await expect(shared.groupSend(bad, { type: 'x' })).rejects.toThrow(InvalidChannelLayerInput);
    });

    it.each([null, [], 'text', { notype: 1 }, { type: 3 }])(
      'refuses the message %j',
      async (bad) => {
        await expect(shared.send(await shared.newChannel(), bad as never)).rejects.toThrow(
          InvalidChannelLayerInput,
        );
      },
    );

    it('delivers in order, copies the message, and carries bytes', async () => {
      const channel = await shared.newChannel();
      const message = {
        type: 'chat.message',
        text: 'hi',
        bytes: new Uint8Array([1, 2, 3]),
        nested: { a: [1] },
      };
      await shared.send(channel, message);
      await shared.send(channel, { type: 'second' });
      message.nested.a.push(2);
      const first = await shared.receive(channel);
      expect(first.type).toBe('chat.message');
      expect([...(first.bytes as Uint8Array)]).toEqual([1, 2, 3]);
      expect(first.nested).toEqual({ a: [1] });
      expect((await shared.receive(channel)).type).toBe('second');
    });

    it('waits for a message, and stops waiting when aborted', async () => {
      const channel = await shared.newChannel();
      const waiting = shared.receive(channel);
      await shared.send(channel, { type: 'late' });
      expect((await waiting).type).toBe('late');
      const abort = new AbortController();
      const abandoned = shared.receive(await shared.newChannel(), { signal: abort.signal });
      abort.abort(new Error('gone'));
      await expect(abandoned).rejects.toThrow('gone');
    });

    it('refuses a message to a full channel with ChannelFull', async () => {
      const small = layer({ capacity: 2 });
      // A shared (worker) channel: nothing drains it until someone receives.
      const channel = `queue.full-${Math.random().toString(36).slice(2)}`;
      await small.send(channel, { type: 'a' });
      await small.send(channel, { type: 'b' });
      await expect(small.send(channel, { type: 'c' })).rejects.toThrow(ChannelFull);
    });

    it('sends to a group, skips discarded members, and gives a full member nothing more', async () => {
      const [a, b, c] = [
        await shared.newChannel(),
        await shared.newChannel(),
        await shared.newChannel(),
      ];
      const group = `room-${Math.random().toString(36).slice(2)}`;
      for (const channel of [a, b, c]) await shared.groupAdd(group, channel);
      await shared.groupDiscard(group, c);
      await shared.groupSend(group, { type: 'hello', n: 1 });
      expect(await shared.receive(a)).toEqual({ type: 'hello', n: 1 });
      expect(await shared.receive(b)).toEqual({ type: 'hello', n: 1 });
      const abort = new AbortController();
      const none = shared.receive(c, { signal: abort.signal });
      await shared.send(c, { type: 'direct' });
      expect((await none).type).toBe('direct');
    });

    it('drops expired messages and expired group members', async () => {
      const quick = layer({ expiry: 1, groupExpiry: 1 });
      const channel = await quick.newChannel();
      await quick.groupAdd('expiring', channel);
      await quick.send(channel, { type: 'old' });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await quick.groupSend('expiring', { type: 'after-expiry' });
      await quick.send(channel, { type: 'fresh' });
      expect((await quick.receive(channel)).type).toBe('fresh');
    });
  });
}
