import { SessionBase } from '@stack/contrib-sessions';
import { fromHooks, type GetResponse, type MiddlewareHandler } from '@stack/middleware';
import { getUser, type AuthRequest } from './auth.js';
import { ImproperlyConfigured } from './errors.js';
import type { AuthUser } from './types.js';

const NOT_LOADED =
  'request.user is loaded lazily: read it with `const user = await request.user` (or `await auser(request)`) first.';

/**
 * The value `AuthenticationMiddleware` puts in `request.user`: nothing is loaded until it is
 * awaited; then the user is fetched once, and `request.user` is replaced by the user itself, so
 * `await request.user` works everywhere. Reading a property before awaiting fails loudly rather
 * than passing for an anonymous user.
 *
 * @example
 * ```ts
 * const user = await request.user;
 * if (user.isAuthenticated) { ... }
 * ```
 */
export class LazyUser implements PromiseLike<AuthUser> {
  readonly #request: AuthRequest;
  #loading: Promise<AuthUser> | undefined;

  constructor(request: AuthRequest) {
    this.#request = request;
  }

  then<A = AuthUser, B = never>(
    onFulfilled?: ((user: AuthUser) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#loading ??= getUser(this.#request).then((user) => {
      if (this.#request.user === this) this.#request.user = user;
      return user;
    });
    return this.#loading.then(onFulfilled, onRejected);
  }

  get isAuthenticated(): never {
    throw new TypeError(NOT_LOADED);
  }

  get isAnonymous(): never {
    throw new TypeError(NOT_LOADED);
  }

  get pk(): never {
    throw new TypeError(NOT_LOADED);
  }
}

/**
 * The request's user, loading it if needed: Django's `request.auser()`.
 *
 * @example
 * ```ts
 * const user = await auser(request);
 * ```
 */
export async function auser<U extends AuthUser = AuthUser>(request: AuthRequest): Promise<U> {
  if (request.user === undefined || request.user === null) {
    throw new ImproperlyConfigured(
      'request.user is not set: add AuthenticationMiddleware (after SessionMiddleware) to the middleware list.',
    );
  }
  return (await (request.user as PromiseLike<AuthUser> | AuthUser)) as U;
}

/**
 * Django's `AuthenticationMiddleware`: puts a lazy `request.user` on every request. A request
 * that never awaits it costs one small object; no session or database is read.
 *
 * @example
 * ```ts
 * const chain = compose([SessionMiddleware(settings), AuthenticationMiddleware], view);
 * ```
 */
export function AuthenticationMiddleware<Req extends AuthRequest, Res>(
  getResponse: GetResponse<Req, Res>,
): MiddlewareHandler<Req, Res> {
  // A fromHooks layer, so compose runs it in one loop with its neighbours (no promise of its own).
  return fromHooks<Req, Res>(authenticationHooks)(getResponse);
}

const authenticationHooks = {
  processRequest(request: AuthRequest): undefined {
    if (!(request.session instanceof SessionBase)) {
      throw new ImproperlyConfigured(
        'The authentication middleware requires session middleware to be installed. Edit your middleware list to insert SessionMiddleware before AuthenticationMiddleware.',
      );
    }
    request.user = new LazyUser(request);
    return undefined;
  },
};
