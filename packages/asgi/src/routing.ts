import { gatewayOf, markGateway } from './adapters.js';
import { AsgiError } from './errors.js';
import type { AsgiApplication, Scope } from './types.js';

/** One application per scope type. */
export interface ProtocolRoutes {
  http?: AsgiApplication;
  websocket?: AsgiApplication;
  lifespan?: AsgiApplication;
}

/**
 * Channels' `ProtocolTypeRouter`: sends each scope to the application of its type. A WebSocket
 * with no route is refused (403); a lifespan with no route is acknowledged; an HTTP request
 * with no route is an error (500), as in Channels.
 *
 * @example
 * ```ts
 * import { fromApplication, ProtocolTypeRouter } from '@stack/asgi';
 *
 * export const application = ProtocolTypeRouter({
 *   http: fromApplication(wsgiApplication),
 *   websocket: ChatConsumer.asAsgi(),
 * });
 * ```
 */
export function ProtocolTypeRouter(routes: ProtocolRoutes): AsgiApplication {
  const router: AsgiApplication = async (scope: Scope, receive, send) => {
    const app = routes[scope.type];
    if (app !== undefined) return app(scope, receive, send);
    if (scope.type === 'websocket') {
      await receive();
      return send({ type: 'websocket.close' });
    }
    if (scope.type === 'lifespan') {
      await receive();
      await send({ type: 'lifespan.startup.complete' });
      await receive();
      return send({ type: 'lifespan.shutdown.complete' });
    }
    throw new AsgiError(`No application configured for scope type ${JSON.stringify(scope.type)}`);
  };
  // HTTP through a gateway application goes straight to it when served (no ASGI round trip).
  return markGateway(router, routes.http && gatewayOf(routes.http));
}
