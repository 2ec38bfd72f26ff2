import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageProject } from './run-stack.testing.js';

let project: ReturnType<typeof packageProject>;
const stack = (...argv: string[]) => project.stack(...argv);
const file = (name: string, lines: string[]) => project.file(name, lines);

beforeAll(() => {
  project = packageProject('upload-to', ['site', 'library']);
  file('site/settings.ts', [
    "import path from 'node:path';",
    "import { defineSettings } from '@stack/core';",
    'export default defineSettings({',
    '  baseDir: path.dirname(import.meta.dirname),',
    "  installedApps: ['./library'],",
    '  rootUrlconf: [],',
    "  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },",
    "  mediaRoot: 'media',",
    '});',
  ]);
  // Django writes a callable upload_to as a reference to the module-level function.
  file('library/models.ts', [
    "import { FileField, defineModel } from '@stack/orm';",
    'export function coverPath(book: { id: unknown }, name: string): string {',
    '  return `covers/${String(book.id)}/${name}`;',
    '}',
    "export class Book extends defineModel<Book>()('library.Book', {",
    '  cover: new FileField({ uploadTo: coverPath }),',
    '}) {}',
  ]);
});
afterAll(() => project.remove());

describe('stack makemigrations with an uploadTo function', { shuffle: false }, () => {
  it('imports the function from the models module into the migration', async () => {
    const { code, err } = await stack('makemigrations', '--noinput');
    expect(err).toBe('');
    expect(code).toBe(0);
    const source = readFileSync(
      path.join(project.dir, 'library/migrations/0001_initial.ts'),
      'utf8',
    );
    expect(source).toContain("import { coverPath } from '../models.js';");
    expect(source).toContain('cover: new FileField({ uploadTo: coverPath })');
  });

  it('then finds no change, and migrate loads the migration with the function', async () => {
    const check = await stack('makemigrations', '--check', '--noinput');
    expect(check.err + check.out).toContain('No changes detected');
    expect(check.code).toBe(0);
    const migrated = await stack('migrate');
    expect(migrated.err).toBe('');
    expect(migrated.code).toBe(0);
    expect(readdirSync(path.join(project.dir, 'library/migrations'))).toEqual(['0001_initial.ts']);
  });
});
