import { ProtocolError } from '../errors.js';
import type { ResponseHeader, StartResponse } from '../types.js';

/**
 * A plain function calling `state.start`. Returned anonymous on purpose: a named per-request
 * closure gets a `name` property defined on every request under tools with `keepNames` (tsx).
 */
function bindStartResponse(state: ResponseState): StartResponse {
  return (status, headers, error) => state.start(status, headers, error);
}

/**
 * The headers before `startResponse` is called: one list for every request, never read (the
 * server reads `headers` only once the response started), where a `[]` per request was a
 * 32-byte array.
 */
const NO_HEADERS: readonly ResponseHeader[] = Object.freeze([]);

/** What `startResponse` recorded for one request. */
export class ResponseState {
  statusCode = 0;
  reason = '';
  headers: readonly ResponseHeader[] = NO_HEADERS;
  /** Set by the server once the status line has gone out: later calls must not change it. */
  sent = false;
  /** Body bytes written, for the access log. */
  bytes = 0;
  /**
   * Whether `bytes` is read (the access log is on). When it is not, a body sent whole with
   * the application's own `Content-Length` is not measured again.
   */
  countBytes = false;

  /**
   * The `startResponse` handed to the application, bound to this state. A closure rather than
   * `start.bind(this)`, which allocates 48 bytes less (the function without the context that
   * holds `this`) but is called through V8's bound-function trampoline, where `start` is not
   * inlined: +0.07k instructions per hello JSON request (measured, 2026-12-06).
   */
  readonly startResponse: StartResponse = bindStartResponse(this);

  start(status: string, headers: readonly ResponseHeader[], error: unknown): void {
    if (this.statusCode !== 0 && error === undefined) {
      throw new ProtocolError('startResponse() called twice without an error');
    }
    if (this.sent) throw error;
    this.parseStatus(status);
    if (!Array.isArray(headers)) {
      throw new ProtocolError('startResponse() headers must be a list of [name, value] pairs');
    }
    this.headers = headers;
  }

  get started(): boolean {
    return this.statusCode !== 0;
  }

  private parseStatus(status: string): void {
    // Applications answer with the same few status lines (`@stack/request` hands the same
    // string each time): reuse the last one's parse rather than slicing its reason again.
    if (status === lastStatus) {
      // Keep the caller's own string: equal text held by another string (the literal below
      // against `@stack/request`'s line, made once) is compared character by character on
      // every response; the same string compares at once.
      lastStatus = status;
      this.statusCode = lastCode;
      this.reason = lastReason;
      return;
    }
    const code = typeof status === 'string' ? statusCodeOf(status) : 0;
    if (code === 0) {
      throw new ProtocolError(
        `startResponse() status must look like "200 OK", got ${JSON.stringify(status)}`,
      );
    }
    this.statusCode = code;
    this.reason = status.length > 4 ? status.slice(4) : '';
    lastStatus = status;
    lastCode = code;
    lastReason = this.reason;
  }
}

/** The last valid status line parsed, and its parse (never an invalid one). */
let lastStatus = '200 OK';
let lastCode = 200;
let lastReason = 'OK';

function digit(status: string, i: number): number {
  const code = status.charCodeAt(i) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** `"404 Not Found"` → 404; 0 when the text is not a status line. */
function statusCodeOf(status: string): number {
  if (status.length < 3 || (status.length > 3 && status.charCodeAt(3) !== 32)) return 0;
  const a = digit(status, 0);
  const b = digit(status, 1);
  const c = digit(status, 2);
  if (a < 1 || b < 0 || c < 0) return 0;
  return a * 100 + b * 10 + c;
}

/**
 * True when the headers carry `Content-Length` or `Transfer-Encoding` (compared without case):
 * the application framed the body itself. One pass over the names.
 */
export function hasFraming(headers: readonly ResponseHeader[]): boolean {
  for (let i = 0; i < headers.length; i++) {
    const key = headers[i]![0];
    // The usual spelling first: `@stack/request` hands its own constant, the same string.
    if (key === 'Content-Length') return true;
    if (key.length === 14 && equalsLowerAscii(key, 'content-length')) return true;
    if (key.length === 17 && equalsLowerAscii(key, 'transfer-encoding')) return true;
  }
  return false;
}

/**
 * `key`, ASCII letters folded to lower case, equals `lower`: what `key.toLowerCase() === lower`
 * says for the ASCII names looked for, without a new string per header per response.
 */
function equalsLowerAscii(key: string, lower: string): boolean {
  for (let i = 0; i < key.length; i++) {
    let code = key.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Statuses that never carry a body (nor a `Content-Length`). */
export function isBodiless(statusCode: number): boolean {
  return statusCode < 200 || statusCode === 204 || statusCode === 304;
}
