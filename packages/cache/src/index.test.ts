import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/cache', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BaseCache",
        "CACHE_KEY_WARNING",
        "CacheError",
        "CacheHandler",
        "CacheKeyNotFound",
        "CacheMiddleware",
        "DEFAULT_CACHES",
        "DatabaseCache",
        "DummyCache",
        "FetchFromCacheMiddleware",
        "FileBasedCache",
        "InvalidCacheBackendError",
        "LocMemCache",
        "RedisCache",
        "UpdateCacheMiddleware",
        "cache",
        "cacheControl",
        "cacheLibrary",
        "cachePage",
        "caches",
        "createCache",
        "defaultKeyFunction",
        "getCacheKey",
        "learnCacheKey",
        "makeTemplateFragmentKey",
        "memcacheKeyWarnings",
        "neverCache",
        "varyOnCookie",
        "varyOnHeaders",
      ]
    `);
  });
});
