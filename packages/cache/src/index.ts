/**
 * @stack/cache: Django's cache framework: backends (locmem, Redis, database, file, dummy),
 * `cachePage` and the cache middleware, and the `{% cache %}` template tag.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { BaseCache, defaultKeyFunction, memcacheKeyWarnings } from './base.js';
export type { CacheOptions, KeyFunction, Timeout, VersionOption } from './base.js';
export { CacheHandler, DEFAULT_CACHES, cache, caches, createCache } from './caches.js';
export type { CacheBackendClass, CacheSettings, CachesSettings } from './caches.js';
export { LocMemCache } from './backends/locmem.js';
export type { LocMemCacheOptions } from './backends/locmem.js';
export { DummyCache } from './backends/dummy.js';
export { FileBasedCache } from './backends/filebased.js';
export type { FileBasedCacheOptions } from './backends/filebased.js';
export { RedisCache } from './backends/redis.js';
export type { RedisCacheOptions, RedisClientLike } from './backends/redis.js';
export { DatabaseCache } from './backends/db.js';
export type { DatabaseCacheOptions } from './backends/db.js';
export {
  CACHE_KEY_WARNING,
  CacheError,
  CacheKeyNotFound,
  InvalidCacheBackendError,
} from './errors.js';
export { getCacheKey, learnCacheKey } from './http/cache-key.js';
export type { CacheKeyOptions, CacheableRequest, CacheableResponse } from './http/cache-key.js';
export {
  CacheMiddleware,
  FetchFromCacheMiddleware,
  UpdateCacheMiddleware,
} from './http/middleware.js';
export type { CacheMiddlewareOptions, CacheMiddlewareSettings } from './http/middleware.js';
export {
  cacheControl,
  cachePage,
  neverCache,
  varyOnCookie,
  varyOnHeaders,
} from './http/decorators.js';
export type { CachePageOptions } from './http/decorators.js';
export { cacheLibrary, makeTemplateFragmentKey } from './templatetags.js';
