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
        "DEFAULT_CACHES",
        "DatabaseCache",
        "DummyCache",
        "FileBasedCache",
        "InvalidCacheBackendError",
        "LocMemCache",
        "RedisCache",
        "cache",
        "caches",
        "createCache",
        "defaultKeyFunction",
        "memcacheKeyWarnings",
      ]
    `);
  });
});
