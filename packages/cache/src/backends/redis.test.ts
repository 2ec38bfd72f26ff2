import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheConformance } from '../../test/cache-conformance.js';
import { describeWithService } from '../../test/services.js';
import { InvalidCacheBackendError } from '../errors.js';
import { RedisCache } from './redis.js';

describeWithService('STACK_TEST_REDIS_URL', 'RedisCache on a real server', (location) => {
  const run = `stack-test-${randomUUID()}`;
  cacheConformance(
    'RedisCache',
    async (options, share) =>
      new RedisCache({
        ...options,
        location,
        keyPrefix: `${run}-${share ?? randomUUID()}${options.keyPrefix ?? ''}`,
      }),
    { culls: false },
  );

  it('stores JSON another process can read, with a TTL Redis enforces', async () => {
    const cache = new RedisCache({ location, keyPrefix: `${run}-wire` });
    const client = await cache.client();
    await cache.set('post', { title: 'Hi', at: new Date(0) }, 60);
    await cache.set('hits', 41, null);
    const raw = await client.get(cache.makeKey('post'));
    expect(JSON.parse(raw!)).toEqual({ title: 'Hi', at: { __stack_type__: 'date', v: 0 } });
    expect(await client.get(cache.makeKey('hits'))).toBe('41');
    const ttl = Number(
      await client.eval("return redis.call('PTTL', KEYS[1])", 1, cache.makeKey('post')),
    );
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.eval("return redis.call('PTTL', KEYS[1])", 1, cache.makeKey('hits'))).toBe(
      -1,
    );
    await cache.clear();
    await cache.close();
  });

  it('reads a value it did not write as a miss, not a crash', async () => {
    const cache = new RedisCache({ location, keyPrefix: `${run}-foreign` });
    const client = await cache.client();
    await client.set(cache.makeKey('k'), '{"__stack_type__":"bigint","v":"not a number"}');
    await client.set(cache.makeKey('j'), '<not json>');
    expect(await cache.getMany(['k', 'j'])).toEqual({});
    await cache.clear();
    await cache.close();
  });

  it('clear leaves keys outside its prefix alone', async () => {
    const mine = new RedisCache({ location, keyPrefix: `${run}-clear` });
    const other = new RedisCache({ location, keyPrefix: `${run}-clear2` });
    await mine.set('a', 1);
    await other.set('a', 2);
    await mine.clear();
    expect(await mine.get('a')).toBeUndefined();
    expect(await other.get('a')).toBe(2);
    await other.clear();
    await Promise.all([mine.close(), other.close()]);
  });
});

describe('RedisCache', () => {
  it('needs a location or a client', () => {
    expect(() => new RedisCache()).toThrow(InvalidCacheBackendError);
  });
});
