import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  FileSystemStorage,
  NoDefaultStorage,
  getDefaultStorage,
  getValidFilename,
  setDefaultStorage,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'stack-files-storage-'));
const media = join(dir, 'media');
const outside = join(dir, 'outside');
mkdirSync(media);
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), 'secret');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const storage = new FileSystemStorage({ location: media, baseUrl: '/media/' });

describe('FileSystemStorage and hostile names', () => {
  it('refuses every name that leads outside its folder', async () => {
    for (const name of [
      '../outside/secret.txt',
      '/etc/passwd',
      'a/../../outside/x',
      '..',
      'a/..',
      'C:\\x',
      'a\0b.txt',
      'dir\0/x.txt',
      '\0',
    ]) {
      await expect(storage.save(name, 'x'), name).rejects.toMatchObject({
        name: 'SuspiciousFileOperation',
      });
    }
    expect(() => storage.path('../outside/secret.txt')).toThrow(/outside of the base path/);
    expect(() => storage.path('a\0b')).toThrow(/NUL byte/);
    await expect(storage.exists('a\0b')).rejects.toMatchObject({ status: 400 });
    await expect(storage.open('../outside/secret.txt')).rejects.toMatchObject({ status: 400 });
    await expect(storage.delete('../outside/secret.txt')).rejects.toMatchObject({ status: 400 });
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('refuses to follow a symbolic link out of its folder', async () => {
    symlinkSync(outside, join(media, 'escape'));
    await expect(storage.save('escape/new.txt', 'x')).rejects.toMatchObject({
      name: 'SuspiciousFileOperation',
    });
    await expect(storage.open('escape/secret.txt')).rejects.toMatchObject({
      name: 'SuspiciousFileOperation',
    });
    await expect(storage.delete('escape/secret.txt')).rejects.toMatchObject({
      name: 'SuspiciousFileOperation',
    });
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('cleans file names as Django does', () => {
    expect(getValidFilename("john's portrait in 2004.jpg")).toBe('johns_portrait_in_2004.jpg');
    expect(getValidFilename('<script>.png')).toBe('script.png');
    expect(() => getValidFilename('..')).toThrow(/Could not derive file name/);
  });
});

describe('the default storage', () => {
  afterEach(() => setDefaultStorage(null));

  it('is refused with a clear error until one is set', () => {
    expect(() => getDefaultStorage()).toThrow(NoDefaultStorage);
    expect(() => getDefaultStorage()).toThrow(/mediaRoot/);
  });

  it('is the storage given to setDefaultStorage', () => {
    setDefaultStorage(storage);
    expect(getDefaultStorage()).toBe(storage);
  });
});

describe('FileSystemStorage', () => {
  it('saves under a free name and never overwrites', async () => {
    const first = await storage.save('docs/report 1.txt', 'one');
    expect(first).toBe('docs/report_1.txt');
    const second = await storage.save('docs/report 1.txt', Buffer.from('two'));
    expect(second).toMatch(/^docs\/report_1_[a-zA-Z0-9]{7}\.txt$/);
    expect((await storage.open(first)).toString()).toBe('one');
    expect((await storage.open(second)).toString()).toBe('two');
    expect(await storage.size(second)).toBe(3);
    expect(await storage.exists(first)).toBe(true);
    expect(storage.url(first)).toBe('/media/docs/report_1.txt');
    expect(await storage.listdir('docs')).toEqual([[], expect.arrayContaining(['report_1.txt'])]);
    await storage.delete(second);
    expect(await storage.exists(second)).toBe(false);
  });

  it('shortens a name to fit maxLength', async () => {
    await storage.save('long/abcdefghij.txt', 'x');
    const name = await storage.save('long/abcdefghij.txt', 'y', { maxLength: 22 });
    expect(name.length).toBeLessThanOrEqual(22);
    expect(name).toMatch(/^long\/abcde_[a-zA-Z0-9]{7}\.txt$/);
  });

  it('stores an uploaded file chunk by chunk', async () => {
    const upload = {
      async *chunks() {
        yield Buffer.from('a');
        yield Buffer.from('b');
      },
    };
    const name = await storage.save('up.bin', upload);
    expect((await storage.open(name)).toString()).toBe('ab');
  });

  it('quotes URLs', () => {
    expect(storage.url('a b/ç?#.png')).toBe('/media/a%20b/%C3%A7%3F%23.png');
  });
});
