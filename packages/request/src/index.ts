/**
 * @stack/request: HttpRequest, QueryDict, cookies, body parsing with limits, the HttpResponse
 * family and signing (Django's `django.http` and `django.core.signing`).
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {
  HttpError,
  SuspiciousOperation,
  DisallowedHost,
  DisallowedRedirect,
  SuspiciousMultipartForm,
  SuspiciousFileOperation,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
  BadRequest,
  MultiPartParserError,
  UnreadablePostError,
  BadHeaderError,
  Http404,
  PermissionDenied,
  RawPostDataException,
  errorStatus,
} from './errors.js';
export { CheckedHeader, ResponseHeaders } from './response-headers.js';
export { parseCookie } from './cookie.js';
export type { Cookie } from './cookie.js';
export { HttpResponseBase } from './response-base.js';
export type { ResponseOptions, SetCookieOptions, SetSignedCookieOptions } from './response-base.js';
export { HttpResponse } from './response.js';
export type { ResponseContent } from './response.js';
export {
  HttpResponseRedirectBase,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseNotFound,
  HttpResponseForbidden,
  HttpResponseNotAllowed,
  HttpResponseGone,
  HttpResponseServerError,
} from './response-classes.js';
export type { RedirectOptions } from './response-classes.js';
export { JsonResponse } from './json-response.js';
export type { JsonResponseOptions } from './json-response.js';
export { StreamingHttpResponse } from './streaming-response.js';
export type { StreamingContent } from './streaming-response.js';
export { FileResponse, contentDispositionHeader } from './file-response.js';
export type { FileResponseOptions } from './file-response.js';
export {
  Signer,
  TimestampSigner,
  BadSignature,
  SignatureExpired,
  dumps,
  loads,
  cookieSigner,
  b62Encode,
  b62Decode,
} from './signing.js';
export type { SignerOptions, DumpsOptions, LoadsOptions } from './signing.js';
export { saltedHmac } from '@stack/utils';
export type { GatewayEnviron, GatewayBody, GatewayStartResponse } from './internal/gateway.js';
export { getScriptName, HttpRequest } from './request.js';
export { requestSettings } from './request-settings.js';
export type { RequestOptions, RequestSettings } from './request-settings.js';
export { QueryDict } from './query-dict.js';
export type { QueryDictOptions } from './query-dict.js';
export { HttpHeaders } from './http-headers.js';
export { MediaType, parseAcceptHeader } from './media-type.js';
export { splitDomainPort, validateHost } from './host.js';
export { UploadedFile, FileDict } from './uploaded-file.js';
export type { UploadedFileInit } from './uploaded-file.js';
