import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections } from '../../src/connections.js';
import { migrate, showmigrations, sqlmigrate } from '../../src/migrations/commands.js';
import { appsAt, checkStep, runHistoryForwards } from './testing/scenario.js';
import { rows, tempProject } from './testing/history.js';

const project = tempProject();

beforeAll(async () => {
  await connections.configure({
    default: { engine: 'sqlite', name: join(project.dir, 'db.sqlite3') },
  });
});
afterAll(async () => {
  await connections.closeAll();
  project.cleanup();
});

const tables = async () =>
  (
    await rows(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
  ).map((r) => r[0]);

// Ten steps of one history, each building on the last: they run in order, even in a
// shuffled run.
describe('a ten-step model history on SQLite', { shuffle: false }, () => {
  let sources = new Map<string, string>();

  it('generates one migration per change and applies each, keeping the data', async () => {
    sources = await runHistoryForwards(project);
    expect(await tables()).toEqual([
      'blog_post',
      'blog_post_tags',
      'blog_writer',
      'stack_migrations',
      'tags_tag',
    ]);
  });

  it('writes migration files a person can review', () => {
    for (const [file, source] of sources) expect(source).toMatchSnapshot(file);
  });

  it('refuses a row the new CHECK constraint forbids', async () => {
    await expect(
      rows(`INSERT INTO "blog_post" ("headline", "views") VALUES ('bad', -1) RETURNING "id"`),
    ).rejects.toThrow(/CHECK/);
  });

  it('lists the migrations as applied', async () => {
    const shown = await showmigrations({ apps: appsAt(project, 10) });
    expect(shown.blog!.every((m) => m.applied)).toBe(true);
    expect(shown.tags).toEqual([{ name: '0001_initial', applied: true }]);
  });

  it('rolls back to a named migration with the data of each step kept', async () => {
    const apps = appsAt(project, 10);
    const result = await migrate({ apps, app: 'blog', target: '0005' });
    expect(result.plan.map((s) => s.migration)).toEqual([
      'blog.0010_delete_draft',
      'blog.0009_remove_post_body',
      'blog.0008_post_headline_idx_views_gte_0',
      'blog.0007_rename_author_writer',
      'blog.0006_add_post_tags',
    ]);
    expect(result.plan.every((s) => s.backwards)).toBe(true);
    await checkStep(5, 6, 10);
  });

  it('rolls back to zero and forward again', async () => {
    const apps = appsAt(project, 10);
    await migrate({ apps, app: 'blog', target: 'zero' });
    await migrate({ apps, app: 'tags', target: 'zero' });
    expect(await tables()).toEqual(['stack_migrations']);
    expect(await rows('SELECT COUNT(*) FROM "stack_migrations"')).toEqual([[0]]);
    const lines: string[] = [];
    await migrate({ apps, stdout: (l) => lines.push(l) });
    expect(lines).toContain('  Applying tags.0001_initial... OK');
    expect(lines.indexOf('  Applying tags.0001_initial... OK')).toBeLessThan(
      lines.indexOf('  Applying blog.0006_add_post_tags... OK'),
    );
    await checkStep(10, 0);
  });

  it('prints the SQL of a migration without running it', async () => {
    const sql = await sqlmigrate({ apps: appsAt(project, 10), app: 'blog', name: '0002' });
    expect(sql[0]).toBe('BEGIN;');
    expect(sql).toContain('ALTER TABLE "new__blog_post" RENAME TO "blog_post";');
    expect(sql.at(-1)).toBe('COMMIT;');
    expect(await tables()).not.toContain('new__blog_post');
  });
});
