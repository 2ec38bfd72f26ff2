/**
 * The errors of the cache framework, one small hierarchy.
 *
 * @example
 * ```ts
 * try { await cache.incr('missing'); } catch (e) { if (e instanceof CacheKeyNotFound) … }
 * ```
 */
export class CacheError extends Error {
  override name = 'CacheError';
}

/**
 * A `caches` setting names a backend that does not exist or is misconfigured (Django's
 * `InvalidCacheBackendError`), or an alias that is not configured.
 *
 * @example
 * ```ts
 * caches.get('nope'); // throws InvalidCacheBackendError: The connection 'nope' doesn't exist.
 * ```
 */
export class InvalidCacheBackendError extends CacheError {
  override name = 'InvalidCacheBackendError';
}

/**
 * `incr`, `decr`, `incrVersion` or `decrVersion` on a key the cache does not hold (Django raises
 * a `ValueError`).
 *
 * @example
 * ```ts
 * await cache.incr('never-set'); // throws CacheKeyNotFound: Key 'never-set' not found.
 * ```
 */
export class CacheKeyNotFound extends CacheError {
  override name = 'CacheKeyNotFound';
  constructor(readonly key: string) {
    super(`Key '${key}' not found.`);
  }
}

/**
 * The warning type of keys that would break on memcached (longer than 250 characters, or with
 * spaces or control characters): Django's `CacheKeyWarning`. It is emitted with
 * `process.emitWarning`, never thrown, so code stays portable between backends.
 *
 * @example
 * ```ts
 * process.on('warning', (w) => { if (w.name === CACHE_KEY_WARNING) … });
 * ```
 */
export const CACHE_KEY_WARNING = 'CacheKeyWarning';
