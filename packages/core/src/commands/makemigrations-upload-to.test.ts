import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStack } from './run-stack.testing.js';

// Inside this package, so the project's files resolve '@stack/orm' as an installed project's do.
const here = fileURLToPath(new URL('../..', import.meta.url));
let project: string;

const stack = (...argv: string[]) => runStack(project, argv);

const file = (name: string, lines: string[]) =>
  writeFileSync(path.join(project, name), [...lines, ''].join('\n'));

beforeAll(() => {
  project = mkdtempSync(path.join(here, '.tmp-upload-to-'));
  for (const dir of ['site', 'library']) mkdirSync(path.join(project, dir));
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
afterAll(async () => {
  await connections.closeAll();
  rmSync(project, { recursive: true, force: true });
});

describe('stack makemigrations with an uploadTo function', { shuffle: false }, () => {
  it('imports the function from the models module into the migration', async () => {
    const { code, err } = await stack('makemigrations', '--noinput');
    expect(err).toBe('');
    expect(code).toBe(0);
    const source = readFileSync(path.join(project, 'library/migrations/0001_initial.ts'), 'utf8');
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
    expect(readdirSync(path.join(project, 'library/migrations'))).toEqual(['0001_initial.ts']);
  });
});
