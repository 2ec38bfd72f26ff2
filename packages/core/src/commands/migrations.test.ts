import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../cli.js';
import { packageProject, sink } from './run-stack.testing.js';

let project: ReturnType<typeof packageProject>;
const stack = (...argv: string[]) => project.stack(...argv);

beforeAll(() => {
  project = packageProject('migrations', ['site', 'library']);
  writeFileSync(
    path.join(project.dir, 'site/settings.ts'),
    [
      "import path from 'node:path';",
      "import { defineSettings } from '@stack/core';",
      'export default defineSettings({',
      '  baseDir: path.dirname(import.meta.dirname),',
      '  debug: true,',
      "  installedApps: ['./library'],",
      '  rootUrlconf: [],',
      "  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },",
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(project.dir, 'library/models.ts'),
    [
      "import { CharField, IntegerField, defineModel } from '@stack/orm';",
      "export class Book extends defineModel<Book>()('library.Book', {",
      '  title: new CharField({ maxLength: 100 }),',
      '  pages: new IntegerField({ default: 0 }),',
      '}) {}',
      '',
    ].join('\n'),
  );
});
afterAll(() => project.remove());

// One project taken through its life, step by step: the steps run in order, never shuffled.
describe('stack makemigrations and migrate', { shuffle: false }, () => {
  it('makemigrations --check exits 1 and writes nothing while a migration is missing', async () => {
    const { code, out } = await stack('makemigrations', '--check');
    expect(code).toBe(1);
    expect(out).toContain("Migrations for 'library':");
    expect(out).toContain('+ Create model Book');
    expect(existsSync(path.join(project.dir, 'library/migrations'))).toBe(false);
  });

  it('makemigrations --dry-run shows the migration without writing it', async () => {
    const { code, out } = await stack('makemigrations', '--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('0001_initial.ts');
    expect(existsSync(path.join(project.dir, 'library/migrations'))).toBe(false);
  });

  it('writes the initial migration into the app folder, then finds nothing more to do', async () => {
    const made = await stack('makemigrations', 'library', '--noinput');
    expect(made.code).toBe(0);
    expect(readdirSync(path.join(project.dir, 'library/migrations'))).toEqual(['0001_initial.ts']);
    const again = await stack('makemigrations', '--check');
    expect(again.code).toBe(0);
    expect(again.out).toContain('No changes detected');
  });

  it('shows the plan, then applies it into the SQLite file named in the settings', async () => {
    const plan = await stack('migrate', '--plan');
    expect(plan.out).toContain('library.0001_initial');
    expect(plan.out).toContain('Create model Book');
    const listed = await stack('showmigrations');
    expect(listed.out).toContain('library\n [ ] 0001_initial');

    const applied = await stack('migrate');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Operations to perform:');
    expect(applied.out).toContain('Applying library.0001_initial... OK');
    expect(existsSync(path.join(project.dir, 'db.sqlite3'))).toBe(true);
    expect((await stack('showmigrations', 'library')).out).toContain('[X] 0001_initial');
    expect((await stack('migrate')).out).toContain('No migrations to apply.');
  });

  it('prints the SQL of a migration, forwards and backwards', async () => {
    const forwards = await stack('sqlmigrate', 'library', '0001');
    expect(forwards.out).toContain('CREATE TABLE "library_book"');
    const backwards = await stack('sqlmigrate', 'library', '0001_initial', '--backwards');
    expect(backwards.out).toContain('DROP TABLE "library_book"');
  });

  it('migrates an app back to zero and forwards again', async () => {
    const back = await stack('migrate', 'library', 'zero');
    expect(back.out).toContain('Target specific migration: zero, from library');
    expect(back.out).toContain('Unapplying library.0001_initial... OK');
    const fake = await stack('migrate', '--fake');
    expect(fake.out).toContain('Applying library.0001_initial... FAKED');
  });

  it('draws a progress bar on a terminal', async () => {
    // The previous test faked the migration: unfake it, then apply it for real.
    expect((await stack('migrate', 'library', 'zero', '--fake')).code).toBe(0);
    const stdout = sink(true);
    const code = await execute(['migrate', '--no-color'], {
      stdout,
      stderr: sink(),
      cwd: project.dir,
    });
    expect(code).toBe(0);
    expect(stdout.text).toContain(
      'Migrating [##############################] 1/1 library.0001_initial',
    );
    expect(stdout.text).toContain('Migrating: done');
  });

  it('writes an empty named migration and squashes the two', async () => {
    const empty = await stack('makemigrations', 'library', '--empty', '--name', 'fill_titles');
    expect(empty.code).toBe(0);
    expect(existsSync(path.join(project.dir, 'library/migrations/0002_fill_titles.ts'))).toBe(true);
    const squashed = await stack('squashmigrations', 'library', '0002');
    expect(squashed.code).toBe(0);
    expect(squashed.out).toContain('0001_squashed_0002_fill_titles.ts');
  });

  it('reports unknown apps, bad names and missing migrations as command errors', async () => {
    const unknown = await stack('migrate', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No installed app with label "nope"');
    const badName = await stack('makemigrations', 'library', '--empty', '--name', '../x');
    expect(badName.code).toBe(1);
    expect(badName.err).toContain('letters, digits and underscores');
    const missing = await stack('sqlmigrate', 'library', '0099');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('CommandError');
    const noLabel = await stack('makemigrations', '--empty');
    expect(noLabel.err).toContain('at least one app label');
  });

  it('lists the migration commands in stack help', async () => {
    const { out } = await stack('help');
    for (const name of [
      'makemigrations',
      'migrate',
      'showmigrations',
      'sqlmigrate',
      'squashmigrations',
    ])
      expect(out).toContain(name);
    expect((await stack('help', 'migrate')).out).toContain(
      'usage: stack migrate [options] [app] [target]',
    );
  });
});
