import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { lstat, unlink } from 'node:fs/promises';
import cluster from 'node:cluster';
import { rememberPeer, resolveEnvironOptions } from '../environ.js';
import type { Application } from '../types.js';
import { accessLogSink } from './access-log.js';
import type { ResolvedServeOptions } from './options.js';
import {
  createClientErrorHandler,
  createRequestHandler,
  nodeHeadersCount,
  type HandlerContext,
} from './request-handler.js';
import { installUpgradeHook, type ServerHooks } from './hooks.js';
import type { ServeHandle, ServerAddress } from './serve-handle.js';
import { onShutdownSignals } from './signals.js';

/**
 * How often node checks the open connections against `headersTimeout` and `requestTimeout`: a
 * quarter of the shorter, from 25 ms to 2 s. Not 1 s: node's `Date` header cache arms a timer
 * of at most 1000 ms on each new second (`resetCache`, node:internal/http). A 1000 ms check
 * shares that timer's list whenever the cache is refilled on a whole second, and keeps a fixed
 * phase against it, so a branch of node's timer `insert` is taken on every second or on none
 * for minutes, then flips with the drift: V8 deoptimised and re-optimised node's
 * `setUnrefTimeout` and `append` after any warm-up (traced under valgrind: at 4,500, 8,000 and
 * 10,500 requests for a bare node:http server given this interval, never with node's own 30 s;
 * callgrind's JIT column 17-20k a request instead of 10.5k when it fell in the measured
 * window). Two seconds hold no list in common with that timer and run past the next second on
 * every other second, so both sides of the branch are seen in the first two seconds served.
 */
export function checkingInterval(options: ResolvedServeOptions): number {
  const shortest = Math.min(options.headersTimeout || Infinity, options.requestTimeout || Infinity);
  return Math.max(25, Math.min(2_000, Math.floor(shortest / 4)));
}

/** Removes a unix socket file no process listens on any more (left by a crash). */
async function removeStaleSocket(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat?.isSocket()) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (!alive) await unlink(path).catch(() => {});
}

/**
 * Stops accepting, lets in-flight requests finish, then drops whatever is left. Upgraded
 * connections (WebSockets) still count as the server's, so the hooks' `drain` closes them.
 */
async function gracefulClose(
  server: Server,
  context: HandlerContext,
  grace: number,
  hooks: ServerHooks | undefined,
): Promise<void> {
  context.draining = true;
  const drained = hooks?.drain?.(grace).catch((error: unknown) => {
    console.error('[@stack/wsgi] drain hook failed:', error);
  });
  await new Promise<void>((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), grace);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
  await drained;
  await hooks?.shutdown?.();
}

/**
 * Records each connection's peer as it opens (see `rememberPeer`). Node's own `connection`
 * listener is wrapped rather than joined by a second one: two listeners make `emit` take its
 * array path, and V8's optimised `emit`, shared by every emitter in the process, then
 * materialises its arguments on every event (measured: +0.3k instructions per request).
 */
function recordPeers(server: Server): void {
  const listeners = server.listeners('connection') as ((this: Server, socket: Socket) => void)[];
  if (listeners.length !== 1) {
    server.prependListener('connection', rememberPeer);
    return;
  }
  const nodeListener = listeners[0]!;
  server.removeListener('connection', nodeListener);
  server.on('connection', function (this: Server, socket: Socket) {
    rememberPeer(socket);
    nodeListener.call(this, socket);
  });
}

/** One `node:http` server in this process (a cluster worker, or the whole server). */
export function serveHere(app: Application, options: ResolvedServeOptions): ServeHandle {
  const accessLog = accessLogSink(options.log);
  const logLine = options.serverLog ? (line: string) => console.error(line) : undefined;
  const context: HandlerContext = {
    environ: resolveEnvironOptions({
      scriptName: options.scriptName,
      trustProxy: options.trustProxy,
      multiprocess: cluster.isWorker,
    }),
    accessLog,
    draining: false,
    onError: options.onError,
    maxHeaderCount: options.maxHeaderCount,
    logLine,
  };
  const onRequest = createRequestHandler(app, context);
  const server = createServer(
    {
      keepAliveTimeout: options.keepAliveTimeout,
      headersTimeout: options.headersTimeout,
      requestTimeout: options.requestTimeout,
      maxHeaderSize: options.maxHeaderSize,
      connectionsCheckingInterval: checkingInterval(options),
      insecureHTTPParser: false,
      requireHostHeader: true,
    },
    onRequest,
  );
  server.maxHeadersCount = nodeHeadersCount(options.maxHeaderCount);
  recordPeers(server);
  installUpgradeHook(server, options.hooks, () => context.draining, onRequest, context);
  server.on('clientError', createClientErrorHandler(logLine));

  let address: ServerAddress | undefined;
  const listening = (async (): Promise<ServerAddress> => {
    await options.hooks?.startup?.();
    if (options.path !== undefined) await removeStaleSocket(options.path);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const done = (): void => {
        server.off('error', reject);
        resolve();
      };
      if (options.path !== undefined) server.listen(options.path, done);
      else server.listen(options.port, options.host, done);
    });
    // After start-up a server error (EMFILE on accept, ...) is reported, never a crash.
    server.on('error', (error) => console.error('[@stack/wsgi] server error:', error));
    const bound = server.address();
    address =
      typeof bound === 'object' && bound !== null
        ? { host: bound.address, port: bound.port, path: undefined }
        : { host: undefined, port: undefined, path: options.path };
    context.environ.serverName = options.serverName ?? address.host ?? 'localhost';
    context.environ.serverPort = address.port === undefined ? '' : String(address.port);
    return address;
  })();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= listening.then(
      () => gracefulClose(server, context, options.gracePeriod, options.hooks),
      () => undefined,
    );
    return closing;
  };
  const stopSignals = options.handleSignals
    ? onShutdownSignals({
        close,
        log: logLine,
        gracePeriod: options.gracePeriod,
        fromPrimary: cluster.isWorker,
      })
    : undefined;
  listening.catch(() => stopSignals?.());

  return {
    listening,
    get address() {
      return address;
    },
    close: () => {
      stopSignals?.();
      return close();
    },
    server,
  };
}
