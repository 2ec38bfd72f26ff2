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

  it('is not set when mediaRoot is empty, so a file field asks for it', () => {
    setDefaultStorage(new FileSystemStorage({ location: dir }));
    configureStorageSettings(configure({ baseDir: dir, mediaRoot: '' }));
    expect(() => getDefaultStorage()).toThrow(NoDefaultStorage);
  });
});
