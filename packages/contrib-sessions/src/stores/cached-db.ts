import type { BaseCache } from '@stack/cache';
import type { SessionEngine } from '../engine.js';
import { lifetimeMerger } from '../internal/lifetime.js';
import { plainConstructor, type SessionData } from '../session-base.js';
import { asSessionData, sessionCache, setUpCacheFields } from './cache.js';
import { DatabaseSessionStore, setUpDatabaseSession, type DatabaseSessionOptions } from './db.js';

/**
 * Django's key prefix of the cache-backed database store.
 *
 * @example
 * ```ts
 * await cache.get(CACHED_DB_KEY_PREFIX + sessionKey);
 * ```
 */
export const CACHED_DB_KEY_PREFIX = 'django.contrib.sessions.cached_db';

/** Options of the cache-backed database store. */
export interface CachedDatabaseSessionOptions extends DatabaseSessionOptions {
  /** The cache; default: the `cacheAlias` cache of `@stack/cache`'s `caches`. */
  cache?: BaseCache;
  /** The `caches` alias sessions live in (Django's `SESSION_CACHE_ALIAS`). Default `'default'`. */
  cacheAlias?: string;
  keyPrefix?: string;
}

/**
 * Django's `cached_db` backend: reads go to the cache first and fall back to the database;
 * writes go to both, so sessions survive a cache flush and most reads skip the database.
 *
 * @example
 * ```ts
 * const engine = cachedDatabaseSessions({ secretKey, cacheAlias: 'sessions' });
 * ```
 */
export class CachedDatabaseSessionStore extends DatabaseSessionStore {
  // Set by `setUpCachedDatabaseSession`, which `openCachedDatabaseSession` shares.
  declare private readonly cacheBackend: BaseCache;
  declare private readonly keyPrefix: string;

  constructor(
    sessionKey: string | null | undefined,
    options: CachedDatabaseSessionOptions & { cache: BaseCache },
  ) {
    super(sessionKey, options);
    setUpCachedDatabaseSession(this, options);
  }

  override async load(): Promise<SessionData> {
    const key = this.sessionKey;
    if (key) {
      const cached = await this.cacheBackend.get(this.keyPrefix + key).catch(() => undefined);
      const data = asSessionData(cached);
      if (data) return data;
    }
    const row = await this.loadRow();
    if (!row || !key) return {};
    const data = this.decode(row.sessionData ?? '');
    const age = await this.getExpiryAge({ expiry: row.expireDate });
    await this.cacheBackend.set(this.keyPrefix + key, data, age).catch(() => undefined);
    return data;
  }

  override async exists(sessionKey: string): Promise<boolean> {
    return (
      (Boolean(sessionKey) && (await this.cacheBackend.hasKey(this.keyPrefix + sessionKey))) ||
      super.exists(sessionKey)
    );
  }

  override async save(mustCreate = false): Promise<void> {
    await super.save(mustCreate);
    const key = this.sessionKey;
    if (!key) return;
    const value = await this.sessionData();
    await this.cacheBackend
      .set(this.keyPrefix + key, value, await this.getExpiryAge())
      .catch(() => undefined);
  }

  override async deleteSession(sessionKey?: string | null): Promise<void> {
    const key = sessionKey ?? this.sessionKey;
    await super.deleteSession(key);
    if (key) await this.cacheBackend.delete(this.keyPrefix + key);
  }
}

/** `CachedDatabaseSessionStore`'s own constructor work, after `super()`. */
function setUpCachedDatabaseSession(
  store: CachedDatabaseSessionStore,
  options: CachedDatabaseSessionOptions & { cache: BaseCache },
): void {
  setUpCacheFields(store, options, CACHED_DB_KEY_PREFIX);
}

/**
 * @internal `new CachedDatabaseSessionStore(...)` without its two `super()` calls (see
 * `plainConstructor`).
 */
export const openCachedDatabaseSession = plainConstructor(
  CachedDatabaseSessionStore,
  (store, options: CachedDatabaseSessionOptions & { cache: BaseCache }) => {
    setUpDatabaseSession(store, options);
    setUpCachedDatabaseSession(store, options);
  },
);

/**
 * The cache-backed database engine, on the `cacheAlias` cache of `@stack/cache` (the default
 * one unless told) or the cache given.
 *
 * @example
 * ```ts
 * SessionMiddleware({ sessionEngine: cachedDatabaseSessions({ secretKey }) });
 * ```
 */
export function cachedDatabaseSessions(options: CachedDatabaseSessionOptions): SessionEngine {
  if (!options.secretKey) throw new TypeError('cachedDatabaseSessions needs a secretKey.');
  // The cache is looked up on first use, once `caches` has been configured.
  let merge: ReturnType<typeof lifetimeMerger<CachedDatabaseSessionOptions & { cache: BaseCache }>>;
  return {
    open: (sessionKey, lifetime) => {
      merge ??= lifetimeMerger({ ...options, cache: sessionCache(options) });
      return new openCachedDatabaseSession(sessionKey, merge(lifetime));
    },
    clearExpired: () => DatabaseSessionStore.clearExpired(options.using),
  };
}
