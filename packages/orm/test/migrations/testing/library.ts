import { expect } from 'vitest';
import { BigIntegerField, IntegerField } from '../../../src/fields/numeric.js';
import {
  CASCADE,
  ForeignKey,
  ManyToManyField,
  OneToOneField,
} from '../../../src/fields/related.js';
import { CharField } from '../../../src/fields/text.js';
import { defineModel } from '../../../src/model/model.js';
import { Index, UniqueConstraint } from '../../../src/model/options.js';
import type { AnyModelClass } from '../../../src/model/types.js';
import { migrate } from '../../../src/migrations/commands.js';
import type { AppInfo } from '../../../src/migrations/loader.js';
import { makemigrations } from '../../../src/migrations/make.js';
import { type TempProject, exec, rows } from './history.js';

function library(project: TempProject, changed: boolean): AppInfo[] {
  const Book = defineModel()(
    'lib.Book',
    {
      title: new CharField({ maxLength: changed ? 200 : 50 }),
      pages: changed ? new BigIntegerField({ default: 0 }) : new IntegerField({ default: 0 }),
      isbn: new CharField({ maxLength: 13, unique: changed, dbIndex: !changed }),
    },
    changed
      ? { dbTable: 'library_books' }
      : {
          indexes: [new Index({ fields: ['-title'], name: 'book_title_idx' })],
          constraints: [
            new UniqueConstraint({ fields: ['title', 'pages'], name: 'book_title_pages_uniq' }),
          ],
        },
  );
  const Review = defineModel()('lib.Review', {
    book: new ForeignKey(() => Book, { onDelete: CASCADE }),
    stars: new IntegerField({ default: 3 }),
  });
  const Cover = defineModel()('lib.Cover', {
    book: new OneToOneField(() => Book, { onDelete: CASCADE }),
  });
  return [project.app('lib', [Book, Review, Cover] as unknown as AnyModelClass[])];
}

async function reviewed(table: string): Promise<unknown[][]> {
  return rows(
    `SELECT b."title", b."pages", r."stars" FROM "lib_review" r JOIN "${table}" b ON b."id" = r."book_id"`,
  );
}

/**
 * AlterModelTable, RemoveIndex, RemoveConstraint and AlterField (length, type, unique) on a
 * table other tables point at: forwards, backwards, data kept, constraints enforced.
 */
export async function libraryScenario(project: TempProject): Promise<void> {
  const before = library(project, false);
  await makemigrations({ apps: before, ormModule: project.ormModule });
  await migrate({ apps: before });
  await exec(
    `INSERT INTO "lib_book" ("title", "pages", "isbn") VALUES ('Dune', 412, '9780441013593')`,
    `INSERT INTO "lib_review" ("book_id", "stars") SELECT "id", 5 FROM "lib_book"`,
    `INSERT INTO "lib_cover" ("book_id") SELECT "id" FROM "lib_book"`,
  );
  await expect(
    exec(`INSERT INTO "lib_book" ("title", "pages", "isbn") VALUES ('Dune', 412, 'x')`),
  ).rejects.toThrow();
  const after = library(project, true);
  const made = await makemigrations({ apps: after, ormModule: project.ormModule });
  expect(made.migrations[0]!.operations).toEqual([
    'Rename table for Book to library_books',
    'Remove index book_title_idx from Book',
    'Remove constraint book_title_pages_uniq from model Book',
    'Alter field title on Book',
    'Alter field pages on Book',
    'Alter field isbn on Book',
  ]);
  await migrate({ apps: after });
  expect(await reviewed('library_books')).toEqual([['Dune', 412, 5]]);
  await exec(
    `INSERT INTO "library_books" ("title", "pages", "isbn") VALUES ('Dune', 412, 'other')`,
  );
  await expect(
    exec(`INSERT INTO "library_books" ("title", "pages", "isbn") VALUES ('Emma', 1, 'other')`),
  ).rejects.toThrow();
  await exec(`DELETE FROM "library_books" WHERE "isbn" = 'other'`);
  await exec(
    `INSERT INTO "library_books" ("title", "pages", "isbn") VALUES ('${'x'.repeat(120)}', 1, 'long')`,
  );
  await exec(`DELETE FROM "library_books" WHERE "isbn" = 'long'`);
  await migrate({ apps: after, app: 'lib', target: '0001' });
  expect(await reviewed('lib_book')).toEqual([['Dune', 412, 5]]);
  await expect(
    exec(`INSERT INTO "lib_book" ("title", "pages", "isbn") VALUES ('Dune', 412, 'y')`),
  ).rejects.toThrow();
  await migrate({ apps: after, app: 'lib', target: 'zero' });
  expect(await rows(`SELECT COUNT(*) FROM "stack_migrations"`)).toEqual([[0]]);
}

/** Two new models pointing at each other: one relation waits for an AddField. */
export async function cycleScenario(project: TempProject): Promise<void> {
  const Team: AnyModelClass = defineModel()('cyc.Team', {
    captain: new ForeignKey((): AnyModelClass => Player, { onDelete: CASCADE, null: true }),
  }) as unknown as AnyModelClass;
  const Player: AnyModelClass = defineModel()('cyc.Player', {
    team: new ForeignKey((): AnyModelClass => Team, { onDelete: CASCADE }),
  }) as unknown as AnyModelClass;
  const apps = [project.app('cyc', [Team, Player])];
  const made = await makemigrations({ apps, ormModule: project.ormModule });
  expect(made.migrations[0]!.operations).toEqual([
    'Create model Player',
    'Create model Team',
    'Add field team to Player',
  ]);
  await migrate({ apps });
  await exec(
    `INSERT INTO "cyc_team" ("captain_id") VALUES (NULL)`,
    `INSERT INTO "cyc_player" ("team_id") SELECT "id" FROM "cyc_team"`,
    `UPDATE "cyc_team" SET "captain_id" = (SELECT "id" FROM "cyc_player")`,
  );
  expect(await rows(`SELECT COUNT(*) FROM "cyc_team" WHERE "captain_id" IS NOT NULL`)).toEqual([
    [1],
  ]);
  await migrate({ apps, app: 'cyc', target: 'zero' });
}

/** Renaming the target of a many-to-many renames its join table's column, links kept. */
export async function renameTargetScenario(project: TempProject): Promise<void> {
  const models = (tagName: string) => {
    const Tag: AnyModelClass = defineModel()(`mm.${tagName}`, {
      name: new CharField({ maxLength: 10 }),
    }) as unknown as AnyModelClass;
    const Post = defineModel()('mm.Post', {
      tags: new ManyToManyField((): AnyModelClass => Tag),
    }) as unknown as AnyModelClass;
    return [project.app('mm', [Tag, Post])];
  };
  await makemigrations({ apps: models('Tag'), ormModule: project.ormModule });
  await migrate({ apps: models('Tag') });
  await exec(
    `INSERT INTO "mm_tag" ("name") VALUES ('x')`,
    `INSERT INTO "mm_post" DEFAULT VALUES`,
    `INSERT INTO "mm_post_tags" ("post_id", "tag_id") SELECT p."id", t."id" FROM "mm_post" p, "mm_tag" t`,
  );
  const renamed = models('Label');
  const made = await makemigrations({
    apps: renamed,
    ormModule: project.ormModule,
    ask: () => true,
  });
  expect(made.migrations[0]!.operations).toEqual(['Rename model Tag to Label']);
  await migrate({ apps: renamed });
  expect(
    await rows(
      `SELECT l."name" FROM "mm_post_tags" pt JOIN "mm_label" l ON l."id" = pt."label_id"`,
    ),
  ).toEqual([['x']]);
  await migrate({ apps: renamed, app: 'mm', target: '0001' });
  expect(
    await rows(`SELECT t."name" FROM "mm_post_tags" pt JOIN "mm_tag" t ON t."id" = pt."tag_id"`),
  ).toEqual([['x']]);
  await migrate({ apps: renamed, app: 'mm', target: 'zero' });
}
