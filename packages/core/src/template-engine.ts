import path from 'node:path';
import { cacheLibrary } from '@stack/cache';
import { static as staticfilesUrl } from '@stack/contrib-staticfiles';
import { getToken } from '@stack/middleware';
import { type ContextProcessor, Engine, type EngineOptions } from '@stack/templates';
import { reverse } from '@stack/urls';
import { apps } from './apps.js';
import { ImproperlyConfigured } from './errors.js';
import { contribContextProcessors } from './internal/contrib-settings.js';
import { packageFolder } from './internal/migration-apps.js';
import { linkPrefix, staticfilesInstalled } from './internal/staticfiles.js';
import { namedContextProcessor, templatetagLibraries } from './internal/template-plugins.js';
import { onSettingChanged } from './internal/setting-changed.js';
import { getSettings } from './settings.js';
import type { Settings } from './settings-types.js';
import { templateRendered } from './signals.js';

let engines = new WeakMap<Settings, Engine>();
// The last settings asked for and their engine: every render asks for the same.
let lastSettings: Settings | undefined;
let lastEngine: Engine | undefined;
const ENGINE_SETTINGS = new Set([
  'templates',
  'debug',
  'staticUrl',
  'staticfilesStorage',
  'mediaUrl',
  'forceScriptName',
  'timeZone',
  'useTz',
  'installedApps',
]);
onSettingChanged((keys) => {
  if (keys.some((k) => ENGINE_SETTINGS.has(k))) {
    engines = new WeakMap();
    lastSettings = undefined;
    lastEngine = undefined;
  }
});

/**
 * `{{ csrf_token }}`: a thenable the template awaits, made per render without a closure (a
 * class, so the methods live on the prototype); the token is computed on first read.
 */
class LazyCsrfToken {
  #token: string | undefined;

  constructor(private readonly request: Parameters<typeof getToken>[0]) {}

  #read(): string {
    return (this.#token ??= getToken(this.request));
  }

  then(resolve: (value: string) => void, reject: (error: unknown) => void): void {
    try {
      resolve(this.#read());
    } catch (error) {
      reject(error);
    }
  }

  toString(): string {
    return this.#read();
  }
}

/**
 * Django's built-in `csrf` context processor: `{% csrf_token %}` works in every template
 * rendered with a request. The token is made only when a template reads it (a thenable), so
 * pages without a form do not set the CSRF cookie.
 */
export const csrfContextProcessor: ContextProcessor = (request) => {
  if (!request || typeof request !== 'object' || !('META' in request)) return {};
  return { csrf_token: new LazyCsrfToken(request as Parameters<typeof getToken>[0]) };
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
  const named = ((options.contextProcessors as unknown[] | undefined) ?? []).map((p) =>
    typeof p === 'string' ? namedContextProcessor(p) : (p as ContextProcessor),
  );
  return {
    ...options,
    dirs: (config.dirs ?? []).map((d) => path.resolve(settings.baseDir, d)),
    appDirs,
    debug: (options.debug as boolean | undefined) ?? settings.debug,
    // One run of each processor, though a contrib one is both added and listed by the settings.
    contextProcessors: [
      ...new Set([
        csrfContextProcessor,
        ...(contribContextProcessors() as ContextProcessor[]),
        ...named,
      ]),
    ],
    // Django's built-in libraries that live in other layers (`{% load cache %}`), then the
    // installed apps' templatetags/, then the settings' own.
    libraries: {
      cache: cacheLibrary,
      ...templatetagLibraries(),
      ...((options.libraries as EngineOptions['libraries']) ?? {}),
    },
    onTemplateRendered: sendTemplateRendered,
    // Asked first: without a receiver (outside tests) the context is never flattened for it.
    hasTemplateRenderedListeners: () => templateRendered.hasListeners(),
    staticUrl: linkPrefix(settings.staticUrl, settings) ?? '/static/',
    mediaUrl: linkPrefix(settings.mediaUrl || null, settings) ?? '',
    // Django's {% static %}: through the storage when contrib-staticfiles is installed, so a
    // manifest storage names the hashed file.
    ...(staticfilesInstalled(settings) && { static: staticfilesUrl }),
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

// Django sends template_rendered only under its test runner; here it costs a check per template
// (`hasTemplateRenderedListeners`, asked by the engine before it flattens the context).
function sendTemplateRendered(templateName: string, context: Record<string, unknown>): void {
  void templateRendered.send(null, { templateName, context });
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
  if (settings === lastSettings && lastEngine !== undefined) return lastEngine;
  let engine = engines.get(settings);
  if (!engine) {
    engine = new Engine(engineOptions(settings));
    engines.set(settings, engine);
  }
  lastSettings = settings;
  lastEngine = engine;
  return engine;
}
