import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { apps, findModule } from './apps.js';
import { isCommand, registerCommand } from './command.js';
import { configureContribPlugins, configureContribSettings } from './internal/contrib-settings.js';
import { configureCaches } from './internal/caches.js';
import { configureDatabases } from './internal/databases.js';
import { configureMailSettings } from './internal/mail-settings.js';
import { startQueryLog } from './internal/query-log.js';
import { configureStorageSettings } from './internal/storage-settings.js';
import { configureStaticfiles } from './internal/staticfiles.js';
import { loadTemplatePlugins } from './internal/template-plugins.js';
import { configure, getSettings, loadSettings, settingsConfigured } from './settings.js';
import type { Settings, UserSettings } from './settings-types.js';

/**
 * Django's `django.setup()`: configures the settings (the ones given, else those already
 * configured, else the module named by `STACK_SETTINGS_MODULE`), hands `databases` to the ORM's
 * `connections`, `mediaRoot`/`mediaUrl` to `@stack/files`' default storage, `caches` to `@stack/cache`, `@stack/mail` and the contrib packages their settings, then loads every installed app, its
 * models and its commands, and runs each app's `ready()`.
 *
 * @example
 * ```ts
 * const settings = await setup();
 * ```
 */
export async function setup(userSettings?: UserSettings): Promise<Settings> {
  const settings = userSettings
    ? configure(userSettings)
    : settingsConfigured()
      ? getSettings()
      : await loadSettings();
  await configureDatabases(settings);
  if (settings.debug && settings.internalIps.length > 0) startQueryLog();
  configureStorageSettings(settings);
  await configureCaches(settings);
  await configureContribSettings(settings);
  await apps.populate(settings.installedApps, settings.baseDir);
  await configureContribPlugins(settings);
  await configureMailSettings(settings);
  await configureStaticfiles(settings);
  await loadTemplatePlugins(settings);
  await loadCommands(settings);
  return settings;
}

async function registerFrom(mod: Record<string, unknown>): Promise<void> {
  const found = [mod.default, ...(Array.isArray(mod.commands) ? mod.commands : []), mod.command];
  for (const value of found) if (isCommand(value)) registerCommand(value);
}

/** Adds the commands of installed apps (`commands/*.ts` or `commands` export) and of settings. */
async function loadCommands(settings: Settings): Promise<void> {
  for (const app of apps.getAppConfigs()) {
    for (const dir of ['commands', path.join('management', 'commands')]) {
      const folder = app.path && path.join(app.path, dir);
      if (!folder || !existsSync(folder)) continue;
      for (const file of readdirSync(folder).sort()) {
        if (!/\.(ts|mts|js|mjs)$/.test(file) || file.includes('.test.')) continue;
        await registerFrom((await import(pathToFileURL(path.join(folder, file)).href)) as never);
      }
    }
    if (!app.path) {
      try {
        const mod = (await import(app.name)) as Record<string, unknown>;
        await registerFrom({ commands: mod.commands });
      } catch {
        // a package app without importable commands has none to add
      }
    }
  }
  for (const spec of settings.commands) {
    const file = spec.startsWith('.')
      ? pathToFileURL(path.resolve(settings.baseDir, spec)).href
      : spec;
    await registerFrom((await import(file)) as never);
  }
}

/**
 * Finds the settings file for the `stack` command when `STACK_SETTINGS_MODULE` is unset:
 * `"stack": { "settings": … }` in `package.json`, else the only `<folder>/settings.ts` in `cwd`.
 *
 * @example
 * ```ts
 * discoverSettingsModule(process.cwd()); // 'mysite/settings.ts'
 * ```
 */
export function discoverSettingsModule(cwd: string): string | null {
  const pkgFile = path.join(cwd, 'package.json');
  if (existsSync(pkgFile)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { stack?: { settings?: unknown } };
      if (typeof pkg.stack?.settings === 'string') return path.resolve(cwd, pkg.stack.settings);
    } catch {
      // a broken package.json is reported by the tools that own it
    }
  }
  const candidates = readdirSync(cwd, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'node_modules' && !d.name.startsWith('.'))
    .map((d) => findModule(path.join(cwd, d.name), 'settings'))
    .filter((f): f is string => f !== null);
  return candidates.length === 1 ? candidates[0]! : null;
}
