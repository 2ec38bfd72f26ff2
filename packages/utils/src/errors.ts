/**
 * The errors that map to an HTTP status, shared by every layer. `@stack/request` re-exports
 * them (with the HTTP layer's own kinds: `Http404`, `DisallowedHost`…); they live here, at the
 * bottom, so layers below the HTTP ones (`@stack/files`'s storages) can raise them too and the
 * handler still answers with their status.
 */

/**
 * The base of every error that maps to an HTTP status.
 *
 * @example
 * ```ts
 * try { request.getHost(); } catch (err) {
 *   if (err instanceof HttpError) return new HttpResponse('', { status: err.status });
 *   throw err;
 * }
 * ```
 */
export class HttpError extends Error {
  /** The HTTP status this error becomes. */
  readonly status: number;

  constructor(message: string, status: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
  }
}

/**
 * The user did something suspicious (Django's `SuspiciousOperation`): a 400, logged on the
 * `django.security.<Name>` logger in Django.
 *
 * @example
 * ```ts
 * throw new SuspiciousOperation('Invalid signature on a form token');
 * ```
 */
export class SuspiciousOperation extends HttpError {
  constructor(message: string, status = 400, options?: ErrorOptions) {
    super(message, status, options);
  }
}

/**
 * A file name or path that would escape where it belongs (traversal, absolute paths).
 *
 * @example
 * ```ts
 * throw new SuspiciousFileOperation(`Detected path traversal attempt in '${name}'`);
 * ```
 */
export class SuspiciousFileOperation extends SuspiciousOperation {}
