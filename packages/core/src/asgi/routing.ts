import { AsgiError, type AsgiApplication, type Scope } from '@stack/asgi';
import { resolve, Resolver404, type Urlconf, type UrlEntry } from '@stack/urls';

/** What `URLRouter` adds to the scope: the arguments the route captured. */
export interface UrlRoute {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/**
 * Channels' `URLRouter`: routes a WebSocket (or HTTP) scope by its path to an ASGI application,
 * with the same `path()`/`rePath()`/`include()` patterns as the HTTP URLconf. The match lands in
 * `scope.url_route` (`{ args, kwargs }`). A WebSocket with no route is refused (403).
 *
 * @example
 * ```ts
 * import { path } from '@stack/framework/urls';
 * import { URLRouter } from '@stack/framework';
 *
 * export const websocketUrlpatterns = [path('ws/chat/<str:room>/', ChatConsumer.asAsgi())];
 * const router = URLRouter(websocketUrlpatterns);
 * // in a consumer: (this.scope.url_route as UrlRoute).kwargs.room
 * ```
 */
export function URLRouter(
  routes: readonly UrlEntry<AsgiApplication>[] | Urlconf<AsgiApplication>,
): AsgiApplication {
  const urlconf = routes as Urlconf<AsgiApplication>;
  return async (scope: Scope, receive, send) => {
    if (scope.type === 'lifespan') return;
    const rootPath = scope.root_path ?? '';
    const path =
      rootPath && scope.path.startsWith(rootPath) ? scope.path.slice(rootPath.length) : scope.path;
    let match;
    try {
      match = resolve<AsgiApplication>(path, urlconf);
    } catch (error) {
      if (!(error instanceof Resolver404)) throw error;
      if (scope.type === 'websocket') {
        await receive();
        return send({ type: 'websocket.close' });
      }
      throw new AsgiError(`No route found for path ${JSON.stringify(path)}`);
    }
    const route: UrlRoute = { args: match.args, kwargs: match.kwargs };
    return match.func({ ...scope, url_route: route }, receive, send);
  };
}
