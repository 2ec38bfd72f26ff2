import {
  errorStatus,
  Http404,
  HttpResponse,
  type HttpResponseBase,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseServerError,
  SuspiciousOperation,
} from '@stack/request';
import { Resolver404, type Urlconf } from '@stack/urls';
import type { Settings } from '../settings-types.js';
import { gotRequestException, sendRobust } from '../signals.js';
import { technical404Page, type TriedPattern } from './debug-404.js';
import { technical500Page } from './debug-500.js';
import { plainErrorPage, welcomePage } from './error-pages.js';
import { mailAdminsAboutError, mailAdminsAboutSuspicious } from './admin-email.js';
import { requestReport } from './request-report.js';

/** A view Django calls for an error status: `handler404(request, exception)`. */
export type ErrorHandler = (
  request: any,
  error?: unknown,
) => HttpResponseBase | Promise<HttpResponseBase>;

export interface ErrorContext {
  settings: Settings;
  urlconf: Urlconf<any> & Record<string, unknown>;
  urlconfName: string;
  version: string;
  log: (line: string, error?: unknown) => void;
}

function statusOf(error: unknown): number {
  if (error instanceof Resolver404 || error instanceof Http404) return 404;
  // One rule for every layer (`errorStatus`): an Error whose `status` is 400-599 chooses it.
  // PermissionDenied 403, SuspiciousOperation and BadRequest 400, RequestDataTooBig 413 (where
  // Django answers 400), the ORM's FieldError 400 and DoesNotExist 404 (Django: 500). Anything
  // else is a bug in the view: 500.
  return errorStatus(error) ?? 500;
}

function plain(status: number): HttpResponseBase {
  const page = plainErrorPage(status);
  switch (status) {
    case 400:
      return new HttpResponseBadRequest(page);
    case 403:
      return new HttpResponseForbidden(page);
    case 404:
      return new HttpResponseNotFound(page);
    case 500:
      return new HttpResponseServerError(page);
    default:
      return new HttpResponse(page, { status });
  }
}

function raisedBy(request: any): string | undefined {
  const func = request?.resolverMatch?.func as
    { name?: string; viewClass?: { name?: string } } | undefined;
  return func ? (func.viewClass?.name ?? func.name) || undefined : undefined;
}

function debug404(request: any, error: unknown, ctx: ErrorContext): HttpResponseBase {
  const tried =
    error instanceof Resolver404 ? (error.tried as unknown as TriedPattern[][]) : undefined;
  const path = String(request?.pathInfo ?? request?.path ?? '/').replace(/^\//, '');
  if (tried && path === '' && safeLength(ctx.urlconf) === 0) {
    return new HttpResponse(welcomePage(ctx.version));
  }
  const page = technical404Page({
    method: String(request?.method ?? ''),
    url: requestUrl(request),
    path,
    urlconf: ctx.urlconfName,
    raisedBy: tried ? undefined : raisedBy(request),
    reason: error instanceof Error ? error.message : String(error),
    tried,
  });
  return new HttpResponseNotFound(page);
}

function safeLength(urlconf: Urlconf<any>): number {
  const list = Array.isArray(urlconf)
    ? urlconf
    : (urlconf as { urlpatterns?: unknown }).urlpatterns;
  return Array.isArray(list) ? list.length : -1;
}

function requestUrl(request: any): string {
  try {
    return String(request.buildAbsoluteUri());
  } catch {
    return String(request?.path ?? '');
  }
}

async function callHandler(
  name: string,
  request: any,
  error: unknown,
  ctx: ErrorContext,
): Promise<HttpResponseBase | undefined> {
  const handler = ctx.urlconf[name] as ErrorHandler | undefined;
  if (typeof handler !== 'function') return undefined;
  try {
    return await handler(request, error);
  } catch (handlerError) {
    ctx.log(`Error in ${name} for ${String(request?.path)}`, handlerError);
    return undefined;
  }
}

/**
 * The responses made from an error, already logged (Django's `_has_been_logged`): the handler
 * does not log (or mail) them again as 5xx responses.
 */
export const loggedResponses = new WeakSet<HttpResponseBase>();

/**
 * Django's `response_for_exception`: 404, 403 and 400 for the client's errors, 500 (logged, and
 * `gotRequestException` sent) for anything else; the debug pages when `debug` is on, the
 * project's `handler4xx/500` views or plain pages when it is off.
 */
export async function responseForException(
  request: any,
  error: unknown,
  ctx: ErrorContext,
): Promise<HttpResponseBase> {
  const response = await responseFor(request, error, ctx);
  loggedResponses.add(response);
  return response;
}

async function responseFor(
  request: any,
  error: unknown,
  ctx: ErrorContext,
): Promise<HttpResponseBase> {
  const status = statusOf(error);
  const debug = ctx.settings.debug;
  if (status === 404) {
    if (debug) return debug404(request, error, ctx);
    return (await callHandler('handler404', request, error, ctx)) ?? plain(404);
  }
  if (status === 403) return (await callHandler('handler403', request, error, ctx)) ?? plain(403);
  if (status < 500) {
    const kind = error instanceof Error ? error.name : 'BadRequest';
    ctx.log(
      `Bad Request (${kind}): ${String(request?.path)}: ${(error as Error)?.message ?? error}`,
    );
    if (error instanceof SuspiciousOperation) await mailAdminsAboutSuspicious(request, error, ctx);
    if (debug) return technical500(request, error, ctx, status);
    if (status === 400) return (await callHandler('handler400', request, error, ctx)) ?? plain(400);
    return plain(status);
  }
  ctx.log(`Internal Server Error: ${String(request?.path)}`, error);
  if (gotRequestException.hasListeners())
    await sendRobust(gotRequestException, null, { request, error });
  await mailAdminsAboutError(request, error, ctx);
  if (debug) return technical500(request, error, ctx, 500);
  return (await callHandler('handler500', request, undefined, ctx)) ?? plain(500);
}

function technical500(
  request: any,
  error: unknown,
  ctx: ErrorContext,
  status: number,
): HttpResponseBase {
  const page = technical500Page({
    error,
    request: request ? requestReport(request) : null,
    settings: ctx.settings as unknown as Record<string, unknown>,
    version: ctx.version,
  });
  return new HttpResponse(page, { status });
}
