import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Middleware } from '@stack/middleware';
import { resolve as resolvePath, type Urlconf } from '@stack/urls';
import { ImproperlyConfigured } from '../errors.js';
import type { MiddlewareSetting, Settings, UrlconfSetting } from '../settings-types.js';

/** Imports a module by package name or by path relative to `baseDir`. */
export async function importSpec(spec: string, baseDir: string): Promise<Record<string, unknown>> {
  const isPath = spec.startsWith('.') || path.isAbsolute(spec);
  const target = isPath ? pathToFileURL(path.resolve(baseDir, spec)).href : spec;
  try {
    return (await import(target)) as Record<string, unknown>;
  } catch (error) {
    throw new ImproperlyConfigured(
      `Could not import ${JSON.stringify(spec)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

export type LoadedUrlconf = Urlconf<any> & Record<string, unknown>;

/** Loads `rootUrlconf`: a module path, the module itself, its patterns, or a loader function. */
export async function loadUrlconf(
  setting: UrlconfSetting | null,
  baseDir: string,
): Promise<LoadedUrlconf> {
  if (setting === null || setting === undefined) {
    throw new ImproperlyConfigured(
      "rootUrlconf is not set: point it at your URLconf module, e.g. rootUrlconf: './mysite/urls.ts'.",
    );
  }
  let value: unknown = setting;
  if (typeof value === 'string') value = await importSpec(value, baseDir);
  else if (typeof value === 'function') value = await (value as () => Promise<unknown>)();
  if (Array.isArray(value)) return value as unknown as LoadedUrlconf;
  const mod = value as { urlpatterns?: unknown; default?: unknown };
  if (mod && !Array.isArray(mod.urlpatterns) && Array.isArray(mod.default))
    return mod.default as unknown as LoadedUrlconf;
  if (!mod || !Array.isArray(mod.urlpatterns)) {
    throw new ImproperlyConfigured(
      `The URLconf ${typeof setting === 'string' ? JSON.stringify(setting) : ''} does not export ` +
        '`urlpatterns` (a list of path() entries).',
    );
  }
  return mod as LoadedUrlconf;
}

/** The match for a path, or false (Django's `is_valid_path`): what `CommonMiddleware`'s `appendSlash` asks. */
export function isValidPathIn(root: Urlconf<any>) {
  return (p: string, urlconf?: unknown): unknown => {
    try {
      return resolvePath(p, (urlconf as Urlconf<any> | undefined) ?? root);
    } catch {
      return false;
    }
  };
}

/**
 * What the built-ins need besides the settings: the resolver check of `CommonMiddleware`, the
 * session store object, Django's `False` for a SameSite cookie as `null`.
 */
export async function builtinExtras(
  settings: Settings,
  urlconf: Urlconf<any>,
  name: string,
  sessionEngine: () => Promise<unknown>,
): Promise<Record<string, unknown>> {
  return {
    isValidPath: isValidPathIn(urlconf),
    ...(name === 'SessionMiddleware' && { sessionEngine: await sessionEngine() }),
    sessionCookieSamesite: settings.sessionCookieSamesite || null,
    csrfCookieSamesite: settings.csrfCookieSamesite || null,
  };
}

/** Stack built-ins that take either their settings or `getResponse`. */
const OVERLOADED = new Set(['SessionMiddleware']);

/**
 * Whether a `@stack/*` export is made from the settings (`SecurityMiddleware(settings = {})`,
 * no required parameter) rather than being the factory itself (`AuthenticationMiddleware(getResponse)`).
 */
function isMaker(spec: string, name: string, found: (...args: unknown[]) => unknown): boolean {
  if (!spec.startsWith('@stack/')) return false;
  return found.length === 0 || OVERLOADED.has(name);
}

function isClass(value: unknown): value is new (...args: unknown[]) => object {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

type DjangoStyleMiddleware = {
  call?: (request: unknown) => unknown;
} & Partial<Record<(typeof HOOKS)[number], (...args: any[]) => unknown>>;

const HOOKS = ['processView', 'processException', 'processTemplateResponse'] as const;

/**
 * A middleware class as Django writes one: `new Class(getResponse)` once, `call(request)` per
 * request (Python's `__call__`), and optional `processView`, `processException`,
 * `processTemplateResponse` methods. A `MiddlewareMixin` subclass brings its own adapter.
 */
function classMiddleware(
  Class: new (...args: unknown[]) => object,
  entry: string,
): Middleware<any, any> {
  const adapter = (Class as { asMiddleware?: () => Middleware<any, any> }).asMiddleware;
  if (typeof adapter === 'function') return adapter.call(Class);
  return (getResponse) => {
    const instance = new Class(getResponse) as DjangoStyleMiddleware;
    if (typeof instance.call !== 'function') {
      throw new ImproperlyConfigured(
        `middleware ${JSON.stringify(entry)} is a class without a call(request) method ` +
          "(Django's __call__).",
      );
    }
    const handler = ((request: unknown) => instance.call!(request)) as ((
      request: unknown,
    ) => unknown) &
      Record<string, unknown>;
    for (const hook of HOOKS) {
      const method = instance[hook];
      if (typeof method === 'function') handler[hook] = method.bind(instance);
    }
    return handler as never;
  };
}

/**
 * Turns one `middleware` entry into a middleware factory. A `'module:Export'` from a `@stack/*`
 * package names either a built-in made from the settings (`SecurityMiddleware(settings)`) or a
 * factory (`AuthenticationMiddleware`); from any other module it names a factory used as is,
 * a Django-style class (`constructor(getResponse)`, `call(request)`), or anything with a static
 * `fromSettings(settings)`.
 */
export async function loadMiddleware(
  entry: MiddlewareSetting,
  settings: Settings,
  extras: (name: string) => Promise<Record<string, unknown>>,
): Promise<Middleware<any, any>> {
  if (typeof entry === 'function') return entry as Middleware<any, any>;
  const colon = entry.lastIndexOf(':');
  if (colon <= 0)
    throw new ImproperlyConfigured(`middleware ${JSON.stringify(entry)} is not 'module:Export'.`);
  const [spec, name] = [entry.slice(0, colon), entry.slice(colon + 1)];
  const mod = await importSpec(spec, settings.baseDir);
  const found = mod[name] as unknown;
  if (found === undefined) {
    throw new ImproperlyConfigured(
      `${spec} has no export ${JSON.stringify(name)} (middleware ${JSON.stringify(entry)}).`,
    );
  }
  const maker = (found as { fromSettings?: unknown }).fromSettings;
  if (typeof maker === 'function')
    return maker.call(found, { ...settings, ...(await extras(name)) }) as Middleware<any, any>;
  if (typeof found !== 'function')
    throw new ImproperlyConfigured(`middleware ${JSON.stringify(entry)} is not a function.`);
  if (isClass(found)) return classMiddleware(found, entry);
  if (isMaker(spec, name, found as (...args: unknown[]) => unknown)) {
    return (found as (s: unknown) => Middleware<any, any>)({
      ...settings,
      ...(await extras(name)),
    });
  }
  return found as Middleware<any, any>;
}
