import { STATUS_CODES } from 'node:http';
import { httpDate } from '@stack/utils';
import { checkCookieName, formatCookie, type Cookie } from './cookie.js';
import { BadHeaderError } from './errors.js';
import { checkValue, ResponseHeaders, storeWithKey, valueOfKey } from './response-headers.js';
import { cookieSigner } from './signing.js';
import { encodeText } from './internal/charset.js';
import type { GatewayBody, GatewayStartResponse } from './internal/gateway.js';

const CHARSET = /;\s*charset=\s*"?([^";\s]+)"?/i;
const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';

/**
 * The last `Content-Type` parsed and its charset: every `write` asks (the constructor's content
 * too), and it rarely changes. The default is answered without the regexp and without taking
 * the place of the last one, so an application serving pages and JSON in turn parses neither
 * again (two regexp runs per page-and-JSON pair before: 6.8k -> 5.9k instructions for the
 * pair, constructed and handed to a gateway, callgrind in process).
 */
let lastContentType = DEFAULT_CONTENT_TYPE;
let lastCharset = 'utf-8';

function charsetOf(contentType: string): string {
  if (contentType !== lastContentType && contentType !== '') {
    if (contentType === DEFAULT_CONTENT_TYPE) return 'utf-8';
    const match = CHARSET.exec(contentType);
    lastCharset = match ? match[1]! : 'utf-8';
    lastContentType = contentType;
  }
  return contentType === '' ? 'utf-8' : lastCharset;
}

/**
 * The last `Content-Type` a constructor checked, and the text it is stored as. Responses of a
 * kind pass the same constant each time (`JsonResponse`'s `application/json`), and the check
 * is a loop over the characters: about 23 instructions each in optimised code, 370 for
 * `application/json`, on every response (callgrind, 2026-12-06). Any other value is checked
 * (the string compare comes first: at once for the same string, at worst as long as the check).
 */
let lastContentTypeGiven: string | undefined;
let lastContentTypeStored = '';

export function checkedContentType(value: string): string {
  if (value !== lastContentTypeGiven) {
    lastContentTypeStored = checkValue(value);
    lastContentTypeGiven = value;
  }
  return lastContentTypeStored;
}

/** `'200 OK'` and the like, by status code, made on first use (the status is 100–599). */
const standardStatusLines: string[] = [];

/** What every response constructor accepts besides its content. */
export interface ResponseOptions {
  /** The full `Content-Type`; default `text/html; charset=<charset>`. */
  contentType?: string;
  /** The status code, 100–599. */
  status?: number;
  /** The reason phrase; default the standard one for `status`. */
  reason?: string;
  /** The charset strings are encoded in; default the `Content-Type`'s, else `utf-8`. */
  charset?: string;
  /** Headers to start with. */
  headers?: Iterable<readonly [string, string]> | Record<string, string>;
}

/** The options of `setCookie`, as Django's `set_cookie` takes them. */
export interface SetCookieOptions {
  /** Seconds until the cookie expires; also sets `expires` for old browsers. */
  maxAge?: number;
  /** A `Date` (turned into `maxAge`, as Django does) or a preformatted HTTP date. */
  expires?: Date | string;
  /** Default `/`. */
  path?: string | null;
  domain?: string;
  secure?: boolean;
  httponly?: boolean;
  /** `'Lax'`, `'Strict'` or `'None'`. */
  samesite?: string;
}

/** The options of `setSignedCookie`. */
export interface SetSignedCookieOptions extends SetCookieOptions {
  /** The signing key (Django's `SECRET_KEY`). */
  secretKey: string | Uint8Array;
  /** An extra salt; the reader must pass the same one to `getSignedCookie`. */
  salt?: string;
}

/**
 * What every response shares: status, reason phrase, charset, case-insensitive headers,
 * cookies, close hooks and the conversion to the gateway (`toWsgi`). Use a subclass.
 *
 * @example
 * ```ts
 * const response = new HttpResponse('hi');
 * response.set('X-Frame-Options', 'DENY');
 * response.setCookie('seen', '1', { maxAge: 3600, httponly: true });
 * ```
 */
export abstract class HttpResponseBase {
  /** The status code. */
  statusCode: number;
  /** Whether the content is an iterator that must not be read twice. */
  abstract readonly streaming: boolean;
  /** The headers, case-insensitive (also reachable through `get`/`set`/`has`/`delete`). */
  readonly headers: ResponseHeaders;
  /** Whether `close()` has run. */
  closed = false;
  // TypeScript-private fields in Django's names rather than `#` ones, which exist only on
  // objects this constructor made: `JsonResponse` builds its usual object without the
  // constructors' `super()` calls (see `json-response.ts`), and the builder sets these.
  private _reasonPhrase: string | undefined;
  private _charset: string | undefined;
  // Made on first use: most responses set no cookie and register no close hook.
  private _cookies: Map<string, Cookie> | undefined = undefined;
  private _resourceClosers: (() => unknown)[] | undefined = undefined;

  constructor(options: ResponseOptions = {}) {
    this.headers = new ResponseHeaders(options.headers);
    // Without `headers` the list is empty: nothing to look up.
    const given = options.headers !== undefined;
    if (options.contentType !== undefined && given && this.headers.has('Content-Type')) {
      throw new TypeError(
        "'headers' must not contain 'Content-Type' when the 'contentType' option is given.",
      );
    }
    this.statusCode = 200;
    if (options.status !== undefined) this.status = options.status;
    this._reasonPhrase = options.reason;
    this._charset = options.charset;
    if (options.contentType !== undefined) {
      const text = checkedContentType(options.contentType);
      storeWithKey(this.headers, 'content-type', 'Content-Type', text);
    } else if (!given || !this.headers.has('Content-Type')) {
      const charset = this._charset ?? 'utf-8';
      // The default is a valid constant: stored without the check (see `checkedContentType`).
      const text =
        charset === 'utf-8'
          ? DEFAULT_CONTENT_TYPE
          : checkedContentType(`text/html; charset=${charset}`);
      storeWithKey(this.headers, 'content-type', 'Content-Type', text);
    }
  }

  /** The cookies to set, by name (Django's `response.cookies`). */
  get cookies(): Map<string, Cookie> {
    return (this._cookies ??= new Map());
  }

  /** The status code (an alias of `statusCode` that validates 100–599). */
  get status(): number {
    return this.statusCode;
  }

  set status(code: number) {
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      throw new RangeError('HTTP status code must be an integer from 100 to 599.');
    }
    this.statusCode = code;
  }

  /** The reason phrase, by default the standard one for the status. */
  get reasonPhrase(): string {
    return this._reasonPhrase ?? STATUS_CODES[this.statusCode] ?? 'Unknown Status Code';
  }

  set reasonPhrase(reason: string) {
    this._reasonPhrase = reason;
  }

  /** The charset: explicit, else the `Content-Type`'s `charset=`, else `utf-8`. */
  get charset(): string {
    if (this._charset !== undefined) return this._charset;
    return charsetOf((this.headers && valueOfKey(this.headers, 'content-type')) ?? '');
  }

  set charset(charset: string) {
    this._charset = charset;
  }

  /** A header's value (Django's `response['Name']`). */
  get(name: string): string | undefined {
    return this.headers.get(name);
  }

  /** Set a header; CR, LF or NUL raise `BadHeaderError`. */
  set(name: string, value: string | number): this {
    this.headers.set(name, value);
    return this;
  }

  /** Whether a header is set (also Django's `has_header`). */
  has(name: string): boolean {
    return this.headers.has(name);
  }

  /** Django's `has_header`. */
  hasHeader(name: string): boolean {
    return this.headers.has(name);
  }

  /** Remove a header. */
  delete(name: string): boolean {
    return this.headers.delete(name);
  }

  /** Set a header unless it is set. */
  setdefault(name: string, value: string | number): string {
    return this.headers.setdefault(name, value);
  }

  /**
   * Set a cookie, as Django's `set_cookie`: a `Date` in `expires` becomes `maxAge`, and
   * `maxAge` also writes `expires`.
   */
  setCookie(name: string, value = '', options: SetCookieOptions = {}): void {
    checkCookieName(name);
    let { maxAge, expires } = options;
    let expiresText = '';
    if (expires instanceof Date) {
      if (maxAge !== undefined)
        throw new TypeError("'expires' and 'maxAge' can't be used together.");
      maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000) + 1);
      expires = undefined;
    } else if (expires !== undefined) expiresText = expires;
    if (maxAge !== undefined) {
      maxAge = Math.trunc(maxAge);
      if (!expiresText) expiresText = httpDate(Date.now() / 1000 + maxAge);
    }
    for (const attribute of [expiresText, options.path, options.domain, options.samesite]) {
      if (attribute && /[\r\n\0;]/.test(attribute)) {
        throw new BadHeaderError(
          `Cookie attributes can't contain CR, LF, NUL or ';' (got ${JSON.stringify(attribute)})`,
        );
      }
    }
    const samesite = options.samesite;
    if (samesite && !['lax', 'none', 'strict'].includes(samesite.toLowerCase())) {
      throw new TypeError('samesite must be "lax", "none", or "strict".');
    }
    this.cookies.set(name, {
      value: String(value),
      expires: expiresText,
      maxAge,
      path: options.path === undefined ? '/' : (options.path ?? undefined),
      domain: options.domain,
      secure: options.secure ?? false,
      httponly: options.httponly ?? false,
      samesite: samesite || undefined,
    });
  }

  /**
   * Set a cookie signed so that `request.getSignedCookie(name, { salt })` reads it back.
   * The signature's salt is derived from (name, salt) without ambiguity.
   */
  setSignedCookie(name: string, value: string, options: SetSignedCookieOptions): void {
    const { secretKey, salt = '', ...cookieOptions } = options;
    const signed = cookieSigner({ secretKey, name, salt }).sign(value);
    this.setCookie(name, signed, cookieOptions);
  }

  /** Expire a cookie in the browser, as Django's `delete_cookie` does. */
  deleteCookie(
    name: string,
    options: { path?: string; domain?: string; samesite?: string } = {},
  ): void {
    const secure =
      name.startsWith('__Secure-') ||
      name.startsWith('__Host-') ||
      options.samesite?.toLowerCase() === 'none';
    this.setCookie(name, '', {
      maxAge: 0,
      path: options.path ?? '/',
      ...(options.domain !== undefined && { domain: options.domain }),
      secure,
      expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
      ...(options.samesite !== undefined && { samesite: options.samesite }),
    });
  }

  /** Encode a string in this response's charset; bytes pass through. */
  makeBytes(value: string | Uint8Array): Uint8Array {
    return typeof value === 'string' ? encodeText(value, this.charset) : value;
  }

  /** The status line, e.g. `'200 OK'`. */
  statusLine(): string {
    const code = this.statusCode;
    // A status whose standard line was made already, without a reason of its own: that line,
    // without the reason's lookup and the checks below (toWsgi 400 -> 332 instructions).
    if (this._reasonPhrase === undefined) {
      const line = standardStatusLines[code];
      if (line !== undefined) return line;
    }
    const reason = this.reasonPhrase;
    // The standard reason: one string per status, not one per response. (`statusCode` is a
    // plain field, so only a valid code indexes the table.)
    if (Number.isInteger(code) && code >= 100 && code <= 599 && reason === STATUS_CODES[code]) {
      return (standardStatusLines[code] ??= `${code} ${reason}`);
    }
    return `${code} ${reason}`;
  }

  /** Headers and one `Set-Cookie` per cookie, as the gateway's list of pairs. */
  headerList(): [string, string][] {
    const list = this.headers.items();
    if (this._cookies) {
      for (const [name, cookie] of this._cookies)
        list.push(['Set-Cookie', formatCookie(name, cookie)]);
    }
    return list;
  }

  /** Register a function `close()` calls, e.g. to release a file or a cursor. */
  onClose(closer: () => unknown): void {
    (this._resourceClosers ??= []).push(closer);
  }

  /**
   * Release what the response holds. The handler calls it once the body has been sent, or
   * when the client went away mid-stream; calling it twice is harmless.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const closers = this._resourceClosers;
    this._resourceClosers = undefined;
    if (closers) for (const closer of closers) closer();
  }

  /** The body as the gateway takes it, without copying. */
  protected abstract gatewayBody(): GatewayBody;

  /**
   * Hand the response to a gateway: calls `startResponse(statusLine, headers)` and returns the
   * body (the chunks as written, or the stream), never copying a large body. The caller calls
   * `close()` when done sending.
   *
   * @example
   * ```ts
   * const app: Application = async (environ, startResponse) => view(new HttpRequest(environ)).toWsgi(startResponse);
   * ```
   */
  toWsgi(startResponse: GatewayStartResponse): GatewayBody {
    const body = this.gatewayBody();
    startResponse(this.statusLine(), this.headerList());
    return body;
  }
}
