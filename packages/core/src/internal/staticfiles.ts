import path from 'node:path';
import type { Finder, StaticFilesStorage } from '@stack/contrib-staticfiles';
import { apps } from '../apps.js';
import type { CheckFunction } from '../checks.js';
import { ImproperlyConfigured } from '../errors.js';
import { type CheckMessage, checkError } from './check-messages.js';
import type { PluginSetting, Settings } from '../settings-types.js';
import { importNamed, usesPackage } from './contrib-settings.js';
import { getSettings } from '../settings.js';
import { packageFolder } from './migration-apps.js';
import { onSettingChanged } from './setting-changed.js';

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
 * `staticUrl` or `mediaUrl` as the prefix of the URLs a page links to (Django 3.1+'s
 * `settings.STATIC_URL`/`MEDIA_URL`): a relative `static/` goes under the script prefix,
 * `forceScriptName` (with a final `/`) or `/`; a URL or an absolute path is kept.
 */
export function linkPrefix(url: string | null, settings: Settings): string | null {
  const prefix = staticPrefix(url);
  if (prefix === url || prefix === null) return prefix;
  const script = settings.forceScriptName;
  if (!script) return prefix;
  return `${script.endsWith('/') ? script : `${script}/`}${url}`;
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
  return (await storageMaker(settings))();
}

async function storageMaker(settings: Settings): Promise<() => StaticFilesStorage> {
  const entry = settings.staticfilesStorage;
  const found = await load(entry, 'staticfilesStorage', settings);
  return () =>
    check<StaticFilesStorage>(build(found, storageOptions(settings)), entry, 'staticfilesStorage', [
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
  return check<T>(build(await load(entry, setting, settings), settings), entry, setting, methods);
}

/** A storage class gets the settings and the options they imply (Django's defaults). */
function storageOptions(settings: Settings): Record<string, unknown> {
  return {
    ...settings,
    location: settings.staticRoot ? path.resolve(settings.baseDir, settings.staticRoot) : null,
    baseUrl: linkPrefix(settings.staticUrl, settings),
    // Read at each url(), as Django reads settings.DEBUG: overrideSettings({ debug }) applies.
    debug: () => getSettings().debug,
  };
}

async function load(entry: PluginSetting, setting: string, settings: Settings): Promise<unknown> {
  return typeof entry === 'string' ? importNamed(entry, setting, settings.baseDir) : entry;
}

/** A class is built with `options`; anything else is used as it is. */
function build(found: unknown, options: object): unknown {
  if (typeof found !== 'function' || found.prototype === undefined) return found;
  return new (found as new (o: unknown) => object)(options);
}

function check<T>(found: unknown, entry: PluginSetting, setting: string, methods: string[]): T {
  for (const method of methods) {
    if (!found || typeof (found as Record<string, unknown>)[method] !== 'function') {
      throw new ImproperlyConfigured(
        `${setting}: ${typeof entry === 'string' ? JSON.stringify(entry) : 'an entry'} has no ${method}() method.`,
      );
    }
  }
  return found as T;
}

const STORAGE_SETTINGS = new Set([
  'installedApps',
  'middleware',
  'staticfilesStorage',
  'staticRoot',
  'staticUrl',
  'forceScriptName',
  'baseDir',
]);
onSettingChanged(async (keys) => {
  if (keys.some((k) => STORAGE_SETTINGS.has(k))) await configureStaticfiles(getSettings());
});

/**
 * Hands `{% static %}` and `static()` the configured storage when the project installs
 * contrib-staticfiles (Django's `staticfiles_storage`), so pages name hashed files in production.
 * It is built on first use, as Django's is lazy: `migrate` does not need `staticUrl`.
 */
export async function configureStaticfiles(settings: Settings): Promise<void> {
  const sf = await import('@stack/contrib-staticfiles');
  sf.setStaticfilesStorage(staticfilesInstalled(settings) ? await storageMaker(settings) : null);
}

/**
 * Django's staticfiles checks (`staticfiles.E001`–`E003`) and its settings rules, for projects
 * that install contrib-staticfiles.
 */
export const staticfilesChecks: CheckFunction = (settings) => {
  if (!staticfilesInstalled(settings)) return [];
  const found: CheckMessage[] = [];
  const error = (msg: string, id: string, obj: string) => found.push(checkError(msg, { id, obj }));
  const dirs: unknown = settings.staticfilesDirs;
  if (!Array.isArray(dirs)) {
    error('The staticfilesDirs setting is not an array.', 'staticfiles.E001', 'staticfilesDirs');
    return found;
  }
  const root = settings.staticRoot ? path.resolve(settings.baseDir, settings.staticRoot) : null;
  for (const dir of dirs as Settings['staticfilesDirs']) {
    const [prefix, folder] = typeof dir === 'string' ? ['', dir] : dir;
    if (root && path.resolve(settings.baseDir, folder) === root) {
      error(
        'The staticfilesDirs setting should not contain the staticRoot setting.',
        'staticfiles.E002',
        'staticfilesDirs',
      );
    }
    if (prefix.endsWith('/')) {
      error(
        `The prefix ${JSON.stringify(prefix)} in the staticfilesDirs setting must not end with a slash.`,
        'staticfiles.E003',
        'staticfilesDirs',
      );
    }
  }
  if (!settings.staticUrl)
    error(
      "You're using the staticfiles app without having set the required staticUrl setting.",
      'staticfiles.E004',
      'staticUrl',
    );
  else if (settings.mediaUrl && settings.mediaUrl === settings.staticUrl)
    error(
      'The mediaUrl and staticUrl settings must have different values.',
      'staticfiles.E005',
      'mediaUrl',
    );
  if (root && settings.mediaRoot && path.resolve(settings.baseDir, settings.mediaRoot) === root)
    error(
      'The mediaRoot and staticRoot settings must have different values.',
      'staticfiles.E006',
      'mediaRoot',
    );
  return found;
};
