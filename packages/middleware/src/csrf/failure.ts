import { HttpResponseForbidden } from '@stack/request';
import { escape } from '@stack/utils';
import type { Request, Response } from '../internal/http.js';
import type { MaybePromise } from '../types.js';
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from './reasons.js';

/** A view that answers a rejected request (Django's `CSRF_FAILURE_VIEW`). */
export type CsrfFailureView = (request: Request, reason: string) => MaybePromise<Response>;

/**
 * Django's default `csrf_failure` view: a 403 page saying "CSRF verification failed. Request
 * aborted.", with the help Django gives for a missing `Referer` or cookie, and the reason
 * itself when `debug` is on.
 *
 * @example
 * ```ts
 * CsrfViewMiddleware({ csrfFailureView: csrfFailure({ debug: true }) });
 * ```
 */
export function csrfFailure(options: { debug?: boolean } = {}): CsrfFailureView {
  const debug = options.debug ?? false;
  return (_request, reason) => {
    const help: string[] = [];
    if (reason === REASON_NO_REFERER) {
      help.push(
        '<p>You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>',
      );
    }
    if (reason === REASON_NO_CSRF_COOKIE) {
      help.push(
        '<p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>',
      );
    }
    if (debug)
      help.push(`<h2>Help</h2><p>Reason given for failure:</p><pre>${escape(reason)}</pre>`);
    const body =
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE">' +
      '<title>403 Forbidden</title></head><body><h1>Forbidden <span>(403)</span></h1>' +
      `<p>CSRF verification failed. Request aborted.</p>${help.join('')}</body></html>`;
    return new HttpResponseForbidden(body);
  };
}
