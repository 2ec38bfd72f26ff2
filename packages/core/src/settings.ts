import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImproperlyConfigured } from './errors.js';
import { globalSettings } from './internal/global-settings.js';
import { settingChanged } from './internal/setting-changed.js';
import type { Settings, UserSettings } from './settings-types.js';

/** Where the settings come from: the module path, when one was loaded. */
let current: Settings | null = null;
let currentModule: string | null = null;
const extraDefaults: Record<string, unknown> = {};

/**
 * Declares a project's settings with their types checked, so a misspelt key is a compile error.
 * It returns the object unchanged; defaults fill the gaps when the settings are configured.
 *
 * @example
 * ```ts
 * // mysite/settings.ts
 * export default defineSettings({
 *   baseDir: import.meta.dirname,
 *   debug: env.bool('STACK_DEBUG', true),
 *   rootUrlconf: './mysite/urls.ts',
 * });
 * ```
 */
export function defineSettings<const T extends UserSettings>(userSettings: T): T {
  return userSettings;
}

/**
 * Lets another layer add its own settings with defaults (a later `@stack/forms`, an app), so the
 * unknown-setting check accepts them and `settings` reads their defaults.
 *
 * @example
 * ```ts
 * registerSettingDefaults({ messageStorage: 'cookie' });
 * ```
 */
export function registerSettingDefaults(defaults: Record<string, unknown>): void {
  Object.assign(extraDefaults, defaults);
  if (current)
    for (const [k, v] of Object.entries(defaults)) if (!(k in current)) (current as any)[k] = v;
}

/** Every setting name Stack or a registered layer knows. */
export function knownSettingNames(): Set<string> {
  return new Set([...Object.keys(globalSettings()), ...Object.keys(extraDefaults)]);
}

/**
 * Builds a complete settings object: Django's defaults, then the user's values. `baseDir` makes
 * relative paths absolute. Unknown keys are kept so the `settings.W001` check can name them.
 *
 * @example
 * ```ts
 * const s = resolveSettings({ debug: true });
 * s.appendSlash; // true, Django's default
 * ```
 */
export function resolveSettings(userSettings: UserSettings | Record<string, unknown>): Settings {
  const merged = { ...globalSettings(), ...structuredCloneDefaults(), ...userSettings } as Settings;
  merged.baseDir = path.resolve(merged.baseDir);
  return merged;
}

function structuredCloneDefaults(): Record<string, unknown> {
  return structuredClone(extraDefaults);
}

/**
 * Makes these settings the current ones, as Django's `settings.configure()` does; the handler,
 * the shortcuts and the commands read them. Returns the complete settings.
 *
 * @example
 * ```ts
 * configure({ debug: true, rootUrlconf: urlpatterns, allowedHosts: ['localhost'] });
 * ```
 */
export function configure(userSettings: UserSettings | Settings = {}): Settings {
  current = resolveSettings(userSettings);
  currentModule = null;
  return current;
}

/** Whether settings have been configured or loaded. */
export function settingsConfigured(): boolean {
  return current !== null;
}

/** The module the current settings were loaded from, when they were. */
export function settingsModule(): string | null {
  return currentModule;
}

/**
 * Loads the settings module named by the argument or by `STACK_SETTINGS_MODULE` (a file path,
 * relative to the working directory), configures it and returns the complete settings. The
 * module exports its settings as `default` (or as `settings`).
 *
 * @example
 * ```ts
 * process.env.STACK_SETTINGS_MODULE = 'mysite/settings.ts';
 * const s = await loadSettings();
 * ```
 */
export async function loadSettings(
  modulePath = process.env.STACK_SETTINGS_MODULE,
): Promise<Settings> {
  if (!modulePath) {
    throw new ImproperlyConfigured(
      'Settings are not configured: set STACK_SETTINGS_MODULE to your settings file ' +
        '(for example `mysite/settings.ts`) or call configure() first.',
    );
  }
  const file = path.resolve(modulePath);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(file)) {
      throw new ImproperlyConfigured(`The settings module ${modulePath} was not found (${file}).`);
    }
    throw error;
  }
  const userSettings = (mod.default ?? mod.settings) as UserSettings | undefined;
  if (!userSettings || typeof userSettings !== 'object') {
    throw new ImproperlyConfigured(
      `The settings module ${modulePath} must export its settings as default: ` +
        '`export default defineSettings({ ... })`.',
    );
  }
  current = resolveSettings({ baseDir: path.dirname(path.dirname(file)), ...userSettings });
  currentModule = file;
  return current;
}

/**
 * The current settings; throws `ImproperlyConfigured` when none are configured.
 *
 * @example
 * ```ts
 * if (getSettings().debug) console.log('debug on');
 * ```
 */
export function getSettings(): Settings {
  if (!current) {
    throw new ImproperlyConfigured(
      'Settings are not configured: call configure(), loadSettings() or setup() first, ' +
        'or set STACK_SETTINGS_MODULE and run through the stack command.',
    );
  }
  return current;
}

/**
 * The current settings as Django's `settings` object: `settings.debug`, `settings.rootUrlconf`.
 * Reading before the settings are configured throws `ImproperlyConfigured`.
 *
 * @example
 * ```ts
 * import { settings } from '@stack/core';
 * settings.allowedHosts; // ['localhost']
 * ```
 */
export const settings: Settings = new Proxy({} as Settings, {
  get: (_target, key) => (getSettings() as any)[key],
  set: (_target, key, value) => {
    (getSettings() as any)[key] = value;
    return true;
  },
  has: (_target, key) => key in getSettings(),
  ownKeys: () => Reflect.ownKeys(getSettings()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(getSettings(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});

/** Marks a test class whose tests all run with these changes (see the test cases). */
export const CLASS_SETTINGS = Symbol.for('stack.test.classSettings');

/** A change a decorator records on a test class, applied around the whole class. */
export type SettingsChange = () => Promise<() => Promise<void>>;

/**
 * What `overrideSettings(overrides)` and `modifySettings(changes)` return without a function:
 * a decorator for a test class (every test of it) or a test method (that test).
 */
export type SettingsDecorator = <T>(
  target: T,
  context: ClassDecoratorContext | ClassMethodDecoratorContext,
) => T;

async function apply(overrides: Record<string, unknown>): Promise<() => Promise<void>> {
  const target = getSettings() as unknown as Record<string, unknown>;
  const saved = new Map<string, { had: boolean; value: unknown }>();
  for (const [key, value] of Object.entries(overrides)) {
    saved.set(key, { had: key in target, value: target[key] });
    target[key] = value;
  }
  await settingChanged([...saved.keys()]);
  return async () => {
    for (const [key, { had, value }] of saved) {
      if (had) target[key] = value;
      else delete target[key];
    }
    await settingChanged([...saved.keys()]);
  };
}

async function around<T>(change: SettingsChange, fn: () => T | Promise<T>): Promise<T> {
  const restore = await change();
  try {
    return await fn();
  } finally {
    await restore();
  }
}

function decorator(change: SettingsChange): SettingsDecorator {
  return (<T>(target: T, context: ClassDecoratorContext | ClassMethodDecoratorContext): T => {
    if (context.kind === 'class') {
      const record = target as unknown as Record<symbol, SettingsChange[] | undefined>;
      record[CLASS_SETTINGS] = [...(record[CLASS_SETTINGS] ?? []), change];
      return target;
    }
    const method = target as unknown as (...args: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]) {
      return around(change, () => method.apply(this, args));
    } as T;
  }) as SettingsDecorator;
}

/**
 * Runs `fn` with some settings replaced, then restores them, even when `fn` throws; Django's
 * `override_settings`. Without `fn` it is a decorator for a test class or a test method.
 * Caches built from a setting (the template engine, the URLconf `reverse()` uses) are reset.
 *
 * @example
 * ```ts
 * await overrideSettings({ debug: false }, async () => {
 *   expect((await client.get('/missing/')).content).not.toContain('patterns');
 * });
 *
 * @overrideSettings({ loginUrl: '/login/' })
 * class LoginTests extends TestCase {}
 * ```
 */
export function overrideSettings(overrides: UserSettings): SettingsDecorator;
export function overrideSettings<T>(overrides: UserSettings, fn: () => T | Promise<T>): Promise<T>;
export function overrideSettings<T>(
  overrides: UserSettings,
  fn?: () => T | Promise<T>,
): Promise<T> | SettingsDecorator {
  const change: SettingsChange = () => apply(overrides as Record<string, unknown>);
  return fn ? around(change, fn) : decorator(change);
}

/** The changes `modifySettings` makes to one list setting. */
export interface ListChange {
  append?: string | readonly string[];
  prepend?: string | readonly string[];
  remove?: string | readonly string[];
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/**
 * Changes list settings (`middleware`, `installedApps`, `allowedHosts`…) by appending,
 * prepending or removing entries, then restores them; Django's `modify_settings`. Without `fn`
 * it is a decorator for a test class or a test method.
 *
 * @example
 * ```ts
 * await modifySettings({ middleware: { remove: '@stack/middleware:CsrfViewMiddleware' } }, () =>
 *   client.post('/vote/', { choice: 1 }),
 * );
 * ```
 */
export function modifySettings(changes: Record<string, ListChange>): SettingsDecorator;
export function modifySettings<T>(
  changes: Record<string, ListChange>,
  fn: () => T | Promise<T>,
): Promise<T>;
export function modifySettings<T>(
  changes: Record<string, ListChange>,
  fn?: () => T | Promise<T>,
): Promise<T> | SettingsDecorator {
  const change: SettingsChange = () => {
    const current = getSettings() as unknown as Record<string, unknown>;
    const overrides: Record<string, unknown> = {};
    for (const [key, { append, prepend, remove }] of Object.entries(changes)) {
      const before = current[key];
      if (!Array.isArray(before))
        throw new ImproperlyConfigured(`modifySettings: the setting ${key} is not a list.`);
      const removed = new Set(asList(remove));
      const added = [...asList(prepend), ...asList(append)];
      const kept = (before as unknown[]).filter((v) => !added.includes(v as string));
      overrides[key] = [...asList(prepend), ...kept, ...asList(append)].filter(
        (v) => !removed.has(v as string),
      );
    }
    return apply(overrides);
  };
  return fn ? around(change, fn) : decorator(change);
}
