import path from 'node:path';
import { caches, type CacheSettings, type CachesSettings } from '@stack/cache';
import { ImproperlyConfigured } from '../errors.js';
import type { Settings } from '../settings-types.js';
import { importNamed } from './contrib-settings.js';

const SHORT_NAMES = new Set(['locmem', 'redis', 'db', 'filebased', 'dummy']);

/** One alias with its `'module:Export'` strings imported and a file cache's folder made absolute. */
async function resolveAlias(
  alias: string,
  entry: CacheSettings,
  baseDir: string,
): Promise<CacheSettings> {
  if (!entry || typeof entry !== 'object') {
    throw new ImproperlyConfigured(
      `caches.${alias} must be an object such as { backend: 'locmem' }.`,
    );
  }
  const resolved: CacheSettings = { ...entry };
  const { backend, keyFunction } = entry as { backend: unknown; keyFunction?: unknown };
  if (typeof backend === 'string' && backend.includes(':') && !SHORT_NAMES.has(backend)) {
    resolved.backend = (await importNamed(backend, `caches.${alias}.backend`, baseDir)) as never;
  }
  if (typeof keyFunction === 'string') {
    resolved.keyFunction = (await importNamed(
      keyFunction,
      `caches.${alias}.keyFunction`,
      baseDir,
    )) as never;
  }
  const isFileCache =
    backend === 'filebased' || backend === 'django.core.cache.backends.filebased.FileBasedCache';
  if (isFileCache && typeof entry.location === 'string') {
    resolved.location = path.resolve(baseDir, entry.location);
  }
  return resolved;
}

/**
 * Hands the `caches` setting to `@stack/cache` (Django's `django.core.cache.caches`), so
 * `cache`, `caches.get(alias)`, the cache middleware, `cachePage` and the session stores all use
 * the project's caches. A file cache's `location` is relative to `baseDir`.
 */
export async function configureCaches(settings: Settings): Promise<void> {
  const entries: CachesSettings = {};
  for (const [alias, entry] of Object.entries(settings.caches ?? {})) {
    entries[alias] = await resolveAlias(alias, entry, settings.baseDir);
  }
  if (!Object.hasOwn(entries, 'default')) {
    throw new ImproperlyConfigured("caches must define a 'default' cache, as Django requires.");
  }
  await caches.configure(entries);
}
