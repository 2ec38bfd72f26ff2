import { filepathToUri } from '@stack/utils';
import type { StaticFilesStorage } from './storage.js';

let configured: StaticFilesStorage | null = null;
let make: (() => StaticFilesStorage) | null = null;

/**
 * Sets the storage `static()` and `{% static %}` go through (Django's `staticfiles_storage`);
 * `@stack/core` calls it at setup when `@stack/contrib-staticfiles` is installed. A function is
 * called on first use, as Django's storage is lazy: a command that never names a static file
 * does not need `staticUrl`.
 *
 * @example
 * ```ts
 * setStaticfilesStorage(new ManifestStaticFilesStorage({ location: root, baseUrl: '/static/' }));
 * ```
 */
export function setStaticfilesStorage(
  storage: StaticFilesStorage | (() => StaticFilesStorage) | null,
): void {
  configured = typeof storage === 'function' ? null : storage;
  make = typeof storage === 'function' ? storage : null;
}

/** The configured static storage, or `null` before setup. */
export function getStaticfilesStorage(): StaticFilesStorage | null {
  if (make) {
    configured = make();
    make = null;
  }
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
  const storage = getStaticfilesStorage();
  if (storage) return storage.url(name);
  return staticUrl + filepathToUri(name).replace(/^\/+/, '');
}
