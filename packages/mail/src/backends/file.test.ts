import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../errors.js';
import { EmailMessage } from '../message.js';
import { configureMail, resetMailSettings } from '../settings.js';
import { FileEmailBackend } from './file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'stack-mail-files-'));
});
afterEach(async () => {
  resetMailSettings();
  await rm(dir, { recursive: true, force: true });
});

const message = (subject: string) =>
  new EmailMessage({ subject, body: 'Body', fromEmail: 'a@example.com', to: ['b@example.com'] });

describe('FileEmailBackend', () => {
  it('writes each connection to its own file in emailFilePath, made if missing', async () => {
    const folder = path.join(dir, 'made', 'on', 'demand');
    configureMail({ emailFilePath: folder });
    const first = new FileEmailBackend();
    await first.sendMessages([message('one'), message('two')]);
    await first.sendMessages([message('three')]);
    await new FileEmailBackend().sendMessages([message('four')]);
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(2);
    for (const name of files) expect(name).toMatch(/^\d{8}-\d{6}-[0-9a-f]{12}\.log$/);
    expect(first.fileName).toBe(path.join(folder, path.basename(first.fileName)));
    const firstText = await readFile(first.fileName, 'utf8');
    expect(firstText.match(/^Subject: \w+$/gm)).toEqual([
      'Subject: one',
      'Subject: two',
      'Subject: three',
    ]);
    expect(firstText.split(`\n${'-'.repeat(79)}\n`)).toHaveLength(4);
    // Messages may hold reset links and other secrets: only the owner reads them.
    expect((await stat(first.fileName)).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing setting, a file in the way and a folder it cannot make', async () => {
    expect(() => new FileEmailBackend()).toThrow(/needs emailFilePath/);
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    expect(() => new FileEmailBackend({ filePath: file })).toThrow(
      /exists, but is not a directory/,
    );
    expect(() => new FileEmailBackend({ filePath: path.join(file, 'below') })).toThrow(
      ImproperlyConfigured,
    );
  });

  it('resolves a relative folder from the working directory, as Django does', () => {
    const backend = new FileEmailBackend({ filePath: path.relative(process.cwd(), dir) });
    expect(backend.filePath).toBe(dir);
  });
});
