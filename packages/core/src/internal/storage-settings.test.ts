import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FileSystemStorage,
  NoDefaultStorage,
  getDefaultStorage,
  setDefaultStorage,
} from '@stack/files';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configure } from '../settings.js';
import { Engine } from '@stack/templates';
import { engineOptions } from '../template-engine.js';
import { configureStorageSettings } from './storage-settings.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-storage-settings-'));
afterEach(() => setDefaultStorage(null));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the default storage from the settings', () => {
  it('is a FileSystemStorage under mediaRoot (relative to baseDir), served from mediaUrl', async () => {
    configureStorageSettings(
      configure({
        baseDir: dir,
        mediaRoot: 'media',
        mediaUrl: '/media/',
        fileUploadPermissions: 0o600,
      }),
    );
    const storage = getDefaultStorage() as FileSystemStorage;
    expect(storage).toBeInstanceOf(FileSystemStorage);
    expect(storage.location).toBe(path.join(dir, 'media'));
    expect(storage.filePermissionsMode).toBe(0o600);
    const name = await storage.save('a b.txt', 'x');
    expect(storage.url(name)).toBe('/media/a_b.txt');
  });

  // Django 3.1+ prefixes a relative MEDIA_URL/STATIC_URL with the script prefix (FORCE_SCRIPT_NAME
  // at setup, else '/'); URLs and absolute paths are kept. Printed by Django 3.2.25.
  it.each([
    ['media/', null, '/media/a.txt'],
    ['media/', '/app', '/app/media/a.txt'],
    ['media/', '/app/', '/app/media/a.txt'],
    ['/media/', '/app', '/media/a.txt'],
    ['https://cdn.example.com/m/', '/app', 'https://cdn.example.com/m/a.txt'],
  ])(
    'serves a mediaUrl of %j under the script prefix (forceScriptName %j)',
    (mediaUrl, forceScriptName, url) => {
      configureStorageSettings(
        configure({ baseDir: dir, mediaRoot: 'media', mediaUrl, forceScriptName }),
      );
      expect(getDefaultStorage().url('a.txt')).toBe(url);
    },
  );

  it('gives templates the same prefixes for media and static files', async () => {
    const settings = configure({
      baseDir: dir,
      mediaRoot: 'media',
      mediaUrl: 'media/',
      staticUrl: 'static/',
      forceScriptName: '/app',
      templates: [{ backend: '@stack/templates' }],
    });
    const engine = new Engine(engineOptions(settings));
    const source =
      "{% load static %}{% get_media_prefix %} {% get_static_prefix %} {% static 'x.css' %}";
    expect(await engine.fromString(source).render({})).toBe(
      '/app/media/ /app/static/ /app/static/x.css',
    );
  });

  it('is not set when mediaRoot is empty, so a file field asks for it', () => {
    setDefaultStorage(new FileSystemStorage({ location: dir }));
    configureStorageSettings(configure({ baseDir: dir, mediaRoot: '' }));
    expect(() => getDefaultStorage()).toThrow(NoDefaultStorage);
  });
});
