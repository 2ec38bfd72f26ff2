import path from 'node:path';
import type { Finder, StaticFilesStorage } from '@stack/contrib-staticfiles';
import { apps } from '../apps.js';
import { ImproperlyConfigured } from '../errors.js';
import type { PluginSetting, Settings } from '../settings-types.js';
import { importNamed, usesPackage } from './contrib-settings.js';
import { packageFolder } from './migration-apps.js';

const PACKAGE = '@stack/contrib-staticfiles';

/** Whether the project installs `@stack/contrib-staticfiles` (Django's `django.contrib.staticfiles`). */
export function staticfilesInstalled(settings: Settings): boolean {
  return usesPackage(settings, PACKAGE);
}

/** `staticUrl` as a URL prefix: a relative `static/` is served from the site's root. */
export function staticPrefix(staticUrl: string | null): string | null {
  if (!staticUrl) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(staticUrl) || staticUrl.startsWith('/')) return staticUrl;
  return `/${staticUrl}`;
}

/**
 * The finders the `staticfilesFinders` setting names: the package's two built from the settings
 * and the installed apps, a custom class built with the settings, or an object used as is.
 */
export async function staticfilesFinders(settings: Settings): Promise<Finder[]> {
  const sf = await import('@stack/contrib-staticfiles');
  return Promise.all(
    settings.staticfilesFinders.map(async (entry): Promise<Finder> => {
      if (entry === `${PACKAGE}:FileSystemFinder` || entry === sf.FileSystemFinder) {
        const dirs = settings.staticfilesDirs.map((d) =>
          typeof d === 'string'
            ? path.resolve(settings.baseDir, d)
            : ([d[0], path.resolve(settings.baseDir, d[1])] as [string, string]),
        );
        return new sf.FileSystemFinder(dirs, { staticRoot: settings.staticRoot });
      }
      if (entry === `${PACKAGE}:AppDirectoriesFinder` || entry === sf.AppDirectoriesFinder) {
        return new sf.AppDirectoriesFinder(
          apps.getAppConfigs().map((a) => ({
            name: a.name,
            path: a.path || packageFolder(a.name, settings.baseDir) || '',
          })),
        );
      }
      return plugin<Finder>(entry, 'staticfilesFinders', settings, ['find', 'list']);
    }),
  );
}

/** The storage the `staticfilesStorage` setting names, on `staticRoot` at `staticUrl`. */
export async function staticfilesStorage(settings: Settings): Promise<StaticFilesStorage> {
  return plugin<StaticFilesStorage>(settings.staticfilesStorage, 'staticfilesStorage', settings, [
    'url',
    'postProcess',
  ]);
}

async function plugin<T>(
  entry: PluginSetting,
  setting: string,
  settings: Settings,
  methods: string[],
): Promise<T> {
  let found: unknown = entry;
  if (typeof entry === 'string') found = await importNamed(entry, setting, settings.baseDir);
  if (typeof found === 'function' && found.prototype !== undefined) {
    found = new (found as new (o: unknown) => object)({
      ...settings,
      location: settings.staticRoot ? path.resolve(settings.baseDir, settings.staticRoot) : null,
      baseUrl: staticPrefix(settings.staticUrl),
      debug: settings.debug,
    });
  }
  for (const method of methods) {
    if (!found || typeof (found as Record<string, unknown>)[method] !== 'function') {
      throw new ImproperlyConfigured(
        `${setting}: ${typeof entry === 'string' ? JSON.stringify(entry) : 'an entry'} has no ${method}() method.`,
      );
    }
  }
  return found as T;
}

/**
 * Hands `{% static %}` and `static()` the configured storage when the project installs
 * contrib-staticfiles (Django's `staticfiles_storage`), so pages name hashed files in production.
 */
export async function configureStaticfiles(settings: Settings): Promise<void> {
  const sf = await import('@stack/contrib-staticfiles');
  sf.setStaticfilesStorage(
    staticfilesInstalled(settings) ? await staticfilesStorage(settings) : null,
  );
}
