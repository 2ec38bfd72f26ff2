import { filepathToUri } from '@stack/utils';
import type { StaticFilesStorage } from './storage.js';

let configured: StaticFilesStorage | null = null;

/**
 * Sets the storage `static()` and `{% static %}` go through (Django's `staticfiles_storage`);
 * `@stack/core` calls it at setup when `@stack/contrib-staticfiles` is installed.
 *
 * @example
 * ```ts
 * setStaticfilesStorage(new ManifestStaticFilesStorage({ location: root, baseUrl: '/static/' }));
 * ```
 */
export function setStaticfilesStorage(storage: StaticFilesStorage | null): void {
  configured = storage;
}

/** The configured static storage, or `null` before setup. */
export function getStaticfilesStorage(): StaticFilesStorage | null {
  return configured;
}

/**
 * The URL of a static file (Django's `django.templatetags.static.static`): through the configured
 * storage, so the manifest storage gives the hashed name; without one, `staticUrl` + the path.
 *
 * @example
 * ```ts
 * static('css/site.css'); // '/static/css/site.5e0040571e1a.css' with the manifest storage
 * ```
 */
export function static_(name: string, staticUrl = '/static/'): string {
  if (configured) return configured.url(name);
  return staticUrl + filepathToUri(name).replace(/^\/+/, '');
}
