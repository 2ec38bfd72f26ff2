import cluster, { type Worker } from 'node:cluster';
import type { ResolvedServeOptions } from './options.js';
import type { ServeHandle, ServerAddress } from './serve-handle.js';
import { onShutdownSignals, SHUTDOWN_MESSAGE } from './signals.js';

/** A worker that dies sooner than this after it started is restarted after a pause. */
const CRASH_LOOP_MS = 1_000;

/**
 * The cluster primary: forks the workers (each re-runs the entry script, where `serve()` then
 * listens), replaces any worker that dies, and on close asks every worker to shut down
 * gracefully (workers started with `handleSignals: false` are killed after the grace period).
 */
export function servePrimary(options: ResolvedServeOptions): ServeHandle {
  const log = options.serverLog ? (line: string) => console.error(line) : undefined;
  let stopping = false;
  let address: ServerAddress | undefined;
  const started = new Map<Worker, number>();

  const fork = (): void => {
    const worker = cluster.fork();
    started.set(worker, Date.now());
  };

  const listening = new Promise<ServerAddress>((resolve, reject) => {
    const ready = new Set<number>();
    const onListening = (worker: Worker, bound: { address: string; port: number }): void => {
      address ??= options.path
        ? { host: undefined, port: undefined, path: options.path }
        : { host: bound.address, port: bound.port, path: undefined };
      ready.add(worker.id);
      if (ready.size >= options.workers) {
        cluster.off('listening', onListening);
        resolve(address);
      }
    };
    cluster.on('listening', onListening);
    cluster.once('exit', (worker) => {
      if (ready.size < options.workers && !ready.has(worker.id) && !stopping) {
        reject(new Error(`Worker ${worker.id} exited before it could listen`));
      }
    });
  });
  listening.catch(() => {});

  cluster.on('exit', (worker, code, signal) => {
    const startedAt = started.get(worker) ?? 0;
    started.delete(worker);
    if (stopping) return;
    log?.(`[@stack/wsgi] worker ${worker.process.pid} died (${signal ?? code}); starting another`);
    const delay = Date.now() - startedAt < CRASH_LOOP_MS ? CRASH_LOOP_MS : 0;
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  for (let i = 0; i < options.workers; i++) fork();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    stopping = true;
    closing ??= Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker === undefined || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            // A message, not SIGTERM: a worker that Ctrl-C already signalled would take a
            // second signal as "exit now" and drop its in-flight requests.
            if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
            else worker.process.kill('SIGTERM');
            setTimeout(() => worker.process.kill('SIGKILL'), options.gracePeriod + 2_000).unref();
          }),
      ),
    ).then(() => undefined);
    return closing;
  };
  const stopSignals = options.handleSignals
    ? onShutdownSignals({ close, log, gracePeriod: options.gracePeriod + 2_000 })
    : undefined;

  return {
    listening,
    get address() {
      return address;
    },
    close: () => {
      stopSignals?.();
      return close();
    },
    server: undefined,
  };
}
