/**
 * The errors of the HTTP layer. Each carries the HTTP status the handler answers with, so a
 * handler needs one rule (`err instanceof HttpError ? err.status : 500`) for all of them.
 * `Http404` and `PermissionDenied` live here, in the lowest HTTP layer, so every layer above
 * can raise them without importing one another.
 */

import { HttpError, SuspiciousOperation, SuspiciousFileOperation } from '@stack/utils';

/**
 * The one rule for which errors choose the HTTP status of the response when they escape a view:
 * an `Error` whose `status` is an integer from 400 to 599. Every layer's errors follow it:
 * `HttpError` and its kinds here, `Resolver404` (404), the ORM's `FieldError` and
 * `ValidationError` (400), `DoesNotExist` (404) and `IntegrityError` (409), the sessions'
 * `SessionInterrupted` (400). Anything else (a `TypeError`, a string thrown) is `undefined`: a
 * bug, which the handler answers with 500.
 *
 * @example
 * ```ts
 * errorStatus(new Http404()); // 404
 * errorStatus(new TypeError('x')); // undefined
 * ```
 */
export function errorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : undefined;
}

// The base classes live in @stack/utils, so layers below this one (@stack/files) can raise
// them; they are re-exported here, where every HTTP layer looks for them.
export { HttpError, SuspiciousOperation, SuspiciousFileOperation };

/**
 * The `Host` header is malformed or not in `allowedHosts`.
 *
 * @example
 * ```ts
 * expect(() => request.getHost()).toThrow(DisallowedHost);
 * ```
 */
export class DisallowedHost extends SuspiciousOperation {}

/**
 * A redirect to an unsafe URL scheme (`data:`, `file:`, ...) or an over-long URL.
 *
 * @example
 * ```ts
 * expect(() => new HttpResponseRedirect('data:text/html,x')).toThrow(DisallowedRedirect);
 * ```
 */
export class DisallowedRedirect extends SuspiciousOperation {}

/**
 * A multipart body that is structurally hostile (e.g. an over-long boundary).
 *
 * @example
 * ```ts
 * await expect(request.load()).rejects.toThrow(SuspiciousMultipartForm);
 * ```
 */
export class SuspiciousMultipartForm extends SuspiciousOperation {}

/**
 * The request body (file contents excluded) is larger than `dataUploadMaxMemorySize`: a 413.
 *
 * @example
 * ```ts
 * await expect(request.load()).rejects.toMatchObject({ status: 413 });
 * ```
 */
export class RequestDataTooBig extends SuspiciousOperation {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 413, options);
  }
}

/**
 * More fields (query string and body together) than `dataUploadMaxNumberFields`.
 *
 * @example
 * ```ts
 * await expect(request.load()).rejects.toThrow(TooManyFieldsSent);
 * ```
 */
export class TooManyFieldsSent extends SuspiciousOperation {}

/**
 * More uploaded files than `dataUploadMaxNumberFiles`.
 *
 * @example
 * ```ts
 * await expect(request.load()).rejects.toThrow(TooManyFilesSent);
 * ```
 */
export class TooManyFilesSent extends SuspiciousOperation {}

/**
 * A malformed request (Django's `BadRequest`): a 400.
 *
 * @example
 * ```ts
 * throw new BadRequest('The "page" parameter must be a number');
 * ```
 */
export class BadRequest extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 400, options);
  }
}

/**
 * A multipart body that cannot be parsed (truncated, no boundary, bad encoding): a 400.
 *
 * @example
 * ```ts
 * await expect(request.load()).rejects.toThrow(MultiPartParserError);
 * ```
 */
export class MultiPartParserError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 400, options);
  }
}

/**
 * The request body could not be read to its end, nearly always because the client went away
 * in the middle of sending it (Django's `UnreadablePostError`). The client's doing, not a bug:
 * a 400 (the client is gone and never sees it), logged as one line without a stack trace.
 *
 * @example
 * ```ts
 * await expect(request.load()).rejects.toThrow(UnreadablePostError);
 * ```
 */
export class UnreadablePostError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 400, options);
  }
}

/**
 * A response header name or value contains CR, LF or NUL (header injection). It is the
 * application's bug, not the client's, so it maps to 500.
 *
 * @example
 * ```ts
 * expect(() => response.set('X-A', 'a\r\nSet-Cookie: x=y')).toThrow(BadHeaderError);
 * ```
 */
export class BadHeaderError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 500, options);
  }
}

/**
 * Nothing here (Django's `Http404`): the handler answers 404.
 *
 * @example
 * ```ts
 * if (!post) throw new Http404('No post matches the given query.');
 * ```
 */
export class Http404 extends HttpError {
  constructor(message = 'Not Found', options?: ErrorOptions) {
    super(message, 404, options);
  }
}

/**
 * The user may not do this (Django's `PermissionDenied`): the handler answers 403.
 *
 * @example
 * ```ts
 * if (!request.user?.isStaff) throw new PermissionDenied();
 * ```
 */
export class PermissionDenied extends HttpError {
  constructor(message = 'Permission denied', options?: ErrorOptions) {
    super(message, 403, options);
  }
}

/**
 * The body was read in a way that makes the requested view of it impossible: `body` after a
 * multipart `load()` or `stream()`, or `POST`/`FILES`/`body` of a form before `load()`. A bug
 * in the caller, so it maps to 500.
 *
 * @example
 * ```ts
 * await request.load(); // before reading request.POST in a view
 * ```
 */
export class RawPostDataException extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 500, options);
  }
}
