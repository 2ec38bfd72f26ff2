import { DisallowedHost, HttpError, HttpHeaders, UnreadablePostError } from '@stack/request';
import { isSameDomain, patchVaryHeaders } from '@stack/utils';
import { MiddlewareError } from '../errors.js';
import {
  CSRF_TOKEN_LENGTH,
  doesTokenMatch,
  tokenFormatProblem,
  unmaskCipherToken,
} from '../internal/csrf-token.js';
import { metaString, type Request, type Response } from '../internal/http.js';
import { andThen, isPromiseLike } from '../internal/maybe-promise.js';
import { urlsplit, urlunsplit } from '../internal/urlsplit.js';
import { fromHooks } from '../middleware-mixin.js';
import type { MaybePromise, Middleware, View } from '../types.js';
import {
  REASON_BAD_ORIGIN,
  REASON_BAD_REFERER,
  REASON_CSRF_TOKEN_MISSING,
  REASON_INSECURE_REFERER,
  REASON_MALFORMED_REFERER,
  REASON_NO_CSRF_COOKIE,
  REASON_NO_REFERER,
} from './reasons.js';
import { resolveCsrfSettings, type CsrfSettings } from './settings.js';
import { addNewCsrfCookie, CSRF_COOKIE_KEY, getToken } from './token.js';

/**
 * Where the secret is kept in the session when `csrfUseSessions` (Django's `CSRF_SESSION_KEY`).
 *
 * @example
 * ```ts
 * const secret = await request.session.get(CSRF_SESSION_KEY);
 * ```
 */
export const CSRF_SESSION_KEY = '_csrftoken';

/**
 * RFC 9110's safe methods, which CSRF never checks. Compared as strings rather than looked up
 * in a `Set`: this runs on every request, and the comparisons cost a fraction of the hash lookup.
 */
function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'TRACE';
}
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * A session as CSRF uses it: Django's `request.session.get(key)` and `request.session[key] = v`,
 * sync or async (`@stack/contrib-sessions`' `SessionBase` is async).
 */
interface SessionLike {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
}

class InvalidTokenFormat extends Error {}

/** A stored secret, unmasked if it was stored masked (as Django before 4.0 did). */
function normalizeSecret(stored: unknown): string | undefined {
  if (typeof stored !== 'string') return undefined;
  return stored.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(stored) : stored;
}
class RejectRequest extends Error {}

/** How a variant of the middleware treats a rejection (the decorators do not reject). */
export interface CsrfBehaviour {
  /** Reject (the middleware and `csrfProtect`), or let the view run (`requiresCsrfToken`, `ensureCsrfCookie`). */
  enforce: boolean;
  /** Make sure the cookie is sent (`ensureCsrfCookie`). */
  ensureCookie: boolean;
}

/**
 * The CSRF algorithm with its settings; `CsrfViewMiddleware` and the decorators are thin
 * wrappers around one of these.
 */
export function csrfMiddleware(
  settings: CsrfSettings,
  behaviour: CsrfBehaviour,
): Middleware<Request, Response> {
  const s = resolveCsrfSettings(settings);
  const trustedHosts = s.csrfTrustedOrigins.map((origin) =>
    urlsplit(origin).netloc.replace(/^\*+/, ''),
  );
  const exactOrigins = new Set(s.csrfTrustedOrigins.filter((origin) => !origin.includes('*')));
  const subdomainOrigins = new Map<string, string[]>();
  for (const origin of s.csrfTrustedOrigins.filter((o) => o.includes('*'))) {
    const { scheme, netloc } = urlsplit(origin);
    subdomainOrigins.set(scheme, [
      ...(subdomainOrigins.get(scheme) ?? []),
      netloc.replace(/^\*+/, ''),
    ]);
  }
  const headerName = HttpHeaders.headerName(s.csrfHeaderName) ?? s.csrfHeaderName;
  const useSessions = s.csrfUseSessions;

  const session = (request: Request): SessionLike => {
    const candidate = request.session as Partial<SessionLike> | undefined | null;
    if (!candidate || typeof candidate.get !== 'function' || typeof candidate.set !== 'function') {
      throw new MiddlewareError(
        'csrfUseSessions is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in the middleware list.',
      );
    }
    return candidate as SessionLike;
  };

  /** The stored secret, unmasked; a malformed cookie throws `InvalidTokenFormat` (synchronously). */
  const getSecret = (request: Request): MaybePromise<string | undefined> => {
    if (useSessions) return andThen(session(request).get(CSRF_SESSION_KEY), normalizeSecret);
    const secret = request._cookie(s.csrfCookieName);
    if (secret === undefined) return undefined;
    const problem = tokenFormatProblem(secret);
    if (problem) throw new InvalidTokenFormat(problem);
    return normalizeSecret(secret);
  };

  const setCsrfCookie = (request: Request, response: Response): MaybePromise<Response> => {
    const secret = request.META[CSRF_COOKIE_KEY] as string;
    if (s.csrfUseSessions) {
      const store = session(request);
      return andThen(store.get(CSRF_SESSION_KEY), (stored) =>
        stored === secret ? response : andThen(store.set(CSRF_SESSION_KEY, secret), () => response),
      );
    }
    response.setCookie(s.csrfCookieName, secret, {
      ...(s.csrfCookieAge !== null && { maxAge: s.csrfCookieAge }),
      ...(s.csrfCookieDomain !== null && { domain: s.csrfCookieDomain }),
      path: s.csrfCookiePath,
      secure: s.csrfCookieSecure,
      httponly: s.csrfCookieHttponly,
      ...(s.csrfCookieSamesite !== null && { samesite: s.csrfCookieSamesite }),
    });
    patchVaryHeaders(response, ['Cookie']);
    return response;
  };

  const originVerified = (request: Request, origin: string): boolean => {
    try {
      if (origin === `${request.isSecure() ? 'https' : 'http'}://${request.getHost()}`) return true;
    } catch (error) {
      if (!(error instanceof DisallowedHost)) throw error;
    }
    if (exactOrigins.has(origin)) return true;
    let parsed;
    try {
      parsed = urlsplit(origin);
    } catch {
      return false;
    }
    return (subdomainOrigins.get(parsed.scheme) ?? []).some((host) =>
      isSameDomain(parsed.netloc, host),
    );
  };

  const checkReferer = (request: Request): void => {
    const header = metaString(request, 'HTTP_REFERER');
    if (header === undefined) throw new RejectRequest(REASON_NO_REFERER);
    let referer;
    try {
      referer = urlsplit(header);
    } catch {
      throw new RejectRequest(REASON_MALFORMED_REFERER);
    }
    if (!referer.scheme || !referer.netloc) throw new RejectRequest(REASON_MALFORMED_REFERER);
    if (referer.scheme !== 'https') throw new RejectRequest(REASON_INSECURE_REFERER);
    if (trustedHosts.some((host) => isSameDomain(referer.netloc, host))) return;
    let goodReferer = s.csrfUseSessions ? s.sessionCookieDomain : s.csrfCookieDomain;
    if (goodReferer === null) {
      try {
        goodReferer = request.getHost();
      } catch (error) {
        if (error instanceof DisallowedHost)
          throw new RejectRequest(REASON_BAD_REFERER(urlunsplit(referer)));
        throw error;
      }
    } else {
      const port = request.getPort();
      if (port !== '443' && port !== '80') goodReferer = `${goodReferer}:${port}`;
    }
    if (!isSameDomain(referer.netloc, goodReferer))
      throw new RejectRequest(REASON_BAD_REFERER(urlunsplit(referer)));
  };

  const badTokenMessage = (reason: string, source: string) =>
    `CSRF token from ${source === 'POST' ? 'POST' : `the '${headerName}' HTTP header`} ${reason}.`;

  const postToken = async (request: Request): Promise<string> => {
    // As Django's request.POST: only form bodies are read; any other body stays unread for the view.
    if (!FORM_TYPES.has(request.contentType)) return '';
    try {
      await request.load();
    } catch (error) {
      // Django ignores a body it cannot read (the client went away) and answers 403; limits still apply.
      if (error instanceof HttpError && !(error instanceof UnreadablePostError)) throw error;
      return '';
    }
    return request.POST.get('csrfmiddlewaretoken') ?? '';
  };

  const checkToken = (request: Request, bodyToken: string, secret: string | undefined): void => {
    if (secret === undefined) throw new RejectRequest(REASON_NO_CSRF_COOKIE);
    let token = bodyToken;
    let source = 'POST';
    if (token === '') {
      const header = metaString(request, s.csrfHeaderName);
      if (header === undefined) throw new RejectRequest(REASON_CSRF_TOKEN_MISSING);
      token = header;
      source = s.csrfHeaderName;
    }
    const problem = tokenFormatProblem(token);
    if (problem) throw new RejectRequest(badTokenMessage(problem, source));
    if (!doesTokenMatch(token, secret))
      throw new RejectRequest(badTokenMessage('incorrect', source));
  };

  const accept = (request: Request): undefined => {
    request.csrfProcessingDone = true;
    return undefined;
  };

  const reject = (request: Request, reason: string): MaybePromise<Response | undefined> => {
    if (!behaviour.enforce) return undefined;
    s.logger?.warn(`Forbidden (${reason}): ${request.path}`);
    return s.csrfFailureView(request, reason);
  };

  /** The checks that need no body: the Origin, then on HTTPS the strict Referer check. */
  const checkOrigin = (request: Request): string | undefined => {
    const origin = metaString(request, 'HTTP_ORIGIN');
    if (origin !== undefined)
      return originVerified(request, origin) ? undefined : REASON_BAD_ORIGIN(origin);
    if (request.isSecure()) {
      try {
        checkReferer(request);
      } catch (error) {
        if (error instanceof RejectRequest) return error.message;
        throw error;
      }
    }
    return undefined;
  };

  const tokenVerdict = (
    request: Request,
    bodyToken: string,
  ): MaybePromise<Response | undefined> => {
    // Read the secret now, not at the start: rotateToken() may have run in an outer layer.
    let secret: MaybePromise<string | undefined>;
    try {
      secret = getSecret(request);
    } catch (error) {
      if (error instanceof InvalidTokenFormat)
        return reject(request, `CSRF cookie ${error.message}.`);
      throw error;
    }
    return andThen(secret, (current) => {
      try {
        checkToken(request, bodyToken, current);
      } catch (error) {
        if (error instanceof RejectRequest) return reject(request, error.message);
        throw error;
      }
      return accept(request);
    });
  };

  const verdict = (
    request: Request,
    view: View<Request, Response>,
  ): MaybePromise<Response | undefined> => {
    if (request.csrfProcessingDone) return undefined;
    if ((view as { csrfExempt?: unknown }).csrfExempt === true) return undefined;
    if (isSafeMethod(request.method)) return accept(request);
    if (request.dontEnforceCsrfChecks) return accept(request);
    const originProblem = checkOrigin(request);
    if (originProblem !== undefined) return reject(request, originProblem);
    if (request.method === 'POST')
      return postToken(request).then((token) => tokenVerdict(request, token));
    return tokenVerdict(request, '');
  };

  const finish = (request: Request, response: Response): MaybePromise<Response> => {
    if (!request.csrfCookieNeedsUpdate) return response;
    // Cleared first, so another CSRF layer (a decorator under the middleware) does not set it twice.
    request.csrfCookieNeedsUpdate = false;
    return setCsrfCookie(request, response);
  };

  /** Django's `process_request`: remember the client's secret, or replace a malformed one. */
  const remember = (request: Request, secret: string | undefined): void => {
    // Keep the same secret next time (and store an old masked secret unmasked).
    if (secret !== undefined) request.META[CSRF_COOKIE_KEY] = secret;
  };

  /** Django's `process_request`. */
  const processRequest = (request: Request): MaybePromise<undefined> => {
    let secret: MaybePromise<string | undefined>;
    try {
      secret = getSecret(request);
    } catch (error) {
      if (!(error instanceof InvalidTokenFormat)) throw error;
      addNewCsrfCookie(request);
      secret = undefined;
    }
    // Only the session can give a promise: with the cookie (the default) the test is not made,
    // and V8 does not spend the fused hook path's inlining budget on it (0.07k per request).
    if (useSessions && isPromiseLike(secret)) {
      return Promise.resolve(secret).then((value) => {
        remember(request, value);
        return undefined;
      });
    }
    // Settled: the cookie's secret is read synchronously.
    remember(request, secret as string | undefined);
    return undefined;
  };

  // fromHooks: compose runs it in one loop with its neighbours (no promise of its own).
  return fromHooks<Request, Response>({
    processRequest,
    processResponse: finish,
    processView: behaviour.ensureCookie
      ? (request, view) =>
          andThen(verdict(request, view), (response) => {
            getToken(request);
            return response;
          })
      : (request, view) => verdict(request, view),
  });
}

/**
 * Django's `CsrfViewMiddleware`: refuses unsafe requests (anything but GET, HEAD, OPTIONS,
 * TRACE) that do not prove they come from this site. It checks the `Origin` header (against
 * this host and `csrfTrustedOrigins`), then on HTTPS without an `Origin` the strict `Referer`
 * check, then the token from the `csrfmiddlewaretoken` form field or the `X-CSRFToken` header
 * against the secret in the CSRF cookie (or the session). Rejections go to `csrfFailureView`
 * (a 403) with Django's reasons. Views marked `csrfExempt` are not checked.
 *
 * @example
 * ```ts
 * const chain = compose(
 *   [SecurityMiddleware(), CommonMiddleware(), CsrfViewMiddleware({ csrfTrustedOrigins: ['https://*.example.com'] })],
 *   viewCaller,
 * );
 * ```
 */
export function CsrfViewMiddleware(settings: CsrfSettings = {}): Middleware<Request, Response> {
  return csrfMiddleware(settings, { enforce: true, ensureCookie: false });
}
