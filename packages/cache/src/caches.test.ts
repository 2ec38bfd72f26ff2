import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BaseCache } from './base.js';
import { DummyCache } from './backends/dummy.js';
import { FileBasedCache } from './backends/filebased.js';
import { LocMemCache } from './backends/locmem.js';
import { RedisCache } from './backends/redis.js';
import { CacheHandler, cache, caches, createCache } from './caches.js';
import { InvalidCacheBackendError } from './errors.js';

afterAll(async () => {
  await caches.configure({ default: { backend: 'locmem' } });
});

describe('createCache', () => {
  it('knows the short names, Django’s dotted paths and classes', () => {
    expect(createCache({ backend: 'locmem' })).toBeInstanceOf(LocMemCache);
    expect(createCache({ backend: 'django.core.cache.backends.dummy.DummyCache' })).toBeInstanceOf(
      DummyCache,
    );
    expect(createCache({ backend: 'redis', location: 'redis://127.0.0.1:1/0' })).toBeInstanceOf(
      RedisCache,
    );
    expect(createCache({ backend: FileBasedCache, location: '/tmp/x' })).toBeInstanceOf(
      FileBasedCache,
    );
  });

  it('hands timeout, keyPrefix, version and options to the backend', () => {
    const made = createCache({
      backend: 'locmem',
      timeout: null,
      keyPrefix: 'p',
      version: 3,
      options: { maxEntries: 7, cullFrequency: 0 },
    });
    expect([made.defaultTimeout, made.keyPrefix, made.version]).toEqual([null, 'p', 3]);
    expect([made.maxEntries, made.cullFrequency]).toEqual([7, 0]);
  });

  it('names what is wrong with a bad backend', () => {
    expect(() => createCache({ backend: 'memcached' })).toThrow(InvalidCacheBackendError);
    expect(() => createCache({ backend: 'toString' })).toThrow(InvalidCacheBackendError);
    expect(() => createCache({ backend: '__proto__' })).toThrow(InvalidCacheBackendError);
    expect(() => createCache({ backend: 'filebased' })).toThrow(/location/);
  });
});

describe('caches', () => {
  it('builds each alias once, on first use, and defaults to locmem', async () => {
    const handler = new CacheHandler();
    expect(handler.default).toBeInstanceOf(LocMemCache);
    expect(handler.get('default')).toBe(handler.default);
    expect(() => handler.get('other')).toThrow("The connection 'other' doesn't exist.");
    expect(() => handler.get('__proto__')).toThrow(InvalidCacheBackendError);
  });

  it('serves several aliases, and `cache` follows the default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-caches-'));
    try {
      await caches.configure({
        default: { backend: 'locmem', location: 'caches-test' },
        files: { backend: 'filebased', location: dir },
      });
      expect(caches.aliases()).toEqual(['default', 'files']);
      expect(caches.all().map((c) => c.constructor.name)).toEqual([
        'LocMemCache',
        'FileBasedCache',
      ]);
      await cache.set('k', 'default');
      await caches.get('files').set('k', 'files');
      expect(await caches.default.get('k')).toBe('default');
      expect(await caches.get('files').get('k')).toBe('files');
      expect(cache).toBeInstanceOf(BaseCache);
      expect(cache.keyPrefix).toBe('');
      await caches.configure({ default: { backend: 'dummy' } });
      expect(await cache.get('k')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
