import { HttpResponse, HttpResponsePermanentRedirect, PermissionDenied } from '@stack/request';
import { escapeLeadingSlashes } from '@stack/utils';
import { MiddlewareError } from '../errors.js';
import { andThen } from '../internal/maybe-promise.js';
import { fromHooks } from '../middleware-mixin.js';
import {
  metaString,
  type BuiltinMiddleware,
  type Request,
  type Response,
} from '../internal/http.js';
import type { MaybePromise } from '../types.js';

/**
 * Whether a path resolves (Django's `is_valid_path`): the match (anything truthy, e.g. a
 * `ResolverMatch`) or a falsy value. Injected so this package does not depend on `@stack/urls`.
 */
export type IsValidPath = (path: string, urlconf?: unknown) => MaybePromise<unknown>;

/** The settings of `CommonMiddleware`, in Django's names. */
export interface CommonSettings {
  /**
   * Redirect `/foo` to `/foo/` when `/foo` does not resolve and `/foo/` does. Default `true`;
   * it needs `isValidPath` (without it nothing is redirected).
   */
  appendSlash?: boolean;
  /** Redirect `example.com` to `www.example.com`. Default `false`. */
  prependWww?: boolean;
  /** User agents refused with `PermissionDenied` (403). Default `[]`. */
  disallowedUserAgents?: readonly (RegExp | string)[];
  /** The resolver check `appendSlash` asks (e.g. `(path, urlconf) => isValidPath(path, urlconf)` from `@stack/urls`). */
  isValidPath?: IsValidPath | undefined;
  /** In debug, a POST/PUT/PATCH that would be slash-redirected throws instead (its body would be lost). */
  debug?: boolean;
}

/**
 * Django's `if not response.streaming and not response.has_header('Content-Length'):
 * response.headers['Content-Length'] = str(len(response.content))` (`HttpResponse` is the
 * non-streaming response; `setdefaultContentLength` spares the name lookups and the value check
 * of `has` + `set`).
 */
function withContentLength(response: Response): Response {
  if (response instanceof HttpResponse) response.setdefaultContentLength();
  return response;
}

/**
 * Django's `CommonMiddleware`: refuses `disallowedUserAgents` (403), redirects to `www.` when
 * `prependWww`, redirects a 404 to the same path with a slash when `appendSlash` and only the
 * slashed path resolves, and sets `Content-Length` on non-streaming responses.
 *
 * @example
 * ```ts
 * import { isValidPath } from '@stack/urls';
 * const common = CommonMiddleware({ isValidPath: (path, urlconf) => isValidPath(path, urlconf ?? rootUrlconf) });
 * ```
 */
export function CommonMiddleware(settings: CommonSettings = {}): BuiltinMiddleware {
  const { appendSlash = true, prependWww = false, isValidPath, debug = false } = settings;
  const userAgents = (settings.disallowedUserAgents ?? []).map((p) =>
    typeof p === 'string' ? new RegExp(p) : p,
  );

  const shouldRedirectWithSlash = (request: Request): MaybePromise<boolean> => {
    if (!appendSlash || !isValidPath || request.pathInfo.endsWith('/')) return false;
    const urlconf = request.urlconf ?? undefined;
    return andThen(isValidPath(request.pathInfo, urlconf), (valid) => {
      if (valid) return false;
      return andThen(isValidPath(`${request.pathInfo}/`, urlconf), (match) => {
        if (!match) return false;
        const view = (match as { func?: { shouldAppendSlash?: unknown } }).func;
        return view?.shouldAppendSlash !== false;
      });
    });
  };

  const fullPathWithSlash = (request: Request): string => {
    const path = escapeLeadingSlashes(request.getFullPath(true));
    if (
      debug &&
      (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH')
    ) {
      throw new MiddlewareError(
        `You called this URL via ${request.method}, but the URL doesn't end in a slash and you have appendSlash set. ` +
          `Stack can't redirect to the slash URL while maintaining ${request.method} data. Change your form to point to ` +
          `${request.getHost()}${path} (note the trailing slash), or set appendSlash: false in your settings.`,
      );
    }
    return path;
  };

  const processRequest = (request: Request): MaybePromise<Response | undefined> => {
    // Browsers always send a User-Agent: skip reading it (and a closure) when no pattern is set.
    const userAgent = userAgents.length === 0 ? undefined : metaString(request, 'HTTP_USER_AGENT');
    if (userAgent !== undefined && userAgents.some((pattern) => pattern.test(userAgent))) {
      throw new PermissionDenied('Forbidden user agent');
    }
    // As in Django, every request's Host is validated here, whether or not a view reads it:
    // a Host outside allowedHosts raises DisallowedHost (a 400) before any view runs.
    const host = request.getHost();
    if (!prependWww || !host || host.startsWith('www.')) return undefined;
    return andThen(shouldRedirectWithSlash(request), (slash) => {
      const path = slash ? fullPathWithSlash(request) : request.getFullPath();
      return new HttpResponsePermanentRedirect(`${request.scheme}://www.${host}${path}`);
    });
  };

  return fromHooks<Request, Response>({
    processRequest,
    processResponse(request, response) {
      if (response.statusCode !== 404) return withContentLength(response);
      return andThen(shouldRedirectWithSlash(request), (slash) =>
        withContentLength(
          slash ? new HttpResponsePermanentRedirect(fullPathWithSlash(request)) : response,
        ),
      );
    },
  });
}

/**
 * Django's `no_append_slash`: `CommonMiddleware` never slash-redirects to this view.
 *
 * @example
 * ```ts
 * path('api/items/', noAppendSlash(itemsView));
 * ```
 */
export function noAppendSlash<V extends (...args: any[]) => unknown>(
  view: V,
): V & { shouldAppendSlash: false } {
  const wrapped = ((...args: Parameters<V>) => view(...args)) as V;
  return Object.assign(wrapped, view, { shouldAppendSlash: false as const });
}
