import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStoreConformance } from '../../test/session-store-conformance.js';
import { expectOpensAsNew } from '../../test/same-store.js';
import { randomUUID } from 'node:crypto';
import { LocMemCache, RedisCache, caches } from '@stack/cache';
import { UpdateError } from '../errors.js';
import { CacheSessionStore, cacheSessions, openCacheSession } from './cache.js';

sessionStoreConformance('cacheSessions on LocMemCache', () => cacheSessions(), {
  serverSide: true,
});

const fresh = () => new LocMemCache({ location: randomUUID() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cacheSessions on LocMemCache', () => {
  it('drops a session once its expiry age has passed', async () => {
    const cache = fresh();
    const session = new CacheSessionStore(null, { cache });
    await session.setExpiry(1);
    await session.set('a', 1);
    await session.save();
    await sleep(1100);
    const expired = new CacheSessionStore(session.sessionKey, { cache });
    expect(await expired.get('a')).toBeUndefined();
    expect(expired.sessionKey).toBeNull();
  });

  it('refuses to save over a session deleted meanwhile', async () => {
    const cache = fresh();
    const session = new CacheSessionStore(null, { cache });
    await session.set('a', 1);
    await session.save();
    const other = new CacheSessionStore(session.sessionKey, { cache });
    await other.get('a');
    await session.flush();
    await other.set('b', 2);
    await expect(other.save()).rejects.toThrow(UpdateError);
  });

  it('treats a cached value that is not a session as no session', async () => {
    const cache = fresh();
    const values: unknown[] = ['{"a":1}', [1, 2], new Map([['a', 1]]), null];
    for (const [i, value] of values.entries()) {
      await cache.set(`django.contrib.sessions.cacheabcdefgh1234567${i}`, value, 60);
      expect(await new CacheSessionStore(`abcdefgh1234567${i}`, { cache }).items()).toEqual([]);
    }
  });

  it('opens the same object as `new CacheSessionStore` (the engine builds it without super())', () => {
    const cache = fresh();
    expectOpensAsNew(openCacheSession, CacheSessionStore, { cache });
    expect(cacheSessions({ cache }).open('abcdefgh12345678')).toBeInstanceOf(CacheSessionStore);
  });

  it('uses the caches alias it is given (Django’s SESSION_CACHE_ALIAS)', async () => {
    await caches.configure({
      default: { backend: 'locmem', location: randomUUID() },
      sessions: { backend: 'locmem', location: randomUUID() },
    });
    try {
      const session = cacheSessions({ cacheAlias: 'sessions' }).open(null);
      await session.set('a', 1);
      await session.save();
      const key = `django.contrib.sessions.cache${session.sessionKey}`;
      expect(await caches.get('sessions').get(key)).toEqual({ a: 1 });
      expect(await caches.default.hasKey(key)).toBe(false);
    } finally {
      await caches.configure({ default: { backend: 'locmem' } });
    }
  });
});

const redisUrl = process.env.STACK_TEST_REDIS_URL;

describe.skipIf(!redisUrl && !process.env.CI)('cacheSessions on Redis', () => {
  let cache: RedisCache;
  beforeAll(async () => {
    cache = new RedisCache({ location: redisUrl! });
  });
  afterAll(async () => {
    await cache?.close();
  });

  sessionStoreConformance(
    'cacheSessions on RedisCache',
    () => cacheSessions({ cache, keyPrefix: `stack-test:${process.pid}:` }),
    {
      serverSide: true,
    },
  );

  it('stores sessions with a TTL equal to their expiry age', async () => {
    const session = new CacheSessionStore(null, { cache, keyPrefix: 'stack-ttl:' });
    await session.setExpiry(120);
    await session.set('a', 1);
    await session.save();
    const client = await cache.client();
    const key = cache.makeKey(`stack-ttl:${session.sessionKey}`);
    const ttl = Number(await client.eval("return redis.call('TTL', KEYS[1])", 1, key));
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });
});
