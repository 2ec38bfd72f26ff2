import { connections } from '@stack/orm';
import { setUrlconf, type Urlconf } from '@stack/urls';
import { ImproperlyConfigured } from '../errors.js';
import { loadUrlconf } from '../internal/load-modules.js';
import { onSettingChanged } from '../internal/setting-changed.js';
import { getSettings, loadSettings, settingsConfigured } from '../settings.js';
import type { DatabaseSetting } from '../settings-types.js';
import { setup } from '../setup.js';

/** The environment variable `stack test` hands the test databases to its workers in. */
export const TEST_DATABASES_ENV = 'STACK_TEST_DATABASES';
/** The environment variable `stack test -k` passes its patterns in (a JSON list). */
export const TEST_PATTERNS_ENV = 'STACK_TEST_PATTERNS';

let ready: Promise<void> | undefined;

async function loadRootUrlconf(): Promise<void> {
  const { rootUrlconf, baseDir } = getSettings();
  if (rootUrlconf === null || rootUrlconf === undefined) return;
  setUrlconf((await loadUrlconf(rootUrlconf, baseDir)) as Urlconf<any>);
}

async function prepare(): Promise<void> {
  const testDatabases = process.env[TEST_DATABASES_ENV];
  if (!settingsConfigured()) {
    if (!process.env.STACK_SETTINGS_MODULE) {
      throw new ImproperlyConfigured(
        'The test cases need settings: run the tests with `stack test`, or configure() or ' +
          'setup() the settings in a vitest setup file.',
      );
    }
    if (!testDatabases) {
      // Never the project's real databases: only `stack test` makes the test ones.
      throw new ImproperlyConfigured(
        'STACK_SETTINGS_MODULE is set but no test databases were made: run the tests with ' +
          '`stack test`, which creates them.',
      );
    }
    await loadSettings();
  }
  const settings = getSettings();
  if (testDatabases) {
    settings.databases = JSON.parse(testDatabases) as Record<string, DatabaseSetting>;
  }
  // As Django's test runner: mail stays in an outbox, and the test client's host is allowed.
  settings.emailBackend = 'locmem';
  await setup();
  await loadRootUrlconf();
  onSettingChanged(async (keys) => {
    if (keys.includes('rootUrlconf')) await loadRootUrlconf();
  });
}

/**
 * Readies the settings, the apps and the databases for the test cases of this file, once: the
 * settings `stack test` names (with its test databases) or those already configured, the
 * locmem e-mail backend, and the root URLconf, so `reverse()` works before any request.
 */
export function setUpTestEnvironment(): Promise<void> {
  ready ??= prepare();
  return ready;
}

/** Closes the connections this file opened (after its last test case). */
export async function tearDownTestEnvironment(): Promise<void> {
  await connections.closeAll();
}
