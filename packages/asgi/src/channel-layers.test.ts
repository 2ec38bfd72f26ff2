import { describe, expect, it } from 'vitest';
import { InMemoryChannelLayer, RedisChannelLayer } from './index.js';
import { layerConformance } from '../test/layer-conformance.js';

layerConformance('InMemoryChannelLayer', (options) => new InMemoryChannelLayer(options));

const redisUrl = process.env.STACK_TEST_REDIS_URL;

describe.skipIf(!redisUrl && !process.env.CI)('RedisChannelLayer', () => {
  layerConformance(
    'RedisChannelLayer',
    (options) =>
      new RedisChannelLayer({
        url: redisUrl!,
        prefix: `stack-test-${process.pid}-${Math.random().toString(36).slice(2)}`,
        ...options,
      }),
  );

  it('reaches a consumer of another layer instance (another process) through a group', async () => {
    const prefix = `stack-test-${process.pid}-cross`;
    const one = new RedisChannelLayer({ url: redisUrl!, prefix });
    const two = new RedisChannelLayer({ url: redisUrl!, prefix });
    try {
      const mine = await one.newChannel();
      const theirs = await two.newChannel();
      await one.groupAdd('lobby', mine);
      await two.groupAdd('lobby', theirs);
      await one.groupSend('lobby', { type: 'chat.message', text: 'to all' });
      expect(await one.receive(mine)).toEqual({ type: 'chat.message', text: 'to all' });
      expect(await two.receive(theirs)).toEqual({ type: 'chat.message', text: 'to all' });
      await two.send(mine, { type: 'direct' });
      expect(await one.receive(mine)).toEqual({ type: 'direct' });
      await expect(two.receive(mine)).rejects.toThrow('not made by this layer instance');
    } finally {
      await one.flush();
      await one.close();
      await two.close();
    }
  });

  it('keeps only the newest `capacity` messages for a process-local channel that falls behind', async () => {
    const prefix = `stack-test-${process.pid}-slow`;
    const layer = new RedisChannelLayer({ url: redisUrl!, prefix, capacity: 3 });
    // The sender's own capacity (100) governs Redis; the receiving process bounds its mailbox.
    const sender = new RedisChannelLayer({ url: redisUrl!, prefix });
    try {
      const channel = await layer.newChannel();
      const sink = await layer.newChannel();
      for (let n = 1; n <= 6; n++) await sender.send(channel, { type: 'n', n });
      // A marker behind the six, on the same process key: once it arrives, so have they.
      await sender.send(sink, { type: 'marker' });
      await layer.receive(sink);
      const got = [];
      for (let i = 0; i < 3; i++) got.push((await layer.receive(channel)).n);
      expect(got).toEqual([4, 5, 6]);
    } finally {
      await layer.flush();
      await layer.close();
      await sender.close();
    }
  });

  it('fails clearly without a url or a client', () => {
    expect(() => new RedisChannelLayer()).toThrow('needs a url or a client');
  });
});
