/** The responses for the common status codes and the redirects. */
import { DisallowedRedirect } from './errors.js';
import { HttpResponse, type ResponseContent } from './response.js';
import type { ResponseOptions } from './response-base.js';
import { iriToUri } from '@stack/utils';
import { urlScheme } from './internal/quote.js';

/** Django's `MAX_URL_LENGTH` for redirects. */
const MAX_URL_LENGTH = 2048;

/** Options of the redirect responses. */
export interface RedirectOptions extends Omit<ResponseOptions, 'status'> {
  /** Answer 307/308 instead of 302/301, so the client repeats the method and body. */
  preserveRequest?: boolean;
}

/**
 * The base of redirects: sets `Location` (IRI-encoded) and refuses any scheme outside
 * `allowedSchemes` (`data:`, `javascript:`, `file:`, `mailto:`, ...) and URLs over 2048
 * characters, with `DisallowedRedirect`.
 *
 * @example
 * ```ts
 * class AppRedirect extends HttpResponseRedirectBase { static override allowedSchemes = ['https', 'myapp']; }
 * ```
 */
export abstract class HttpResponseRedirectBase extends HttpResponse {
  static allowedSchemes: readonly string[] = ['http', 'https', 'ftp'];

  constructor(redirectTo: string, status: number, options: RedirectOptions = {}) {
    const { preserveRequest: _ignored, ...rest } = options;
    super('', { ...rest, status });
    const target = String(redirectTo);
    if (target.length > MAX_URL_LENGTH) {
      throw new DisallowedRedirect(`Unsafe redirect exceeding ${MAX_URL_LENGTH} characters`);
    }
    const scheme = urlScheme(target);
    const allowed = (this.constructor as typeof HttpResponseRedirectBase).allowedSchemes;
    if (scheme && !allowed.includes(scheme)) {
      throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${scheme}'`);
    }
    this.set('Location', iriToUri(target));
  }

  /** The `Location` header. */
  get url(): string {
    return this.get('Location')!;
  }
}

/**
 * A 302 (307 with `preserveRequest`) redirect.
 *
 * @example
 * ```ts
 * return new HttpResponseRedirect('/accounts/login/?next=/');
 * ```
 */
export class HttpResponseRedirect extends HttpResponseRedirectBase {
  constructor(redirectTo: string, options: RedirectOptions = {}) {
    super(redirectTo, options.preserveRequest ? 307 : 302, options);
  }
}

/**
 * A 301 (308 with `preserveRequest`) redirect.
 *
 * @example
 * ```ts
 * return new HttpResponsePermanentRedirect('https://example.com/new/');
 * ```
 */
export class HttpResponsePermanentRedirect extends HttpResponseRedirectBase {
  constructor(redirectTo: string, options: RedirectOptions = {}) {
    super(redirectTo, options.preserveRequest ? 308 : 301, options);
  }
}

/**
 * A 304 with no content and no `Content-Type`.
 *
 * @example
 * ```ts
 * if (request.headers.get('If-None-Match') === etag) return new HttpResponseNotModified();
 * ```
 */
export class HttpResponseNotModified extends HttpResponse {
  constructor(options: Omit<ResponseOptions, 'status'> = {}) {
    super('', { ...options, status: 304 });
    this.delete('Content-Type');
  }

  override get content(): Buffer {
    return Buffer.alloc(0);
  }

  override set content(value: ResponseContent) {
    if (typeof value === 'string' ? value : (value as Uint8Array).length) {
      throw new TypeError('You cannot set content to a 304 (Not Modified) response');
    }
  }

  override write(chunk: string | Uint8Array): void {
    if (chunk.length)
      throw new TypeError('You cannot set content to a 304 (Not Modified) response');
  }
}

/**
 * A 400.
 *
 * @example
 * ```ts
 * return new HttpResponseBadRequest('Missing "q"');
 * ```
 */
export class HttpResponseBadRequest extends HttpResponse {
  constructor(content: ResponseContent = '', options: Omit<ResponseOptions, 'status'> = {}) {
    super(content, { ...options, status: 400 });
  }
}

/**
 * A 404.
 *
 * @example
 * ```ts
 * return new HttpResponseNotFound('<h1>Page not found</h1>');
 * ```
 */
export class HttpResponseNotFound extends HttpResponse {
  constructor(content: ResponseContent = '', options: Omit<ResponseOptions, 'status'> = {}) {
    super(content, { ...options, status: 404 });
  }
}

/**
 * A 403.
 *
 * @example
 * ```ts
 * return new HttpResponseForbidden();
 * ```
 */
export class HttpResponseForbidden extends HttpResponse {
  constructor(content: ResponseContent = '', options: Omit<ResponseOptions, 'status'> = {}) {
    super(content, { ...options, status: 403 });
  }
}

/**
 * A 410.
 *
 * @example
 * ```ts
 * return new HttpResponseGone();
 * ```
 */
export class HttpResponseGone extends HttpResponse {
  constructor(content: ResponseContent = '', options: Omit<ResponseOptions, 'status'> = {}) {
    super(content, { ...options, status: 410 });
  }
}

/**
 * A 500.
 *
 * @example
 * ```ts
 * return new HttpResponseServerError('<h1>Server Error (500)</h1>');
 * ```
 */
export class HttpResponseServerError extends HttpResponse {
  constructor(content: ResponseContent = '', options: Omit<ResponseOptions, 'status'> = {}) {
    super(content, { ...options, status: 500 });
  }
}

/**
 * A 405 listing the permitted methods in `Allow`.
 *
 * @example
 * ```ts
 * return new HttpResponseNotAllowed(['GET', 'POST']); // Allow: GET, POST
 * ```
 */
export class HttpResponseNotAllowed extends HttpResponse {
  constructor(
    permittedMethods: Iterable<string>,
    content: ResponseContent = '',
    options: Omit<ResponseOptions, 'status'> = {},
  ) {
    super(content, { ...options, status: 405 });
    this.set('Allow', [...permittedMethods].join(', '));
  }
}
