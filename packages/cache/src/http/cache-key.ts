import { createHash } from 'node:crypto';
import type { BaseCache } from '../base.js';
import { parseVary } from '../internal/vary.js';

/** What the cache-key functions read of a request (an `HttpRequest` of `@stack/request` fits). */
export interface CacheableRequest {
  readonly method: string;
  readonly META: Readonly<Record<string, unknown>>;
  readonly COOKIES: Readonly<Record<string, string>>;
  buildAbsoluteUri(): string;
  /** Set by a locale middleware: pages are cached per language, as Django does with i18n. */
  readonly LANGUAGE_CODE?: string;
}

/** What the cache-key functions read of a response. */
export interface CacheableResponse {
  get(name: string): string | null | undefined;
  has(name: string): boolean;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function languageSuffix(request: CacheableRequest, key: string): string {
  const language = request.LANGUAGE_CODE;
  return typeof language === 'string' && language !== '' ? `${key}.${language}` : key;
}

function pageKey(
  request: CacheableRequest,
  method: string,
  headerList: readonly string[],
  keyPrefix: string,
): string {
  const ctx = createHash('md5');
  for (const header of headerList) {
    const value = request.META[header];
    if (typeof value === 'string') ctx.update(value);
  }
  const url = md5(request.buildAbsoluteUri());
  return languageSuffix(
    request,
    `views.decorators.cache.cache_page.${keyPrefix}.${method}.${url}.${ctx.digest('hex')}`,
  );
}

function headerKey(request: CacheableRequest, keyPrefix: string): string {
  const url = md5(request.buildAbsoluteUri());
  return languageSuffix(request, `views.decorators.cache.cache_header.${keyPrefix}.${url}`);
}

/** Options of `getCacheKey` and `learnCacheKey`. */
export interface CacheKeyOptions {
  /** Django's `CACHE_MIDDLEWARE_KEY_PREFIX`. Default `''`. */
  keyPrefix?: string;
  /** The cache holding the header lists and the pages. */
  cache: BaseCache;
}

/**
 * The key a page for this request is cached under, or `undefined` when no page for its URL was
 * learnt yet (Django's `get_cache_key`): it reads the header list `learnCacheKey` stored, then
 * hashes the URL and those headers' values.
 *
 * @example
 * ```ts
 * const key = await getCacheKey(request, { cache });
 * if (key) await cache.delete(key); // evict the cached page
 * ```
 */
export async function getCacheKey(
  request: CacheableRequest,
  options: CacheKeyOptions & { method?: string },
): Promise<string | undefined> {
  const keyPrefix = options.keyPrefix ?? '';
  const headerList = await options.cache.get<unknown>(headerKey(request, keyPrefix));
  if (!Array.isArray(headerList) || !headerList.every((h) => typeof h === 'string')) {
    return undefined;
  }
  return pageKey(request, options.method ?? 'GET', headerList as string[], keyPrefix);
}

/**
 * Records which request headers the response varies on (its `Vary`) for the request's URL, so
 * the next request can find the cached page before any view runs, and returns the page's key
 * (Django's `learn_cache_key`). With a language on the request, `Accept-Language` is left out:
 * the language already is in the key.
 *
 * @example
 * ```ts
 * const key = await learnCacheKey(request, response, { cache, cacheTimeout: 600 });
 * await cache.set(key, storedPage, 600);
 * ```
 */
export async function learnCacheKey(
  request: CacheableRequest,
  response: CacheableResponse,
  options: CacheKeyOptions & { cacheTimeout?: number },
): Promise<string> {
  const keyPrefix = options.keyPrefix ?? '';
  const timeout = options.cacheTimeout ?? 600;
  const languageInKey = typeof request.LANGUAGE_CODE === 'string' && request.LANGUAGE_CODE !== '';
  const headerList: string[] = [];
  for (const header of parseVary(response.get('Vary'))) {
    const meta = header.toUpperCase().replaceAll('-', '_');
    if (meta !== 'ACCEPT_LANGUAGE' || !languageInKey) headerList.push(`HTTP_${meta}`);
  }
  headerList.sort();
  await options.cache.set(headerKey(request, keyPrefix), headerList, timeout);
  return pageKey(request, request.method, headerList, keyPrefix);
}
