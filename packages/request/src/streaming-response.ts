import { HttpResponseBase, type ResponseOptions } from './response-base.js';
import type { GatewayBody } from './internal/gateway.js';

/** What a streaming response streams: a sync or async iterable of strings or bytes. */
export type StreamingContent = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * A response whose content is an iterator, sent as it is produced (Django's
 * `StreamingHttpResponse`). It has no `content`; `close()` stops the iterator (calls its
 * `return()`), so the handler can call it when the client goes away.
 *
 * @example
 * ```ts
 * async function* rows() { for await (const row of Post.objects.all()) yield `${row.title}\n`; }
 * return new StreamingHttpResponse(rows(), { contentType: 'text/csv' });
 * ```
 */
export class StreamingHttpResponse extends HttpResponseBase {
  readonly streaming = true;
  #source: StreamingContent;
  #iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined = undefined;
  /**
   * The one iterator taken from each source, on its first read: as Django's `iter(value)`, a
   * content such as an array is read once, and a second read finds it exhausted.
   */
  #opened = new WeakMap<object, Iterator<unknown> | AsyncIterator<unknown>>();

  constructor(streamingContent: StreamingContent, options: ResponseOptions = {}) {
    super(options);
    this.#source = streamingContent;
  }

  /** Whether the content is an async iterable. */
  get isAsync(): boolean {
    return Symbol.asyncIterator in this.#source;
  }

  /** The content as bytes, an async iterable; it can be read once (later reads are empty). */
  get streamingContent(): AsyncIterable<Uint8Array> {
    const source = this.#source;
    return { [Symbol.asyncIterator]: () => this.#bytes(source) };
  }

  /**
   * Replace the iterator, e.g. with one wrapping the current content, in place as Django's
   * `GZipMiddleware` does: `response.streamingContent = gzip(response.streamingContent)`. The
   * getter captures the content at the time it is read, so the wrapper does not read itself;
   * `close()` stops the wrapper, which stops the content it wraps.
   */
  set streamingContent(content: StreamingContent) {
    this.#source = content;
  }

  /** Read the whole stream and return it as one buffer (for tests; it consumes the stream). */
  async readAll(): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.streamingContent) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /**
   * The bytes of `source`. The outermost read owns the response: it is the iterator `close()`
   * stops, and its end closes the response. A read nested in a wrapper (the content before
   * `streamingContent = wrap(streamingContent)`) only stops its own source when the wrapper
   * stops early, so close hooks run once, after the wrapper's last chunk.
   */
  async *#bytes(source: StreamingContent): AsyncGenerator<Uint8Array> {
    let iterator = this.#opened.get(source);
    if (iterator === undefined) {
      iterator =
        Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
      this.#opened.set(source, iterator);
    }
    const owner = this.#iterator === undefined;
    if (owner) this.#iterator = iterator;
    let finished = false;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done) {
          finished = true;
          return;
        }
        const bytes = this.makeBytes(step.value as string | Uint8Array);
        if (bytes.length > 0) yield bytes;
      }
    } finally {
      // Stopped early (the client went away): the source's own `finally` must run too, so a
      // view streaming server-sent events learns of the disconnect and unsubscribes.
      if (!finished) {
        try {
          await iterator.return?.();
        } catch {
          // The reader is stopping anyway; a source that fails to stop has nothing to add.
        }
      }
      if (owner) {
        this.#iterator = undefined;
        this.close();
      }
    }
  }

  /** Stop the iterator (if it is running) and run the close hooks. */
  override close(): void {
    const iterator = this.#iterator;
    this.#iterator = undefined;
    if (iterator?.return) {
      const result = iterator.return();
      if (result instanceof Promise) result.catch(() => undefined);
    }
    super.close();
  }

  protected gatewayBody(): GatewayBody {
    return this.streamingContent;
  }
}
