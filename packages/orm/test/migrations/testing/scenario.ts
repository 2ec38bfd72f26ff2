import { expect } from 'vitest';
import { makemigrations } from '../../../src/migrations/make.js';
import { migrate } from '../../../src/migrations/commands.js';
import { type TempProject, exec, historyStep, rows } from './history.js';
import type { AppInfo } from '../../../src/migrations/loader.js';

/** The apps of history step `n` inside a temp project. */
export function appsAt(project: TempProject, n: number): AppInfo[] {
  const { blog, tags } = historyStep(n);
  return [project.app('blog', blog), project.app('tags', tags)];
}

const yes = () => true;

/** What each step's makemigrations writes, by app. */
export const EXPECTED_FILES: Record<number, string[]> = {
  1: ['blog/0001_initial'],
  2: ['blog/0002_add_post_views'],
  3: ['blog/0003_rename_title_post_headline'],
  4: ['blog/0004_alter_post_views'],
  5: ['blog/0005_add_post_author'],
  6: ['blog/0006_add_post_tags', 'tags/0001_initial'],
  7: ['blog/0007_rename_author_writer'],
  8: ['blog/0008_post_headline_idx_views_gte_0'],
  9: ['blog/0009_remove_post_body'],
  10: ['blog/0010_delete_draft'],
};

/** Inserts the data of step `n` (every step adds rows the later steps must keep). */
export async function insertStep(n: number): Promise<void> {
  if (n === 1)
    await exec(
      `INSERT INTO "blog_author" ("name") VALUES ('ann')`,
      `INSERT INTO "blog_post" ("title", "body") VALUES ('first', 'hello')`,
      `INSERT INTO "blog_draft" ("note") VALUES ('later')`,
    );
  if (n === 2)
    await exec(`INSERT INTO "blog_post" ("title", "body", "views") VALUES ('second', '', 5)`);
  if (n === 3)
    await exec(`INSERT INTO "blog_post" ("headline", "body", "views") VALUES ('third', '', 7)`);
  if (n === 5)
    await exec(
      `UPDATE "blog_post" SET "author_id" = (SELECT "id" FROM "blog_author") WHERE "headline" = 'first'`,
    );
  if (n === 6)
    await exec(
      `INSERT INTO "tags_tag" ("name") VALUES ('news')`,
      `INSERT INTO "blog_post_tags" ("post_id", "tag_id") SELECT p."id", t."id" FROM "blog_post" p, "tags_tag" t WHERE p."headline" = 'first'`,
    );
}

/**
 * Checks that the data inserted by steps `1..upTo` is all there, in the schema of step `shape`.
 * After rolling back from `from`, a removed field comes back with its default and a deleted
 * model comes back empty (their data went with them, as in Django).
 */
export async function checkStep(shape: number, upTo: number, from = shape): Promise<void> {
  const title = shape >= 3 ? 'headline' : 'title';
  const count = Math.min(upTo, 3);
  const posts = await rows(
    `SELECT "${title}"${shape >= 2 ? ', "views"' : ''} FROM "blog_post" ORDER BY "id"`,
  );
  const expected = ['first', 'second', 'third']
    .slice(0, count)
    .map((t, i) => (shape >= 2 ? [t, [0, 5, 7][i]] : [t]));
  expect(posts.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)))).toEqual(expected);
  const author = shape >= 7 ? 'blog_writer' : 'blog_author';
  expect(await rows(`SELECT "name" FROM "${author}"`)).toEqual(upTo >= 1 ? [['ann']] : []);
  if (shape >= 5) {
    const linked = await rows(
      `SELECT a."name" FROM "blog_post" p JOIN "${author}" a ON a."id" = p."author_id"`,
    );
    expect(linked).toEqual(upTo >= 5 ? [['ann']] : []);
  }
  if (shape >= 6) {
    const tagged = await rows(
      `SELECT p."headline", t."name" FROM "blog_post_tags" pt JOIN "blog_post" p ON p."id" = pt."post_id" JOIN "tags_tag" t ON t."id" = pt."tag_id"`,
    );
    expect(tagged).toEqual(upTo >= 6 ? [['first', 'news']] : []);
  }
  if (shape < 9)
    expect(await rows(`SELECT "body" FROM "blog_post" ORDER BY "id"`)).toEqual(
      [[from >= 9 ? '' : 'hello'], [''], ['']].slice(0, count),
    );
  if (shape < 10)
    expect(await rows(`SELECT "note" FROM "blog_draft"`)).toEqual(
      upTo >= 1 && from < 10 ? [['later']] : [],
    );
}

/** Runs makemigrations then migrate for each of the ten steps, checking files and data. */
export async function runHistoryForwards(project: TempProject): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (let n = 1; n <= 10; n++) {
    const apps = appsAt(project, n);
    const made = await makemigrations({ apps, ask: yes, ormModule: project.ormImport });
    expect(made.migrations.map((m) => `${m.app}/${m.name}`).sort()).toEqual(EXPECTED_FILES[n]);
    for (const m of made.migrations)
      sources.set(`${m.app}/${m.name}`, m.source.replaceAll(project.ormImport, '@stack/orm'));
    const check = await makemigrations({ apps, check: true, ormModule: project.ormImport });
    expect(check.ok).toBe(true);
    await migrate({ apps });
    await checkStep(n, n - 1);
    await insertStep(n);
    await checkStep(n, n);
  }
  return sources;
}
