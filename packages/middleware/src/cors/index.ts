import { HttpResponse } from '@stack/request';
import { MiddlewareNotUsed } from '../errors.js';
import {
  metaString,
  type BuiltinMiddleware,
  type Request,
  type Response,
} from '../internal/http.js';
import { andThenWith } from '../internal/maybe-promise.js';
import { urlsplit } from '../internal/urlsplit.js';
import { patchVaryHeaders } from '@stack/utils';

/** The settings of `CorsMiddleware`, named as django-cors-headers names them. */
export interface CorsSettings {
  /** Origins allowed to read responses, as `scheme://host[:port]` (`'null'` must be listed to allow it). Default `[]`. */
  corsAllowedOrigins?: readonly string[];
  /** Patterns an allowed origin matches from its start (strings are anchored at the start, like `re.match`). Default `[]`. */
  corsAllowedOriginRegexes?: readonly (string | RegExp)[];
  /** Allow every origin (`*`, or the origin itself with credentials). Default `false`. */
  corsAllowAllOrigins?: boolean;
  /** Send `Access-Control-Allow-Credentials: true` (cookies across origins). Default `false`. */
  corsAllowCredentials?: boolean;
  /** Request headers a preflight allows. Default django-cors-headers' list. */
  corsAllowHeaders?: readonly string[];
  /** Methods a preflight allows. Default `DELETE, GET, OPTIONS, PATCH, POST, PUT`. */
  corsAllowMethods?: readonly string[];
  /** Response headers the browser may expose to the page. Default `[]`. */
  corsExposeHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight; `0` sends no `Access-Control-Max-Age`. Default `86400`. */
  corsPreflightMaxAge?: number;
  /** Only paths (`pathInfo`) matching this get CORS headers. Default every path. */
  corsUrlsRegex?: string | RegExp;
  /** Answer Private Network Access preflights. Default `false`. */
  corsAllowPrivateNetwork?: boolean;
}

/**
 * django-cors-headers' default `CORS_ALLOW_HEADERS`, to extend rather than repeat.
 *
 * @example
 * ```ts
 * CorsMiddleware({ corsAllowedOrigins, corsAllowHeaders: [...CORS_DEFAULT_HEADERS, 'x-api-key'] });
 * ```
 */
export const CORS_DEFAULT_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'user-agent',
  'x-csrftoken',
  'x-requested-with',
];
/**
 * django-cors-headers' default `CORS_ALLOW_METHODS`.
 *
 * @example
 * ```ts
 * CorsMiddleware({ corsAllowedOrigins, corsAllowMethods: CORS_DEFAULT_METHODS.filter((m) => m !== 'DELETE') });
 * ```
 */
export const CORS_DEFAULT_METHODS = ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

const anchored = (pattern: string | RegExp) =>
  typeof pattern === 'string' ? new RegExp(`^(?:${pattern})`) : pattern;

/**
 * Cross-origin resource sharing, as django-cors-headers does it (Django has none): answers
 * preflight `OPTIONS` requests and adds `Access-Control-Allow-*` headers for allowed origins.
 * With no allowed origin configured it removes itself from the chain. Put it above
 * `CommonMiddleware` so preflights are answered before any redirect.
 *
 * @example
 * ```ts
 * CorsMiddleware({ corsAllowedOrigins: ['https://app.example.com'], corsAllowCredentials: true });
 * ```
 */
export function CorsMiddleware(settings: CorsSettings = {}): BuiltinMiddleware {
  const allowAll = settings.corsAllowAllOrigins ?? false;
  const origins = (settings.corsAllowedOrigins ?? []).map((o) => ({ raw: o, url: safeSplit(o) }));
  const regexes = (settings.corsAllowedOriginRegexes ?? []).map(anchored);
  const credentials = settings.corsAllowCredentials ?? false;
  const allowHeaders = (settings.corsAllowHeaders ?? CORS_DEFAULT_HEADERS).join(', ');
  const allowMethods = (settings.corsAllowMethods ?? CORS_DEFAULT_METHODS).join(', ');
  const expose = (settings.corsExposeHeaders ?? []).join(', ');
  const maxAge = settings.corsPreflightMaxAge ?? 86_400;
  const urls = anchored(settings.corsUrlsRegex ?? '.*');
  const privateNetwork = settings.corsAllowPrivateNetwork ?? false;

  const originAllowed = (origin: string): boolean => {
    if (origin === 'null')
      return origins.some((o) => o.raw === 'null') || regexes.some((r) => r.test(origin));
    const url = safeSplit(origin);
    if (!url) return false;
    return (
      (url.netloc !== '' &&
        origins.some((o) => o.url?.scheme === url.scheme && o.url.netloc === url.netloc)) ||
      regexes.some((r) => r.test(origin))
    );
  };

  const addHeaders = (request: Request, response: Response): Response => {
    patchVaryHeaders(response, ['origin']);
    const origin = metaString(request, 'HTTP_ORIGIN');
    if (!origin || (!allowAll && !originAllowed(origin))) return response;
    response.set('Access-Control-Allow-Origin', allowAll && !credentials ? '*' : origin);
    if (credentials) response.set('Access-Control-Allow-Credentials', 'true');
    if (expose) response.set('Access-Control-Expose-Headers', expose);
    if (request.method === 'OPTIONS') {
      response.set('Access-Control-Allow-Headers', allowHeaders);
      response.set('Access-Control-Allow-Methods', allowMethods);
      if (maxAge) response.set('Access-Control-Max-Age', maxAge);
    }
    if (
      privateNetwork &&
      metaString(request, 'HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK') === 'true'
    ) {
      response.set('Access-Control-Allow-Private-Network', 'true');
    }
    return response;
  };

  return (getResponse) => {
    if (!allowAll && origins.length === 0 && regexes.length === 0) {
      throw new MiddlewareNotUsed(
        'CorsMiddleware: no corsAllowedOrigins, corsAllowedOriginRegexes or corsAllowAllOrigins',
      );
    }
    return (request) => {
      if (!urls.test(request.pathInfo)) return getResponse(request);
      if (
        request.method === 'OPTIONS' &&
        metaString(request, 'HTTP_ACCESS_CONTROL_REQUEST_METHOD') !== undefined
      ) {
        return addHeaders(request, new HttpResponse('', { headers: { 'Content-Length': '0' } }));
      }
      return andThenWith(getResponse(request), addHeaders, request);
    };
  };
}

function safeSplit(url: string) {
  try {
    return urlsplit(url);
  } catch {
    return undefined;
  }
}
