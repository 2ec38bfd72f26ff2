import { Buffer } from 'node:buffer';
import { HttpResponseBase, type ResponseOptions } from './response-base.js';
import { setWithKey, valueOfKey } from './response-headers.js';
import type { GatewayBody } from './internal/gateway.js';
import { decodeText } from './internal/charset.js';

/**
 * What `HttpResponse` content may be: text, bytes, or an iterable of either (consumed once); a
 * number is written as its text, as Django's `str(value)`.
 */
export type ResponseContent = string | Uint8Array | number | bigint | Iterable<string | Uint8Array>;

/**
 * A response whose content is held in memory (Django's `HttpResponse`). Strings are encoded
 * in the response's charset; `write()` appends, so a response is a file-like sink.
 *
 * @example
 * ```ts
 * const response = new HttpResponse('<h1>Hello</h1>', { status: 201 });
 * response.write('<p>more</p>');
 * response.text; // '<h1>Hello</h1><p>more</p>'
 * ```
 */
export class HttpResponse extends HttpResponseBase {
  readonly streaming = false;
  /**
   * The content as written. Text written while the charset is UTF-8 stays a string: its bytes
   * are the same whenever they are made, and a string lets Node send the status line, headers
   * and body in one write (`res.end(text)` joins them) instead of making a `Buffer` here and
   * a second buffer for the head. Other charsets are encoded at once, as Django does.
   */
  // Replaced by the constructor's `content`, but a subclass may override that setter (as
  // `HttpResponseNotModified` does), so the list must exist before it runs.
  #chunks: (string | Uint8Array)[] = [];

  constructor(content: ResponseContent = '', options: ResponseOptions = {}) {
    super(options);
    this.content = content;
  }

  /** The content as one buffer (joined once, then kept joined). */
  get content(): Buffer {
    const chunks = this.#chunks;
    if (chunks.length === 1 && Buffer.isBuffer(chunks[0])) return chunks[0];
    const joined = Buffer.concat(chunks.map(asBytes));
    this.#chunks = [joined];
    return joined;
  }

  set content(value: ResponseContent) {
    if (typeof value === 'string' || value instanceof Uint8Array) {
      // The usual content, one piece: the list made at its size, not grown by a `push`.
      const chunk = this.#stored(value);
      this.#chunks = chunk === undefined ? [] : [chunk];
      return;
    }
    this.#chunks = [];
    // Django's `make_bytes(str(value))` for content that is neither text, bytes nor iterable.
    if (typeof value === 'number' || typeof value === 'bigint') this.write(String(value));
    else for (const chunk of value) this.write(chunk);
  }

  /** The content decoded with the response's charset (Django's `response.text`). */
  get text(): string {
    return decodeText(this.content, this.charset);
  }

  /** Append to the content. */
  write(chunk: string | Uint8Array): void {
    const stored = this.#stored(chunk);
    if (stored !== undefined) this.#chunks.push(stored);
  }

  /** A chunk as it is kept (UTF-8 text stays a string, see `#chunks`), or `undefined` when empty. */
  #stored(chunk: string | Uint8Array): string | Uint8Array | undefined {
    if (typeof chunk === 'string' && this.charset === 'utf-8') {
      return chunk.length > 0 ? chunk : undefined;
    }
    const bytes = this.makeBytes(chunk);
    return bytes.length > 0 ? bytes : undefined;
  }

  /** Append each chunk (Django's `writelines`). */
  writelines(lines: Iterable<string | Uint8Array>): void {
    for (const line of lines) this.write(line);
  }

  /** The content length in bytes. */
  get byteLength(): number {
    let total = 0;
    for (const chunk of this.#chunks) total += byteLengthOf(chunk);
    return total;
  }

  /** The chunks as written (UTF-8 text as strings), with `Content-Length` set if it was not. */
  protected gatewayBody(): GatewayBody {
    if (valueOfKey(this.headers, 'content-length') === undefined) {
      setWithKey(this.headers, 'content-length', 'Content-Length', this.byteLength);
    }
    return this.#chunks;
  }
}

function asBytes(chunk: string | Uint8Array): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function byteLengthOf(chunk: string | Uint8Array): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
}
