/**
 * The ASGI application of the blog: HTTP through the same handler as wsgi.ts, plus WebSockets
 * routed to consumers (add them to websocketUrlpatterns). `stack runserver` serves it; in
 * production:
 *   STACK_SETTINGS_MODULE=mysite/settings.ts node --import tsx mysite/asgi.ts
 */
import {
  AllowedHostsOriginValidator,
  AuthMiddlewareStack,
  getAsgiApplication,
  URLRouter,
} from '@stack/framework';
import { ProtocolTypeRouter, serve, type AsgiApplication } from '@stack/framework/asgi';
import type { UrlEntry } from '@stack/framework/urls';
import { websocketUrlpatterns as blog } from '../blog/routing.ts';

export const websocketUrlpatterns: UrlEntry<AsgiApplication>[] = [...blog];

export const application = ProtocolTypeRouter({
  http: await getAsgiApplication(),
  websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocketUrlpatterns))),
});

if (import.meta.url === `file://${process.argv[1]}`) {
  serve(application, { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
}
