import { headerValue, type AsgiApplication } from '@stack/asgi';
import { validateHost } from '@stack/request';
import { getSettings } from '../settings.js';

/** The host name of an `Origin` header (`https://Example.com:8443` → `example.com`), or `''`. */
function originHost(origin: string | undefined): string {
  if (origin === undefined || origin === 'null') return '';
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Channels' `OriginValidator`: refuses (403 at the handshake) a WebSocket whose `Origin` is not
 * one of `allowedOrigins`, host patterns as in `allowedHosts` (`'.example.com'` matches
 * subdomains, `'*'` anything). A handshake without an `Origin` is refused unless `'*'` is
 * allowed: browsers always send one, so that is a script, and it gets no ambient cookies' trust.
 *
 * @example
 * ```ts
 * const websocket = OriginValidator(router, ['chat.example.com', '.example.org']);
 * ```
 */
export function OriginValidator(
  app: AsgiApplication,
  allowedOrigins: readonly string[],
): AsgiApplication {
  return async (scope, receive, send) => {
    if (scope.type !== 'websocket') return app(scope, receive, send);
    const origin = headerValue(scope, 'origin');
    const host = originHost(origin);
    const allowed =
      allowedOrigins.includes('*') || (host !== '' && validateHost(host, allowedOrigins));
    if (allowed) return app(scope, receive, send);
    await receive();
    await send({ type: 'websocket.close' });
  };
}

/**
 * Channels' `AllowedHostsOriginValidator`: `OriginValidator` with the project's `allowedHosts`
 * (in `debug` with none set: `localhost`, `127.0.0.1` and `[::1]`, as Django's own check), so a
 * page on another site cannot open a WebSocket that rides on the visitor's session cookie.
 *
 * @example
 * ```ts
 * export const application = ProtocolTypeRouter({
 *   http: await getAsgiApplication(),
 *   websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocketUrlpatterns))),
 * });
 * ```
 */
export function AllowedHostsOriginValidator(app: AsgiApplication): AsgiApplication {
  let allowed: readonly string[] | undefined;
  const validated = (): readonly string[] => {
    const settings = getSettings();
    allowed ??=
      settings.debug && settings.allowedHosts.length === 0
        ? ['localhost', '127.0.0.1', '[::1]']
        : settings.allowedHosts;
    return allowed;
  };
  return async (scope, receive, send) => OriginValidator(app, validated())(scope, receive, send);
}
