/**
 * @stack/asgi: the ASGI protocol (http, websocket, lifespan), its server on node:http and ws,
 * consumers and channel layers (what Daphne and Django Channels give Django).
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export type {
  AsgiApplication,
  AsgiHeader,
  AsgiVersion,
  Scope,
  HttpScope,
  WebSocketScope,
  LifespanScope,
  Receive,
  Send,
  ReceiveEvent,
  SendEvent,
  HttpReceiveEvent,
  HttpSendEvent,
  HttpRequestEvent,
  HttpDisconnectEvent,
  HttpResponseStartEvent,
  HttpResponseBodyEvent,
  WebSocketReceive,
  WebSocketSend,
  WebSocketConnectEvent,
  WebSocketReceiveEvent,
  WebSocketDisconnectEvent,
  WebSocketAcceptEvent,
  WebSocketSendEvent,
  WebSocketCloseEvent,
  LifespanReceiveEvent,
  LifespanSendEvent,
  LifespanStartupEvent,
  LifespanShutdownEvent,
  LifespanStartupCompleteEvent,
  LifespanStartupFailedEvent,
  LifespanShutdownCompleteEvent,
  LifespanShutdownFailedEvent,
} from './types.js';
export {
  AsgiError,
  AsgiProtocolError,
  ClientDisconnected,
  ChannelFull,
  InvalidChannelLayerInput,
} from './errors.js';
export { serve } from './serve.js';
export type { AsgiServeOptions } from './serve.js';
export type { WebSocketOptions } from './internal/websocket-options.js';
export type { LifespanMode } from './internal/lifespan.js';
export { toApplication, fromApplication } from './adapters.js';
export type { ToApplicationOptions } from './adapters.js';
export { headerValue } from './internal/scope.js';
export { ProtocolTypeRouter } from './routing.js';
export type { ProtocolRoutes } from './routing.js';
export { setChannelLayers, getChannelLayer } from './channel-layer.js';
export type {
  ChannelLayer,
  ChannelLayerOptions,
  ChannelMessage,
  ReceiveOptions,
} from './channel-layer.js';
export { InMemoryChannelLayer } from './in-memory-layer.js';
export { RedisChannelLayer } from './redis-layer.js';
export type { RedisChannelLayerOptions, RedisLike } from './redis-layer.js';
export { AsyncConsumer } from './consumer.js';
export type { AsAsgiOptions } from './consumer.js';
export { WebsocketConsumer, JsonWebsocketConsumer } from './websocket-consumer.js';
