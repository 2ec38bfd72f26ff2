import {
  fromApplication,
  InMemoryChannelLayer,
  RedisChannelLayer,
  setChannelLayers,
  type AsgiApplication,
  type ChannelLayer,
} from '@stack/asgi';
import { ImproperlyConfigured } from '../errors.js';
import { getHandler, type HandlerOptions, type WsgiHandler } from '../handler.js';
import { importSpec } from '../internal/load-modules.js';
import type { ChannelLayerSetting, Settings } from '../settings-types.js';

async function layerOf(
  alias: string,
  entry: ChannelLayerSetting,
  baseDir: string,
): Promise<ChannelLayer> {
  if (typeof (entry as ChannelLayer).groupSend === 'function') return entry as ChannelLayer;
  const { backend, config = {} } = entry as { backend?: unknown; config?: Record<string, unknown> };
  if (backend === 'inmemory' || backend === '@stack/asgi:InMemoryChannelLayer') {
    return new InMemoryChannelLayer(config);
  }
  if (backend === 'redis' || backend === '@stack/asgi:RedisChannelLayer')
    return new RedisChannelLayer(config);
  if (typeof backend === 'string' && backend.lastIndexOf(':') > 0) {
    const colon = backend.lastIndexOf(':');
    const found = (await importSpec(backend.slice(0, colon), baseDir))[backend.slice(colon + 1)];
    if (typeof found === 'function')
      return new (found as new (config: unknown) => ChannelLayer)(config);
  }
  throw new ImproperlyConfigured(
    `channelLayers.${alias}: backend must be 'inmemory', 'redis', 'module:Export' or a layer object, not ${JSON.stringify(backend)}.`,
  );
}

const configured = new WeakSet<Settings>();

/** Builds the layers of the `channelLayers` setting and registers them (`getChannelLayer`), once. */
export async function configureChannelLayers(settings: Settings): Promise<void> {
  if (configured.has(settings)) return;
  configured.add(settings);
  const entries: Record<string, ChannelLayer> = {};
  for (const [alias, entry] of Object.entries(settings.channelLayers ?? {})) {
    entries[alias] = await layerOf(alias, entry, settings.baseDir);
  }
  setChannelLayers(entries);
}

/**
 * Django's `get_asgi_application()`: sets the project up and returns the ASGI application that
 * serves HTTP through the same handler and middleware as `getWsgiApplication()`. It also
 * registers the `channelLayers`. Route WebSockets beside it with `ProtocolTypeRouter`.
 *
 * @example
 * ```ts
 * // mysite/asgi.ts
 * import { AllowedHostsOriginValidator, AuthMiddlewareStack, getAsgiApplication, URLRouter } from '@stack/framework';
 * import { ProtocolTypeRouter, serve } from '@stack/framework/asgi';
 * import { websocketUrlpatterns } from '../chat/routing.ts';
 *
 * export const application = ProtocolTypeRouter({
 *   http: await getAsgiApplication(),
 *   websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocketUrlpatterns))),
 * });
 * ```
 */
export async function getAsgiApplication(options: HandlerOptions = {}): Promise<AsgiApplication> {
  const handler = await getHandler(options);
  await configureChannelLayers(handler.settings);
  return fromApplication(handler.application);
}

/**
 * What `stack runserver` serves: the `asgiApplication` setting's export (`'mysite/asgi.ts:application'`),
 * or else the handler as an ASGI application (WebSocket handshakes are then refused with 403).
 */
export async function loadAsgiApplication(
  settings: Settings,
  handler: WsgiHandler,
): Promise<AsgiApplication> {
  await configureChannelLayers(settings);
  const spec = settings.asgiApplication;
  if (!spec) return fromApplication(handler.application);
  const colon = spec.lastIndexOf(':');
  const [module, name] =
    colon > 0 ? [spec.slice(0, colon), spec.slice(colon + 1)] : [spec, 'application'];
  const app = (await importSpec(module, settings.baseDir))[name];
  if (typeof app !== 'function') {
    throw new ImproperlyConfigured(
      `asgiApplication: ${module} exports no application named ${JSON.stringify(name)}.`,
    );
  }
  return app as AsgiApplication;
}
