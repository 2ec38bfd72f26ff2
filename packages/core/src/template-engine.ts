import path from 'node:path';
import { cacheLibrary } from '@stack/cache';
import { getToken } from '@stack/middleware';
import { type ContextProcessor, Engine, type EngineOptions } from '@stack/templates';
import { reverse } from '@stack/urls';
import { apps } from './apps.js';
import { ImproperlyConfigured } from './errors.js';
import { contribContextProcessors } from './internal/contrib-settings.js';
import { packageFolder } from './internal/migration-apps.js';
import { getSettings } from './settings.js';
import type { Settings } from './settings-types.js';

const engines = new WeakMap<Settings, Engine>();

function staticPrefix(staticUrl: string | null): string {
  if (!staticUrl) return '/static/';
  if (/^[a-z]+:\/\//i.test(staticUrl) || staticUrl.startsWith('/')) return staticUrl;
  return `/${staticUrl}`;
}

/**
 * Django's built-in `csrf` context processor: `{% csrf_token %}` works in every template
 * rendered with a request. The token is made only when a template reads it (a thenable), so
 * pages without a form do not set the CSRF cookie.
 */
export const csrfContextProcessor: ContextProcessor = (request) => {
  if (!request || typeof request !== 'object' || !('META' in request)) return {};
  let token: string | undefined;
  const read = () => (token ??= getToken(request));
  return {
    csrf_token: {
      then: (resolve: (v: string) => void, reject: (e: unknown) => void) => {
        try {
          resolve(read());
        } catch (error) {
          reject(error);
        }
      },
      toString: read,
    },
  };
};

/** The engine options the `templates` setting describes, with URL reversing injected. */
export function engineOptions(settings: Settings): EngineOptions {
  const config = settings.templates.find((t) => !t.backend || t.backend === '@stack/templates');
  if (!config) {
    throw new ImproperlyConfigured(
      "No template engine is configured: add { backend: '@stack/templates', appDirs: true } to templates.",
    );
  }
  const options = (config.options ?? {}) as Partial<EngineOptions> & Record<string, unknown>;
  // A package app (`@stack/contrib-auth`) keeps its templates/ in its package folder.
  const appDirs =
    config.appDirs && apps.ready
      ? apps
          .getAppConfigs()
          .map((a) => a.path || packageFolder(a.name, settings.baseDir))
          .filter((dir): dir is string => Boolean(dir))
      : [];
  return {
    ...options,
    // Django's built-in tag libraries that live in other layers: `{% load cache %}`.
    libraries: { cache: cacheLibrary, ...(options.libraries as EngineOptions['libraries']) },
    dirs: (config.dirs ?? []).map((d) => path.resolve(settings.baseDir, d)),
    appDirs,
    debug: (options.debug as boolean | undefined) ?? settings.debug,
    contextProcessors: [
      csrfContextProcessor,
      ...(contribContextProcessors() as ContextProcessor[]),
      ...((options.contextProcessors as ContextProcessor[] | undefined) ?? []),
    ],
    staticUrl: staticPrefix(settings.staticUrl),
    timeZone: settings.useTz
      ? settings.timeZone
      : ((options.timeZone as string | undefined) ?? 'UTC'),
    reverse: (viewName, args, kwargs, currentApp) =>
      reverse(viewName, {
        ...(args.length > 0 && { args }),
        ...(Object.keys(kwargs).length > 0 && { kwargs }),
        ...(currentApp !== undefined && { currentApp }),
      } as never),
  };
}

/**
 * The project's template engine, built once from the `templates` setting (Django's
 * `engines['django']`): its dirs, each installed app's `templates/` when `appDirs` is set,
 * `{% url %}` through `@stack/urls`, and the `debug`, `staticUrl` and `timeZone` settings.
 *
 * @example
 * ```ts
 * const html = await getTemplateEngine().getTemplate('polls/index.html').render({ polls });
 * ```
 */
export function getTemplateEngine(settings: Settings = getSettings()): Engine {
  let engine = engines.get(settings);
  if (!engine) {
    engine = new Engine(engineOptions(settings));
    engines.set(settings, engine);
  }
  return engine;
}
