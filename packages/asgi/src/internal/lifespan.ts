import { AsgiError, AsgiProtocolError } from '../errors.js';
import type {
  AsgiApplication,
  LifespanReceiveEvent,
  LifespanSendEvent,
  Receive,
  Send,
} from '../types.js';
import { ASGI_VERSION } from './scope.js';
import { deferred } from './deferred.js';

/** `'auto'` runs the lifespan if the application speaks it, `'on'` requires it, `'off'` skips it. */
export type LifespanMode = 'auto' | 'on' | 'off';

/**
 * The `lifespan` scope of one serving process: `startup()` before it listens, `shutdown()`
 * after it closed. An application that throws on the scope in `'auto'` mode just has none, as
 * the specification says (uvicorn's behaviour).
 */
export class Lifespan {
  readonly state: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  #active = false;
  readonly #shutdownRequested = deferred<LifespanReceiveEvent>();
  readonly #started = deferred<void>();
  readonly #stopped = deferred<void>();
  #returned: Promise<void> | undefined;

  constructor(
    private readonly app: AsgiApplication,
    private readonly mode: LifespanMode,
    private readonly log: (line: string, error?: unknown) => void,
  ) {}

  async startup(): Promise<void> {
    if (this.mode === 'off') return;
    let sentStartup = false;
    const receive = async (): Promise<LifespanReceiveEvent> => {
      if (!sentStartup) {
        sentStartup = true;
        return { type: 'lifespan.startup' };
      }
      return this.#shutdownRequested.promise;
    };
    const send = async (event: LifespanSendEvent): Promise<void> => this.#onSend(event);
    const scope = { type: 'lifespan' as const, asgi: ASGI_VERSION, state: this.state };
    this.#returned = (async () => this.app(scope, receive as Receive, send as Send))().then(
      () => this.#ended(undefined),
      (error: unknown) => this.#ended(error),
    );
    await this.#started.promise;
  }

  #onSend(event: LifespanSendEvent): void {
    switch (event?.type) {
      case 'lifespan.startup.complete':
        this.#active = true;
        return this.#started.resolve();
      case 'lifespan.startup.failed':
        return this.#started.reject(
          new AsgiError(`Lifespan start-up failed: ${event.message ?? ''}`),
        );
      case 'lifespan.shutdown.complete':
        return this.#stopped.resolve();
      case 'lifespan.shutdown.failed':
        this.log(`[@stack/asgi] lifespan shutdown failed: ${event.message ?? ''}`);
        return this.#stopped.resolve();
      default:
        throw new AsgiProtocolError(
          `Unexpected ASGI message ${JSON.stringify((event as { type?: unknown })?.type)} in a lifespan scope`,
        );
    }
  }

  /** The application returned (or threw) from the lifespan scope. */
  #ended(error: unknown): void {
    if (!this.#active) {
      if (this.mode === 'on') {
        this.#started.reject(
          error ??
            new AsgiError(
              'The application returned from the lifespan scope before start-up completed',
            ),
        );
      } else {
        if (error !== undefined)
          this.log('[@stack/asgi] the application does not speak the lifespan protocol', error);
        this.#started.resolve();
      }
    } else if (error !== undefined) this.log('[@stack/asgi] lifespan error', error);
    this.#stopped.resolve();
  }

  async shutdown(): Promise<void> {
    if (!this.#active) return;
    this.#shutdownRequested.resolve({ type: 'lifespan.shutdown' });
    await this.#stopped.promise;
    await this.#returned;
  }
}
