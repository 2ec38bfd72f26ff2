import path from 'node:path';
import { serveFile } from '@stack/contrib-staticfiles';
import { rePath, type UrlEntry } from '@stack/urls';
import { ImproperlyConfigured } from './errors.js';
import { getSettings } from './settings.js';

type View = (request: any, ...rest: any[]) => unknown;

/** What `staticPatterns` serves. */
export interface StaticPatternsOptions {
  /** The folder the files come from (for media, the `mediaRoot` setting). */
  documentRoot: string;
  /** A view `(request, { path, documentRoot })` to use instead of `serveFile`. */
  view?: View;
}

/**
 * URL patterns serving `documentRoot` under `prefix` while `debug` is on, and none otherwise
 * (Django's `django.conf.urls.static.static`): the way to see uploaded media in development.
 * A path leaving the folder (`..`, absolute, a symbolic link out) is a 404. In production the
 * web server (nginx, see `stack nginxconfig`) serves `mediaRoot` instead.
 *
 * @example
 * ```ts
 * export const urlpatterns = [
 *   path('', include(pollsUrls)),
 *   ...staticPatterns(settings.mediaUrl, { documentRoot: settings.mediaRoot }),
 * ];
 * ```
 */
export function staticPatterns(prefix: string, options: StaticPatternsOptions): UrlEntry<View>[] {
  if (!prefix) throw new ImproperlyConfigured('Empty static prefix not permitted');
  if (!getSettings().debug || /^[a-z][a-z0-9+.-]*:\/\//i.test(prefix) || prefix.startsWith('//'))
    return [];
  const escaped = prefix.replace(/^\/+/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const view: View =
    options.view ??
    ((request, kwargs: { path: string; documentRoot: string }) =>
      serveFile(request, kwargs.path, kwargs.documentRoot));
  const documentRoot = path.resolve(getSettings().baseDir, options.documentRoot);
  return [rePath(`^${escaped}(?P<path>.*)$`, view, { kwargs: { documentRoot } })];
}
