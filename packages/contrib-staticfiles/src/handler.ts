import { HttpError, HttpRequest } from '@stack/request';
import type { Application } from '@stack/wsgi';
import type { Finder } from './finders.js';
import { notFound, serve } from './serve.js';

/** What the development handler serves. */
export interface StaticFilesHandlerOptions {
  /** The `staticUrl` setting; a URL on another host (`https://cdn…/`) is not served here. */
  staticUrl: string;
  finders: readonly Finder[];
  /** Serve even without `debug` (`runserver --insecure`). */
  insecure?: boolean;
  debug?: boolean;
}

/**
 * Wraps a gateway application so requests under `staticUrl` are answered from the finders
 * before they reach the project (Django's `StaticFilesHandler`, what `runserver` installs);
 * everything else goes on to `application`.
 *
 * @example
 * ```ts
 * serve(staticFilesHandler(handler.application, { staticUrl: '/static/', finders, debug: true }));
 * ```
 */
export function staticFilesHandler(
  application: Application,
  options: StaticFilesHandlerOptions,
): Application {
  const prefix = servedPrefix(options.staticUrl);
  if (prefix === null) return application;
  return (environ, startResponse) => {
    const pathInfo = environ.PATH_INFO;
    if (!pathInfo.startsWith(prefix)) return application(environ, startResponse);
    const request = new HttpRequest(environ);
    const name = pathInfo.slice(prefix.length);
    return serve(request, name, {
      finders: options.finders,
      debug: options.debug ?? true,
      insecure: options.insecure ?? false,
    })
      .catch((error: unknown) => {
        if (error instanceof HttpError) return notFoundOr(error);
        throw error;
      })
      .then((response) => response.toWsgi(startResponse as never) as never);
  };
}

function notFoundOr(error: HttpError) {
  return notFound(
    error.status === 404 ? `Not Found: ${error.message || 'the file'}` : error.message,
  );
}

/** The path part of `staticUrl` when it is served by this host, else `null`. */
function servedPrefix(staticUrl: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(staticUrl) || staticUrl.startsWith('//')) return null;
  return staticUrl.startsWith('/') ? staticUrl : `/${staticUrl}`;
}
