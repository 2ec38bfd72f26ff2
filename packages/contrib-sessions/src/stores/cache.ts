import { caches, type BaseCache } from '@stack/cache';
import type { SessionEngine } from '../engine.js';
import { lifetimeMerger } from '../internal/lifetime.js';
import { CreateError, UpdateError } from '../errors.js';
import { SessionBase, type SessionData, type SessionLifetime } from '../session-base.js';

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
  protected readonly cacheBackend: BaseCache;
  protected readonly keyPrefix: string;

  constructor(
    sessionKey: string | null | undefined,
    options: CacheSessionOptions & { cache: BaseCache },
  ) {
    super(sessionKey, options);
    this.cacheBackend = options.cache;
    this.keyPrefix = options.keyPrefix ?? CACHE_KEY_PREFIX;
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

/** What `CacheSessionStore`'s constructors (its own and `SessionBase`'s) set, in their order. */
interface CacheSessionFields {
  accessed: boolean;
  modified: boolean;
  sessionKeyValue: string | null;
  cookieAge: number;
  expireAtBrowserCloseDefault: boolean;
  cache: undefined;
  loading: undefined;
  cacheBackend: BaseCache;
  keyPrefix: string;
  validateSessionKey(key: string): boolean;
}

/**
 * `new CacheSessionStore(sessionKey, options)`, as `cacheSessions` makes one per request: the
 * same object (its prototype, and the fields of `SessionBase`'s and `CacheSessionStore`'s
 * constructors in their order, with their values: cache.test.ts compares the two), built by a
 * plain constructor function. Node 20's V8 (11.3) never inlines a derived class's `super()`
 * call: `new CacheSessionStore` goes through the generic construct stub twice, about 0.22k
 * instructions per request over the fields' own work (a two-level class measured 532
 * instructions an object where one function built the same in 272). A subclass, or a store
 * built by hand, still runs the class constructors.
 */
function OpenedCacheSession(
  this: CacheSessionFields,
  sessionKey: string | null | undefined,
  options: CacheSessionOptions & { cache: BaseCache },
): void {
  this.accessed = false;
  this.modified = false;
  this.sessionKeyValue = sessionKey && this.validateSessionKey(sessionKey) ? sessionKey : null;
  this.cookieAge = options.cookieAge ?? 1_209_600;
  this.expireAtBrowserCloseDefault = options.expireAtBrowserClose ?? false;
  this.cache = undefined;
  this.loading = undefined;
  this.cacheBackend = options.cache;
  this.keyPrefix = options.keyPrefix ?? CACHE_KEY_PREFIX;
}
OpenedCacheSession.prototype = CacheSessionStore.prototype;

/** @internal `new CacheSessionStore(sessionKey, options)`, without the `super()` call (above). */
export const openCacheSession = OpenedCacheSession as unknown as new (
  sessionKey: string | null | undefined,
  options: CacheSessionOptions & { cache: BaseCache },
) => CacheSessionStore;

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
