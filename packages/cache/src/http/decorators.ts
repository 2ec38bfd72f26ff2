import { decoratorFromMiddleware, type View } from '@stack/middleware';
import type { HttpRequest, HttpResponseBase } from '@stack/request';
import type { BaseCache } from '../base.js';
import {
  addNeverCacheHeaders,
  patchCacheControl,
  patchVaryHeaders,
  type CacheControlDirectives,
} from '@stack/utils';
import { CacheMiddleware } from './middleware.js';

type AnyView = View<HttpRequest, HttpResponseBase>;

/** Options of `cachePage`: Django's `cache=` and `key_prefix=`. */
export interface CachePageOptions {
  /** The `caches` alias, or a cache. Default `'default'`. */
  cache?: string | BaseCache;
  /** Prefix of this view's page keys. Default `''`. */
  keyPrefix?: string;
}

/**
 * Django's `cache_page`: caches the view's pages for `timeout` seconds (whatever their
 * `max-age`), keyed by URL and the headers they vary on, under Django's rules on what may be
 * cached. Pages are served from the cache before the view runs.
 *
 * @example
 * ```ts
 * export const postList = cachePage(60 * 15)(async (request) => render(request, 'blog/list.html', {}));
 * ```
 */
export function cachePage(
  timeout: number,
  options: CachePageOptions = {},
): <V extends AnyView>(view: V) => AnyView {
  const { cache, keyPrefix } = options;
  return decoratorFromMiddleware(
    CacheMiddleware({
      pageTimeout: timeout,
      cacheMiddlewareKeyPrefix: keyPrefix ?? '',
      ...(typeof cache === 'object' ? { cache } : { cacheMiddlewareAlias: cache ?? 'default' }),
    }),
  );
}

function afterView<V extends AnyView>(
  view: V,
  patch: (response: HttpResponseBase) => void,
): AnyView {
  const wrapped: AnyView = async (request, ...args) => {
    const response = await view(request, ...args);
    patch(response);
    return response;
  };
  return Object.assign(wrapped, view);
}

/**
 * Django's `cache_control`: adds directives to the response's `Cache-Control` (camelCase or
 * Django's snake_case names; `true` for a bare directive).
 *
 * @example
 * ```ts
 * export const feed = cacheControl({ maxAge: 3600, public: true })(feedView);
 * ```
 */
export function cacheControl(
  directives: CacheControlDirectives,
): <V extends AnyView>(view: V) => AnyView {
  return (view) => afterView(view, (response) => patchCacheControl(response, directives));
}

/**
 * Django's `never_cache`: marks the view's responses as never to be cached by anyone
 * (`Expires` now and `max-age=0, no-cache, no-store, must-revalidate, private`).
 *
 * @example
 * ```ts
 * export const account = neverCache(accountView);
 * ```
 */
export function neverCache<V extends AnyView>(view: V): AnyView {
  return afterView(view, addNeverCacheHeaders);
}

/**
 * Django's `vary_on_headers`: the view's responses depend on these request headers, so caches
 * (this one included) keep one copy per value.
 *
 * @example
 * ```ts
 * export const home = varyOnHeaders('User-Agent', 'Accept-Language')(homeView);
 * ```
 */
export function varyOnHeaders(...headers: string[]): <V extends AnyView>(view: V) => AnyView {
  return (view) => afterView(view, (response) => patchVaryHeaders(response, headers));
}

/**
 * Django's `vary_on_cookie`: the view's responses depend on the cookies (`Vary: Cookie`).
 *
 * @example
 * ```ts
 * export const dashboard = varyOnCookie(dashboardView);
 * ```
 */
export function varyOnCookie<V extends AnyView>(view: V): AnyView {
  return afterView(view, (response) => patchVaryHeaders(response, ['Cookie']));
}
