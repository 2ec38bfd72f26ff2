import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WsgiError } from '../errors.js';
import { environFromRequest, type ResolvedEnvironOptions } from '../environ.js';
import type { Application } from '../types.js';
import { type AccessLogEntry, logWhenDone } from './access-log.js';
import { runExchange, type ExchangeContext } from './respond.js';
import { ResponseState } from './response-state.js';

export interface HandlerContext extends ExchangeContext {
  environ: ResolvedEnvironOptions;
  accessLog: ((entry: AccessLogEntry) => void) | undefined;
  /** True once shutdown began: answers then carry `Connection: close`. */
  draining: boolean;
  /** `serve()`'s `maxHeaderCount`: more header fields get 431 (`0`: no limit). */
  maxHeaderCount: number;
  /** Where refused requests are reported, when the access log is on. */
  logLine: ((line: string) => void) | undefined;
}

/**
 * Node keeps `server.maxHeadersCount` fields and drops the rest without a word, so the server
 * keeps one more than the limit: a request that reaches it is refused, never served truncated.
 */
export function nodeHeadersCount(maxHeaderCount: number): number {
  return maxHeaderCount === 0 ? 0 : maxHeaderCount + 1;
}

/** The log line for a request with too many header fields, or `undefined` when it is within. */
export function tooManyHeaders(req: IncomingMessage, maxHeaderCount: number): string | undefined {
  const count = req.rawHeaders.length / 2;
  if (maxHeaderCount === 0 || count <= maxHeaderCount) return undefined;
  return (
    `[@stack/wsgi] refused a request: 431 Request Header Fields Too Large ` +
    `(more than ${maxHeaderCount} header fields; serve({ maxHeaderCount }) sets the limit)`
  );
}

function sendStatus(res: ServerResponse, status: number): void {
  const body = STATUS_CODES[status] ?? 'Error';
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
  });
  res.end(body);
}

/** The `request` listener of the server: one environ, one application call, per request. */
export function createRequestHandler(
  app: Application,
  context: HandlerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // llhttp accepts HTTP/0.9-style versions that no proxy in front would forward; refuse them.
    if (req.httpVersionMajor !== 1) {
      sendStatus(res, 505);
      return;
    }
    const tooMany = tooManyHeaders(req, context.maxHeaderCount);
    if (tooMany !== undefined) {
      context.logLine?.(tooMany);
      sendStatus(res, 431);
      return;
    }
    if (context.draining) res.shouldKeepAlive = false;
    let environ;
    try {
      environ = environFromRequest(req, context.environ);
    } catch (error) {
      sendStatus(res, error instanceof WsgiError ? error.status : 400);
      return;
    }
    const state = new ResponseState();
    if (context.accessLog !== undefined) {
      state.countBytes = true;
      logWhenDone(res, environ, state, context.accessLog);
    }
    runExchange(app, environ, req, res, state, context);
  };
}

const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

/**
 * The `clientError` listener: what Node does by default (408, 431, else 400, then close),
 * plus an optional log line so refused requests are visible.
 */
export function createClientErrorHandler(
  log: ((line: string) => void) | undefined,
): (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => void {
  return (error, socket) => {
    const code = error.code ?? '';
    // Mid-response (headers already out), an error page would corrupt the response: just close.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[code] ?? 400;
    const reason = STATUS_CODES[status] ?? 'Bad Request';
    log?.(`[@stack/wsgi] refused a request: ${status} ${reason} (${code || error.message})`);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      () => socket.destroy(),
    );
  };
}
