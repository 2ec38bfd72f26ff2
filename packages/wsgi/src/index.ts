/**
 * @stack/wsgi: the gateway. The environ protocol, a production HTTP server on node:http, a Fetch
 * adapter and an in-process caller.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { buildEnviron } from './environ.js';
export type { BuildEnvironOptions } from './environ.js';
export { serve } from './serve.js';
export type { ServeOptions } from './internal/options.js';
export type { ServeHandle, ServerAddress } from './internal/serve-handle.js';
export type { ServerHooks } from './internal/hooks.js';
export type { AccessLog, AccessLogEntry } from './internal/access-log.js';
export { toFetchHandler } from './fetch.js';
export type { FetchHandlerOptions } from './fetch.js';
export { syntheticEnviron } from './internal/synthetic-environ.js';
export type { SyntheticRequest } from './internal/synthetic-environ.js';
export { callApplication } from './call-application.js';
export type { CallOptions, CallResult } from './call-application.js';
export { WsgiError, ProtocolError, PathOutsideMount, ServerConfigurationError } from './errors.js';
export type { Application, Body, Chunk, Environ, ResponseHeader, StartResponse } from './types.js';
