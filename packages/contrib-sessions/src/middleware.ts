import {
  fromHooks,
  type GetResponse,
  type Middleware,
  type MiddlewareHandler,
} from '@stack/middleware';
import type { HttpResponseBase, SetCookieOptions } from '@stack/request';
import { patchVaryHeaders } from '@stack/utils';
import { SessionInterrupted, UpdateError } from './errors.js';
import { SessionBase } from './session-base.js';
import { SESSION_DEFAULTS, type SessionSettings } from './settings.js';
import { cacheSessions } from './stores/cache.js';

/**
 * What the middleware needs from a request: its cookies, and the `session` slot it fills with
 * a `SessionBase` (`HttpRequest` has both).
 */
export interface SessionRequest {
  readonly COOKIES: Readonly<Record<string, string | undefined>>;
  /** When present, a request without a `Cookie` header skips cookie parsing altogether. */
  readonly META?: object;
  session?: unknown;
}

/**
 * The request's session, or a clear error when `SessionMiddleware` did not run.
 *
 * @example
 * ```ts
 * const session = getSession(request);
 * await session.set('cart', []);
 * ```
 */
export function getSession(request: { session?: unknown }): SessionBase {
  if (request.session instanceof SessionBase) return request.session;
  throw new TypeError(
    'request.session is not set: add SessionMiddleware to the middleware list, before any middleware or view that uses the session.',
  );
}

type Res = HttpResponseBase;

/**
 * Django's `SessionMiddleware`: gives every request a `request.session` that loads from the
 * store only when first used, and on the way out saves it (only when modified, or always with
 * `sessionSaveEveryRequest`), sets or deletes the cookie and adds `Vary: Cookie` when the
 * session was read. An anonymous request that never touches the session costs one object.
 *
 * Use it directly in a middleware list, or call it with settings first.
 *
 * @example
 * ```ts
 * const chain = compose([
 *   SessionMiddleware({ sessionEngine: cacheSessions({ cache }), sessionCookieSecure: true }),
 *   AuthenticationMiddleware,
 * ], view);
 * ```
 */
export function SessionMiddleware<Req extends SessionRequest = SessionRequest>(
  settings?: Partial<SessionSettings>,
): Middleware<Req, Res>;
export function SessionMiddleware<Req extends SessionRequest = SessionRequest>(
  getResponse: GetResponse<Req, Res>,
): MiddlewareHandler<Req, Res>;
export function SessionMiddleware<Req extends SessionRequest>(
  arg?: Partial<SessionSettings> | GetResponse<Req, Res>,
): Middleware<Req, Res> | MiddlewareHandler<Req, Res> {
  if (typeof arg === 'function') return buildHandler(arg, resolve({}));
  const settings = resolve(arg ?? {});
  return (getResponse: GetResponse<Req, Res>) => buildHandler(getResponse, settings);
}

function resolve(partial: Partial<SessionSettings>): SessionSettings {
  return {
    ...SESSION_DEFAULTS,
    sessionEngine: partial.sessionEngine ?? cacheSessions(),
    ...stripUndefined(partial),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function buildHandler<Req extends SessionRequest>(
  getResponse: GetResponse<Req, Res>,
  settings: SessionSettings,
): MiddlewareHandler<Req, Res> {
  const lifetime = {
    cookieAge: settings.sessionCookieAge,
    expireAtBrowserClose: settings.sessionExpireAtBrowserClose,
  };
  const name = settings.sessionCookieName;
  const engine = settings.sessionEngine;
  const saveEveryRequest = settings.sessionSaveEveryRequest;
  const cookieOf = (request: Req): string | undefined => {
    const meta = request.META as { HTTP_COOKIE?: unknown } | undefined;
    return meta && meta.HTTP_COOKIE === undefined ? undefined : request.COOKIES[name];
  };
  // A fromHooks layer, so compose runs it in one loop with its neighbours (no promise of its
  // own). The way out reads request.session and request.COOKIES again, as Django's
  // process_response does.
  return fromHooks<Req, Res>({
    processRequest(request) {
      request.session = engine.open(cookieOf(request) ?? null, lifetime);
      return undefined;
    },
    processResponse(request, response) {
      const session = request.session;
      if (!(session instanceof SessionBase)) return response;
      const hadCookie = cookieOf(request) !== undefined;
      // `finish`'s first test, for the usual request (no cookie, session untouched), with the
      // same reads in the same order: it spares a call the fused hook path does not inline.
      if (!hadCookie && !session.accessed && !session.modified && !saveEveryRequest)
        return response;
      return finish(session, hadCookie, response, settings);
    },
  })(getResponse);
}

/**
 * The way out. A session nobody touched needs no work, so that common case stays synchronous
 * (no promise, no microtask) and costs next to nothing.
 */
function finish(
  session: SessionBase,
  hadCookie: boolean,
  response: Res,
  settings: SessionSettings,
): Res | Promise<Res> {
  const untouched = !session.accessed && !session.modified && !settings.sessionSaveEveryRequest;
  if (untouched && !(hadCookie && session.isEmpty())) return response;
  return processResponse(session, hadCookie, response, settings).then(() => response);
}

async function processResponse(
  session: SessionBase,
  hadCookie: boolean,
  response: Res,
  settings: SessionSettings,
): Promise<void> {
  const { accessed, modified } = session;
  const empty = session.isEmpty();
  const name = settings.sessionCookieName;
  if (hadCookie && empty) {
    response.deleteCookie(name, {
      path: settings.sessionCookiePath,
      ...(settings.sessionCookieDomain !== null && { domain: settings.sessionCookieDomain }),
      ...(settings.sessionCookieSamesite !== null && { samesite: settings.sessionCookieSamesite }),
    });
    patchVaryHeaders(response.headers, ['Cookie']);
    return;
  }
  if (accessed) patchVaryHeaders(response.headers, ['Cookie']);
  if (!(modified || settings.sessionSaveEveryRequest) || empty || response.statusCode >= 500)
    return;
  const atBrowserClose = await session.getExpireAtBrowserClose();
  const maxAge = atBrowserClose ? undefined : await session.getExpiryAge();
  try {
    await session.save();
  } catch (error) {
    if (error instanceof UpdateError) throw new SessionInterrupted();
    throw error;
  }
  response.setCookie(name, session.sessionKey ?? '', cookieOptions(settings, maxAge));
}

function cookieOptions(settings: SessionSettings, maxAge: number | undefined): SetCookieOptions {
  return {
    ...(maxAge !== undefined && { maxAge }),
    path: settings.sessionCookiePath,
    ...(settings.sessionCookieDomain !== null && { domain: settings.sessionCookieDomain }),
    secure: settings.sessionCookieSecure,
    httponly: settings.sessionCookieHttponly,
    ...(settings.sessionCookieSamesite !== null && { samesite: settings.sessionCookieSamesite }),
  };
}
