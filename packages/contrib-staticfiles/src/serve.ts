import { type Stats, statSync } from 'node:fs';
import path from 'node:path';
import {
  FileResponse,
  Http404,
  type HttpRequest,
  HttpResponse,
  HttpResponseNotModified,
} from '@stack/request';
import { httpDate, optionalRequire, parseHttpDateSafe } from '@stack/utils';
import type Mime from 'mime-types';
import { find, type Finder } from './finders.js';
import { normaliseName, safeJoin, staysInside } from './internal/safe-path.js';

const load = optionalRequire(import.meta.url);
// mime-types (CommonJS only) and mime-db's 160 kB table, read when a file is first served.
let mime: typeof Mime | undefined;

const ENCODINGS: Record<string, string> = {
  '.gz': 'gzip',
  '.br': 'br',
  '.bz2': 'bzip2',
  '.xz': 'xz',
  '.Z': 'compress',
};

/**
 * The content type and encoding of a file name, as Python's `mimetypes.guess_type` gives them:
 * `site.css.gz` is CSS in gzip. Types come from mime-db (the `mime-types` package).
 *
 * @example
 * ```ts
 * guessType('site.css.gz'); // { contentType: 'text/css', encoding: 'gzip' }
 * ```
 */
export function guessType(name: string): { contentType: string; encoding: string | undefined } {
  const ext = path.extname(name);
  const encoding = ENCODINGS[ext];
  const inner = encoding ? name.slice(0, -ext.length) : name;
  mime ??= load<typeof Mime>('mime-types', 'guessing a static file type');
  return { contentType: mime.lookup(inner) || 'application/octet-stream', encoding };
}

/** Whether the file changed since the `If-Modified-Since` the client sent (Django's rule). */
export function wasModifiedSince(header: string | undefined, mtime: Date): boolean {
  if (!header) return true;
  const since = parseHttpDateSafe(header.split(';')[0]!.trim());
  if (since === undefined) return true;
  return Math.floor(mtime.getTime() / 1000) > since;
}

/**
 * Serves one file from `documentRoot` (Django's `django.views.static.serve`), for development:
 * `Last-Modified`, a 304 for an unchanged `If-Modified-Since`, the content type from the name.
 * A name that leaves the root (`..`, an absolute path, a NUL, a backslash, a symbolic link
 * pointing out) is a 404, never a file outside it.
 *
 * @example
 * ```ts
 * path('media/<path:path>', (request, kw) => serveFile(request, kw.path, settings.mediaRoot));
 * ```
 */
export async function serveFile(
  request: HttpRequest,
  name: string,
  documentRoot: string,
): Promise<HttpResponse | FileResponse> {
  const normal = normaliseName(name);
  const full = normal === null ? null : safeJoin(documentRoot, normal);
  if (full === null || normal === null) throw new Http404(`“${name}” does not exist`);
  const stat = statOrNull(full);
  if (stat?.isDirectory()) throw new Http404('Directory indexes are not allowed here.');
  if (!stat || !staysInside(documentRoot, full)) throw new Http404(`“${normal}” does not exist`);
  if (!wasModifiedSince(header(request, 'HTTP_IF_MODIFIED_SINCE'), stat.mtime))
    return new HttpResponseNotModified();
  const { contentType, encoding } = guessType(full);
  const response = new FileResponse(full, { contentType, size: stat.size });
  response.set('Last-Modified', httpDate(stat.mtime.getTime() / 1000));
  if (encoding) response.set('Content-Encoding', encoding);
  return response;
}

/** What the development static view needs. */
export interface StaticServeOptions {
  finders: readonly Finder[];
  /** Serving happens only with `debug` or `insecure`, as in Django. */
  debug: boolean;
  insecure?: boolean;
}

/**
 * Serves a static file found by the finders (Django's `django.contrib.staticfiles.views.serve`):
 * what `stack runserver` answers under `staticUrl` while `debug` is on.
 *
 * @example
 * ```ts
 * await serve(request, 'css/site.css', { finders, debug: true });
 * ```
 */
export async function serve(
  request: HttpRequest,
  name: string,
  options: StaticServeOptions,
): Promise<HttpResponse | FileResponse> {
  if (!options.debug && !options.insecure) throw new Http404();
  const normal = normaliseName(name);
  const absolute = normal === null || normal === '' ? null : find(options.finders, normal);
  if (!absolute) {
    if (name.endsWith('/') || name === '')
      throw new Http404('Directory indexes are not allowed here.');
    throw new Http404(`'${name}' could not be found`);
  }
  return serveFile(request, path.basename(absolute), path.dirname(absolute));
}

/** One request header from the environ, if it is a string. */
export function header(request: HttpRequest, key: string): string | undefined {
  const value = (request.META as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

function statOrNull(full: string): Stats | null {
  try {
    return statSync(full);
  } catch {
    return null;
  }
}

/** A 404 as plain text, for handlers that answer before the project's error pages. */
export function notFound(message: string): HttpResponse {
  return new HttpResponse(message, { status: 404, contentType: 'text/plain; charset=utf-8' });
}
