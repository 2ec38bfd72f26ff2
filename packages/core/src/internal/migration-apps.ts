import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppInfo, apps as modelRegistry } from '@stack/orm';
import { type AppConfig, apps, findModule } from '../apps.js';
import { getSettings } from '../settings.js';

function folderOf(entry: string): string | null {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return null;
}

/**
 * The folder of an installed package app (`@stack/contrib-auth`): from its ESM entry point when
 * the runtime can resolve one here, else from its `package.json` as the project (or core) sees it.
 */
export function packageFolder(name: string, baseDir = process.cwd()): string | null {
  try {
    return folderOf(fileURLToPath(import.meta.resolve(name)));
  } catch {
    // no import.meta.resolve (a test runner's transform), or not resolvable from here
  }
  for (const from of [path.join(baseDir, 'package.json'), fileURLToPath(import.meta.url)]) {
    try {
      return path.dirname(createRequire(from).resolve(`${name}/package.json`));
    } catch {
      // not installed where this looks, or package.json not exported
    }
  }
  return null;
}

/** An app's `migrations/` folder: in its own folder, or in its package for a package app. */
export function migrationsPathOf(config: AppConfig): string {
  if (config.path) return config.migrationsDir;
  const folder = packageFolder(config.name, getSettings().baseDir);
  return folder === null ? '' : path.join(folder, 'migrations');
}

/**
 * The installed apps as the ORM's migration commands see them: label, the models the ORM
 * registered under that label (setup() imported each app's models module), the `migrations/`
 * folder, and the models module with its exports (a migration imports an `uploadTo` function
 * from there).
 */
export function migrationApps(): AppInfo[] {
  return apps.getAppConfigs().map((config) => {
    const file = config.path && config.modelsModule ? findModule(config.path, 'models') : null;
    return {
      label: config.label,
      models: modelRegistry.getModels(config.label),
      migrationsPath: migrationsPathOf(config),
      ...(file !== null &&
        config.modelsModule && { modules: [{ file, exports: config.modelsModule }] }),
    };
  });
}

/** Whether makemigrations may write into this app (a project folder, not an installed package). */
export function isProjectApp(label: string): boolean {
  return Boolean(apps.getAppConfig(label).path);
}

/**
 * The module generated migration files import from: `@stack/framework/orm` in a project that
 * depends on the framework and not on `@stack/orm` itself (so the import resolves there), else
 * `@stack/orm`. Both are the same module instance, which the loader's `instanceof` needs.
 */
export function ormModuleFor(baseDir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(baseDir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const deps = { ...pkg.devDependencies, ...pkg.dependencies };
    return '@stack/framework' in deps && !('@stack/orm' in deps)
      ? '@stack/framework/orm'
      : '@stack/orm';
  } catch {
    return '@stack/orm';
  }
}
