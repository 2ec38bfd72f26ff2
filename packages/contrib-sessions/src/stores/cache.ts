import { caches, type BaseCache } from '@stack/cache';
import type { SessionEngine } from '../engine.js';
import { lifetimeMerger } from '../internal/lifetime.js';
import { CreateError, UpdateError } from '../errors.js';
import {
  plainConstructor,
  SessionBase,
  type SessionData,
  type SessionLifetime,
} from '../session-base.js';

/**
 * Django's key prefix, so sessions can share a cache with other data.
 *
 * @example
 * ```ts
 * await cache.get(CACHE_KEY_PREFIX + sessionKey);
 * ```
 */
export const CACHE_KEY_PREFIX = 'django.contrib.sessions.cache';

/** Options of the cache session stores. */
export interface CacheSessionOptions extends SessionLifetime {
  /** The cache; default: the `cacheAlias` cache of `@stack/cache`'s `caches`. */
  cache?: BaseCache;
  /** The `caches` alias sessions live in (Django's `SESSION_CACHE_ALIAS`). Default `'default'`. */
  cacheAlias?: string;
  keyPrefix?: string;
}

/**
 * Django's `cache` session backend: each session is a JSON value in a cache, expiring with the
 * session. Fast; sessions vanish if the cache is flushed or evicts them.
 *
 * @example
 * ```ts
 * const session = new CacheSessionStore(null, { cache: new LocMemCache() }); // from @stack/cache
 * await session.set('cart', [1, 2]);
 * await session.save();
 * ```
 */
export class CacheSessionStore extends SessionBase {
  // Set by `setUpCacheSession`, which `openCacheSession` shares.
  declare protected readonly cacheBackend: BaseCache;
  declare protected readonly keyPrefix: string;

  constructor(
    sessionKey: string | null | undefined,
    options: CacheSessionOptions & { cache: BaseCache },
  ) {
    super(sessionKey, options);
    setUpCacheSession(this, options);
  }

  protected cacheKey(sessionKey: string): string {
    return this.keyPrefix + sessionKey;
  }

  async load(): Promise<SessionData> {
    const key = this.sessionKey;
    const cached = key
      ? await this.cacheBackend.get(this.cacheKey(key)).catch(() => undefined)
      : undefined;
    const data = asSessionData(cached);
    if (data) return data;
    this.setSessionKey(null);
    return {};
  }

  async exists(sessionKey: string): Promise<boolean> {
    return Boolean(sessionKey) && (await this.cacheBackend.has(this.cacheKey(sessionKey)));
  }

  async create(): Promise<void> {
    await this.createWithFreshKey();
  }

  async save(mustCreate = false): Promise<void> {
    const key = this.sessionKey;
    if (key === null) return this.create();
    const cacheKey = this.cacheKey(key);
    const value = await this.sessionData(mustCreate);
    const age = await this.getExpiryAge();
    if (mustCreate) {
      if (!(await this.cacheBackend.add(cacheKey, value, age)))
        throw new CreateError('Session key taken');
      return;
    }
    if (!(await this.cacheBackend.hasKey(cacheKey))) throw new UpdateError('Session was deleted');
    await this.cacheBackend.set(cacheKey, value, age);
  }

  async deleteSession(sessionKey?: string | null): Promise<void> {
    const key = sessionKey ?? this.sessionKey;
    if (key) await this.cacheBackend.delete(this.cacheKey(key));
  }
}

/**
 * @internal The own constructor work of a store kept in a cache, after `super()`: its cache and
 * its key prefix (`defaultPrefix` unless `options.keyPrefix` says otherwise). `CacheSessionStore`
 * and `CachedDatabaseSessionStore` share it, with their plain constructors.
 */
export function setUpCacheFields(
  store: SessionBase,
  options: { cache: BaseCache; keyPrefix?: string },
  defaultPrefix: string,
): void {
  const fields = store as unknown as { cacheBackend: BaseCache; keyPrefix: string };
  fields.cacheBackend = options.cache;
  fields.keyPrefix = options.keyPrefix ?? defaultPrefix;
}

function setUpCacheSession(
  store: CacheSessionStore,
  options: CacheSessionOptions & { cache: BaseCache },
): void {
  setUpCacheFields(store, options, CACHE_KEY_PREFIX);
}

/** @internal `new CacheSessionStore(...)` without its `super()` call (see `plainConstructor`). */
export const openCacheSession = plainConstructor(CacheSessionStore, setUpCacheSession);

/** A cached session, or undefined for anything but a plain object (a foreign or corrupt entry). */
export function asSessionData(value: unknown): SessionData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.getPrototypeOf(value) === Object.prototype ? (value as SessionData) : undefined;
}

/** The cache of a store's options, looked up when a session opens (after `caches` is configured). */
export function sessionCache(options: { cache?: BaseCache; cacheAlias?: string }): BaseCache {
  return options.cache ?? caches.get(options.cacheAlias ?? 'default');
}

/**
 * The cache session engine, on a cache of `@stack/cache`: the `cacheAlias` cache of `caches`
 * (the default one unless told), or the cache given, such as a `RedisCache` for sessions
 * shared between processes.
 *
 * @example
 * ```ts
 * const cache = new RedisCache({ location: 'redis://127.0.0.1:6379/0' }); // from @stack/cache
 * app.use(SessionMiddleware({ sessionEngine: cacheSessions({ cache }) }));
 * ```
 */
export function cacheSessions(options: CacheSessionOptions = {}): SessionEngine {
  // The cache is looked up on first use, once `caches` has been configured.
  let merge: ReturnType<typeof lifetimeMerger<CacheSessionOptions & { cache: BaseCache }>>;
  return {
    open: (sessionKey, lifetime) => {
      merge ??= lifetimeMerger({ ...options, cache: sessionCache(options) });
      return new openCacheSession(sessionKey, merge(lifetime));
    },
    // The cache expires sessions by itself.
    clearExpired: async () => 0,
  };
}
