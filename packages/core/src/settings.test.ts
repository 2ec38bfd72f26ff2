import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../test/temp-dirs.js';
import { ImproperlyConfigured } from './errors.js';
import {
  configure,
  defineSettings,
  getSettings,
  loadSettings,
  overrideSettings,
  registerSettingDefaults,
  resolveSettings,
  settings,
  settingsModule,
} from './settings.js';

afterEach(() => {
  delete process.env.STACK_SETTINGS_MODULE;
});

describe('resolveSettings', () => {
  it("fills every setting the user leaves out with Django's default", () => {
    const s = resolveSettings({ debug: true });
    expect(s.debug).toBe(true);
    expect(s.appendSlash).toBe(true);
    expect(s.csrfCookieName).toBe('csrftoken');
    expect(s.sessionCookieAge).toBe(1_209_600);
    expect(s.dataUploadMaxNumberFields).toBe(1000);
    expect(s.xFrameOptions).toBe('DENY');
    expect(s.defaultCharset).toBe('utf-8');
  });

  it('gives each settings object its own lists', () => {
    const a = resolveSettings({});
    const b = resolveSettings({});
    a.allowedHosts.push('example.com');
    expect(b.allowedHosts).toEqual([]);
  });

  it('makes baseDir absolute', () => {
    expect(path.isAbsolute(resolveSettings({ baseDir: 'relative/dir' }).baseDir)).toBe(true);
  });
});

describe('settings', () => {
  it('reads and writes the configured settings', () => {
    configure({ debug: true, allowedHosts: ['a.test'] });
    expect(settings.debug).toBe(true);
    expect(settings.allowedHosts).toEqual(['a.test']);
    expect(getSettings().languageCode).toBe('en-us');
  });

  it('defineSettings returns the object it is given', () => {
    const s = defineSettings({ debug: false, secretKey: 'x' });
    expect(s).toEqual({ debug: false, secretKey: 'x' });
  });

  it('restores overridden settings after the function, even when it throws', async () => {
    configure({ debug: true });
    await expect(
      overrideSettings({ debug: false, timeZone: 'UTC' }, () => {
        expect(settings.debug).toBe(false);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(settings.debug).toBe(true);
    expect(settings.timeZone).toBe('America/Chicago');
  });

  it('accepts defaults registered by another layer', () => {
    registerSettingDefaults({ messageStorage: 'cookie' });
    configure({});
    expect((settings as unknown as Record<string, unknown>).messageStorage).toBe('cookie');
  });
});

describe('loadSettings', () => {
  const tempDir = tempDirs('stack-settings-');
  function project(source: string): string {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'site'));
    const file = path.join(dir, 'site', 'settings.mjs');
    writeFileSync(file, source);
    return file;
  }

  it('loads the module named by STACK_SETTINGS_MODULE and puts baseDir above it', async () => {
    const file = project('export default { debug: true, secretKey: "k" };');
    process.env.STACK_SETTINGS_MODULE = file;
    const s = await loadSettings();
    expect(s.debug).toBe(true);
    expect(s.baseDir).toBe(path.dirname(path.dirname(file)));
    expect(settingsModule()).toBe(file);
  });

  it('explains what to do when no module is named', async () => {
    await expect(loadSettings()).rejects.toThrow(/STACK_SETTINGS_MODULE/);
  });

  it('names the module that does not exist', async () => {
    await expect(loadSettings('/nonexistent/settings.ts')).rejects.toThrow(ImproperlyConfigured);
  });

  it('refuses a module without a default export', async () => {
    const file = project('export const debug = true;');
    await expect(loadSettings(file)).rejects.toThrow(/export default defineSettings/);
  });
});
