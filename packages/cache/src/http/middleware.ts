import type { GetResponse, Middleware } from '@stack/middleware';
import { HttpResponse, type HttpRequest, type HttpResponseBase } from '@stack/request';
import type { BaseCache } from '../base.js';
import { caches } from '../caches.js';
import { getMaxAge, patchResponseHeaders } from '@stack/utils';
import { getCacheKey, learnCacheKey } from './cache-key.js';

/** The settings the cache middleware reads (Django's `CACHE_MIDDLEWARE_*`). */
export interface CacheMiddlewareSettings {
  /** Seconds a page is cached when its response has no `max-age`. Default 600. */
  cacheMiddlewareSeconds?: number;
  /** Prefix of the page keys, so several sites can share a cache. Default `''`. */
  cacheMiddlewareKeyPrefix?: string;
  /** The `caches` alias pages are stored in. Default `'default'`. */
  cacheMiddlewareAlias?: string;
}

/** What `CacheMiddleware` (and `cachePage`) take beyond the settings. */
export interface CacheMiddlewareOptions extends CacheMiddlewareSettings {
  /** Seconds every page is cached, whatever its `max-age` says (what `cachePage` sets). */
  pageTimeout?: number;
  /** A cache to use instead of the alias (for use without `caches`). */
  cache?: BaseCache;
}

/** A page as it is stored: plain data any process can read back. */
interface StoredPage {
  status: number;
  reason: string;
  headers: [string, string][];
  content: Uint8Array;
}

type Renderable = HttpResponseBase & {
  isRendered?: boolean;
  addPostRenderCallback?: (callback: (response: HttpResponseBase) => unknown) => void;
};

/** Requests the fetch half found no page for: the update half may store theirs. */
const shouldUpdate = new WeakSet<object>();

function resolveCache(options: CacheMiddlewareOptions): () => BaseCache {
  if (options.cache) {
    const fixed = options.cache;
    return () => fixed;
  }
  const alias = options.cacheMiddlewareAlias ?? 'default';
  let cache: BaseCache | undefined;
  // The alias is looked up on first use, after `caches` has been configured at setup.
  return () => (cache ??= caches.get(alias));
}

function toStored(response: HttpResponse): StoredPage {
  return {
    status: response.statusCode,
    reason: response.reasonPhrase,
    headers: [...response.headers],
    content: response.content,
  };
}

function fromStored(value: unknown): HttpResponse | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const page = value as Partial<StoredPage>;
  if (
    typeof page.status !== 'number' ||
    typeof page.reason !== 'string' ||
    !(page.content instanceof Uint8Array) ||
    !Array.isArray(page.headers) ||
    !page.headers.every(
      (pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string',
    )
  ) {
    return undefined;
  }
  try {
    return new HttpResponse(page.content, {
      status: page.status,
      reason: page.reason,
      headers: page.headers,
    });
  } catch {
    return undefined;
  }
}

/**
 * Whether a response may be stored (Django's rules, stricter on cookies): not streamed, status
 * 200 or 304, no `Set-Cookie` (a cached cookie would be handed to every visitor), no
 * `Cache-Control: private` or `no-store`.
 */
function cacheable(response: HttpResponseBase): boolean {
  if (response.streaming || (response.statusCode !== 200 && response.statusCode !== 304)) {
    return false;
  }
  if (response.cookies.size > 0) return false;
  const directives = (response.get('Cache-Control') ?? '')
    .split(',')
    .map((field) => field.split('=')[0]!.trim().toLowerCase());
  return !directives.includes('private') && !directives.includes('no-store');
}

/**
 * Django's `UpdateCacheMiddleware`: stores cacheable responses to GET and HEAD for the pages
 * `FetchFromCacheMiddleware` could not serve. Put it FIRST in `middleware`, so it sees the
 * response last (after `Vary` and cookies are set by the layers inside).
 *
 * @example
 * ```ts
 * middleware: ['@stack/cache:UpdateCacheMiddleware', …, '@stack/cache:FetchFromCacheMiddleware'],
 * ```
 */
export function UpdateCacheMiddleware(
  settings: CacheMiddlewareOptions = {},
): Middleware<HttpRequest, HttpResponseBase> {
  const cache = resolveCache(settings);
  const keyPrefix = settings.cacheMiddlewareKeyPrefix ?? '';
  const cacheTimeout = settings.cacheMiddlewareSeconds ?? 600;
  const update = async (request: HttpRequest, response: HttpResponseBase) => {
    if (!shouldUpdate.has(request) || !cacheable(response)) return response;
    let timeout = settings.pageTimeout;
    if (timeout === undefined) {
      const maxAge = getMaxAge(response);
      if (maxAge === 0) return response;
      timeout = maxAge ?? cacheTimeout;
    }
    patchResponseHeaders(response, timeout);
    if (timeout > 0 && response.statusCode === 200) {
      const key = await learnCacheKey(request, response, {
        cache: cache(),
        cacheTimeout: timeout,
        keyPrefix,
      });
      const store = (rendered: HttpResponseBase) =>
        cache().set(key, toStored(rendered as HttpResponse), timeout);
      const renderable = response as Renderable;
      if (renderable.isRendered === false && renderable.addPostRenderCallback) {
        renderable.addPostRenderCallback(store);
      } else {
        await store(response);
      }
    }
    return response;
  };
  return (getResponse: GetResponse<HttpRequest, HttpResponseBase>) => async (request) =>
    update(request, await getResponse(request));
}

/**
 * Django's `FetchFromCacheMiddleware`: answers GET and HEAD from the cache when the page is
 * there, before any view runs. Put it LAST in `middleware`.
 *
 * @example
 * ```ts
 * middleware: ['@stack/cache:UpdateCacheMiddleware', …, '@stack/cache:FetchFromCacheMiddleware'],
 * ```
 */
export function FetchFromCacheMiddleware(
  settings: CacheMiddlewareOptions = {},
): Middleware<HttpRequest, HttpResponseBase> {
  const cache = resolveCache(settings);
  const keyPrefix = settings.cacheMiddlewareKeyPrefix ?? '';
  const fetch = async (request: HttpRequest): Promise<HttpResponse | undefined> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const found = async (method: string) => {
      const key = await getCacheKey(request, { cache: cache(), keyPrefix, method });
      return key === undefined ? undefined : fromStored(await cache().get(key));
    };
    const response =
      (await found('GET')) ?? (request.method === 'HEAD' ? await found('HEAD') : undefined);
    if (response === undefined) shouldUpdate.add(request);
    return response;
  };
  return (getResponse: GetResponse<HttpRequest, HttpResponseBase>) => async (request) =>
    (await fetch(request)) ?? getResponse(request);
}

/**
 * Django's `CacheMiddleware`: both halves in one layer, for a site whose every page may be
 * cached, and the layer `cachePage` wraps a view in.
 *
 * @example
 * ```ts
 * compose([CacheMiddleware({ cacheMiddlewareSeconds: 60 })], viewCaller);
 * ```
 */
export function CacheMiddleware(
  settings: CacheMiddlewareOptions = {},
): Middleware<HttpRequest, HttpResponseBase> {
  const fetch = FetchFromCacheMiddleware(settings);
  const update = UpdateCacheMiddleware(settings);
  return (getResponse) => fetch(update(getResponse));
}
