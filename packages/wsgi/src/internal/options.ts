import { ServerConfigurationError } from '../errors.js';
import type { BuildEnvironOptions } from '../environ.js';
import type { Environ } from '../types.js';
import type { AccessLog } from './access-log.js';
import type { ServerHooks } from './hooks.js';

/** The options of `serve()`. Every field is optional; the defaults suit production. */
export interface ServeOptions extends Pick<BuildEnvironOptions, 'scriptName' | 'trustProxy'> {
  /** The interface to bind. Default `'127.0.0.1'` (put nginx in front; `'0.0.0.0'` to expose). */
  host?: string;
  /** The TCP port. Default `8000`; `0` picks a free port (read it from the handle). */
  port?: number;
  /** A unix socket path to listen on instead of host and port (a stale socket file is removed). */
  path?: string;
  /** Worker processes through `node:cluster`; a worker that dies is replaced. Default `1` (no cluster). */
  workers?: number;
  /** How long an idle keep-alive connection stays open, ms. Default `5000`. */
  keepAliveTimeout?: number;
  /** Time allowed to receive the request headers, ms; then 408. Default `30000`. */
  headersTimeout?: number;
  /** Time allowed to receive the whole request (headers and body), ms; then 408. Default `300000`. */
  requestTimeout?: number;
  /** Largest request head (request line and headers), bytes; larger gets 431. Default `16384`. */
  maxHeaderSize?: number;
  /**
   * Most header fields a request may carry; more gets 431 and a log line, never a silently
   * truncated header list (Node would keep the first 1000). Default `100`, gunicorn's
   * `limit_request_fields`; `0` lifts the limit.
   */
  maxHeaderCount?: number;
  /** After SIGTERM/SIGINT or `close()`, how long in-flight requests may take, ms. Default `30000`. */
  gracePeriod?: number;
  /** Shut down gracefully on SIGTERM/SIGINT and exit (a second signal exits at once). Default `true`. */
  handleSignals?: boolean;
  /**
   * The access log: `true` prints one line per request to stdout (combined log format plus the
   * duration), a function receives each entry, `false` is silent. Default `false`, as
   * gunicorn's (`accesslog = None`): a line per request costs a closure, an entry, a date and a
   * write (issue 21). `stack runserver` turns it on, as Django's `runserver` logs each request.
   */
  log?: AccessLog;
  /** Reports an application error. Default: print it to stderr. */
  onError?: (error: unknown, environ: Environ) => void;
  /** `SERVER_NAME` in the environ. Default: the bound host (`localhost` for a unix socket). */
  serverName?: string;
  /** A protocol layered on the server: upgrades (WebSockets), start-up and shutdown steps. */
  hooks?: ServerHooks;
}

export interface ResolvedServeOptions {
  host: string;
  port: number;
  path: string | undefined;
  workers: number;
  keepAliveTimeout: number;
  headersTimeout: number;
  requestTimeout: number;
  maxHeaderSize: number;
  maxHeaderCount: number;
  gracePeriod: number;
  handleSignals: boolean;
  log: AccessLog;
  /**
   * Whether the server's own lines (a signal received, a worker replaced, a refused request) go
   * to stderr: when `log` is given, as it says; without it, except in a test run. Independent of the access
   * log's default, as gunicorn's error log is of its access log.
   */
  serverLog: boolean;
  onError: (error: unknown, environ: Environ) => void;
  scriptName: string | undefined;
  trustProxy: boolean;
  serverName: string | undefined;
  hooks: ServerHooks | undefined;
}

function defaultOnError(error: unknown, environ: Environ): void {
  const where = `${environ.REQUEST_METHOD} ${environ.RAW_URI}`;
  console.error(`[@stack/wsgi] Internal Server Error: ${where}\n`, error);
}

function isTestRun(): boolean {
  return process.env.NODE_ENV === 'test' || process.env.VITEST !== undefined;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new ServerConfigurationError(`${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** Fills in the defaults and rejects contradictory options before anything listens. */
export function resolveServeOptions(options: ServeOptions = {}): ResolvedServeOptions {
  const port = nonNegativeInteger('port', options.port, 8000);
  if (port > 65535) throw new ServerConfigurationError(`port must be at most 65535, got ${port}`);
  if (options.path !== undefined && options.port !== undefined) {
    throw new ServerConfigurationError('Give either port (with host) or path, not both');
  }
  const resolved: ResolvedServeOptions = {
    host: options.host ?? '127.0.0.1',
    port,
    path: options.path,
    workers: nonNegativeInteger('workers', options.workers, 1) || 1,
    keepAliveTimeout: nonNegativeInteger('keepAliveTimeout', options.keepAliveTimeout, 5_000),
    headersTimeout: nonNegativeInteger('headersTimeout', options.headersTimeout, 30_000),
    requestTimeout: nonNegativeInteger('requestTimeout', options.requestTimeout, 300_000),
    maxHeaderSize: nonNegativeInteger('maxHeaderSize', options.maxHeaderSize, 16_384),
    maxHeaderCount: nonNegativeInteger('maxHeaderCount', options.maxHeaderCount, 100),
    gracePeriod: nonNegativeInteger('gracePeriod', options.gracePeriod, 30_000),
    handleSignals: options.handleSignals ?? true,
    log: options.log ?? false,
    serverLog: options.log === undefined ? !isTestRun() : options.log !== false,
    onError: options.onError ?? defaultOnError,
    scriptName: options.scriptName,
    trustProxy: options.trustProxy === true,
    serverName: options.serverName,
    hooks: options.hooks,
  };
  if (resolved.requestTimeout > 0 && resolved.headersTimeout > resolved.requestTimeout) {
    throw new ServerConfigurationError('headersTimeout must not exceed requestTimeout');
  }
  return resolved;
}
