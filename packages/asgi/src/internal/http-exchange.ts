import { STATUS_CODES } from 'node:http';
import type { Chunk, Environ, StartResponse } from '@stack/wsgi';
import { AsgiProtocolError, ClientDisconnected } from '../errors.js';
import type { AsgiHeader, HttpReceiveEvent, HttpSendEvent } from '../types.js';
import { EMPTY_BYTES, responseHeaders } from './bytes.js';
import { deferred, type Deferred } from './deferred.js';

interface Pending {
  chunk: Uint8Array;
  taken: () => void;
}

/**
 * One HTTP request of an ASGI application seen through the gateway: `receive` reads
 * `wsgi.input`, `send` feeds the body the gateway server pulls. A `send` resolves once the
 * server pulled the chunk (that is the backpressure); when the client leaves, the server calls
 * the body's `return()`, pending and later `send`s reject with `ClientDisconnected` and
 * `receive` yields `http.disconnect`.
 */
export class HttpExchange implements AsyncIterator<Chunk>, AsyncIterable<Chunk> {
  #input: AsyncIterator<Uint8Array> | undefined;
  #bodyDone = false;
  #started = false;
  #finished = false;
  #gone = false;
  #failure: unknown;
  #pending: Pending[] = [];
  #puller: Deferred<void> | undefined;
  #disconnect = deferred<HttpReceiveEvent>();

  constructor(
    private readonly environ: Environ,
    private readonly startResponse: StartResponse,
  ) {}

  readonly receive = async (): Promise<HttpReceiveEvent> => {
    if (this.#bodyDone || this.#gone) return this.#disconnect.promise;
    this.#input ??= this.environ['wsgi.input'][Symbol.asyncIterator]();
    const next = await this.#input.next();
    if (next.done) {
      this.#bodyDone = true;
      return { type: 'http.request', body: EMPTY_BYTES, more_body: false };
    }
    return { type: 'http.request', body: next.value, more_body: true };
  };

  readonly send = async (event: HttpSendEvent): Promise<void> => {
    if (this.#gone) throw new ClientDisconnected();
    if (event?.type === 'http.response.start') return this.#start(event.status, event.headers);
    if (event?.type !== 'http.response.body') {
      throw new AsgiProtocolError(
        `Unexpected ASGI message ${JSON.stringify((event as { type?: unknown } | undefined)?.type)} in an http scope`,
      );
    }
    if (!this.#started)
      throw new AsgiProtocolError("'http.response.body' sent before 'http.response.start'");
    if (this.#finished)
      throw new AsgiProtocolError("'http.response.body' sent after the response finished");
    const body = event.body ?? EMPTY_BYTES;
    if (!(body instanceof Uint8Array))
      throw new AsgiProtocolError('http.response.body: body must be a Uint8Array');
    if (event.more_body !== true) this.#finished = true;
    if (body.byteLength === 0) return this.#wake();
    const taken = deferred<void>();
    this.#pending.push({ chunk: body, taken: () => taken.resolve() });
    this.#wake();
    await taken.promise;
    if (this.#gone) throw new ClientDisconnected();
  };

  #start(status: number, headers: Iterable<AsgiHeader> | undefined): void {
    if (this.#started) throw new AsgiProtocolError("'http.response.start' sent twice");
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new AsgiProtocolError(`Invalid status ${JSON.stringify(status)}`);
    }
    this.startResponse(`${status} ${STATUS_CODES[status] ?? 'Unknown'}`, responseHeaders(headers));
    this.#started = true;
  }

  /** The application returned: a response it never finished ends here. */
  done(): void {
    if (!this.#started)
      this.#failure = new AsgiProtocolError('The application returned without sending a response');
    this.#finished = true;
    this.#wake();
  }

  /** The application threw: before the headers it becomes a 500, after them an aborted body. */
  fail(error: unknown): void {
    this.#failure = error;
    this.#finished = true;
    this.#wake();
  }

  #wake(): void {
    const puller = this.#puller;
    this.#puller = undefined;
    puller?.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    return this;
  }

  async next(): Promise<IteratorResult<Chunk>> {
    for (;;) {
      const pending = this.#pending.shift();
      if (pending !== undefined) {
        pending.taken();
        return { done: false, value: pending.chunk };
      }
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#finished && this.#started) {
        // The response is complete: from now on the application may only learn of the end.
        this.#bodyDone = true;
        queueMicrotask(() => this.#disconnect.resolve({ type: 'http.disconnect' }));
        return { done: true, value: undefined };
      }
      this.#puller = deferred<void>();
      await this.#puller.promise;
    }
  }

  async return(): Promise<IteratorResult<Chunk>> {
    this.#gone = true;
    for (const pending of this.#pending.splice(0)) pending.taken();
    this.#disconnect.resolve({ type: 'http.disconnect' });
    this.#wake();
    return { done: true, value: undefined };
  }
}
