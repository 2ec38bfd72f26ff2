import { HttpResponse, HttpResponseNotModified } from '@stack/request';
import { parseEtags, parseHttpDateSafe } from '@stack/utils';
import { contentEtag, ifMatchPasses, ifNoneMatchPasses } from '../internal/etag.js';
import { andThenWith } from '../internal/maybe-promise.js';
import {
  metaString,
  type BuiltinMiddleware,
  type Request,
  type Response,
} from '../internal/http.js';

const CC_DELIM = /\s*,\s*/;
const NOT_MODIFIED_HEADERS = [
  'Cache-Control',
  'Content-Location',
  'Date',
  'ETag',
  'Expires',
  'Last-Modified',
  'Vary',
];

function needsEtag(response: Response): boolean {
  return (response.get('Cache-Control') ?? '')
    .split(CC_DELIM)
    .every((d) => d.toLowerCase() !== 'no-store');
}

function notModified(response: Response): Response {
  const fresh = new HttpResponseNotModified();
  for (const name of NOT_MODIFIED_HEADERS) {
    const value = response.get(name);
    if (value !== undefined) fresh.set(name, value);
  }
  for (const [name, cookie] of response.cookies) fresh.cookies.set(name, cookie);
  return fresh;
}

function preconditionFailed(): Response {
  return new HttpResponse('', { status: 412 });
}

/**
 * Django's `get_conditional_response` (RFC 9110 section 13.2.2, steps 1 to 4): a 304 or a 412
 * instead of `response` when the request's preconditions say so, else `response` itself.
 * Only 2xx responses are turned.
 *
 * @example
 * ```ts
 * return getConditionalResponse(request, { etag: '"v1"', lastModified: post.updatedAt / 1000, response });
 * ```
 */
export function getConditionalResponse(
  request: Request,
  options: { etag?: string | undefined; lastModified?: number | undefined; response: Response },
): Response {
  const { etag, lastModified, response } = options;
  if (response.statusCode < 200 || response.statusCode >= 300) return response;
  const ifMatch = parseEtags(metaString(request, 'HTTP_IF_MATCH') ?? '');
  const ifUnmodifiedSinceHeader = metaString(request, 'HTTP_IF_UNMODIFIED_SINCE');
  const ifUnmodifiedSince = ifUnmodifiedSinceHeader
    ? parseHttpDateSafe(ifUnmodifiedSinceHeader)
    : undefined;
  const ifNoneMatch = parseEtags(metaString(request, 'HTTP_IF_NONE_MATCH') ?? '');
  const ifModifiedSinceHeader = metaString(request, 'HTTP_IF_MODIFIED_SINCE');
  const ifModifiedSince = ifModifiedSinceHeader
    ? parseHttpDateSafe(ifModifiedSinceHeader)
    : undefined;
  const readOnly = request.method === 'GET' || request.method === 'HEAD';

  if (ifMatch.length && !ifMatchPasses(etag, ifMatch)) return preconditionFailed();
  if (
    !ifMatch.length &&
    ifUnmodifiedSince !== undefined &&
    !(lastModified !== undefined && lastModified <= ifUnmodifiedSince)
  ) {
    return preconditionFailed();
  }
  if (ifNoneMatch.length && !ifNoneMatchPasses(etag, ifNoneMatch)) {
    return readOnly ? notModified(response) : preconditionFailed();
  }
  if (
    !ifNoneMatch.length &&
    ifModifiedSince !== undefined &&
    lastModified !== undefined &&
    !(lastModified > ifModifiedSince) &&
    readOnly
  ) {
    return notModified(response);
  }
  return response;
}

function conditional(request: Request, response: Response): Response {
  // Too late for a 412 on an unsafe method, and a HEAD body is empty so its ETag would lie.
  if (request.method !== 'GET') return response;
  if (needsEtag(response) && !response.has('ETag') && response instanceof HttpResponse) {
    const content = response.content;
    if (content.length) response.set('ETag', contentEtag(content));
  }
  const etag = response.get('ETag');
  const lastModifiedHeader = response.get('Last-Modified');
  const lastModified = lastModifiedHeader ? parseHttpDateSafe(lastModifiedHeader) : undefined;
  if (etag || lastModified !== undefined) {
    return getConditionalResponse(request, { etag, lastModified, response });
  }
  return response;
}

/**
 * Django's `ConditionalGetMiddleware`: on GET, adds a strong `ETag` (the MD5 of the content)
 * to non-streaming responses that have none (unless `Cache-Control: no-store`), then answers
 * 304 Not Modified when `If-None-Match` or `If-Modified-Since` says the client's copy is
 * current, or 412 when `If-Match`/`If-Unmodified-Since` fail. Place it before (outside) any
 * middleware that changes the content, such as `GZipMiddleware`.
 *
 * @example
 * ```ts
 * const chain = compose([ConditionalGetMiddleware(), GZipMiddleware()], viewCaller);
 * ```
 */
export function ConditionalGetMiddleware(): BuiltinMiddleware {
  return (getResponse) => (request) => andThenWith(getResponse(request), conditional, request);
}
