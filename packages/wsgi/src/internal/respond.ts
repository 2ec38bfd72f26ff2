import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isThenable } from '@stack/utils';
import { ProtocolError } from '../errors.js';
import type { Application, Body, Chunk, Environ, ResponseHeader } from '../types.js';
import { byteLengthOf, closeIterator, isEmptyChunk, iterate } from './chunks.js';
import type { RequestInput } from './request-input.js';
import { hasFraming, isBodiless, type ResponseState } from './response-state.js';

/** What the exchange needs from the server around it. */
export interface ExchangeContext {
  /** Reports an application error (the response becomes a 500, or the socket is dropped). */
  onError: (error: unknown, environ: Environ) => void;
}

/**
 * Runs the application for one request and writes what it returns to `res`. Never throws and
 * never rejects: an application error becomes a 500, or, when the headers are already out,
 * a destroyed socket (the client then sees a truncated response rather than a wrong one).
 */
export function runExchange(
  app: Application,
  environ: Environ,
  req: IncomingMessage,
  res: ServerResponse,
  state: ResponseState,
  context: ExchangeContext,
): void {
  let body: Body | Promise<Body>;
  try {
    body = app(environ, state.startResponse);
  } catch (error) {
    fail(res, state, error, context, environ);
    return;
  }
  if (isThenable<Body>(body)) {
    body.then(
      (value) => send(value, req, res, state, context, environ),
      (error: unknown) => fail(res, state, error, context, environ),
    );
  } else send(body, req, res, state, context, environ);
}

function send(
  body: Body,
  req: IncomingMessage,
  res: ServerResponse,
  state: ResponseState,
  context: ExchangeContext,
  environ: Environ,
): void {
  if (Array.isArray(body) && state.started) {
    try {
      sendAll(body as Chunk[], req, res, state, environ);
    } catch (error) {
      fail(res, state, error, context, environ);
    }
    return;
  }
  stream(body, req, res, state, environ).catch((error: unknown) =>
    fail(res, state, error, context, environ),
  );
}

/** The fast path: a list of chunks already in memory, sent with a `Content-Length`. */
function sendAll(
  chunks: readonly Chunk[],
  req: IncomingMessage,
  res: ServerResponse,
  state: ResponseState,
  environ: Environ,
): void {
  // The application's pairs, or node's flat list when `Content-Length` is added.
  let headers: readonly ResponseHeader[] | readonly string[] = state.headers;
  const addLength = !isBodiless(state.statusCode) && !hasFraming(state.headers);
  let length = 0;
  let empty = true;
  if (addLength || state.countBytes) {
    for (let i = 0; i < chunks.length; i++) length += byteLengthOf(chunks[i]!);
    empty = length === 0;
    // A template rather than `String(length)`: TurboFan turns it into a number-to-string
    // conversion with V8's cache, where `String()` stays a builtin call (about 50 instructions).
    if (addLength) headers = flatWithLength(state.headers, `${length}`);
  } else {
    // The application framed the body itself (usually `Content-Length`, which HttpResponse and
    // CommonMiddleware set) and nothing reads `state.bytes`: the chunks are checked, not
    // measured again (a UTF-8 length is a pass over the text; about 0.3k instructions for
    // hello JSON, with the global `Buffer` lookup). A string is empty when it has no bytes.
    for (let i = 0; i < chunks.length; i++) if (!isEmptyChunk(chunks[i]!)) empty = false;
  }
  writeHead(req, res, state, headers, environ);
  state.bytes = length;
  if (req.method === 'HEAD' || empty) res.end();
  else if (chunks.length === 1) res.end(chunks[0]);
  else {
    for (let i = 0; i < chunks.length; i++) res.write(chunks[i]!);
    res.end();
  }
}

/**
 * `headers` and `Content-Length: length` as node's flat list (`[name, value, name, value...]`,
 * which `writeHead` takes as it takes a list of pairs, header for header): one array of the
 * final size, where a copy of the pairs plus a new pair for `Content-Length` was two (80 bytes
 * instead of 128 for hello JSON's one header; node 20 has no pointer compression, 8 bytes a
 * slot). The application's list is not changed. A spread goes through the iterator protocol
 * and `concat` through the runtime (both measured slower).
 */
function flatWithLength(headers: readonly ResponseHeader[], length: string): readonly string[] {
  const count = headers.length;
  const flat = new Array<string>(2 * count + 2);
  for (let i = 0; i < count; i++) {
    const header = headers[i]!;
    flat[2 * i] = header[0];
    flat[2 * i + 1] = header[1];
  }
  flat[2 * count] = 'Content-Length';
  flat[2 * count + 1] = length;
  return flat;
}

function writeHead(
  req: IncomingMessage,
  res: ServerResponse,
  state: ResponseState,
  headers: readonly ResponseHeader[] | readonly string[],
  environ: Environ,
): void {
  const input = environ['wsgi.input'] as RequestInput;
  // A half-read upload leaves bytes on the wire: never reuse that connection.
  if (input.started === true && !req.complete) res.shouldKeepAlive = false;
  const reason = state.reason || STATUS_CODES[state.statusCode] || 'Unknown';
  res.writeHead(state.statusCode, reason, headers as unknown as string[]);
  state.sent = true;
}

/** Streams any iterable body, pulling the next chunk only once the client took the last one. */
async function stream(
  body: Body,
  req: IncomingMessage,
  res: ServerResponse,
  state: ResponseState,
  environ: Environ,
): Promise<void> {
  const iterator = iterate(body);
  let closed = false;
  const onClose = (): void => {
    closed = true;
    closeIterator(iterator);
  };
  res.once('close', onClose);
  try {
    // WSGI lets an application call startResponse lazily, just before its first chunk.
    let next = state.started ? undefined : await iterator.next();
    if (!state.started) throw new ProtocolError('The application never called startResponse()');
    if (closed) return;
    writeHead(req, res, state, state.headers, environ);
    if (req.method === 'HEAD') {
      res.off('close', onClose);
      closeIterator(iterator);
      res.end();
      return;
    }
    next ??= await iterator.next();
    while (!next.done) {
      if (closed) return;
      const chunk = next.value;
      const length = byteLengthOf(chunk);
      if (length > 0) {
        state.bytes += length;
        if (!res.write(chunk)) await drained(res);
        if (closed) return;
      }
      next = await iterator.next();
    }
    if (!closed) res.end();
  } finally {
    res.off('close', onClose);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

const ERROR_BODY = 'Internal Server Error';

function fail(
  res: ServerResponse,
  state: ResponseState,
  error: unknown,
  context: ExchangeContext,
  environ: Environ,
): void {
  // A client that hung up makes its upload loop throw: that is the client's doing, not a bug.
  if (res.destroyed && isClientAbort(error)) return;
  try {
    context.onError(error, environ);
  } catch {
    // A broken error reporter must not take the process down either.
  }
  if (res.destroyed) return;
  if (state.sent || res.headersSent) {
    res.destroy();
    return;
  }
  state.statusCode = 500;
  state.sent = true;
  state.bytes = ERROR_BODY.length;
  res.writeHead(500, 'Internal Server Error', {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(ERROR_BODY.length),
  });
  res.end(environ.REQUEST_METHOD === 'HEAD' ? undefined : ERROR_BODY);
}
