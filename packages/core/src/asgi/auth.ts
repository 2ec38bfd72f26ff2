import { headerValue, type AsgiApplication, type Scope } from '@stack/asgi';
import { parseCookie } from '@stack/request';
import { sessionEngineFor } from '../internal/session-engine.js';
import { getSettings } from '../settings.js';

/**
 * Channels' `SessionMiddlewareStack` (cookies and session): the connection's scope gets
 * `cookies` and `session`, the same session the HTTP side uses (same store, same cookie).
 * For a WebSocket nothing is saved automatically: call `await scope.session.save()`.
 *
 * @example
 * ```ts
 * const websocket = SessionMiddlewareStack(URLRouter(websocketUrlpatterns));
 * ```
 */
export function SessionMiddlewareStack(app: AsgiApplication): AsgiApplication {
  return async (scope, receive, send) => {
    if (scope.type === 'lifespan') return app(scope, receive, send);
    const settings = getSettings();
    const engine = await sessionEngineFor(settings);
    const cookies = parseCookie(headerValue(scope, 'cookie') ?? '');
    const session = engine.open(cookies[settings.sessionCookieName] ?? null, {
      cookieAge: settings.sessionCookieAge,
      expireAtBrowserClose: settings.sessionExpireAtBrowserClose,
    });
    return app({ ...scope, cookies, session } as Scope, receive, send);
  };
}

/**
 * Channels' `AuthMiddlewareStack`: `SessionMiddlewareStack` plus `scope.user`, loaded from the
 * session through the project's authentication backends when first awaited, exactly as
 * `request.user` (an `AnonymousUser` when logged out).
 *
 * @example
 * ```ts
 * class ChatConsumer extends WebsocketConsumer {
 *   override async connect() {
 *     const user = await (this.scope.user as Promise<AuthUser>);
 *     if (!user.isAuthenticated) return this.close(); // refused: 403
 *     await this.accept();
 *   }
 * }
 * const websocket = AuthMiddlewareStack(URLRouter(websocketUrlpatterns));
 * ```
 */
export function AuthMiddlewareStack(app: AsgiApplication): AsgiApplication {
  const withUser: AsgiApplication = async (scope, receive, send) => {
    if (scope.type === 'lifespan') return app(scope, receive, send);
    const { LazyUser } = await import('@stack/contrib-auth');
    const scoped = { ...scope } as Scope & { user?: unknown };
    scoped.user = new LazyUser(scoped as never);
    return app(scoped, receive, send);
  };
  return SessionMiddlewareStack(withUser);
}
