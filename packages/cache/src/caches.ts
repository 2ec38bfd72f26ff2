import type { BaseCache, CacheOptions, KeyFunction } from './base.js';
import { DatabaseCache } from './backends/db.js';
import { DummyCache } from './backends/dummy.js';
import { FileBasedCache } from './backends/filebased.js';
import { LocMemCache } from './backends/locmem.js';
import { RedisCache } from './backends/redis.js';
import { InvalidCacheBackendError } from './errors.js';

/** A backend class: constructed with the alias's options. */
export type CacheBackendClass = new (options: never) => BaseCache;

/**
 * One alias of the `caches` setting (Django's `CACHES` entry, camelCased): `backend` is a short
 * name (`'locmem'`, `'redis'`, `'db'`, `'filebased'`, `'dummy'`), Django's dotted path
 * (`'django.core.cache.backends.redis.RedisCache'`) or a class.
 */
export interface CacheSettings {
  backend: string | CacheBackendClass;
  /** Locmem: the shared store's name; Redis: the URL; database: the table; file: the directory. */
  location?: string;
  timeout?: number | null;
  keyPrefix?: string;
  version?: number;
  keyFunction?: KeyFunction;
  /** Backend options: `maxEntries`, `cullFrequency`, and the backend's own (`database`, `clientOptions`…). */
  options?: Record<string, unknown>;
}

/** The `caches` setting: aliases to their settings; `default` is the one `cache` uses. */
export type CachesSettings = Record<string, CacheSettings>;

const BACKENDS: Record<string, CacheBackendClass> = {
  locmem: LocMemCache,
  redis: RedisCache,
  db: DatabaseCache,
  filebased: FileBasedCache,
  dummy: DummyCache,
  'django.core.cache.backends.locmem.LocMemCache': LocMemCache,
  'django.core.cache.backends.redis.RedisCache': RedisCache,
  'django.core.cache.backends.db.DatabaseCache': DatabaseCache,
  'django.core.cache.backends.filebased.FileBasedCache': FileBasedCache,
  'django.core.cache.backends.dummy.DummyCache': DummyCache,
};

/** Django's default `CACHES`: one local-memory cache. */
export const DEFAULT_CACHES: CachesSettings = { default: { backend: 'locmem' } };

/**
 * Builds a cache from one alias's settings.
 *
 * @example
 * ```ts
 * const cache = createCache({ backend: 'redis', location: 'redis://127.0.0.1:6379/0' });
 * ```
 */
export function createCache(settings: CacheSettings): BaseCache {
  const { backend, options, ...rest } = settings ?? ({} as CacheSettings);
  const Backend =
    typeof backend === 'function'
      ? backend
      : Object.hasOwn(BACKENDS, backend)
        ? BACKENDS[backend]
        : undefined;
  if (!Backend) {
    throw new InvalidCacheBackendError(
      `Could not find backend ${JSON.stringify(backend)}: use one of ${Object.keys(BACKENDS)
        .slice(0, 5)
        .join(', ')}, Django's dotted path, or a class.`,
    );
  }
  const merged: CacheOptions & Record<string, unknown> = { ...options, ...rest };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return new Backend(merged as never);
}

/**
 * The configured caches by alias (Django's `django.core.cache.caches`). Each alias's cache is
 * built on first use and kept for the process. Unconfigured, `default` is a `LocMemCache`.
 *
 * @example
 * ```ts
 * caches.configure({ default: { backend: 'locmem' }, shared: { backend: 'redis', location: url } });
 * await caches.get('shared').set('k', 1);
 * await caches.default.get('k');
 * ```
 */
export class CacheHandler {
  private settings: CachesSettings = DEFAULT_CACHES;
  private readonly open = new Map<string, BaseCache>();

  /** Replaces the settings; caches already built are closed and rebuilt on next use. */
  async configure(settings: CachesSettings): Promise<void> {
    await this.closeAll();
    this.open.clear();
    this.settings = Object.assign(Object.create(null) as CachesSettings, settings);
  }

  /** The cache of `alias` (Django's `caches[alias]`). */
  get(alias: string): BaseCache {
    let cache = this.open.get(alias);
    if (cache) return cache;
    if (!Object.hasOwn(this.settings, alias)) {
      throw new InvalidCacheBackendError(`The connection '${alias}' doesn't exist.`);
    }
    cache = createCache(this.settings[alias]!);
    this.open.set(alias, cache);
    return cache;
  }

  /** The `default` alias. */
  get default(): BaseCache {
    return this.get('default');
  }

  /** The configured aliases. */
  aliases(): string[] {
    return Object.keys(this.settings);
  }

  /** Every configured cache, built if need be (Django's `caches.all()`). */
  all(): BaseCache[] {
    return this.aliases().map((alias) => this.get(alias));
  }

  /** Closes the caches built so far (Django closes them when a request finishes). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open.values()].map((cache) => cache.close()));
  }
}

/**
 * The process's caches; configured from the `caches` setting by `@stack/core`, or by calling
 * `caches.configure` yourself.
 *
 * @example
 * ```ts
 * await caches.get('default').set('a', 1);
 * ```
 */
export const caches = new CacheHandler();

/**
 * The default cache, whatever `caches` is configured to (Django's `django.core.cache.cache`).
 *
 * @example
 * ```ts
 * import { cache } from '@stack/cache';
 * await cache.set(key, value, 60 * 15);
 * ```
 */
export const cache: BaseCache = new Proxy(Object.create(null) as BaseCache, {
  get(_target, property) {
    const target = caches.default;
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
  },
  has: (_target, property) => Reflect.has(caches.default, property),
  getPrototypeOf: () => Object.getPrototypeOf(caches.default) as object,
});
