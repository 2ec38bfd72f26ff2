import { CheckedHeader, HttpResponsePermanentRedirect } from '@stack/request';
import { fromHooks } from '../middleware-mixin.js';
import type { BuiltinMiddleware, Request, Response } from '../internal/http.js';

/** The settings of `SecurityMiddleware`, in Django's names. */
export interface SecuritySettings {
  /** `Strict-Transport-Security: max-age=N` on secure responses; `0` (the default) sends none. */
  secureHstsSeconds?: number;
  /** Adds `includeSubDomains` to HSTS. Default `false`. */
  secureHstsIncludeSubdomains?: boolean;
  /** Adds `preload` to HSTS. Default `false`. */
  secureHstsPreload?: boolean;
  /** `X-Content-Type-Options: nosniff`. Default `true`. */
  secureContentTypeNosniff?: boolean;
  /** Redirect every plain-HTTP request to HTTPS (301). Default `false`. */
  secureSslRedirect?: boolean;
  /** The host to redirect to; default the request's own host. */
  secureSslHost?: string | null;
  /** Patterns of paths (without the leading slash) not to redirect. Default `[]`. */
  secureRedirectExempt?: readonly (string | RegExp)[];
  /** `Referrer-Policy`; a list gives fallbacks. Default `'same-origin'`; `null` sends none. */
  secureReferrerPolicy?: string | readonly string[] | null;
  /** `Cross-Origin-Opener-Policy`. Default `'same-origin'`; `null` sends none. */
  secureCrossOriginOpenerPolicy?: string | null;
}

/**
 * Django's `SecurityMiddleware`: HSTS on secure requests, `nosniff`, `Referrer-Policy`,
 * `Cross-Origin-Opener-Policy`, and the HTTPS redirect. It never overwrites a header the view
 * set. Put it first, so its redirect answers before anything else runs.
 *
 * @example
 * ```ts
 * const security = SecurityMiddleware({ secureHstsSeconds: 31_536_000, secureSslRedirect: true });
 * const chain = compose([security, CommonMiddleware(), CsrfViewMiddleware()], viewCaller);
 * ```
 */
export function SecurityMiddleware(settings: SecuritySettings = {}): BuiltinMiddleware {
  const {
    secureHstsSeconds = 0,
    secureHstsIncludeSubdomains = false,
    secureHstsPreload = false,
    secureContentTypeNosniff = true,
    secureSslRedirect = false,
    secureSslHost = null,
    secureRedirectExempt = [],
    secureReferrerPolicy = 'same-origin',
    secureCrossOriginOpenerPolicy = 'same-origin',
  } = settings;
  const exempt = secureRedirectExempt.map((p) => (typeof p === 'string' ? new RegExp(p) : p));
  let hsts = secureHstsSeconds ? `max-age=${secureHstsSeconds}` : '';
  if (hsts && secureHstsIncludeSubdomains) hsts += '; includeSubDomains';
  if (hsts && secureHstsPreload) hsts += '; preload';
  const referrerPolicy =
    secureReferrerPolicy == null
      ? ''
      : (typeof secureReferrerPolicy === 'string'
          ? secureReferrerPolicy.split(',')
          : secureReferrerPolicy
        )
          .map((v) => v.trim())
          .join(',');

  // Built once: a `processRequest` only when it can redirect, and the headers with no work per
  // request beyond setting them.
  const redirect = (request: Request): Response | undefined => {
    if (request.isSecure()) return undefined;
    const path = request.path.replace(/^\/+/, '');
    if (exempt.some((pattern) => pattern.test(path))) return undefined;
    const host = secureSslHost || request.getHost();
    return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`);
  };
  // Checked once here (a bad value in the settings raises `BadHeaderError` now, not on each
  // response): each response then stores them without the name-cache probe and value scan
  // `setdefault` makes, about 0.15k instructions per header per response.
  const hstsHeader = hsts ? new CheckedHeader('Strict-Transport-Security', hsts) : undefined;
  const defaults: CheckedHeader[] = [];
  if (secureContentTypeNosniff)
    defaults.push(new CheckedHeader('X-Content-Type-Options', 'nosniff'));
  if (referrerPolicy) defaults.push(new CheckedHeader('Referrer-Policy', referrerPolicy));
  if (secureCrossOriginOpenerPolicy)
    defaults.push(new CheckedHeader('Cross-Origin-Opener-Policy', secureCrossOriginOpenerPolicy));

  return fromHooks<Request, Response>({
    ...(secureSslRedirect && { processRequest: redirect }),
    processResponse(request, response) {
      // Django's `response.headers.setdefault(...)` for each: a header the view set stays.
      const headers = response.headers;
      if (hstsHeader && request.isSecure()) headers.setdefaultChecked(hstsHeader);
      for (let i = 0; i < defaults.length; i++) headers.setdefaultChecked(defaults[i]!);
      return response;
    },
  });
}
