import { Buffer } from 'node:buffer';
import { HttpResponseBase, type ResponseOptions } from './response-base.js';
import { appendWithKey, valueOfKey } from './response-headers.js';
import type { GatewayBody } from './internal/gateway.js';
import { decodeText } from './internal/charset.js';

/**
 * How long UTF-8 text is sent (callgrind, instructions per request, 2026-12-06). Node's string
 * path costs per character: `Buffer.byteLength` for `Content-Length` (about 1.4 instructions
 * for Latin-1 text, which V8 stores one byte per character, but 11 for text with any character
 * above U+00FF, stored two bytes each), then Node prepends its head to the body (a copy of
 * both) and encodes the whole (13 per character for two-byte text). Bytes encoded once go out
 * beside the head (`writev`): no measuring pass, no copy, no second encoding, but the `Buffer`
 * and a second chunk cost about 4k per response. JavaScript cannot ask whether V8 stores a
 * string with one or two bytes per character, so text from `ENCODE_AT` characters on is
 * encoded in one pass when its length is measured (`byteLength`); ASCII text shorter than
 * `ASCII_AS_BYTES_AT` stays a string (so does all shorter text: hello JSON, 27 characters).
 * Against the string path, a page served by `node:http` alone: two-byte text -2.0k at 256
 * characters, -3.6k at 500, -11.4k at 1,300 (the fortunes page, two-byte for one em dash:
 * 221.7k -> 213.9k through the handler); ASCII ±0.4k at 1,000, +2.0k at 2,047, -1.1k at
 * 4,000; Latin-1 beyond ASCII +2.1k at 512, +0.5k at 1,000.
 */
const ENCODE_AT = 512;
const ASCII_AS_BYTES_AT = 2048;
/**
 * The slab long text is encoded into (made on first use, replaced when full): the bytes sent are
 * a view of it, as Node's own `Buffer.from` pool hands out views of an 8 KB one, so the text is
 * encoded once, in place, with no copy and no buffer of its own (issue 21: the fortunes page,
 * 1,300 characters, lost a `Buffer.allocUnsafe` and a copy per response). Like Node's pool, a
 * view kept alive keeps its slab; a response's bytes are dropped with it (the cache stores a
 * serialized copy).
 */
const SLAB_SIZE = 64 * 1024;
/** Text from this many UTF-16 units on gets a buffer of its own (3 bytes a unit at most). */
const OWN_BUFFER_AT = SLAB_SIZE / 6;
let slab: Buffer | undefined;
let slabUsed = 0;

/**
 * Long text as it is sent: its UTF-8 bytes, or the text itself when it is ASCII and short
 * enough (see `ENCODE_AT`); either way its length is its byte length. One pass over the text,
 * into the slab's free room (`Buffer.from` would measure it first, then encode). Same bytes (a
 * lone surrogate is U+FFFD in both).
 */
function forSending(text: string): string | Buffer {
  if (text.length >= OWN_BUFFER_AT) return Buffer.from(text, 'utf8');
  const room = 3 * text.length;
  if (slab === undefined || SLAB_SIZE - slabUsed < room) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const start = slabUsed;
  const length = slab.write(text, start, room, 'utf8');
  if (length === text.length && length < ASCII_AS_BYTES_AT) return text;
  // Eight-byte aligned, as Node's pool: the next view's typed-array reads stay aligned.
  slabUsed = (start + length + 7) & ~7;
  return Buffer.from(slab.buffer, start, length);
}

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
   * a second buffer for the head. Long text becomes bytes when its length is measured (see
   * `ENCODE_AT`). Other charsets are encoded at once, as Django does.
   */
  // Replaced by the constructor's `content`, but a subclass may override that setter (as
  // `HttpResponseNotModified` does), so the list must exist before it runs. TypeScript-private
  // (Django's name), not `#`: see `HttpResponseBase`'s fields.
  private _container: (string | Uint8Array)[] = [];

  constructor(content: ResponseContent = '', options: ResponseOptions = {}) {
    super(options);
    this.content = content;
  }

  /** The content as one buffer (joined once, then kept joined). */
  get content(): Buffer {
    const chunks = this._container;
    if (chunks.length === 1 && Buffer.isBuffer(chunks[0])) return chunks[0];
    const joined = Buffer.concat(chunks.map(asBytes));
    this._container = [joined];
    return joined;
  }

  set content(value: ResponseContent) {
    if (typeof value === 'string' || value instanceof Uint8Array) {
      // The usual content, one piece: the list made at its size, not grown by a `push`.
      const chunk = this._stored(value);
      this._container = chunk === undefined ? [] : [chunk];
      return;
    }
    this._container = [];
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
    const stored = this._stored(chunk);
    if (stored !== undefined) this._container.push(stored);
  }

  /** A chunk as it is kept (UTF-8 text stays a string, see `_container`), or `undefined` when empty. */
  private _stored(chunk: string | Uint8Array): string | Uint8Array | undefined {
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

  /**
   * The content length in bytes. Long UTF-8 text is encoded here, once, and kept as those bytes
   * unless it is short ASCII (see `ENCODE_AT`): measuring it is a pass over it already.
   */
  get byteLength(): number {
    const chunks = this._container;
    let total = 0;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (typeof chunk !== 'string') total += chunk.length;
      else if (chunk.length < ENCODE_AT) total += Buffer.byteLength(chunk, 'utf8');
      else {
        const sent = forSending(chunk);
        chunks[i] = sent;
        total += sent.length;
      }
    }
    return total;
  }

  /**
   * Set `Content-Length` to the content's length in bytes unless it is set, and return the
   * value it has: Django's `CommonMiddleware` step (`if not response.has_header('Content-Length'):
   * response.headers['Content-Length'] = str(len(response.content))`), as
   * `setdefault('Content-Length', response.byteLength)` does, but the name is neither looked up
   * in the name cache nor checked, and the number's text not scanned (about 0.3k instructions
   * less per response).
   *
   * @example
   * ```ts
   * const response = new HttpResponse('hi');
   * response.setdefaultContentLength(); // '2'
   * ```
   */
  setdefaultContentLength(): string {
    return this._framed();
  }

  /** `setdefaultContentLength`, for `gatewayBody` too (a subclass's override does not change the framing). */
  private _framed(): string {
    const headers = this.headers;
    const given = valueOfKey(headers, 'content-length');
    if (given !== undefined) return given;
    const length = `${this.byteLength}`;
    // Nothing sets a header between the lookup and here (`byteLength` only reads the content).
    appendWithKey(headers, 'content-length', 'Content-Length', length);
    return length;
  }

  /** The chunks as written (UTF-8 text as strings), with `Content-Length` set if it was not. */
  protected gatewayBody(): GatewayBody {
    this._framed();
    return this._container;
  }
}

function asBytes(chunk: string | Uint8Array): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
