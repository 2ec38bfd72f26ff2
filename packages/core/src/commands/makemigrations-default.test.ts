import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageProject } from './run-stack.testing.js';

let project: ReturnType<typeof packageProject>;
const stack = (...argv: string[]) => project.stack(...argv);
const file = (name: string, lines: string[]) => project.file(name, lines);

beforeAll(() => {
  project = packageProject('one-off', ['site', 'library', 'library/migrations']);
  file('site/settings.ts', [
    "import path from 'node:path';",
    "import { defineSettings } from '@stack/core';",
    'export default defineSettings({',
    '  baseDir: path.dirname(import.meta.dirname),',
    "  installedApps: ['./library'],",
    '  rootUrlconf: [],',
    "  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },",
    '});',
  ]);
  // The model gained `isbn`, NOT NULL without a default, since its first migration.
  file('library/models.ts', [
    "import { CharField, defineModel } from '@stack/orm';",
    "export class Book extends defineModel<Book>()('library.Book', {",
    '  title: new CharField({ maxLength: 100 }),',
    '  isbn: new CharField({ maxLength: 13 }),',
    '}) {}',
  ]);
  file('library/migrations/0001_initial.ts', [
    "import { BigAutoField, CharField, CreateModel, Migration } from '@stack/orm';",
    'export default new Migration({',
    '  initial: true,',
    '  dependencies: [],',
    '  operations: [',
    '    new CreateModel({',
    "      name: 'Book',",
    '      fields: { id: new BigAutoField(), title: new CharField({ maxLength: 100 }) },',
    '    }),',
    '  ],',
    '});',
  ]);
});
afterAll(() => project.remove());

describe('stack makemigrations with a new NOT NULL field and no default', () => {
  it('fails with --noinput, saying how to fix it, and writes nothing', async () => {
    const { code, err } = await stack('makemigrations', 'library', '--noinput');
    expect(code).not.toBe(0);
    expect(err).toContain(
      "It is impossible to add the non-nullable field 'isbn' to book without a default; existing rows need a value. Add a default, make it nullable, or",
    );
    expect(readdirSync(path.join(project.dir, 'library/migrations'))).toEqual(['0001_initial.ts']);
  });

  it('fails the same way without a terminal to ask on', async () => {
    const { code, err } = await stack('makemigrations');
    expect(code).not.toBe(0);
    expect(err).toContain("non-nullable field 'isbn' to book without a default");
    expect(readdirSync(path.join(project.dir, 'library/migrations'))).toEqual(['0001_initial.ts']);
    expect(existsSync(path.join(project.dir, 'db.sqlite3'))).toBe(false);
  });
});
