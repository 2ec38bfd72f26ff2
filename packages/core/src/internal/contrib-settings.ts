import type { AuthenticationBackend, PasswordHasher } from '@stack/contrib-auth';
import { ImproperlyConfigured } from '../errors.js';
import type { PasswordValidatorSetting, PluginSetting, Settings } from '../settings-types.js';
import { importSpec } from './load-modules.js';

type ContextProcessor = (request: unknown) => Record<string, unknown>;

let contextProcessors: readonly ContextProcessor[] = [];

/**
 * The context processors the contrib packages in use add to every template engine (after
 * `csrf`): contrib-auth's `user`, as Django's startproject lists `auth.context_processors.auth`.
 */
export function contribContextProcessors(): readonly ContextProcessor[] {
  return contextProcessors;
}

/** Whether the project uses a contrib package: installed as an app or named by a middleware. */
export function usesPackage(settings: Settings, pkg: string): boolean {
  return (
    settings.installedApps.some((a) => (typeof a === 'string' ? a : a.name) === pkg) ||
    settings.middleware.some((m) => typeof m === 'string' && m.startsWith(`${pkg}:`))
  );
}

/** The value a `'module:Export'` entry names (undefined when the module exports no such name). */
export async function importNamed(
  entry: string,
  setting: string,
  baseDir: string,
): Promise<unknown> {
  const colon = entry.lastIndexOf(':');
  if (colon <= 0)
    throw new ImproperlyConfigured(`${setting}: ${JSON.stringify(entry)} is not 'module:Export'.`);
  return (await importSpec(entry.slice(0, colon), baseDir))[entry.slice(colon + 1)];
}

/**
 * One `'module:Export'` entry (or an object used as is) turned into an object: a class is
 * constructed with `options`, anything else is taken as the object itself.
 */
async function instantiate(
  entry: PluginSetting,
  setting: string,
  baseDir: string,
  options?: Record<string, unknown>,
): Promise<object> {
  if (typeof entry !== 'string') {
    if (entry && typeof entry === 'object') return entry;
    throw new ImproperlyConfigured(
      `${setting}: each entry is 'module:Export' or an object, not ${JSON.stringify(entry)}.`,
    );
  }
  const found = await importNamed(entry, setting, baseDir);
  if (typeof found === 'function' && found.prototype !== undefined)
    return new (found as new (o?: unknown) => object)(options);
  if (found && typeof found === 'object') return found;
  const colon = entry.lastIndexOf(':');
  throw new ImproperlyConfigured(
    `${setting}: ${entry.slice(0, colon)} has no class or object exported as ${JSON.stringify(entry.slice(colon + 1))}.`,
  );
}

function requireMethod<T>(value: object, method: string, setting: string, entry: unknown): T {
  if (typeof (value as Record<string, unknown>)[method] !== 'function') {
    throw new ImproperlyConfigured(
      `${setting}: ${typeof entry === 'string' ? JSON.stringify(entry) : 'an entry'} has no ${method}() method.`,
    );
  }
  return value as T;
}

async function validatorsFor(settings: Settings): Promise<object[]> {
  return Promise.all(
    settings.authPasswordValidators.map(async (entry: PasswordValidatorSetting) => {
      if (!entry || typeof entry !== 'object') {
        throw new ImproperlyConfigured(
          `authPasswordValidators: each entry is { name: 'module:Export', options? } or a validator, not ${JSON.stringify(entry)}.`,
        );
      }
      const validator =
        'name' in entry && typeof entry.name === 'string'
          ? await instantiate(entry.name, 'authPasswordValidators', settings.baseDir, entry.options)
          : entry;
      return requireMethod(validator, 'validate', 'authPasswordValidators', entry);
    }),
  );
}

/**
 * Hands contrib-auth the settings it reads (it does not read core's), when the project uses it.
 * Plain values only, so it may run before the apps load (their `ready()` may need `authUserModel`).
 */
export async function configureContribSettings(settings: Settings): Promise<void> {
  contextProcessors = [];
  if (!usesPackage(settings, '@stack/contrib-auth')) return;
  const { authContextProcessor, configureAuth } = await import('@stack/contrib-auth');
  contextProcessors = [authContextProcessor];
  configureAuth({
    secretKey: settings.secretKey,
    secretKeyFallbacks: settings.secretKeyFallbacks,
    passwordResetTimeout: settings.passwordResetTimeout,
    loginUrl: settings.loginUrl,
    loginRedirectUrl: settings.loginRedirectUrl,
    logoutRedirectUrl: settings.logoutRedirectUrl,
    authUserModel: settings.authUserModel,
  });
}

/**
 * Builds and hands contrib-auth the objects its settings name: `authenticationBackends`,
 * `passwordHashers` and `authPasswordValidators`. Runs
 * once the apps are loaded, since a project's backend may import its models.
 */
export async function configureContribPlugins(settings: Settings): Promise<void> {
  if (!usesPackage(settings, '@stack/contrib-auth')) return;
  const auth = await import('@stack/contrib-auth');
  const { baseDir } = settings;
  const backends = await Promise.all(
    settings.authenticationBackends.map(async (entry) =>
      requireMethod<AuthenticationBackend>(
        await instantiate(entry, 'authenticationBackends', baseDir),
        'authenticate',
        'authenticationBackends',
        entry,
      ),
    ),
  );
  const hashers = await Promise.all(
    settings.passwordHashers.map(async (entry) =>
      requireMethod<PasswordHasher>(
        await instantiate(entry, 'passwordHashers', baseDir),
        'verify',
        'passwordHashers',
        entry,
      ),
    ),
  );
  if (hashers.length === 0)
    throw new ImproperlyConfigured('passwordHashers must name at least one hasher.');
  auth.configureAuthenticationBackends(backends);
  auth.configurePasswordHashers(hashers);
  auth.configurePasswordValidators((await validatorsFor(settings)) as never);
}
