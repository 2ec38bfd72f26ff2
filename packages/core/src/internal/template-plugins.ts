import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ContextProcessor, Library } from '@stack/templates';
import { apps } from '../apps.js';
import { ImproperlyConfigured } from '../errors.js';
import type { Settings } from '../settings-types.js';
import { importSpec } from './load-modules.js';

let appLibraries: Record<string, Library> = {};
const namedProcessors = new Map<string, ContextProcessor>();

/** The libraries of the installed apps' `templatetags/` folders, by file name. */
export function templatetagLibraries(): Record<string, Library> {
  return appLibraries;
}

/** A context processor named `'module:Export'` in the settings, once `setup()` imported it. */
export function namedContextProcessor(name: string): ContextProcessor {
  const found = namedProcessors.get(name);
  if (!found) throw new ImproperlyConfigured(`The context processor ${name} was not loaded.`);
  return found;
}

function libraryOf(mod: Record<string, unknown>): Library | undefined {
  const found = [mod.register, mod.default, mod.library].find((v) => v instanceof Library);
  return found as Library | undefined;
}

/**
 * Imports what the `templates` setting names and the apps provide, so the (synchronously built)
 * engine finds them: each installed app's `templatetags/<name>.ts` becomes the library
 * `{% load name %}` loads (as Django finds `templatetags` modules), and `'module:Export'`
 * context processors are imported.
 */
export async function loadTemplatePlugins(settings: Settings): Promise<void> {
  const libraries: Record<string, Library> = {};
  for (const app of apps.getAppConfigs()) {
    const folder = app.path && path.join(app.path, 'templatetags');
    if (!folder || !existsSync(folder)) continue;
    for (const file of readdirSync(folder).sort()) {
      if (!/\.(ts|mts|js|mjs)$/.test(file) || file.includes('.test.') || file.startsWith('index.'))
        continue;
      const name = file.replace(/\.[^.]+$/, '');
      const mod = (await import(pathToFileURL(path.join(folder, file)).href)) as Record<
        string,
        unknown
      >;
      const library = libraryOf(mod);
      if (!library) {
        throw new ImproperlyConfigured(
          `${path.join(folder, file)} must export its Library as \`register\` (or default) ` +
            `for {% load ${name} %}.`,
        );
      }
      libraries[name] = library;
    }
  }
  appLibraries = libraries;
  for (const config of settings.templates) {
    const entries = (config.options?.contextProcessors ?? []) as unknown[];
    for (const entry of entries) {
      if (typeof entry !== 'string' || namedProcessors.has(entry)) continue;
      const colon = entry.lastIndexOf(':');
      if (colon <= 0) {
        throw new ImproperlyConfigured(
          `contextProcessors: ${JSON.stringify(entry)} is not 'module:Export'.`,
        );
      }
      const found = (await importSpec(entry.slice(0, colon), settings.baseDir))[
        entry.slice(colon + 1)
      ];
      if (typeof found !== 'function') {
        throw new ImproperlyConfigured(
          `contextProcessors: ${JSON.stringify(entry)} is not a function.`,
        );
      }
      namedProcessors.set(entry, found as ContextProcessor);
    }
  }
}
